import { homedir, userInfo } from 'node:os';
import { expandPathTokens, parseSshG } from '../../../src/lib/ssh/client-config.js';

const home = (() => { try { return userInfo().homedir; } catch { return homedir(); } })();

describe('the ssh client configuration (ssh -G output)', () => {
  it('takes HostName, Port, IdentityFile, the known_hosts files and HostKeyAlias', () => {
    const config = parseSshG([
      'host node1', 'user root', 'hostname 10.0.0.1', 'port 2222',
      'identityfile ~/.ssh/id_rsa', 'identityfile /etc/cluster/%u-%h.key',
      'userknownhostsfile /root/.ssh/known_hosts /root/.ssh/known_hosts2',
      'globalknownhostsfile /etc/ssh/ssh_known_hosts',
      'hostkeyalias node1-key', '',
    ].join('\n'), 'root');
    expect(config).toEqual({
      hostname: '10.0.0.1',
      port: 2222,
      identityFiles: [`${home}/.ssh/id_rsa`, expect.stringMatching(/^\/etc\/cluster\/.+-10\.0\.0\.1\.key$/)],
      knownHostsFiles: ['/root/.ssh/known_hosts', '/root/.ssh/known_hosts2', '/etc/ssh/ssh_known_hosts'],
      hostKeyAlias: 'node1-key',
    });
  });
  it('ignores "none" entries and junk; no hostname means no configuration', () => {
    const config = parseSshG('hostname node2\nport nope\nuserknownhostsfile none\nhostkeyalias none\n\u0007garbage', 'root');
    expect(config).toEqual({ hostname: 'node2', port: undefined, identityFiles: [], knownHostsFiles: [], hostKeyAlias: undefined });
    expect(parseSshG('', 'root')).toBeUndefined();
  });
  it('expands ~ and the %d %u %h %r %% tokens', () => {
    const tokens = { home: '/home/ha', localUser: 'hacluster', host: 'node1', remoteUser: 'root' };
    expect(expandPathTokens('~/.ssh/id', tokens)).toBe('/home/ha/.ssh/id');
    expect(expandPathTokens('%d/%u/%h/%r/100%%', tokens)).toBe('/home/ha/hacluster/node1/root/100%');
    expect(expandPathTokens('/x~y', tokens)).toBe('/x~y');
  });
});
