import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord, recordPath, removeRecord, writeRecord } from '../../../src/agents/evmsscc/activation-record.js';
import { checkDevice, checkDevices, parseDeviceList } from '../../../src/agents/evmsscc/devices.js';
import { deviceRoot, flatten, localNodeName } from '../../../src/agents/evmsscc/environment.js';
import { checkProgramValue, describeBriefly, locateEvmsActivate } from '../../../src/agents/evmsscc/evms-activate.js';
import type { CommandResult } from '../../../src/lib/exec/index.js';
import { readCrmMeta } from '../../../src/lib/ocf/index.js';

describe('parseDeviceList', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['   ', []],
    ['san2', ['san2']],
    ['san2/cfgpool  /dev/evms/san2/vm1', ['san2/cfgpool', 'san2/vm1']],
    ['san2/ san2', ['san2']],
    ['a.b_c+d:e@f-g/h', ['a.b_c+d:e@f-g/h']],
  ])('%j → %j', (value, names) => {
    expect(parseDeviceList(value)).toEqual({ ok: true, names });
  });

  it.each([
    ['/dev/sda1', 'is not under /dev/evms'],
    ['/dev/evmsX/a', 'is not under /dev/evms'],
    ['/dev/evms/', 'is not a container or volume name'],
    ['san2/../etc', 'is not a container or volume name'],
    ['./san2', 'is not a container or volume name'],
    ['san2//vm1', 'is not a container or volume name'],
    ['san 2\u0007', 'is not a container or volume name'],
    ['vm$(reboot)', 'is not a container or volume name'],
  ])('%j is refused', (value, problem) => {
    const parsed = parseDeviceList(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('checkDevice / checkDevices (without block devices: those need mknod, see the bats tests)', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'evmsscc-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a missing name, a regular file and an empty container are not present, each saying why', () => {
    mkdirSync(join(root, 'san2'));
    writeFileSync(join(root, 'file'), '');
    expect(checkDevice(root, 'nope')).toEqual({ present: false, why: `${join(root, 'nope')} does not exist` });
    expect(checkDevice(root, 'file/x')).toEqual({ present: false, why: `${join(root, 'file/x')} does not exist` });
    expect(checkDevice(root, 'file')).toEqual({ present: false, why: `${join(root, 'file')} is neither a block device nor a container directory` });
    expect(checkDevice(root, 'san2')).toEqual({ present: false, why: `container ${join(root, 'san2')} holds no volume (no block device below it)` });
  });

  it('reports every missing name; without names, a root with no volume is incomplete', () => {
    expect(checkDevices(root, ['a', 'b/c'])).toEqual({
      complete: false,
      missing: [`${join(root, 'a')} does not exist`, `${join(root, 'b/c')} does not exist`],
    });
    expect(checkDevices(root, [])).toEqual({
      complete: false,
      missing: [`no EVMS volume under ${root}: container ${root} holds no volume (no block device below it)`],
    });
    expect(checkDevices(join(root, 'absent'), []).missing[0]).toContain('does not exist');
  });
});

describe('activation record', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'evmsscc-rec-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is per resource: the clone instance number is dropped, odd characters replaced', () => {
    expect(recordPath({ HA_RSCTMP: '/x' }, 'evms-child:1')).toBe('/x/EvmsSCC-evms-child.state');
    expect(recordPath({ HA_RSCTMP: '/x' }, 'evms-child')).toBe('/x/EvmsSCC-evms-child.state');
    expect(recordPath({ HA_RSCTMP: '/x' }, '../a/b')).toBe('/x/EvmsSCC-.._a_b.state');
    expect(recordPath({}, 'r')).toBe('/run/resource-agents/EvmsSCC-r.state');
    expect(recordPath({ HA_RSCTMP: '' }, 'r')).toBe('/run/resource-agents/EvmsSCC-r.state');
  });

  it('round-trips, reads absent as undefined, reports corruption', () => {
    const file = join(dir, 'sub', 'EvmsSCC-r.state');
    expect(readRecord(file)).toEqual({ ok: true, record: undefined });
    writeRecord(file, { activeSince: '2026-01-01T00:00:00.000Z', activatedBy: 'start' });
    expect(readRecord(file)).toEqual({ ok: true, record: { activeSince: '2026-01-01T00:00:00.000Z', activatedBy: 'start' } });
    writeFileSync(file, '{"activeSince": 5}');
    expect(readRecord(file)).toMatchObject({ ok: false });
    writeFileSync(file, 'not json');
    expect(readRecord(file)).toMatchObject({ ok: false, problem: expect.stringContaining('is corrupt') });
    removeRecord(file);
    removeRecord(file);
    expect(readRecord(file)).toEqual({ ok: true, record: undefined });
  });
});

