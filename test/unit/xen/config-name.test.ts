import { parseConfigDomainName } from '../../../src/lib/xen/config-name.js';

describe('parseConfigDomainName', () => {
  it.each([
    ['name = "vm1"', 'vm1'],
    ["name='vm1'", 'vm1'],
    ['name="vm1"', 'vm1'],
    ['  name   =   "vm1"   # the web server', 'vm1'],
    ['name = "vm1";memory = 512', 'vm1'],
    ['memory = 512; name = "vm1"', 'vm1'],
    ['name = "xen-f"', 'xen-f'],
    ['name = "with \\"quote\\""', 'with "quote"'],
    ['name = 42', '42'],
    ['name = "a b"', 'a b'],
  ])('%s → %s', (text, name) => {
    expect(parseConfigDomainName(`${text}\n`)).toMatchObject({ kind: 'found', name });
  });

  it('ignores comments, including commented-out names', () => {
    const text = '# name = "old"\n#name="older"\nkernel = "/boot/vmlinuz" # name = "no"\nname = "current"\n';
    expect(parseConfigDomainName(text)).toEqual({ kind: 'found', name: 'current', line: 4 });
  });

  it('takes the last of several name lines, as xl does', () => {
    expect(parseConfigDomainName('name = "first"\nmemory = 256\nname = "second"\n')).toEqual({ kind: 'found', name: 'second', line: 3 });
  });

  it('appends with +=', () => {
    expect(parseConfigDomainName('name = "web"\nname += "-01"\n')).toMatchObject({ kind: 'found', name: 'web-01' });
  });

  it('does not take names from inside other values or lists', () => {
    const text = 'disk = [ "phy:/dev/vg/name,xvda,w",\n  "name = \\"x\\"" ]\nvif = [ "bridge=br0" ]\nname="vm9"\n';
    expect(parseConfigDomainName(text)).toMatchObject({ kind: 'found', name: 'vm9' });
  });

  it('does not confuse other keys that start with name', () => {
    expect(parseConfigDomainName('names = "x"\nname_suffix = "y"\n')).toEqual({ kind: 'absent' });
  });

  it('reports a missing name', () => {
    expect(parseConfigDomainName('memory = 512\n')).toEqual({ kind: 'absent' });
    expect(parseConfigDomainName('')).toEqual({ kind: 'absent' });
  });

  it.each([
    ['name = "vm%d" % 3', /not a plain quoted string/],
    ['name = "vm" + suffix', /not a plain quoted string/],
    ['name = prefix', /not a plain quoted string/],
    ['name =', /has no value/],
    ['name = ""', /empty/],
    ['name = "unterminated', /not a plain quoted string/],
  ])('refuses %s', (text, reason) => {
    const result = parseConfigDomainName(`${text}\n`);
    expect(result.kind).toBe('unparseable');
    expect(result.kind === 'unparseable' && result.reason).toMatch(reason);
  });

  it('a plain last assignment overrides an unreadable earlier one', () => {
    expect(parseConfigDomainName('name = "vm%d" % 3\nname = "fixed"\n')).toMatchObject({ kind: 'found', name: 'fixed' });
  });

  it('an unreadable last assignment wins over a plain earlier one', () => {
    expect(parseConfigDomainName('name = "plain"\nname = base + "x"\n')).toMatchObject({ kind: 'unparseable', line: 2 });
  });

  it('refuses names assigned inside Python blocks', () => {
    const text = 'import os\nif os.uname()[1] == "a":\n    name = "vm-a"\nelse:\n    name = "vm-b"\n';
    expect(parseConfigDomainName(text)).toMatchObject({ kind: 'unparseable', reason: expect.stringMatching(/Python block/) });
  });

  it('accepts indented assignments in plain xl configs', () => {
    expect(parseConfigDomainName('  name = "vm1"\n')).toMatchObject({ kind: 'found', name: 'vm1' });
  });
});
