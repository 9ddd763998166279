import { parseIloAddress } from '../../../src/lib/ilo/address.js';
import { normalizeFingerprint, formatFingerprint } from '../../../src/lib/ilo/tls-settings.js';
import { buildRibclRequest } from '../../../src/lib/ilo/ribcl-request.js';

describe('iLO address', () => {
  it.each([
    ['ilo1', 'ilo1', 443, 'ilo1:443'],
    ['127.0.0.1:8443', '127.0.0.1', 8443, '127.0.0.1:8443'],
    ['ilo.example.com:443', 'ilo.example.com', 443, 'ilo.example.com:443'],
    ['[fe80::1]:444', 'fe80::1', 444, '[fe80::1]:444'],
    ['fe80::1', 'fe80::1', 443, '[fe80::1]:443'],
  ])('%s', (text, host, port, label) => {
    expect(parseIloAddress(text)).toEqual({ host, port, label });
  });
  it.each(['-oProxyCommand=x', 'a b', 'host:0', 'host:70000', 'host:', '[zz]:1', ''])('refuses %j', (text) => {
    expect(() => parseIloAddress(text)).toThrow();
  });
});

describe('certificate fingerprints', () => {
  const hex = 'AB'.repeat(32);
  it('accepts hex with or without colons, any case', () => {
    expect(normalizeFingerprint(formatFingerprint(hex).toLowerCase())).toBe(hex);
    expect(normalizeFingerprint(hex)).toBe(hex);
  });
  it('refuses anything else', () => {
    expect(() => normalizeFingerprint('AB:CD')).toThrow(/64 hex digits/);
    expect(() => normalizeFingerprint('ZZ'.repeat(32))).toThrow();
  });
});

describe('RIBCL request', () => {
  it('escapes the credentials and holds one command in SERVER_INFO write mode', () => {
    const text = buildRibclRequest({ user: 'a"b', password: 'p<&>\'', version: '2.0' }, { name: 'SET_HOST_POWER', attributes: { HOST_POWER: 'N' } });
    expect(text).toContain('<LOGIN USER_LOGIN="a&quot;b" PASSWORD="p&lt;&amp;&gt;&apos;">');
    expect(text).toContain('<SERVER_INFO MODE="write">\r\n<SET_HOST_POWER HOST_POWER="N"/>');
    expect(text).toMatch(/^<\?xml version="1.0"\?>\r\n<RIBCL VERSION="2.0">/);
    expect(text.endsWith('</RIBCL>\r\n')).toBe(true);
  });
});