describe('environment', () => {
  it('the device root is /dev/evms unless the test-only variable names an absolute path', () => {
    expect(deviceRoot({})).toEqual({ root: '/dev/evms', overridden: false });
    expect(deviceRoot({ XENHA_TEST_EVMS_DEVICE_ROOT: 'relative' })).toEqual({ root: '/dev/evms', overridden: false });
    expect(deviceRoot({ XENHA_TEST_EVMS_DEVICE_ROOT: '/tmp/d/' })).toEqual({ root: '/tmp/d', overridden: true });
  });

  it('the node name: CRM_meta_on_node, else HA_CURHOST, lower-cased', () => {
    expect(localNodeName(readCrmMeta({ OCF_RESKEY_CRM_meta_on_node: 'Node1' }), { HA_CURHOST: 'other' })).toBe('node1');
    expect(localNodeName(readCrmMeta({}), { HA_CURHOST: 'HOST2' })).toBe('host2');
    expect(localNodeName(readCrmMeta({}), {})).toMatch(/^[^A-Z]+$/);
  });

  it('flatten removes control characters', () => {
    expect(flatten('a\nb\r\u001b[31mc\u0000 ')).toBe('a b [31mc');
  });
});

describe('evms_activate', () => {
  it.each(['evms_activate', '/sbin/evms_activate', '/opt/EVMS 2/evms_activate'])('%j is accepted', (value) => {
    expect(checkProgramValue(value)).toBeUndefined();
  });
  it.each(['-q', 'bin/evms_activate', '', 'evms activate', '.hidden'])('%j is refused', (value) => {
    expect(checkProgramValue(value)).toContain('must be an absolute path or a program name');
  });

  it('an invalid value is never looked up (no relative path run from the working directory)', () => {
    expect(locateEvmsActivate('bin/sh', '/')).toBeUndefined();
    expect(locateEvmsActivate('-sh', '/bin')).toBeUndefined();
    expect(locateEvmsActivate('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(locateEvmsActivate('/bin/sh', '')).toBe('/bin/sh');
  });

  const result = (fields: Partial<CommandResult>): CommandResult => ({
    exitCode: undefined, signal: undefined, stdout: '', stderr: '', timedOut: false, startError: undefined,
    durationMs: 1234, commandLine: '/sbin/evms_activate -q', ...fields,
  });
  it.each([
    [result({ exitCode: 16, stderr: 'first\nevms_activate: Engine busy.\n' }), 'exit 16: Engine busy.'],
    [result({ exitCode: 3 }), 'exit 3'],
    [result({ signal: 'SIGSEGV' }), 'killed by SIGSEGV'],
    [result({ timedOut: true, signal: 'SIGTERM' }), 'did not finish in time (killed after 1.2 s)'],
    [result({ startError: '/sbin/evms_activate: EACCES' }), 'could not be run (/sbin/evms_activate: EACCES)'],
    [result({ exitCode: 1, stdout: 'out\u0007put' }), 'exit 1: out put'],
  ])('a failure is described briefly: %#', (failure, text) => {
    expect(describeBriefly(failure)).toBe(text);
  });
});
