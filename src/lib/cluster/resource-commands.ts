/**
 * Telling Pacemaker what to do with a resource or a node, through crm_resource and
 * crm_attribute: move, ban, clear, target-role, node standby. Each call is bounded by the
 * caller's deadline; a refusal is a PacemakerError whose kind says why. These only ask: the
 * caller waits for the cluster to act and checks the outcome.
 */
import { classifyToolFailure, runPacemakerTool, type PacemakerCall } from './pacemaker-tool.js';

/** Ids and node names as Pacemaker writes them; a value starting with '-' never reaches argv. */
const PACEMAKER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]*$/;

export function isPacemakerName(value: string): boolean {
  return PACEMAKER_NAME.test(value);
}

function checkName(value: string, what: string): void {
  if (!isPacemakerName(value)) throw new Error(`invalid ${what} "${value}": letters, digits and _ . : @ + - only, not starting with '-'`);
}

async function crmResource(args: readonly string[], what: string, call: PacemakerCall): Promise<void> {
  const result = await runPacemakerTool('crm_resource', args, call);
  if (result.exitCode !== 0) throw classifyToolFailure(result, what);
}

/** `crm_resource --move`: a cli-prefer constraint toward `node`, or without one a cli-ban from where it runs. */
export async function moveResource(resource: string, node: string | undefined, call: PacemakerCall): Promise<void> {
  checkName(resource, 'resource id');
  if (node !== undefined) checkName(node, 'node name');
  const target = node === undefined ? [] : ['--node', node];
  await crmResource(['--move', '--resource', resource, ...target], `cannot move ${resource}${node ? ` to ${node}` : ''}`, call);
}

/** `crm_resource --clear`: removes the cli-prefer / cli-ban constraints of the resource. */
export async function clearResourceConstraints(resource: string, call: PacemakerCall): Promise<void> {
  checkName(resource, 'resource id');
  await crmResource(['--clear', '--resource', resource], `cannot clear the move constraints of ${resource}`, call);
}

export async function setResourceMeta(resource: string, name: string, value: string, call: PacemakerCall): Promise<void> {
  checkName(resource, 'resource id');
  checkName(name, 'attribute name');
  checkName(value, 'attribute value');
  await crmResource(['--resource', resource, '--meta', '--set-parameter', name, '--parameter-value', value],
    `cannot set ${name}=${value} on ${resource}`, call);
}

/** Remove a meta attribute (absent is fine). */
export async function deleteResourceMeta(resource: string, name: string, call: PacemakerCall): Promise<void> {
  checkName(resource, 'resource id');
  checkName(name, 'attribute name');
  await crmResource(['--resource', resource, '--meta', '--delete-parameter', name], `cannot remove ${name} from ${resource}`, call);
}

/** Permanent node attribute standby=on|off (what `crm node standby` and `pcs node standby` set). */
export async function setNodeStandby(node: string, standby: boolean, call: PacemakerCall): Promise<void> {
  checkName(node, 'node name');
  const result = await runPacemakerTool('crm_attribute',
    ['--type', 'nodes', '--node', node, '--name', 'standby', '--update', standby ? 'on' : 'off'], call);
  if (result.exitCode !== 0) throw classifyToolFailure(result, `cannot put ${node} ${standby ? 'in standby' : 'online'}`);
}
