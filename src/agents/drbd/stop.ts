/**
 * stop: demote if Primary, take the resource down, and return only once DRBD reports it
 * down (or no module is loaded at all). Never "not installed": without drbdsetup the
 * resource can only be proven down by the absence of the kernel module.
 */
import { existsSync } from 'node:fs';
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { describeState, type DerivedState } from '../../lib/drbd/status.js';
import { drbdTools, type DrbdContext } from './drbd-tools.js';
import { currentState } from './monitor.js';
import { maybeOutdateSelf } from './outdate.js';
import { removeScore } from './score.js';
import { checkNames } from './validate.js';

const PROC_DRBD = '/proc/drbd';

export async function stop(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: false });
  const tools = drbdTools(context);
  let lastFailure = '';
  let lastState: DerivedState | undefined;
  for (let pass = 0; ; pass++) {
    if (pass > 0 && !await context.deadline.sleep(pass === 1 ? 200 : 1000)) break;
    if (context.deadline.remainingMs() < 3_000) break;
    const read = await currentState(context, tools);
    if (read.kind === 'no-tools') {
      if (!existsSync(PROC_DRBD)) break;
      throw new OcfError(OcfExit.ErrGeneric, `drbdsetup cannot be run (${read.detail}) but the DRBD module is loaded: cannot take ${tools.resource} down`);
    }
    if (read.kind === 'no-module') break;
    if (read.derived.unconfigured) break;
    lastState = read.derived;
    const callDeadline = context.deadline.sub(30_000, 3_000);
    if (read.derived.primary) {
      context.log.warn(`${tools.resource} still Primary, demoting.`);
      const result = await tools.drbdadm(['secondary', tools.resource], { deadline: callDeadline });
      if (result.exitCode !== 0) lastFailure = describeFailure(result);
      continue;
    }
    const down = await tools.drbdadm(['down', tools.resource], { deadline: callDeadline });
    if (down.exitCode === 0) continue;
    lastFailure = describeFailure(down);
    if (!down.timedOut && /not defined in your config|no resources defined|could not (open|parse)/i.test(down.stderr)) {
      // drbdadm cannot read the configuration: take it down by name, as the reference's fallback does
      context.log.err(`drbdadm cannot handle ${tools.resource} (${lastFailure}); trying 'drbdsetup down ${tools.resource}' directly to avoid fencing`);
      const direct = await tools.drbdsetup(['down', tools.resource], { deadline: context.deadline.sub(30_000, 3_000) });
      if (direct.exitCode !== 0) lastFailure = describeFailure(direct);
    }
  }
  const final = await currentState(context, tools).catch((error: unknown) => {
    throw new OcfError(OcfExit.ErrGeneric, `could not verify that ${tools.resource} is down: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (final.kind === 'state' && !final.derived.unconfigured) {
    throw new OcfError(OcfExit.ErrGeneric,
      `${tools.resource} is still up after the stop timeout (${describeState(final.state)})${lastFailure ? `: ${lastFailure}` : ''}`);
  }
  await maybeOutdateSelf(context, tools, lastState);
  await removeScore(context, 'stopped');
  return OcfExit.Success;
}
