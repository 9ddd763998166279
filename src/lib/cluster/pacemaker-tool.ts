/**
 * Running Pacemaker's command-line tools (crm_mon, crm_resource, crm_attribute, cibadmin,
 * crmadmin) with a deadline, and telling their failures apart by exit code (crm_exit_t) and
 * by the <status> element of their XML output, never by their English. CIB_file in our
 * environment reaches them unchanged: they then read and edit that file instead of the live CIB.
 */
import { describeFailure, runCommand, type CommandOptions, type CommandResult } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';
import { childNamed, parsePacemakerXml, type XmlElement } from './pacemaker-xml.js';

export type RunTool = (command: string, args: readonly string[], options: CommandOptions) => Promise<CommandResult>;

export interface PacemakerCall {
  readonly deadline: Deadline;
  readonly log?: { debug(message: string): void };
  /** For tests; default runCommand. */
  readonly run?: RunTool;
}

/** What went wrong, so that a caller can pick its exit code. */
export type PacemakerFailureKind =
  /** The tool cannot be run (not installed). */
  | 'missing'
  /** The cluster is not running here, or the CIB file cannot be read. */
  | 'not-connected'
  /** No such resource, node or object. */
  | 'no-such'
  | 'timeout'
  /** Pacemaker refused (invalid request, permission, a conflicting change…). */
  | 'failed';

export class PacemakerError extends Error {
  constructor(readonly kind: PacemakerFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PacemakerError';
  }
}

/**
 * Whether `error` says the cluster is not running on this node (or the CIB cannot be reached),
 * as opposed to a cluster that runs but whose answer failed, timed out or was incomplete.
 */
export function isClusterNotRunning(error: unknown): error is PacemakerError {
  return error instanceof PacemakerError && error.kind === 'not-connected';
}

/** crm_exit_t values (include/crm/common/results.h). */
export const CrmExit = {
  ok: 0,
  usage: 64,
  unavailable: 69,
  noPermission: 77,
  notConnected: 102,
  noSuch: 105,
  unsafe: 107,
  exists: 108,
  multiple: 109,
  expired: 110,
  timeout: 124,
} as const;

/** Run `tool args…`; the raw result (never throws for a non-zero exit). */
export async function runPacemakerTool(tool: string, args: readonly string[], call: PacemakerCall): Promise<CommandResult> {
  const run = call.run ?? runCommand;
  return run(tool, args, { deadline: call.deadline, log: call.log, killGraceMs: 200 });
}

/** The error a failed run stands for. */
export function classifyToolFailure(result: CommandResult, what: string, xmlStatus?: ToolStatus): PacemakerError {
  const detail = xmlStatus?.errors.length ? `${result.commandLine}: ${xmlStatus.errors.join(' / ')}` : describeFailure(result);
  if (result.startError !== undefined) return new PacemakerError('missing', `${what}: ${detail}; is Pacemaker (pacemaker-cli-utils) installed?`);
  if (result.timedOut || result.exitCode === CrmExit.timeout) return new PacemakerError('timeout', `${what}: ${detail}`);
  const code = xmlStatus?.code ?? result.exitCode;
  if (code === CrmExit.notConnected || code === CrmExit.unavailable) {
    return new PacemakerError('not-connected', `${what}: the cluster is not reachable from here; is Pacemaker running on this node (or CIB_file set to a readable CIB)? (${detail})`);
  }
  if (code === CrmExit.noSuch) return new PacemakerError('no-such', `${what}: ${detail}`);
  return new PacemakerError('failed', `${what}: ${detail}`);
}

/** The <status code message> element of a --output-as=xml answer, with its <error> lines. */
export interface ToolStatus {
  readonly code: number | undefined;
  readonly message: string;
  readonly errors: readonly string[];
}

/** `root`'s <status> element; `xml` is the text it was parsed from (for the <error> lines). */
export function readToolStatus(root: XmlElement, xml: string): ToolStatus | undefined {
  const status = childNamed(root, 'status');
  if (status === undefined) return undefined;
  const code = /^\d+$/.test(status.attributes.code ?? '') ? Number(status.attributes.code) : undefined;
  return { code, message: status.attributes.message ?? '', errors: errorTexts(xml) };
}

/**
 * Run a tool with --output-as=xml and return its <pacemaker-result> element. A non-zero exit,
 * a status code other than 0, or <error> lines in a "successful" answer (crm_mon exits 0 when it
 * cannot read CIB_file) are errors: an answer that may be incomplete is never used.
 */
export async function queryPacemakerXml(tool: string, args: readonly string[], what: string, call: PacemakerCall): Promise<XmlElement> {
  const result = await runPacemakerTool(tool, [...args, '--output-as=xml'], call);
  let root: XmlElement | undefined;
  if (result.stdout.trim().startsWith('<')) {
    try {
      root = await parsePacemakerXml(result.stdout, `${what} (${result.commandLine})`);
    } catch (error) {
      if (result.exitCode === 0) throw new PacemakerError('failed', (error as Error).message, { cause: error });
    }
  }
  const status = root ? readToolStatus(root, result.stdout) : undefined;
  if (result.exitCode !== 0 || root === undefined || (status?.code ?? 0) !== 0) {
    throw classifyToolFailure(result, what, status);
  }
  const xmlErrors = status?.errors ?? [];
  if (xmlErrors.length > 0) {
    const notConnected = xmlErrors.some((line) => /connect|No such device|Transport endpoint/i.test(line));
    throw new PacemakerError(notConnected ? 'not-connected' : 'failed',
      `${what}: ${result.commandLine} answered with errors: ${xmlErrors.join(' / ')}`);
  }
  return root;
}

/** The text of every <error> element of an answer (the tree keeps no text, so read it from the source). */
export function errorTexts(xml: string): string[] {
  const texts: string[] = [];
  for (const match of xml.matchAll(/<error>([\s\S]*?)<\/error>/g)) {
    texts.push(decodeEntities(match[1]).replace(/\s+/g, ' ').trim());
  }
  return texts;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
