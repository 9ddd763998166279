/**
 * The action loop: off, on and reset succeed only once status confirms the result, inside the
 * operation's deadline. Never a success that was not seen.
 */
import { formatSeconds, type Deadline, type ParameterSpec } from '../runtime/index.js';
import { describeError, FenceError } from './errors.js';
import type { FenceContext, FencePluginDefinition, PowerAction, PowerRequestOutcome, PowerState } from './plugin.js';

const DEFAULT_POLL_MS = 1000;

/**
 * Poll status until it shows `wanted` `needed` times in a row, or the deadline passes.
 * Status errors count as "not confirmed" and are kept for the failure message. `offSeen`: the
 * request already read the host off once (see PowerRequestOutcome); it counts as the first
 * reading of the streak, and the next one starts a poll interval after it.
 */
export async function confirmPowerState<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  context: FenceContext<Ps>,
  host: string,
  wanted: PowerState,
  deadline: Deadline,
  offSeen?: PowerRequestOutcome,
): Promise<void> {
  const needed = wanted === 'off' ? Math.max(1, plugin.offConfirmations ?? 1) : 1;
  const interval = plugin.pollIntervalMs ?? DEFAULT_POLL_MS;
  const started = offSeen !== undefined && wanted === 'off' ? offSeen.offReadingStartedAt : performance.now();
  let streak = 0;
  let last = 'no status read yet';
  if (offSeen !== undefined && wanted === 'off') {
    streak = 1;
    last = 'status off';
    context.log.debug(`${host}: status off while handling the request (1/${needed} needed to confirm off)`);
    if (streak >= needed) {
      context.log.info(`${host}: confirmed off after ${formatSeconds(performance.now() - started)}`);
      return;
    }
    await deadline.sleep(Math.max(0, interval - (performance.now() - offSeen.offReadingStartedAt)));
  }
  for (;;) {
    const pollStarted = performance.now();
    try {
      const state = await plugin.powerStatus(context, host, deadline);
      last = `status ${state}`;
      streak = state === wanted ? streak + 1 : 0;
      context.log.debug(`${host}: status ${state} (${streak}/${needed} needed to confirm ${wanted})`);
    } catch (error) {
      streak = 0;
      const unreadable = `status unreadable: ${describeError(error)}`;
      context.log.debug(`${host}: ${unreadable}`);
      // A reading the deadline cut short says less than the last complete one: keep that.
      if (!deadline.expired || last === 'no status read yet') last = unreadable;
    }
    if (streak >= needed) {
      context.log.info(`${host}: confirmed ${wanted} after ${formatSeconds(performance.now() - started)}`);
      return;
    }
    if (deadline.expired) break;
    // Poll on a fixed period whatever one status read took.
    await deadline.sleep(Math.max(0, interval - (performance.now() - pollStarted)));
    if (deadline.expired) break;
  }
  throw new FenceError(
    wanted === 'off' ? 'timeout-off' : 'timeout-on',
    `timed out after ${formatSeconds(performance.now() - started)} waiting for ${host} to be confirmed ${wanted.toUpperCase()} (last: ${last})`,
  );
}

/** What an action ended with, for the protocols' messages. */
export interface PowerOutcome {
  readonly action: PowerAction;
  readonly host: string;
  /** reset only: the host was confirmed off but did not come back on (logged; fencing still succeeded). */
  readonly powerOnProblem?: string;
}

/**
 * Perform `action` on `host` and confirm it:
 * - off: the device's off, then status off;
 * - on: the device's on, then status on;
 * - reset: the device's reset then status off (the host went down); without a device reset,
 *   off confirmed then on. As fence-agents do, a host confirmed off that fails to come back on
 *   is still fenced: the failure to power on is logged, the reset succeeds.
 */
export async function performPowerAction<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  context: FenceContext<Ps>,
  action: PowerAction,
  host: string,
  options: { readonly powerWaitMs?: number } = {},
): Promise<PowerOutcome> {
  const { log } = context;
  const deadline = context.deadline;
  // fence-agents' power_wait: a pause after each request before status is read.
  const settle = async () => {
    if (options.powerWaitMs) await deadline.sleep(options.powerWaitMs);
  };
  switch (action) {
    case 'off': {
      if (!plugin.off) throw new FenceError('unsupported', `${plugin.name} cannot power hosts off`);
      log.info(`powering off ${host}`);
      const request = await plugin.off(context, host, deadline);
      await settle();
      await confirmPowerState(plugin, context, host, 'off', deadline, request ?? undefined);
      return { action, host };
    }
    case 'on': {
      if (!plugin.on) throw new FenceError('unsupported', `${plugin.name} cannot power hosts on`);
      log.info(`powering on ${host}`);
      await plugin.on(context, host, deadline);
      await settle();
      await confirmPowerState(plugin, context, host, 'on', deadline);
      return { action, host };
    }
    case 'reset': {
      if (plugin.reset) {
        log.info(`resetting ${host}`);
        const request = await plugin.reset(context, host, deadline);
        await settle();
        await confirmPowerState(plugin, context, host, 'off', deadline, request ?? undefined);
        return { action, host };
      }
      if (!plugin.off) throw new FenceError('unsupported', `${plugin.name} cannot reset hosts`);
      log.info(`resetting ${host}: power off, confirm, then power on`);
      const request = await plugin.off(context, host, deadline);
      await settle();
      await confirmPowerState(plugin, context, host, 'off', deadline, request ?? undefined);
      if (!plugin.on) return { action, host, powerOnProblem: `${plugin.name} cannot power hosts on` };
      try {
        await plugin.on(context, host, deadline);
        await settle();
        await confirmPowerState(plugin, context, host, 'on', deadline);
        return { action, host };
      } catch (error) {
        const problem = describeError(error);
        log.err(`${host} was fenced (confirmed off) but did not come back on: ${problem}`);
        return { action, host, powerOnProblem: problem };
      }
    }
  }
}
