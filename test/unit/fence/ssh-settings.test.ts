import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FenceError, fenceErrorFromSsh } from '../../../src/lib/fence/index.js';
import { SshError } from '../../../src/lib/ssh/errors.js';
import { readIdentityFiles, readKnownHosts, sshSettings } from '../../../src/lib/ssh/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'fence-ssh-'));
const base = {
  ssh_user: 'root', ssh_port: 22, ssh_identity_file: undefined, ssh_passphrase: undefined,
  ssh_known_hosts: undefined, ssh_check_host_key: true, ssh_connect_timeout: 5000,
};

describe('ssh settings', () => {
  it('split ssh_known_hosts on spaces', () => {
    expect(sshSettings({ ...base, ssh_known_hosts: ' /a  /b ' }).knownHostsFiles).toEqual(['/a', '/b']);
    expect(sshSettings(base).knownHostsFiles).toBeUndefined();
  });
  it('a named known_hosts file must be readable; its entries are read', () => {
    const file = join(dir, 'kh');
    writeFileSync(file, 'node1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ\n');
    expect(readKnownHosts(sshSettings({ ...base, ssh_known_hosts: file })).entries).toHaveLength(1);
    const failure = (() => { try { readKnownHosts(sshSettings({ ...base, ssh_known_hosts: join(dir, 'nope') })); } catch (e) { return e; } return undefined; })();
    expect(failure).toBeInstanceOf(SshError);
    expect((failure as SshError).failure).toBe('config');
    expect((failure as SshError).reason).toMatch(/cannot read known_hosts file .*nope: ENOENT/);
    expect(((failure as SshError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    // the plugins' mapping: same kind, same reason, the ssh error kept as the cause
    const mapped = fenceErrorFromSsh(failure);
    expect(mapped).toBeInstanceOf(FenceError);
    expect((mapped as FenceError).failure).toBe('config');
    expect((mapped as FenceError).cause).toBe(failure);
    const other = new Error('x');
    expect(fenceErrorFromSsh(other)).toBe(other);
  });
  it('a named identity file must be readable, with a clear message otherwise', () => {
    expect(() => readIdentityFiles(sshSettings({ ...base, ssh_identity_file: join(dir, 'missing') })))
      .toThrow(/cannot read ssh_identity_file .*missing: ENOENT/);
    const key = join(dir, 'id');
    writeFileSync(key, 'not really a key');
    expect(readIdentityFiles(sshSettings({ ...base, ssh_identity_file: key }))).toEqual([{ path: key, data: Buffer.from('not really a key') }]);
  });
});
