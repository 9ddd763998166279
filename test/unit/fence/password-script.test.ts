import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passwordFromScript, passwordScriptProblem } from '../../../src/lib/fence/password-script.js';
import { Deadline, Logger } from '../../../src/lib/runtime/index.js';

const dir = mkdtempSync(join(tmpdir(), 'password-script-'));

function script(name: string, body: string, mode = 0o700): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

function logger() {
  const lines: string[] = [];
  const log = new Logger({ env: { HA_LOGFACILITY: 'none', HA_debug: '1' }, program: 'test', interactive: false, writeStderr: (line) => { lines.push(line); } });
  return { log, lines };
}

describe('password_script', () => {
  it('gives the first line of the output, without trailing white space, and redacts it in the log', async () => {
    const { log, lines } = logger();
    const path = script('ok', 'printf "pa ss\\t \\nsecond\\n"');
    await expect(passwordFromScript(path, { env: { PATH: '/usr/bin:/bin' }, log, deadline: new Deadline(5000) })).resolves.toBe('pa ss');
    log.info('the password is pa ss');
    expect(lines.join('')).toContain('the password is ****');
    expect(lines.join('')).not.toContain('pa ss');
  });
  it('a failing, silent or hanging script is a configuration error naming it, never showing its output', async () => {
    const { log } = logger();
    const env = { PATH: '/usr/bin:/bin' };
    const failing = script('failing', 'echo hunter2; echo oops >&2; exit 4');
    await expect(passwordFromScript(failing, { env, log, deadline: new Deadline(5000) }))
      .rejects.toMatchObject({ failure: 'config', message: expect.stringMatching(/password_script ".*failing" exited with 4/) });
    const error = await passwordFromScript(failing, { env, log, deadline: new Deadline(5000) }).then(() => undefined, (caught: Error) => caught);
    expect(error?.message).toMatch(/exited with 4/);
    expect(error?.message).not.toMatch(/hunter2|oops/);
    await expect(passwordFromScript(script('silent', 'echo; echo late'), { env, log, deadline: new Deadline(5000) }))
      .rejects.toThrow(/printed no password/);
    const started = Date.now();
    await expect(passwordFromScript(script('hangs', 'exec sleep 30'), { env, log, deadline: new Deadline(300) }))
      .rejects.toThrow(/did not finish within/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  it('must be an absolute path to an executable regular file, never an option or a command line', () => {
    expect(passwordScriptProblem('-x')).toMatch(/not an option/);
    expect(passwordScriptProblem('get-password')).toMatch(/absolute path/);
    expect(passwordScriptProblem('/bin/echo secret')).toMatch(/not a command line/);
    expect(passwordScriptProblem(dir)).toMatch(/not a regular file/);
    expect(passwordScriptProblem(script('plain', 'echo x', 0o600))).toMatch(/not executable/);
    expect(passwordScriptProblem(script('good', 'echo x'))).toBeUndefined();
  });
});
