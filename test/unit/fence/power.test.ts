import { Deadline, Logger } from '../../../src/lib/ocf/index.js';
import { confirmPowerState, performPowerAction, FenceError, type FenceContext } from '../../../src/lib/fence/index.js';
import { fakeParameters, makeFakeDevice, type FakeHost } from './fake-device.js';

type Ctx = FenceContext<typeof fakeParameters>;

function context(timeoutMs: number): Ctx {
  const log = new Logger({ env: { HA_LOGFACILITY: 'none' }, program: 'test', interactive: false, writeStderr: () => undefined });
  return {
    params: { hostlist: 'node1', password: undefined, op_timeout: timeoutMs, verbose_device: false },
    given: {},
    hosts: ['node1'],
    deadline: new Deadline(timeoutMs),
    log,
    env: {},
    childEnv: () => ({}),
    onClose: () => undefined,
  };
}

const host = (over: Partial<FakeHost> = {}): Record<string, FakeHost> => ({ node1: { state: 'on', lagPolls: 0, ...over } });

describe('the verification loop', () => {
  it('needs N consecutive off readings when the plugin asks for them', async () => {
    const device = makeFakeDevice(host(), { offConfirmations: 3 });
    await performPowerAction(device.plugin, context(2000), 'off', 'node1');
    expect(device.calls.filter((c) => c.startsWith('status'))).toHaveLength(3);
  });
  it('restarts the count after a status error', async () => {
    const device = makeFakeDevice(host({ state: 'off', statusErrors: 1 }), { offConfirmations: 2 });
    await confirmPowerState(device.plugin, context(2000), 'node1', 'off', new Deadline(2000));
    expect(device.calls).toEqual(['status node1', 'status node1', 'status node1']);
  });
  it('a device reset must be seen to take the host down', async () => {
    const device = makeFakeDevice(host({ lagPolls: 2 }), { withReset: true });
    const outcome = await performPowerAction(device.plugin, context(2000), 'reset', 'node1');
    expect(outcome).toEqual({ action: 'reset', host: 'node1' });
    expect(device.calls[0]).toBe('reset node1');
    expect(device.calls.filter((c) => c.startsWith('status'))).toHaveLength(3);
  });
  it('a device reset that never takes the host down fails within the deadline', async () => {
    const device = makeFakeDevice(host({ stuck: true }), { withReset: true });
    const started = performance.now();
    const failure = await performPowerAction(device.plugin, context(500), 'reset', 'node1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FenceError);
    expect((failure as FenceError).failure).toBe('timeout-off');
    expect(performance.now() - started).toBeLessThan(3000);
  });
  it('reset succeeds once off is confirmed even when power on fails (as fence-agents)', async () => {
    const device = makeFakeDevice(host());
    const ctx = context(2000);
    const plugin = { ...device.plugin, on: async () => { throw new FenceError('device', 'no power'); } };
    const outcome = await performPowerAction(plugin, ctx, 'reset', 'node1');
    expect(outcome.powerOnProblem).toBe('no power');
    expect(device.hosts.node1.state).toBe('off');
  });
  it('reset without power on reports that the host stays off', async () => {
    const device = makeFakeDevice(host(), { withOn: false });
    const outcome = await performPowerAction(device.plugin, context(2000), 'reset', 'node1');
    expect(outcome.powerOnProblem).toMatch(/cannot power hosts on/);
  });
  it('on must be confirmed on', async () => {
    const device = makeFakeDevice(host({ state: 'off', stuck: true }));
    const failure = await performPowerAction(device.plugin, context(300), 'on', 'node1').catch((error: unknown) => error);
    expect((failure as FenceError).failure).toBe('timeout-on');
  });
  it('the device error of off is passed on, and nothing is confirmed', async () => {
    const device = makeFakeDevice(host());
    const plugin = { ...device.plugin, off: async () => { throw new FenceError('connect', 'cannot reach it'); } };
    await expect(performPowerAction(plugin, context(1000), 'off', 'node1')).rejects.toThrow('cannot reach it');
    expect(device.calls).toEqual([]);
  });
  it('an off reading taken by the request counts as the first confirmation; the next one waits a poll interval', async () => {
    const device = makeFakeDevice(host({ state: 'off' }), { offConfirmations: 2 });
    const statusAt: number[] = [];
    let readingStartedAt = 0;
    const plugin = {
      ...device.plugin,
      pollIntervalMs: 300,
      off: async () => {
        readingStartedAt = performance.now();
        return { offReadingStartedAt: readingStartedAt };
      },
      powerStatus: async (...args: Parameters<typeof device.plugin.powerStatus>) => {
        statusAt.push(performance.now());
        return device.plugin.powerStatus(...args);
      },
    };
    await performPowerAction(plugin, context(5000), 'off', 'node1');
    // Two readings in a row (the request's, then one status), a poll interval apart.
    expect(device.calls).toEqual(['status node1']);
    expect(statusAt[0] - readingStartedAt).toBeGreaterThanOrEqual(290);
  });
  it('after an off reading by the request, a host that answers again restarts the count', async () => {
    const device = makeFakeDevice(host(), { offConfirmations: 2, withReset: true });
    const readings: Array<'on' | 'off'> = ['on', 'off', 'off'];
    const plugin = {
      ...device.plugin,
      reset: async () => ({ offReadingStartedAt: performance.now() }),
      powerStatus: async () => {
        device.calls.push('status node1');
        return readings.shift() ?? 'off';
      },
    };
    await performPowerAction(plugin, context(5000), 'reset', 'node1');
    // off (the request's), on (count restarts), off, off: three status reads, not one.
    expect(device.calls).toEqual(['status node1', 'status node1', 'status node1']);
  });
  it('an unsupported action is refused', async () => {
    const device = makeFakeDevice(host(), { withOn: false });
    await expect(performPowerAction(device.plugin, context(1000), 'on', 'node1')).rejects.toThrow(/cannot power hosts on/);
  });
});
