import { parseSshOptions } from '../../../src/lib/fence/ssh-options.js';

const targets = { port: 'ssh_port', user: 'ssh_user', identityFile: 'ssh_identity_file' };

describe('ssh_options (fence-agents) read for an ssh library client', () => {
  it('applies -p, -l, -i (separate or attached) and -o Port/User/IdentityFile to the plugin parameters', () => {
    expect(parseSshOptions('-p 2222 -lfencer -i /root/.ssh/id_fence', targets)).toEqual({
      settings: { ssh_port: '2222', ssh_user: 'fencer', ssh_identity_file: '/root/.ssh/id_fence' }, ignored: [],
    });
    expect(parseSshOptions('-o Port=2200 -oUser=admin -o IdentityFile=/k', targets).settings)
      .toEqual({ ssh_port: '2200', ssh_user: 'admin', ssh_identity_file: '/k' });
  });
  it('skips terminal options (fence-agents\' default -t among them) and accepts StrictHostKeyChecking=yes', () => {
    expect(parseSshOptions('-t -tt -T -q -x -n -o StrictHostKeyChecking=yes', targets)).toEqual({ settings: {}, ignored: [] });
    expect(parseSshOptions('', targets)).toEqual({ settings: {}, ignored: [] });
  });
  it('reports what it ignores, an option\'s argument included in the skip', () => {
    expect(parseSshOptions('-F /etc/other -o Compression=yes -4', targets)).toEqual({ settings: {}, ignored: ['-F', '-o Compression=yes', '-4'] });
    expect(parseSshOptions('-p 22', { user: 'ssh_user' }).ignored).toEqual(['-p (this device has no such setting)']);
  });
  it('refuses anything that weakens host-key checking', () => {
    for (const value of ['-o StrictHostKeyChecking=no', '-oStrictHostKeyChecking=accept-new', '-o UserKnownHostsFile=/dev/null',
      '-o GlobalKnownHostsFile=/dev/null', '-o CheckHostIP=no']) {
      expect(() => parseSshOptions(value, targets)).toThrow(/is refused: host keys are always checked/);
    }
  });
  it('refuses shell syntax and options without their value', () => {
    expect(() => parseSshOptions("-t '/bin/bash -c x'", targets)).toThrow(/quoting and shell syntax are not supported/);
    expect(() => parseSshOptions('-i', targets)).toThrow(/-i needs a value/);
    expect(() => parseSshOptions('-o', targets)).toThrow(/-o needs Key=Value/);
  });
});
