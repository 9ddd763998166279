import { describe, expect, test } from '@jest/globals';
import { Deadline } from '../../../src/lib/runtime/deadline.js';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, formatCommandLine, runCommand, runShellScript, spawnDetached } from '../../../src/lib/exec/index.js';

const generous = () => new Deadline(30_000);

describe('runCommand', () => {
  test('captures stdout, stderr and the exit code', async () => {
    const result = await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'], { deadline: generous() });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, startError: undefined });
    expect(describeFailure(result)).toBe("sh -c 'echo out; echo err >&2; exit 3' exited with 3: err");
  });

  test('arguments are never interpreted by a shell', async () => {
    const result = await runCommand('printf', ['%s|', 'a b', '$(id)', ';rm -rf /'], { deadline: generous() });
    expect(result.stdout).toBe('a b|$(id)|;rm -rf /|');
  });

  test('passes stdin', async () => {
    const result = await runCommand('cat', [], { deadline: generous(), input: 'key=value\n' });
    expect(result.stdout).toBe('key=value\n');
  });

  test('children run with LC_ALL=C and without NODE_OPTIONS', async () => {
    const result = await runCommand('sh', ['-c', 'echo "$LC_ALL:${NODE_OPTIONS:-unset}:$EXTRA"'], {
      deadline: generous(), env: { EXTRA: 'x' },
    });
    expect(result.stdout).toBe('C:unset:x\n');
  });

  test('replaceEnv gives the child only what we pass', async () => {
    const result = await runCommand('/usr/bin/env', [], { deadline: generous(), env: { ONLY: '1' }, replaceEnv: true });
    expect(result.stdout.trim().split('\n').sort()).toEqual(['LC_ALL=C', 'ONLY=1']);
  });

  test('a missing program is a start error, not an exception', async () => {
    const result = await runCommand('/nonexistent/xl', ['list'], { deadline: generous() });
    expect(result.exitCode).toBeUndefined();
    expect(result.startError).toContain('ENOENT');
    expect(describeFailure(result)).toContain('could not run /nonexistent/xl list');
  });

  test('the deadline kills the child and everything it started', async () => {
    const started = performance.now();
    const result = await runCommand('sh', ['-c', 'sleep 60 & sleep 60; echo never'], { deadline: new Deadline(300) });
    const elapsed = performance.now() - started;
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('');
    expect(elapsed).toBeLessThan(10_000);
    expect(describeFailure(result)).toMatch(/did not finish in time/);
  });

  test('a child that ignores SIGTERM is killed after the grace period', async () => {
    const started = performance.now();
    const result = await runCommand('sh', ['-c', "trap '' TERM; sleep 60"], { deadline: new Deadline(200), killGraceMs: 100 });
    expect(result.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('an expired deadline does not start anything', async () => {
    const result = await runCommand('touch', ['/tmp/xenha-should-not-exist'], { deadline: new Deadline(0) });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeUndefined();
  });

  test('secrets are redacted from the command line and the output', async () => {
    const result = await runCommand('echo', ['--password', 'hunter2'], { deadline: generous(), secrets: ['hunter2'] });
    expect(result.commandLine).toBe('echo --password ****');
    expect(result.stdout).toBe('--password ****\n');
  });

  test('logs the redacted command line at debug level', async () => {
    const lines: string[] = [];
    await runCommand('true', ['pw=hunter2'], { deadline: generous(), secrets: ['hunter2'], log: { debug: (m) => lines.push(m) } });
    expect(lines[0]).toBe('running: true pw=****');
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  test('runShellScript passes arguments as positional parameters, not text', async () => {
    const result = await runShellScript('printf "%s" "$1"', ['$(echo injected)'], { deadline: generous() });
    expect(result.stdout).toBe('$(echo injected)');
  });

  test('formatCommandLine quotes for logs', () => {
    expect(formatCommandLine('xl', ['create', '/etc/xen/my vm.cfg', "it's"])).toBe("xl create '/etc/xen/my vm.cfg' 'it'\\''s'");
  });

  test('extra descriptors reach the child as fd 3 onwards', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'run-command-')), 'fd3');
    writeFileSync(file, '');
    const fd = openSync(file, 'r+');
    try {
      const result = await runCommand('sh', ['-c', 'echo through-fd3 >&3'], { deadline: generous(), extraFds: [fd] });
      expect(result.exitCode).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe('through-fd3\n');
  });

  test('a descriptor that is not open is a start error, not a throw', async () => {
    const result = await runCommand('true', [], { deadline: generous(), extraFds: [987654] });
    expect(result.startError).toBeDefined();
    expect(describeFailure(result)).toMatch(/^could not run true \(true: /);
  });
});

describe('spawnDetached', () => {
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    return check();
  };

  test('resolves with the pid of a running daemon, in "/" with exactly the given environment', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'detached-')), 'seen');
    const child = await spawnDetached('sh', ['-c', `{ pwd; echo "$ONLY"; echo "\${HOME-unset}"; echo $$; } > "$OUT"`], {
      env: { ONLY: 'given', OUT: out, PATH: '/usr/bin:/bin', HOME: undefined },
    });
    expect(child.pid).toBeGreaterThan(0);
    expect(await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 4)).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(`/\ngiven\nunset\n${child.pid}\n`);
    expect(await waitFor(() => child.exitStatus() !== undefined)).toBe(true);
    expect(child.exitStatus()).toBe('exit code 0');
  });

  test('rejects with a clear error when the program cannot be started', async () => {
    await expect(spawnDetached('/nonexistent/daemon', ['-F'], { env: {} })).rejects.toThrow('cannot start /nonexistent/daemon -F: ENOENT');
  });
});
