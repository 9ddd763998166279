import { fenceChildEnvironment } from '../../../src/lib/fence/index.js';

describe('fenceChildEnvironment', () => {
  const env = {
    PATH: '/usr/bin:/bin', HOME: '/root', hostlist: 'a b', ssh_passphrase: 'pw1', password: 'pw2',
    HA_LOGTAG: 'external/ssh', PCMK_logfile: '/var/log/x', SOME_TOKEN: 'abc', HA_sneaky: 'contains pw2 here',
    OCF_RESKEY_password: 'pw2',
  };
  const child = fenceChildEnvironment(env, ['hostlist', 'ssh_passphrase', 'password'], ['pw1', 'pw2']);
  it('drops every plugin parameter and anything not on the allow-list', () => {
    expect(child).toEqual({ PATH: '/usr/bin:/bin', HOME: '/root', HA_LOGTAG: 'external/ssh', PCMK_logfile: '/var/log/x', LC_ALL: 'C' });
  });
  it('never carries a secret, whatever the variable', () => {
    expect(Object.values(child).join('\n')).not.toMatch(/pw1|pw2/);
  });
  it('always has a PATH', () => {
    expect(fenceChildEnvironment({}, [], []).PATH).toBe('/usr/sbin:/usr/bin:/sbin:/bin');
  });
});
