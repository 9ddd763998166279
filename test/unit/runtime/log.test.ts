import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../../../src/lib/runtime/log.js';

// Each test's log directory, removed after it.
const logDirs: string[] = [];
function logDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xenha-log-'));
  logDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of logDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logger(env: Record<string, string>, interactive = false) {
  const stderr: string[] = [];
  const log = new Logger({ env, program: 'Xen', interactive, writeStderr: (line) => stderr.push(line) });
  return { log, stderr };
}

describe('Logger (ocf_log semantics)', () => {
  test('without facility or file: dated "LEVEL: msg" on stderr', () => {
    const { log, stderr } = logger({});
    log.info('Xen domain vm1 already running.');
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d INFO: Xen domain vm1 already running\.\n$/);
  });

  test('tag is <program>(<instance>)[pid] unless HA_LOGTAG is set', () => {
    expect(logger({ OCF_RESOURCE_INSTANCE: 'vm1' }).log.tag).toBe(`Xen(vm1)[${process.pid}]`);
    expect(logger({ HA_LOGTAG: 'custom' }).log.tag).toBe('custom');
  });

  test('on a terminal: "<tag>: LEVEL: msg" on stderr only', () => {
    const { log, stderr } = logger({ HA_LOGTAG: 't', HA_LOGFILE: '/nonexistent/never-written' }, true);
    log.warn('careful');
    expect(stderr).toEqual(['t: WARNING: careful\n']);
  });

  test('HA_LOGFILE gets the line; stderr stays quiet', () => {
    const dir = logDir();
    const file = join(dir, 'ha.log');
    const { log, stderr } = logger({ HA_LOGFILE: file, HA_LOGTAG: 'Xen(vm1)' });
    log.err('boom');
    expect(stderr).toEqual([]);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d\d\d Xen\(vm1\):    ERROR: boom\n$/);
  });

  test('debug only with HA_debug set and not 0, into HA_DEBUGLOG', () => {
    const dir = logDir();
    const debugFile = join(dir, 'debug.log');
    const quiet = logger({ HA_DEBUGLOG: debugFile, HA_debug: '0' });
    quiet.log.debug('hidden');
    expect(quiet.stderr).toEqual([]);
    const loud = logger({ HA_DEBUGLOG: debugFile, HA_debug: '1' });
    loud.log.debug('shown');
    expect(readFileSync(debugFile, 'utf8')).toContain('DEBUG: shown');
    expect(readFileSync(debugFile, 'utf8')).not.toContain('hidden');
  });

  test('exit reason: ocf-exit-reason line on stderr, on one line, printed once when the log would also go to stderr', () => {
    const { log, stderr } = logger({});
    log.exitReason('Config file /etc/xen/vm1 for vm1\ndoes not exist.');
    // as ocf_exit_reason (--ignore-stderr): pcs and crm_resource --validate show each failure once
    expect(stderr).toEqual(['ocf-exit-reason:Config file /etc/xen/vm1 for vm1 does not exist.\n']);
  });

  test('every line is flattened: a newline cannot forge a second log line', () => {
    const dir = logDir();
    const file = join(dir, 'ha.log');
    const { log } = logger({ HA_LOGFILE: file, HA_LOGTAG: 'ssh' });
    log.err('host "x\nMar 01 00:00:00 ssh:    INFO: reset of node2: success" is not controlled by this device\x1b[2J\r');
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERROR: host "x\\nMar 01 00:00:00 ssh:    INFO: reset of node2: success" is not controlled by this device\\x1b[2J\\r');
  });

  test('the tag and exit reasons are flattened too', () => {
    expect(logger({ HA_LOGTAG: 'a\nb' }).log.tag).toBe('a\\nb');
    const { log, stderr } = logger({});
    log.exitReason('bad\x07 value\tthere');
    expect(stderr[0]).toBe('ocf-exit-reason:bad\\x07 value\\tthere\n');
  });

  test('secrets are scrubbed from every line', () => {
    const { log, stderr } = logger({});
    log.redact('hunter2');
    log.info('password is hunter2, again hunter2');
    log.exitReason('login with hunter2 refused');
    expect(stderr.join('')).not.toContain('hunter2');
    expect(stderr[0]).toContain('password is ****, again ****');
  });
});

describe('Logger.debugError', () => {
  test('with HA_debug: the stack and each cause, one flattened line each; silent otherwise', () => {
    const root = new Error('EACCES: permission denied');
    const wrapped = new Error('cannot read ssh_identity_file /k', { cause: root });
    const loud = logger({ HA_debug: '1' });
    loud.log.debugError(wrapped);
    expect(loud.stderr).toHaveLength(2);
    expect(loud.stderr[0]).toMatch(/DEBUG: error: Error: cannot read ssh_identity_file \/k\\n +at /);
    expect(loud.stderr[1]).toMatch(/DEBUG: caused by: Error: EACCES: permission denied\\n +at /);
    const quiet = logger({});
    quiet.log.debugError(wrapped);
    expect(quiet.stderr).toEqual([]);
  });
});
