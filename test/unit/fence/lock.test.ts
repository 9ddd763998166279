import { closeSync, constants, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deadline } from '../../../src/lib/ocf/index.js';
import { acquireDeviceLock, FenceError, lockDirectory, lockFileName, DEFAULT_LOCK_DIR } from '../../../src/lib/fence/index.js';
import { runFlock, type FlockRunner } from '../../../src/lib/fence/lock.js';

const dir = mkdtempSync(join(tmpdir(), 'fence-lock-'));
const quiet = { info: () => undefined, debug: () => undefined };

describe('lock file names', () => {
  it('are stable, case-insensitive and safe for any key', () => {
    expect(lockFileName('ssh:Node1:22')).toBe(lockFileName('ssh:node1:22'));
    expect(lockFileName('ssh:node1:22')).not.toBe(lockFileName('ssh:node2:22'));
    expect(lockFileName('../../etc/passwd; rm -rf /')).toMatch(/^[a-z0-9._-]+-[0-9a-f]{16}\.lock$/);
  });
  it('live in XENHA_LOCK_DIR when it is an absolute path, else /run/xenha/fence', () => {
    expect(lockDirectory({ XENHA_LOCK_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(lockDirectory({ XENHA_LOCK_DIR: 'relative' })).toBe(DEFAULT_LOCK_DIR);
    expect(lockDirectory({})).toBe('/run/xenha/fence');
  });
});

describe('acquireDeviceLock', () => {
  it('tries without waiting first, then waits at most the time left', async () => {
    const waits: number[] = [];
    const flock: FlockRunner = async (_fd, waitMs) => {
      waits.push(waitMs);
      return { acquired: waits.length > 1 };
    };
    const messages: string[] = [];
    const lock = await acquireDeviceLock({ dir, key: 'dev-a', purpose: 'reset node1', deadline: new Deadline(5000), flock, log: { info: (m) => messages.push(m), debug: () => undefined } });
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(2000);
    expect(waits[1]).toBeLessThanOrEqual(5000);
    expect(messages.join('\n')).toMatch(/waiting up to .* for another operation on dev-a/);
    expect(readFileSync(lock.path, 'utf8')).toMatch(new RegExp(`^pid ${process.pid}: reset node1 since `));
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe('');
  });
  it('fails with "busy" and names the holder when the wait times out', async () => {
    const first = await acquireDeviceLock({ dir, key: 'dev-b', purpose: 'off node2', deadline: new Deadline(1000), flock: async () => ({ acquired: true }), log: quiet });
    const failure = await acquireDeviceLock({ dir, key: 'dev-b', purpose: 'reset node2', deadline: new Deadline(100), flock: async () => ({ acquired: false }), log: quiet })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FenceError);
    expect((failure as FenceError).failure).toBe('busy');
    expect((failure as FenceError).reason).toMatch(/timed out waiting for another fencing operation on dev-b to finish \(pid \d+: off node2 since/);
    first.release();
  });
  it('reports a lock that cannot be taken at all as a configuration problem', async () => {
    const failure = await acquireDeviceLock({ dir, key: 'dev-c', purpose: 'x', deadline: new Deadline(100), flock: async () => ({ acquired: false, error: 'flock: ENOENT' }), log: quiet })
      .catch((error: unknown) => error);
    expect((failure as FenceError).failure).toBe('config');
    expect((failure as FenceError).reason).toMatch(/cannot lock .*flock: ENOENT/);
  });
  it('reports an unusable lock directory', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const failure = await acquireDeviceLock({ dir: join(dir, 'a-file', 'sub'), key: 'k', purpose: 'x', deadline: new Deadline(100), flock: async () => ({ acquired: true }), log: quiet })
      .catch((error: unknown) => error);
    expect((failure as FenceError).reason).toMatch(/cannot create the lock directory .*a-file\/sub/);
  });
});

describe('runFlock (the real flock(1) on an inherited descriptor)', () => {
  const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', LC_ALL: 'C' };
  it('holds the lock for our descriptor after flock exits, and a second open of the file waits then times out', async () => {
    const path = join(dir, 'real.lock');
    const mine = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    const other = openSync(path, constants.O_RDWR);
    try {
      expect(await runFlock(mine, 0, env)).toEqual({ acquired: true });
      expect(await runFlock(other, 0, env)).toEqual({ acquired: false });
      expect(await runFlock(other, 200, env)).toEqual({ acquired: false });
      closeSync(mine);
      expect(await runFlock(other, 0, env)).toEqual({ acquired: true });
    } finally {
      closeSync(other);
      try { closeSync(mine); } catch { /* closed above */ }
    }
  });
  it('reports a flock that cannot run as an error', async () => {
    const fd = openSync(join(dir, 'nopath.lock'), constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      const result = await runFlock(fd, 0, { PATH: '/nonexistent' });
      expect(result).toEqual({ acquired: false, error: 'flock: ENOENT' });
    } finally {
      closeSync(fd);
    }
  });
});
