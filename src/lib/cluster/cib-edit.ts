/**
 * Removing exact elements from the CIB with cibadmin: the element is named by tag, id and the
 * attribute values it was read with, so that a concurrent change to it (another value, another
 * resource) makes the delete miss rather than remove something else. CIB_file is honoured.
 */
import { classifyToolFailure, CrmExit, PacemakerError, runPacemakerTool, type PacemakerCall } from './pacemaker-tool.js';

/** XML names and ids as Pacemaker accepts them; anything else never reaches an XPath. */
const SAFE_VALUE = /^[A-Za-z0-9_.:@+-][A-Za-z0-9_.:@+ -]*$/;

function xpathLiteral(value: string): string {
  if (!SAFE_VALUE.test(value) || value.includes("'")) {
    throw new PacemakerError('failed', `refusing to edit the CIB element with id/value "${value}": unexpected characters`);
  }
  return `'${value}'`;
}

/** `//TAG[@id='ID' and @k='v'…]` */
export function exactElementXpath(tag: 'rsc_location' | 'nvpair', id: string, attributes: Readonly<Record<string, string>>): string {
  const conditions = [`@id=${xpathLiteral(id)}`, ...Object.entries(attributes).map(([key, value]) => `@${key}=${xpathLiteral(value)}`)];
  return `//${tag}[${conditions.join(' and ')}]`;
}

/**
 * Delete the element `xpath` matches. cibadmin 2.1 exits 0 also when nothing matched, so the
 * caller confirms the outcome by reading the CIB again.
 */
export async function deleteCibElement(xpath: string, what: string, call: PacemakerCall): Promise<void> {
  const result = await runPacemakerTool('cibadmin', ['--delete', '--xpath', xpath], call);
  if (result.exitCode === 0 || result.exitCode === CrmExit.noSuch) return;
  throw classifyToolFailure(result, `cannot remove ${what} from the CIB`);
}
