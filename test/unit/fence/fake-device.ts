/** A fake fencing device for the core's tests: hosts with a power state, scripted delays and faults. */
import { declareParameters } from '../../../src/lib/ocf/index.js';
import { defineFencePlugin, FenceError, parseHostList, type PowerState } from '../../../src/lib/fence/index.js';

export interface FakeHost {
  state: PowerState;
  /** Status polls after off/reset during which the host still reads "on". */
  lagPolls: number;
  /** off/on/reset requests are accepted but never take effect. */
  stuck?: boolean;
  /** Status throws this many times first. */
  statusErrors?: number;
}

export const fakeParameters = declareParameters([
  { name: 'hostlist', type: 'string', required: true, unique: true, shortdesc: 'Hosts', longdesc: 'Hosts this device controls.' },
  { name: 'password', type: 'string', secret: true, shortdesc: 'Password', longdesc: 'A secret.' },
  { name: 'op_timeout', type: 'time', default: '3s', aliases: ['timeout'], shortdesc: 'Timeout', longdesc: 'Operation timeout.' },
  { name: 'verbose_device', type: 'boolean', default: false, shortdesc: 'Flag', longdesc: 'A boolean.' },
]);

export interface FakeDeviceOptions {
  withReset?: boolean;
  withOn?: boolean;
  offConfirmations?: number;
}

export function makeFakeDevice(hosts: Record<string, FakeHost>, options: FakeDeviceOptions = {}) {
  const calls: string[] = [];
  let pending: { host: string; target: PowerState; lag: number; cycle: boolean } | undefined;
  const apply = (host: string, target: PowerState, cycle = false) => {
    const entry = hosts[host];
    if (!entry) throw new FenceError('device', `no such host ${host}`);
    if (entry.stuck) return;
    pending = { host, target, lag: entry.lagPolls, cycle };
  };
  const plugin = defineFencePlugin({
    name: 'fake',
    fenceAgentName: 'fence_xenha_fake',
    version: '0.1',
    deviceId: 'fake device',
    deviceName: (params) => `fake device for ${params.hostlist}`,
    description: 'A fake device\nfor tests',
    url: 'http://example.invalid',
    parameters: fakeParameters,
    hosts: (params) => parseHostList(params.hostlist),
    deviceKey: () => 'fake',
    operationTimeoutMs: (params) => params.op_timeout,
    offConfirmations: options.offConfirmations,
    pollIntervalMs: 20,
    async deviceStatus(context) {
      calls.push('device-status');
      if (context.hosts.includes('broken')) throw new FenceError('connect', 'device unreachable');
    },
    async powerStatus(_context, host) {
      calls.push(`status ${host}`);
      const entry = hosts[host];
      if (!entry) throw new FenceError('status', `unknown ${host}`);
      if (entry.statusErrors && entry.statusErrors > 0) {
        entry.statusErrors -= 1;
        throw new FenceError('status', 'status glitch');
      }
      if (pending && pending.host === host) {
        if (pending.lag > 0) {
          pending.lag -= 1;
        } else {
          entry.state = pending.target;
          if (pending.cycle) {
            // A reset: seen off once, then back on.
            pending = { host, target: 'on', lag: 2, cycle: false };
            return 'off';
          }
          pending = undefined;
        }
      }
      return entry.state;
    },
    async off(_context, host) {
      calls.push(`off ${host}`);
      apply(host, 'off');
    },
    ...(options.withOn === false ? {} : {
      async on(_context: unknown, host: string) {
        calls.push(`on ${host}`);
        apply(host, 'on');
      },
    }),
    ...(options.withReset ? {
      async reset(_context: unknown, host: string) {
        calls.push(`reset ${host}`);
        apply(host, 'off', true);
      },
    } : {}),
  });
  return { plugin, calls, hosts };
}
