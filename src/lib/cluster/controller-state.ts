/**
 * Whether the cluster is busy: the DC's controller state (`crmadmin --status=DC --output-as=xml`).
 * S_IDLE means no transition is being computed or carried out; S_POLICY_ENGINE and
 * S_TRANSITION_ENGINE mean one is (Pacemaker's controller FSM, daemons/controld/controld_fsa.h).
 */
import { childNamed } from './pacemaker-xml.js';
import { PacemakerError, queryPacemakerXml, type PacemakerCall } from './pacemaker-tool.js';
import { isPacemakerName } from './resource-commands.js';

export type ControllerState = string;

export const IDLE_STATE = 'S_IDLE';

/** The controller state of `node` (the DC's is the cluster's). */
export async function readControllerState(node: string, call: PacemakerCall): Promise<ControllerState> {
  if (!isPacemakerName(node)) throw new PacemakerError('failed', `invalid node name "${node}"`);
  const root = await queryPacemakerXml('crmadmin', ['--status', node], `cannot ask the controller of ${node} for its state`, call);
  const state = childNamed(root, 'crmd')?.attributes.state;
  if (state === undefined || state === '') throw new PacemakerError('failed', `crmadmin --status ${node} answered without a state`);
  return state;
}
