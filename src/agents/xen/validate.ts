/**
 * validate-all (after the core's checks of every value): the toolstack, the config file, the
 * domain name and the monitor scripts. Also reload: the new parameters apply from the next action.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { monitorScriptList, unrunnableScripts } from './monitor-scripts.js';
import { configFileExists, requireToolstack, resolveDomain, type XenContext } from './session.js';

export async function validate(context: XenContext): Promise<void> {
  const { params } = context;
  requireToolstack(context);
  if (!configFileExists(params.xmfile)) {
    throw new OcfError(OcfExit.ErrInstalled, `parameter "xmfile": config file ${params.xmfile} does not exist`);
  }
  resolveDomain(context, true);
  const broken = unrunnableScripts(monitorScriptList(params.monitor_scripts), context.env.PATH);
  if (broken.length > 0) {
    throw new OcfError(OcfExit.ErrInstalled, `parameter "monitor_scripts": cannot run ${broken.join(', ')} (missing or not executable)`);
  }
}

export async function reload(context: XenContext): Promise<OcfExit> {
  const domain = resolveDomain(context, false).name;
  context.log.info(`Xen domain ${domain}: parameters reloaded; they apply from the next action`);
  return OcfExit.Success;
}
