/**
 * start: load the module if needed, bring the resource up as Secondary (create, attach),
 * connect (unless connect_only_after_promote) and wait for the connection at most
 * wfc_timeout seconds within the start timeout. Returns once monitor would say 0.
 */
import { describeFailure, runCommand } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { describeState, type DrbdResourceState } from '../../lib/drbd/status.js';
import { drbdTools, type DrbdContext, type Tools } from './drbd-tools.js';
import { currentState } from './monitor.js';
import { updatePromotionScore } from './score.js';
import { checkCloneMeta, checkInConfiguration, checkModuleVersion, checkNames, checkTwoPrimaries, readModule } from './validate.js';

const MODULE_PARAMETER = /^[A-Za-z0-9_]+=[A-Za-z0-9_.,:/-]*$/;

async function loadModule(context: DrbdContext, tools: Tools): Promise<void> {
  const parms = await tools.drbdadm(['sh-mod-parms'], { deadline: context.deadline.sub(5_000) });
  const words = parms.exitCode === 0 ? parms.stdout.split(/\s+/).filter((word) => word !== '') : [];
  const bad = words.find((word) => !MODULE_PARAMETER.test(word));
  if (bad !== undefined) throw new OcfError(OcfExit.ErrConfigured, `drbdadm sh-mod-parms printed an unexpected module parameter "${bad}"`);
  const result = await runCommand('modprobe', ['-s', 'drbd', ...words], { deadline: context.deadline.sub(30_000, 2_000), log: context.log });
  if (result.exitCode !== 0) throw new OcfError(OcfExit.ErrInstalled, `Cannot load the drbd module: ${describeFailure(result)}`);
}

/** Run drbdadm; on failure log it and return false. */
async function step(context: DrbdContext, tools: Tools, args: readonly string[]): Promise<boolean> {
  const result = await tools.drbdadm(args, { deadline: context.deadline.sub(60_000, 2_000) });
  if (result.exitCode === 0) return true;
  context.log.err(describeFailure(result));
  return false;
}

function wfcSeconds(context: DrbdContext): number | undefined {
  const raw = context.env.OCF_RESKEY_wfc_timeout ?? '5';
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

async function connect(context: DrbdContext, tools: Tools, state: DrbdResourceState): Promise<void> {
  if (!await step(context, tools, ['adjust', tools.resource])) {
    throw new OcfError(OcfExit.ErrGeneric, `could not configure the replication connection of ${tools.resource} (drbdadm adjust failed, see the log)`);
  }
  const wfc = wfcSeconds(context);
  if (wfc === undefined || wfc === 0) return;
  // Never wait past the start timeout: keep 3 s to read the state and set the score.
  const seconds = Math.min(wfc, Math.floor((context.deadline.remainingMs() - 3_000) / 1000));
  if (seconds < 1) return;
  const options = [`--wfc-timeout=${seconds}`, `--degr-wfc-timeout=${seconds}`, `--outdated-wfc-timeout=${seconds}`];
  const waits = state.source === 'events2'
    ? [['wait-connect-resource', tools.resource, ...options]]
    : state.volumes.map((volume) => ['wait-connect', `/dev/drbd${volume.minor ?? 0}`, ...options]);
  for (const args of waits) {
    const result = await tools.drbdsetup(args, { deadline: context.deadline.sub((seconds + 2) * 1000, 1_000) });
    if (result.exitCode !== 0) context.log.info(`${tools.resource}: not connected after ${seconds} s (${describeFailure(result)}); carrying on`);
  }
}

export async function start(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: true });
  const tools = drbdTools(context);
  const module = await readModule(context, tools);
  if (module.code === 0) throw new OcfError(OcfExit.ErrInstalled, 'DRBD kernel (module) not available? Install the drbd kernel module.');
  checkModuleVersion(context, module.code);
  checkCloneMeta(context, module.code >= 0x090000);
  await checkInConfiguration(tools);
  await checkTwoPrimaries(context, tools);
  if (!module.loaded) await loadModule(context, tools);

  let attachFailures = 0;
  for (;;) {
    if (context.deadline.remainingMs() < 1_000) {
      throw new OcfError(OcfExit.ErrGeneric, `${tools.resource} did not come up as Secondary within the start timeout`);
    }
    const read = await currentState(context, tools);
    if (read.kind !== 'state') throw new OcfError(OcfExit.ErrInstalled, `DRBD is not usable on this node: ${read.detail}`);
    const { state, derived } = read;
    if (derived.unconfigured) {
      const drbd9 = module.code >= 0x090000;
      const created = await step(context, tools, ['new-resource', tools.resource])
        && await step(context, tools, ['new-minor', tools.resource])
        && await step(context, tools, drbd9 ? ['adjust', '--skip-net', tools.resource] : ['attach', tools.resource]);
      if (!created && ++attachFailures >= 2) {
        throw new OcfError(OcfExit.ErrGeneric, `failed to attach the backing disk of ${tools.resource} (see the log for drbdadm's error)`);
      }
      continue;
    }
    const missingDisk = state.volumes.length === 0 || state.volumes.some((volume) => !volume.client && volume.disk === 'Diskless');
    if (missingDisk && attachFailures > 0) {
      // a previous attach failed: retry it once before connecting
      const drbd9 = module.code >= 0x090000;
      if (!await step(context, tools, drbd9 ? ['adjust', '--skip-net', tools.resource] : ['attach', tools.resource])) {
        throw new OcfError(OcfExit.ErrGeneric, `failed to attach the backing disk of ${tools.resource} (see the log for drbdadm's error)`);
      }
      attachFailures = 0;
      continue;
    }
    if (derived.primary) {
      context.log.warn(`${tools.resource} already Primary, demoting.`);
      await step(context, tools, ['secondary', tools.resource]);
      await context.deadline.sleep(200);
      continue;
    }
    if (!context.params.connect_only_after_promote) await connect(context, tools, state);
    break;
  }
  const after = await currentState(context, tools);
  if (after.kind !== 'state' || after.derived.unconfigured || after.derived.primary) {
    throw new OcfError(OcfExit.ErrGeneric, `${tools.resource} is not Secondary after start (${after.kind === 'state' ? describeState(after.state) : after.detail})`);
  }
  await updatePromotionScore(context, tools, after.derived);
  context.log.info(`${tools.resource} started: ${describeState(after.state)}`);
  return OcfExit.Success;
}
