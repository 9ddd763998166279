import { findHost, parseHostList } from '../../../src/lib/fence/hosts.js';

describe('parseHostList', () => {
  it('splits on commas and whitespace as cluster-glue plugins do', () => {
    expect(parseHostList('a,B c\tD\n e,,f')).toEqual(['a', 'B', 'c', 'D', 'e', 'f']);
  });
  it('drops case-insensitive duplicates and keeps the first spelling', () => {
    expect(parseHostList('Node1 node1 NODE2 node2')).toEqual(['Node1', 'NODE2']);
  });
  it('is empty for nothing', () => {
    expect(parseHostList(undefined)).toEqual([]);
    expect(parseHostList(' , ')).toEqual([]);
  });
});

describe('findHost', () => {
  const hosts = ['Node1', 'vm-2.example'];
  it('matches case-insensitively and returns the configured spelling', () => {
    expect(findHost(hosts, 'node1')).toBe('Node1');
    expect(findHost(hosts, 'VM-2.EXAMPLE')).toBe('vm-2.example');
  });
  it('does not match prefixes, patterns or empty names', () => {
    expect(findHost(hosts, 'node')).toBeUndefined();
    expect(findHost(hosts, 'node1 node2')).toBeUndefined();
    expect(findHost(hosts, '*')).toBeUndefined();
    expect(findHost(hosts, '')).toBeUndefined();
  });
});
