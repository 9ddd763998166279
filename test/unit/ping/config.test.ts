import { describe, expect, test } from '@jest/globals';
import { daemonProblem } from '../../../src/agents/ping/actions.js';
import { loadPingConfig, parseDebugLevel, pidfilePath, type ConfigSource, type PingConfig } from '../../../src/agents/ping/config.js';
import { checkFailureScore, measureConnectivity } from '../../../src/agents/ping/connectivity.js';
import { pingParameters } from '../../../src/agents/ping/parameters.js';
import type { DaemonState } from '../../../src/agents/ping/run-files.js';
import type { CommandResult } from '../../../src/lib/exec/index.js';
import { Deadline, OcfError, OcfExit, Logger, parseParameters, readCrmMeta } from '../../../src/lib/ocf/index.js';

function source(env: Record<string, string>, lines: string[] = []): ConfigSource {
  const full = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...env };
  const parsed = parseParameters(pingParameters, full);
  return {
    params: parsed.values, given: parsed.given, env: full, meta: readCrmMeta(full), instance: 'p:0',
    log: new Logger({ env: {}, program: 'ping', interactive: false, writeStderr: (line) => { lines.push(line); } }),
  };
}

describe('configuration', () => {
  test('pidfile default: $HA_VARRUN/ping-<name>, per instance only when globally unique', () => {
    const values = (env: Record<string, string>) => parseParameters(pingParameters, env).values;
    expect(pidfilePath(values({}), {}, 'p:0')).toBe('/var/run/ping-pingd');
    expect(pidfilePath(values({ OCF_RESKEY_name: 'uplink' }), { HA_VARRUN: '/run/' }, 'p:0')).toBe('/run/ping-uplink');
    expect(pidfilePath(values({}), { OCF_RESKEY_CRM_meta_globally_unique: 'true' }, 'p:1')).toBe('/var/run/ping-p:1');
    expect(pidfilePath(values({ OCF_RESKEY_pidfile: '/tmp/x' }), {}, 'p:0')).toBe('/tmp/x');
  });

  test('debug as ocf:pacemaker:ping reads it', () => {
    expect(parseDebugLevel('True')).toEqual({ level: 1, unknown: false });
    expect(parseDebugLevel('0')).toEqual({ level: 0, unknown: false });
    expect(parseDebugLevel('VERBOSE')).toEqual({ level: 2, unknown: false });
    expect(parseDebugLevel('yes')).toEqual({ level: 0, unknown: true });
  });

  test('defaults', () => {
    const config = loadPingConfig(source({ OCF_RESKEY_host_list: '10.0.0.1 gw', OCF_RESKEY_use_fping: 'false' }));
    expect(config).toMatchObject({
      attribute: 'pingd', dampen: '5s', multiplier: 1, hosts: ['10.0.0.1', 'gw'], attempts: 3, timeoutSeconds: 3,
      tool: 'ping', options: [], failureScore: undefined, debug: 0, mode: 'probe', intervalMs: 10_000, pidfile: '/var/run/ping-pingd',
    });
  });

  test.each([
    [{ OCF_RESKEY_host_list: ' \t ' }, 'host_list is empty: give the addresses or names of the hosts to ping, separated by spaces'],
    [{ OCF_RESKEY_host_list: 'a', OCF_RESKEY_options: '-c 1 ; reboot' }, 'parameter "options": '],
    [{ OCF_RESKEY_host_list: 'a', OCF_RESKEY_mode: 'daemon', OCF_RESKEY_interval: '500ms' }, 'parameter "interval" must be at least 1s, not "500ms"'],
  ])('%j is ERR_CONFIGURED', (env, reason) => {
    let caught: unknown;
    try { loadPingConfig(source(env)); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(OcfError);
    expect((caught as OcfError).code).toBe(OcfExit.ErrConfigured);
    expect((caught as OcfError).reason).toContain(reason);
  });

  test('an unknown debug value is a warning, not an error', () => {
    const lines: string[] = [];
    expect(loadPingConfig(source({ OCF_RESKEY_host_list: 'a', OCF_RESKEY_debug: 'loud' }, lines)).debug).toBe(0);
    expect(lines.join('')).toContain("Value for 'debug' is incorrect. Please specify 'true', 'false', or 'verbose', not: loud");
  });
});

describe('score', () => {
  const config = (overrides: Partial<PingConfig>): PingConfig => ({
    ...loadPingConfig(source({ OCF_RESKEY_host_list: 'x' })),
    tool: 'fping', toolPath: '/usr/bin/fping', ...overrides,
  });

  test('score = reachable hosts × multiplier, unreachable ones named', async () => {
    const run = async (_command: string, args: readonly string[]): Promise<CommandResult> => ({
      exitCode: 1, signal: undefined, timedOut: false, startError: undefined, durationMs: 1, commandLine: 'fping', stderr: '',
      stdout: args.filter((a) => a.startsWith('10.')).map((a) => `${a} is ${a === '10.0.0.3' ? 'unreachable' : 'alive'}`).join('\n'),
    });
    const c = await measureConnectivity(config({ hosts: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], multiplier: 100 }), {
      deadline: new Deadline(10_000), log: new Logger({ env: {}, program: 'ping', interactive: false, writeStderr: () => undefined }), run,
    });
    expect(c).toMatchObject({ score: 200, reachable: 2, total: 3 });
  });

  test('failure_score: below fails, equal passes, unset never fails', () => {
    expect(() => checkFailureScore(config({ failureScore: 300 }), { score: 200 }, 'x')).toThrow('pingd=200 is less than failure_score(300): x');
    expect(() => checkFailureScore(config({ failureScore: 200 }), { score: 200 }, 'x')).not.toThrow();
    expect(() => checkFailureScore(config({ failureScore: undefined }), { score: -5 }, 'x')).not.toThrow();
  });
});

