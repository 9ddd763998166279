import { classifyDomainState, findDomain, incompleteTableReason, parseDomainList, parseTotalMemoryMib, readDomainTable } from '../../../src/lib/xen/domain-list.js';

const XL_LIST = [
  'Name                                        ID   Mem VCPUs\tState\tTime(s)',
  'Domain-0                                     0  1024     2     r-----      11.3',
  'vm1                                          3   512     1     -b----       2.1',
  'web--incoming                                4  2048     4     --p---       0.0',
  'broken                                       5   256     1     ---sc-       1.0',
  '',
].join('\n');

const XM_LIST = [
  'Name                                      ID   Mem VCPUs      State   Time(s)',
  'Domain-0                                   0  3000     2     r-----    123.4',
  'migrating-db                               7  1024     2     -b----     10.0',
].join('\n');

describe('parseDomainList', () => {
  it('reads every row of xl list and skips the header', () => {
    const entries = parseDomainList(XL_LIST);
    expect(entries.map((e) => e.name)).toEqual(['Domain-0', 'vm1', 'web--incoming', 'broken']);
    expect(findDomain(entries, 'vm1')).toEqual({ name: 'vm1', id: 3, memoryMib: 512, vcpus: 1, state: '-b----' });
  });

  it('reads xm list, including migrating- names', () => {
    const entries = parseDomainList(XM_LIST);
    expect(findDomain(entries, 'migrating-db')).toMatchObject({ id: 7, memoryMib: 1024, vcpus: 2, state: '-b----' });
  });

  it('keeps a row without a state column as present', () => {
    expect(parseDomainList('(null)                                      9     0     1\n')).toEqual([
      { name: '(null)', id: 9, memoryMib: 0, vcpus: 1, state: '' },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(parseDomainList('')).toEqual([]);
    expect(findDomain(parseDomainList(XL_LIST), 'vm2')).toBeUndefined();
  });
});

describe('classifyDomainState', () => {
  it.each([
    ['r-----', 'running'],
    ['-b----', 'running'],
    ['------', 'running'],
    ['--p---', 'paused'],
    ['---s--', 'shutdown'],
    ['---sr-', 'shutdown'],
    ['---ss-', 'shutdown'],
    ['---sw-', 'crashed'],
    ['---sc-', 'crashed'],
    ['----c-', 'crashed'],
    ['-----d', 'dying'],
    ['--ps-d', 'dying'],
    ['', 'running'],
  ])('%s is %s', (state, condition) => {
    expect(classifyDomainState(state)).toBe(condition);
  });
});

describe('parseTotalMemoryMib', () => {
  it('reads total_memory from xl info', () => {
    expect(parseTotalMemoryMib('host                   : vm\nrelease                : 6.1\ntotal_memory           : 16384\nfree_memory            : 15000\n')).toBe(16384);
  });
  it('is undefined without the line', () => {
    expect(parseTotalMemoryMib('host : vm\n')).toBeUndefined();
  });
});

describe('incompleteTableReason', () => {
  const header = 'Name                                        ID   Mem VCPUs\tState\tTime(s)\n';
  const dom0 = 'Domain-0                                     0  1024     2     r-----      11.3\n';
  const vm1 = 'vm1                                          3   512     1     -b----       2.1\n';

  it('a full listing needs the header, readable rows and Domain-0', () => {
    expect(incompleteTableReason(readDomainTable(header + dom0 + vm1))).toBeUndefined();
    expect(incompleteTableReason(readDomainTable(''))).toBe('the listing is empty');
    expect(incompleteTableReason(readDomainTable(header))).toBe('the listing does not show Domain-0');
    expect(incompleteTableReason(readDomainTable(dom0 + vm1))).toBe('the listing has no header line');
    expect(incompleteTableReason(readDomainTable(header + dom0 + 'garbage\x01 here\n'))).toBe('the listing has a line that does not parse ("garbage? here")');
    expect(incompleteTableReason(readDomainTable('x7Fq!'))).toBe('the listing has no header line');
  });

  it('a listing of one domain needs exactly that row', () => {
    expect(incompleteTableReason(readDomainTable(header + vm1), 'vm1')).toBeUndefined();
    expect(incompleteTableReason(readDomainTable(header), 'vm1')).toBe('the listing of vm1 shows no domain');
    expect(incompleteTableReason(readDomainTable(header + dom0), 'vm1')).toBe('the listing of vm1 shows Domain-0');
  });
});
