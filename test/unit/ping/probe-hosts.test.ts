import { describe, expect, test } from '@jest/globals';
import type { CommandOptions, CommandResult } from '../../../src/lib/exec/index.js';
import { probeHosts, ProbeToolError, type ProbeSettings } from '../../../src/lib/net/probe-hosts.js';
import { resolveHosts, type ResolvedHost } from '../../../src/lib/net/resolve-hosts.js';
import { Deadline } from '../../../src/lib/runtime/deadline.js';

interface Call { command: string; args: readonly string[]; budgetMs: number }

function result(partial: Partial<CommandResult>): CommandResult {
  return {
    exitCode: 0, signal: undefined, stdout: '', stderr: '', timedOut: false, startError: undefined,
    durationMs: 1, commandLine: 'fake', ...partial,
  };
}

/** A fake runner: `answer` gives the result per call; every call is recorded. */
function fakeRun(answer: (args: readonly string[]) => Partial<CommandResult>) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> => {
    calls.push({ command, args, budgetMs: options.deadline.remainingMs() });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    return result(answer(args));
  };
  return { run, calls, maxInFlight: () => maxInFlight };
}

const hosts = (...list: [string, string, 4 | 6][]): ResolvedHost[] => list.map(([host, address, family]) => ({ host, address, family }));

function settings(overrides: Partial<ProbeSettings>): ProbeSettings {
  return {
    tool: 'fping', command: '/usr/bin/fping', attempts: 2, timeoutSeconds: 2, options: [],
    deadline: new Deadline(60_000), ...overrides,
  };
}

describe('probeHosts with fping', () => {
  test('one fping per family, at the same time; verdicts mapped back to every host_list entry', async () => {
    const fake = fakeRun((args) => {
      const targets = args.slice(7);
      return {
        exitCode: 1,
        stdout: targets.map((t) => `${t} is ${t.endsWith('3') ? 'unreachable' : 'alive'}`).join('\n'),
        stderr: targets.includes('10.0.0.3') ? '10.0.0.3: error while sending ping: Invalid argument\n' : '',
      };
    });
    const report = await probeHosts(hosts(
      ['10.0.0.1', '10.0.0.1', 4], ['gw', '10.0.0.1', 4], ['10.0.0.3', '10.0.0.3', 4], ['fd85::2', 'fd85::2', 6], ['fd85::3', 'fd85::3', 6],
    ), settings({ run: fake.run }));
    expect(fake.calls.map((c) => c.args.join(' ')).sort()).toEqual([
      '-4 -r 1 -t 1000 -B 1.0 10.0.0.1 10.0.0.3',
      '-6 -r 1 -t 1000 -B 1.0 fd85::2 fd85::3',
    ]);
    expect(fake.maxInFlight()).toBe(2);
    expect(report.reachable).toBe(3);
    expect(report.hosts.map((h) => [h.host, h.reachable])).toEqual([
      ['10.0.0.1', true], ['gw', true], ['10.0.0.3', false], ['fd85::2', true], ['fd85::3', false],
    ]);
    expect(report.hosts[2].detail).toBe('unreachable (error while sending ping: Invalid argument)');
  });

  test('each fping is bounded by the timeout plus a grace, inside the deadline', async () => {
    const fake = fakeRun(() => ({ stdout: '10.0.0.1 is alive' }));
    await probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4]), settings({ run: fake.run, timeoutSeconds: 3 }));
    expect(fake.calls[0].budgetMs).toBeGreaterThan(4_000);
    expect(fake.calls[0].budgetMs).toBeLessThanOrEqual(3_000 + 2_010);
    const tight = fakeRun(() => ({ stdout: '10.0.0.1 is alive' }));
    await probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4]), settings({ run: tight.run, deadline: new Deadline(1_000) }));
    expect(tight.calls[0].budgetMs).toBeLessThanOrEqual(1_000);
  });

  test('a host fping did not report before the deadline is unreachable, not an error', async () => {
    const fake = fakeRun(() => ({ exitCode: undefined, signal: 'SIGTERM', timedOut: true, stdout: '10.0.0.1 is alive\n' }));
    const report = await probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4], ['10.0.0.2', '10.0.0.2', 4]), settings({ run: fake.run }));
    expect(report.reachable).toBe(1);
    expect(report.hosts[1].detail).toBe('no verdict before the probe deadline');
  });

  test('fping that cannot run, or that says nothing about any target, is a tool error', async () => {
    const missing = fakeRun(() => ({ exitCode: undefined, startError: 'fping: ENOENT' }));
    await expect(probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4]), settings({ run: missing.run })))
      .rejects.toMatchObject({ kind: 'missing' });
    const refused = fakeRun(() => ({ exitCode: 1, stderr: 'binding to specific interface (SO_BINTODEVICE): No such device\n' }));
    await expect(probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4]), settings({ run: refused.run })))
      .rejects.toBeInstanceOf(ProbeToolError);
    const usage = fakeRun(() => ({ exitCode: 3, stderr: 'fping: invalid option\n' }));
    await expect(probeHosts(hosts(['10.0.0.1', '10.0.0.1', 4]), settings({ run: usage.run })))
      .rejects.toMatchObject({ kind: 'failed' });
  });
});

