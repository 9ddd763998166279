/** This node's name in the cluster, as Pacemaker knows it (`crm_node --name`). */
import { runPacemakerTool, type PacemakerCall } from './pacemaker-tool.js';

/** The name, or undefined when crm_node fails or answers something that is not one name. */
export async function readLocalNodeName(call: PacemakerCall): Promise<string | undefined> {
  const result = await runPacemakerTool('crm_node', ['--name'], call);
  const name = result.stdout.trim();
  return result.exitCode === 0 && /^\S+$/.test(name) ? name : undefined;
}