describe('daemon health', () => {
  const config: PingConfig = { ...loadPingConfig(source({ OCF_RESKEY_host_list: 'a b', OCF_RESKEY_timeout: '2' })), intervalMs: 10_000 };
  const state = (overrides: Partial<DaemonState>): DaemonState => ({
    pid: 42, startedMonotonicMs: 1_000, lastProbeMonotonicMs: 50_000, lastProbeAt: 'x', rounds: 3, score: 2, reachable: 2,
    total: 2, unreachable: [], written: 2, probeError: undefined, attrdError: undefined, fatal: undefined, ...overrides,
  });

  test('fresh state is healthy; a last probe older than 2 intervals + the probe bound + 5 s is stuck', () => {
    expect(daemonProblem(config, 42, state({}), 60_000)).toBeUndefined();
    // bound: 2 × 10 s + (2 s resolve + 2 s timeout + 2 s grace + 20 ms) + 5 s = 31.02 s
    expect(daemonProblem(config, 42, state({}), 50_000 + 31_000)).toBeUndefined();
    expect(daemonProblem(config, 42, state({}), 50_000 + 32_000)).toMatch(/ping daemon 42 is alive but its last probe finished 32 s ago \(interval 10 s\): it is stuck/);
  });

  test('state of another PID, probe errors and attrd errors are problems', () => {
    expect(daemonProblem(config, 42, state({ pid: 41 }), 60_000)).toContain('has not recorded a probe');
    expect(daemonProblem(config, 42, undefined, 60_000)).toContain('has not recorded a probe');
    expect(daemonProblem(config, 42, state({ probeError: 'fping exploded' }), 60_000)).toBe('ping daemon 42 cannot probe: fping exploded');
    expect(daemonProblem(config, 42, state({ attrdError: 'could not set node attribute pingd=2: …' }), 60_000))
      .toBe('ping daemon 42: could not set node attribute pingd=2: …');
  });

  test('a daemon that just started has time for its first round', () => {
    expect(daemonProblem(config, 42, state({ lastProbeMonotonicMs: undefined, rounds: 0, startedMonotonicMs: 59_000 }), 60_000)).toBeUndefined();
  });
});

describe('timeout grammar', () => {
  it('garbage is a configuration problem (6 in validate-all and start); a fraction is read as its whole part with a notice', () => {
    const garbage = parseParameters(pingParameters, { OCF_RESKEY_host_list: 'a', OCF_RESKEY_timeout: 'soon' });
    expect(garbage.problems.map((p) => p.message)).toEqual([expect.stringContaining('parameter "timeout" must be a whole number of seconds')]);
    const fraction = parseParameters(pingParameters, { OCF_RESKEY_host_list: 'a', OCF_RESKEY_timeout: '0.5' });
    expect(fraction.problems).toEqual([]);
    expect(fraction.values.timeout).toBe('0');
    expect(fraction.compatibility).toHaveLength(1);
  });
});
