import { chooseDomainName } from '../../../src/agents/xen/domain-name.js';
import { balancedMemoryMib } from '../../../src/agents/xen/memory-plan.js';
import { chooseMigrationAddress } from '../../../src/agents/xen/migration-address.js';
import { destroyReserveMs, planStop } from '../../../src/agents/xen/stop-plan.js';

describe('planStop', () => {
  it('by default shuts down for the remaining time less max(5 s, 1/6 of the timeout)', () => {
    expect(destroyReserveMs(40_000)).toBe(6666);
    expect(destroyReserveMs(12_000)).toBe(5000);
    expect(planStop(39_500, 40_000, undefined)).toEqual({ gracefulMs: 32_834, capped: false });
  });

  it('uses shutdown_timeout when it fits', () => {
    expect(planStop(39_500, 40_000, 10)).toEqual({ gracefulMs: 10_000, capped: false });
  });

  it('caps shutdown_timeout so that destroy and verification still fit', () => {
    expect(planStop(39_500, 40_000, 120)).toEqual({ gracefulMs: 32_834, capped: true });
  });

  it('destroys at once with shutdown_timeout=0 or when no time is left', () => {
    expect(planStop(39_500, 40_000, 0)).toEqual({ gracefulMs: 0, capped: false });
    expect(planStop(4000, 5000, undefined)).toEqual({ gracefulMs: 0, capped: false });
  });
});

describe('balancedMemoryMib', () => {
  it('shares the host memory less the Dom0 reserve (the reference: 16384, 0 running, 1 starting → 15872)', () => {
    expect(balancedMemoryMib(16_384, 512, 0, 1)).toBe(15_872);
    expect(balancedMemoryMib(16_384, 512, 2, 1)).toBe(5290);
  });
  it('divides by one when nothing runs or starts', () => {
    expect(balancedMemoryMib(16_384, 512, 0, 0)).toBe(15_872);
  });
  it('is undefined when the reserve leaves nothing', () => {
    expect(balancedMemoryMib(512, 1024, 1, 0)).toBeUndefined();
  });
});

describe('chooseMigrationAddress', () => {
  it('uses the node attribute when set', () => {
    expect(chooseMigrationAddress('node2', { name: 'migip', value: '10.0.0.2' }, '-mig')).toEqual({
      address: '10.0.0.2', origin: 'node attribute migip of node2',
    });
  });
  it.each([undefined, '', '(null)', '  '])('falls back to node name + suffix when the attribute is %p', (value) => {
    expect(chooseMigrationAddress('node2', { name: 'migip', value }, '-mig').address).toBe('node2-mig');
  });
  it('uses the node name alone by default', () => {
    expect(chooseMigrationAddress('node2', undefined, undefined).address).toBe('node2');
    expect(chooseMigrationAddress('node2', undefined, '').address).toBe('node2');
  });
});

describe('chooseDomainName', () => {
  const files: Record<string, string> = {
    '/cfg/plain': 'name = "vm1"\n',
    '/cfg/noname': 'memory = 512\n',
    '/cfg/python': 'name = "vm%d" % 1\n',
  };
  const read = (path: string) => files[path];

  it('prefers the name parameter', () => {
    expect(chooseDomainName('given', '/cfg/plain', 'rsc', read)).toMatchObject({ name: 'given', source: 'parameter' });
  });
  it('reads the config file', () => {
    expect(chooseDomainName(undefined, '/cfg/plain', 'rsc', read)).toMatchObject({ name: 'vm1', source: 'config', origin: '/cfg/plain line 1' });
    expect(chooseDomainName('', '/cfg/plain', 'rsc', read)).toMatchObject({ name: 'vm1', source: 'config' });
  });
  it('falls back to the resource id when the file is missing or has no name', () => {
    expect(chooseDomainName(undefined, '/cfg/missing', 'rsc', read)).toMatchObject({ name: 'rsc', source: 'resource-id', configMissing: true });
    expect(chooseDomainName(undefined, '/cfg/noname', 'rsc', read)).toMatchObject({ name: 'rsc', source: 'resource-id', configMissing: false, problem: undefined });
  });
  it('reports a name it cannot read', () => {
    expect(chooseDomainName(undefined, '/cfg/python', 'rsc', read)).toMatchObject({
      name: 'rsc', problem: expect.stringMatching(/cannot read the domain name from \/cfg\/python line 1.*set the "name" parameter/),
    });
  });
});
