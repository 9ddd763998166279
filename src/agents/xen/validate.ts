/**
 * validate-all (after the core's checks of every value): the toolstack, the config file, the
 * domain name and the monitor scripts. Also reload: the new parameters apply from the next action.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { monitorScriptList, unrunnableScripts } from './monitor-scripts.js';
import { configFileExists, findToolstack, requireToolstack, resolveDomain, type XenContext } from './session.js';
import { describeStatus } from './xen-host.js';

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

/**
 * reload (Pacemaker's legacy reload: it is called for a change of any parameter but those
 * marked unique, and xmfile and name are unique="0", as in ocf:heartbeat:Xen). The other
 * parameters apply from the next action. xmfile and name say which domain the resource is: a
 * change that makes it mean a domain that is not running here would leave the old domain
 * running outside the cluster's control, so reload refuses it and Pacemaker restarts the
 * resource instead (its stop uses the parameters the domain was started with).
 */
export async function reload(context: XenContext): Promise<OcfExit> {
  const domain = resolveDomain(context, false).name;
  const finding = findToolstack(context, true);
  if (finding.host === undefined) {
    throw new OcfError(OcfExit.ErrGeneric, `cannot reload: ${finding.missing ?? 'no Xen toolstack found'}, so the domain cannot be checked`);
  }
  const status = await finding.host.domainStatus(domain, context.deadline);
  if (status.kind !== 'present' || (status.condition !== 'running' && status.condition !== 'paused')) {
    throw new OcfError(OcfExit.ErrGeneric,
      `refusing to reload: domain ${domain}, which the new parameters name (xmfile ${context.params.xmfile}`
      + `${context.given.name === undefined ? '' : `, name ${context.params.name}`}), is ${describeStatus(status)} here; `
      + 'xmfile or name changed the domain this resource manages, which needs a restart (Pacemaker stops the old domain and starts the new one)');
  }
  context.log.info(`Xen domain ${domain}: parameters reloaded; they apply from the next action`);
  return OcfExit.Success;
}