describe('probeHosts with ping', () => {
  test('one ping per address, all at once, with the right family each', async () => {
    const fake = fakeRun((args) => {
      const target = args[args.length - 1];
      return target.endsWith('3')
        ? { exitCode: 1, stdout: '2 packets transmitted, 0 received, 100% packet loss, time 1001ms\n' }
        : { exitCode: 0, stdout: '2 packets transmitted, 1 received, 50% packet loss, time 1001ms\n' };
    });
    const list = hosts(['a', '10.0.0.1', 4], ['b', '10.0.0.2', 4], ['c', '10.0.0.3', 4], ['d', 'fd85::2', 6], ['e', 'fd85::3', 6]);
    const report = await probeHosts(list, settings({ tool: 'ping', command: '/usr/bin/ping', run: fake.run, options: ['-I', 'eth1'] }));
    expect(fake.maxInFlight()).toBe(5);
    expect(fake.calls.map((c) => c.args.join(' ')).sort()).toEqual([
      '-4 -n -q -c 1 -i 1 -w 2 -I eth1 10.0.0.1',
      '-4 -n -q -c 1 -i 1 -w 2 -I eth1 10.0.0.2',
      '-4 -n -q -c 1 -i 1 -w 2 -I eth1 10.0.0.3',
      '-6 -n -q -c 1 -i 1 -w 2 -I eth1 fd85::2',
      '-6 -n -q -c 1 -i 1 -w 2 -I eth1 fd85::3',
    ]);
    expect(report.hosts.map((h) => h.reachable)).toEqual([true, true, false, true, false]);
    expect(report.hosts[2].detail).toBe('no reply to 2 echo request(s)');
  });

  test('concurrency is capped, never serial', async () => {
    const fake = fakeRun(() => ({ stdout: '1 packets transmitted, 1 received' }));
    const list = Array.from({ length: 10 }, (_, i) => [`h${i}`, `10.0.0.${i + 1}`, 4] as [string, string, 4]);
    await probeHosts(hosts(...list), settings({ tool: 'ping', run: fake.run, maxConcurrent: 4 }));
    expect(fake.calls).toHaveLength(10);
    expect(fake.maxInFlight()).toBe(4);
  });

  test('no route / blackhole (ping exits 2 with no summary) is unreachable; refused arguments are a tool error', async () => {
    const noRoute = fakeRun(() => ({ exitCode: 2, stderr: 'ping: connect: Invalid argument\n' }));
    const report = await probeHosts(hosts(['a', '10.0.0.1', 4]), settings({ tool: 'ping', run: noRoute.run }));
    expect(report.hosts[0]).toMatchObject({ reachable: false, detail: 'ping: connect: Invalid argument' });
    const garbage = fakeRun(() => ({ exitCode: 2, stderr: "ping: invalid argument: 'x'\n" }));
    await expect(probeHosts(hosts(['a', '10.0.0.1', 4]), settings({ tool: 'ping', run: garbage.run })))
      .rejects.toMatchObject({ kind: 'failed' });
  });
});

describe('resolution', () => {
  test('literal addresses skip the resolver; names resolve with their own family', async () => {
    const asked: string[] = [];
    const resolved = await resolveHosts(['10.0.0.1', 'fe80::1%lo', 'gw6', 'gw4'], {
      waitMs: 1000,
      lookup: async (host) => {
        asked.push(host);
        return host === 'gw6' ? { address: 'fd85::9', family: 6 } : { address: '10.0.0.9', family: 4 };
      },
    });
    expect(asked).toEqual(['gw6', 'gw4']);
    expect(resolved).toEqual([
      { host: '10.0.0.1', address: '10.0.0.1', family: 4 },
      { host: 'fe80::1%lo', address: 'fe80::1%lo', family: 6 },
      { host: 'gw6', address: 'fd85::9', family: 6 },
      { host: 'gw4', address: '10.0.0.9', family: 4 },
    ]);
  });

  test('a name that fails or does not answer in time is unresolved, and the wait is bounded', async () => {
    const started = performance.now();
    const resolved = await resolveHosts(['nosuch', 'slow', 'ok'], {
      waitMs: 200,
      lookup: (host) => {
        if (host === 'nosuch') return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nosuch'), { code: 'ENOTFOUND' }));
        if (host === 'slow') return new Promise(() => undefined);
        return Promise.resolve({ address: '10.0.0.1', family: 4 });
      },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(resolved).toEqual([
      { host: 'nosuch', unresolved: 'no such host (ENOTFOUND)' },
      { host: 'slow', unresolved: 'no answer from the resolver within 0.2 s' },
      { host: 'ok', address: '10.0.0.1', family: 4 },
    ]);
  });

  test('an unresolved host is probed as unreachable without running anything for it', async () => {
    const fake = fakeRun(() => ({ stdout: '10.0.0.1 is alive' }));
    const report = await probeHosts([
      { host: 'nosuch', unresolved: 'no such host (ENOTFOUND)' },
      { host: 'a', address: '10.0.0.1', family: 4 },
    ], settings({ run: fake.run }));
    expect(fake.calls.map((c) => c.args.at(-1))).toEqual(['10.0.0.1']);
    expect(report.hosts[0]).toMatchObject({ reachable: false, detail: 'does not resolve: no such host (ENOTFOUND)' });
    expect(report.reachable).toBe(1);
  });
});
