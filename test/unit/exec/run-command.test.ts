import { describe, expect, test } from '@jest/globals';
import { Deadline } from '../../../src/lib/runtime/deadline.js';
import { describeFailure, formatCommandLine, runCommand, runShellScript } from '../../../src/lib/exec/run-command.js';

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
});
