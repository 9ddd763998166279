/**
 * fence-peer and unfence-peer: the decisions of crm-fence-peer.9.sh (DRBD 9 callers,
 * UP_TO_DATE_NODES) and crm-fence-peer.sh (8.x callers, DRBD_PEER), with the upstream
 * fixes: "Promoted" where the CIB schema has it, unfence only when the owner matches
 * (with --unfence-only-if-owner-match), and never an empty constraint.
 */
import { hostname } from 'node:os';
import { describeFailure, runCommand, type CommandResult } from '../../lib/exec/index.js';
import {
  constraintId, constraintRejects, effectiveIdPrefix, renderConstraint, sameConstraint,
  type AllowedNode, type ConstraintSpec, type ExistingConstraint,
} from '../../lib/drbd/fence-constraint.js';
import { readDrbdState, type ReadState } from '../../lib/drbd/read-state.js';
import type { Deadline, Logger } from '../../lib/runtime/index.js';
import { defaultRole, parseCib, type CibView } from './cib.js';
import type { DrbdHandlerEnv, HandlerOptions } from './options.js';

/** DRBD's reading of a fence-peer handler's exit code. */
export enum FenceExit {
  Error = 1,
  PeerAlreadyOutdated = 3,
  PeerOutdated = 4,
  PeerUnreachable = 5,
  OutdateMyself = 6,
  PeerFenced = 7,
}

export interface HandlerContext {
  readonly options: HandlerOptions;
  readonly drbd: DrbdHandlerEnv;
  readonly deadline: Deadline;
  readonly log: Logger;
  /** This node's name as Pacemaker and DRBD know it (uname -n). */
  readonly me: string;
}

export class HandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerError';
  }
}

function say(context: HandlerContext, message: string): void {
  if (!context.options.quiet) context.log.info(message);
}

async function cibadmin(context: HandlerContext, args: readonly string[]): Promise<CommandResult> {
  return runCommand('cibadmin', args, { deadline: context.deadline.sub(context.options.dcTimeoutS * 1000, 500), log: context.log });
}

/** The CIB, retried (1 s, growing) until --dc-timeout. */
async function readCib(context: HandlerContext): Promise<CibView> {
  const until = context.deadline.sub(context.options.dcTimeoutS * 1000);
  let pause = 1000;
  let last = '';
  for (;;) {
    const result = await runCommand('cibadmin', ['-Ql'], { deadline: until.sub(10_000), log: context.log });
    if (result.exitCode === 0) return parseCib(result.stdout);
    last = describeFailure(result);
    if (until.remainingMs() <= pause || !await until.sleep(pause)) break;
    pause = Math.round(pause * 1.25);
  }
  throw new HandlerError(`cannot read the CIB: ${last}`);
}

async function localState(context: HandlerContext): Promise<ReadState> {
  return readDrbdState(context.options.resource, (args) => runCommand('drbdsetup', args, { deadline: context.deadline.sub(15_000, 500), log: context.log }));
}

/** The nodes allowed to stay promotable, and the ones to exclude. */
function nodeLists(context: HandlerContext): { include: { id: number | undefined; name: string }[]; exclude: string[] } {
  const { drbd, me } = context;
  if (drbd.upToDateNodes === undefined) {
    return { include: [{ id: undefined, name: me }], exclude: drbd.peer ? [drbd.peer] : [] };
  }
  if (drbd.myNodeId === undefined) throw new HandlerError('Unexpected input, DRBD_MY_NODE_ID should be a decimal number');
  if ((drbd.upToDateNodes & (1n << BigInt(drbd.myNodeId))) === 0n) {
    throw new HandlerError(`I (${drbd.myNodeId}) am not a member of the UP_TO_DATE_NODES set myself.`);
  }
  const mine = drbd.nodeNames.get(drbd.myNodeId);
  if (mine !== undefined && mine !== me) context.log.warn(`My node id (${drbd.myNodeId}) does not resolve to my hostname (${me}) but to ${mine}`);
  const include: { id: number | undefined; name: string }[] = [];
  const exclude: string[] = [];
  for (const [id, name] of [...drbd.nodeNames.entries()].sort((a, b) => a[0] - b[0])) {
    if ((drbd.upToDateNodes & (1n << BigInt(id))) !== 0n) include.push({ id, name });
    else exclude.push(name);
  }
  return { include, exclude };
}

async function allowedNodes(context: HandlerContext, include: readonly { id: number | undefined; name: string }[]): Promise<AllowedNode[]> {
  const attribute = context.options.fencingAttribute;
  const nodes: AllowedNode[] = [];
  for (const node of include) {
    if (attribute === '#uname') { nodes.push({ nodeId: node.id, attribute, value: node.name }); continue; }
    const result = await runCommand('crm_attribute', ['-Q', '-t', 'nodes', '-N', node.name, '-n', attribute],
      { deadline: context.deadline.sub(10_000, 500), log: context.log });
    const value = result.stdout.trim();
    nodes.push(result.exitCode === 0 && value !== ''
      ? { nodeId: node.id, attribute, value }
      : { nodeId: node.id, attribute: '#uname', value: node.name });
  }
  return nodes;
}

interface Plan {
  readonly cib: CibView;
  readonly spec: ConstraintSpec;
  readonly existing: ExistingConstraint | undefined;
  readonly exclude: readonly string[];
  readonly myAttributes: ReadonlyMap<string, string>;
}

async function plan(context: HandlerContext): Promise<Plan> {
  const cib = await readCib(context);
  const { options } = context;
  const masterId = options.masterId ?? cib.masterIdFor(options.resource);
  if (masterId === undefined) throw new HandlerError(`drbd-fencing could not determine the master id of drbd resource ${options.resource}`);
  const idPrefix = effectiveIdPrefix(options.idPrefix, options.resource);
  const { include, exclude } = nodeLists(context);
  const allowed = await allowedNodes(context, include);
  const mine = allowed.find((node) => node.value === context.me || node.nodeId === context.drbd.myNodeId);
  const myAttributes = new Map<string, string>([['#uname', context.me]]);
  if (mine) myAttributes.set(mine.attribute, mine.value);
  return {
    cib,
    spec: { idPrefix, masterId, role: options.role ?? defaultRole(cib.validateWith), allowed },
    existing: cib.constraint(constraintId(idPrefix, masterId)),
    exclude,
    myAttributes,
  };
}

/** Create (or replace) the constraint, retrying until --timeout. */
async function writeConstraint(context: HandlerContext, spec: ConstraintSpec, replace: boolean): Promise<void> {
  if (spec.allowed.length === 0) throw new HandlerError('refusing to write a fencing constraint that allows no node');
  const xml = renderConstraint(spec);
  const until = context.deadline.sub(context.options.timeoutS * 1000);
  let last = '';
  for (;;) {
    const result = await cibadmin(context, [replace ? '--replace' : '--create', '-o', 'constraints', '-X', xml]);
    if (result.exitCode === 0) return;
    last = describeFailure(result);
    // "already exists" on create: someone raced us; replacing is what we want now
    if (!replace && /exists/i.test(result.stderr)) replace = true;
    if (until.remainingMs() < 1500 || !await until.sleep(1000)) break;
  }
  throw new HandlerError(`could not place the constraint: ${last}`);
}

async function removeConstraint(context: HandlerContext, spec: ConstraintSpec): Promise<boolean> {
  const id = constraintId(spec.idPrefix, spec.masterId);
  const xml = `<rsc_location rsc="${spec.masterId.replace(/"/g, '&quot;')}" id="${id.replace(/"/g, '&quot;')}"/>`;
  const result = await cibadmin(context, ['-D', '-X', xml]);
  if (result.exitCode === 0) return true;
  context.log.warn(`could not remove the constraint ${id}: ${describeFailure(result)}`);
  return false;
}

type PeerReachability = 'reachable' | 'fenced' | 'unreachable' | 'unknown';

function peerReachability(context: HandlerContext, cib: CibView, peers: readonly string[]): PeerReachability {
  if (peers.length === 0) return 'unknown';
  const states = peers.map((peer) => cib.nodeState(peer));
  if (states.every((state) => state?.crmdOnline && state.inCcm && state.join !== 'banned')) return 'reachable';
  if (states.every((state) => state !== undefined && !state.crmdOnline && (!state.inCcm || (!cib.stonithEnabled())) && state.expected === 'down')) {
    return 'fenced';
  }
  if (states.some((state) => state === undefined)) return 'unknown';
  return 'unreachable';
}

export async function fencePeer(context: HandlerContext): Promise<FenceExit> {
  const p = await plan(context);
  const state = await localState(context);
  if (state.kind !== 'state' || state.derived.unconfigured) {
    throw new HandlerError(`DRBD resource ${context.options.resource} is not configured on this node`);
  }
  if (context.drbd.upToDateNodes !== undefined && !p.cib.haveQuorum) {
    context.log.warn("I don't have quorum; did not place the constraint!");
    return FenceExit.Error;
  }
  if (p.existing) {
    if (sameConstraint(p.existing, p.spec)) {
      say(context, `suitable constraint already placed: '${p.existing.id}'`);
      return FenceExit.PeerOutdated;
    }
    if (constraintRejects(p.existing, p.myAttributes)) {
      context.log.warn(`constraint already exists, and rejects me: ${p.existing.id}`);
      context.log.warn('DATA INTEGRITY at RISK: could not place the fencing constraint!');
      return FenceExit.Error;
    }
  }
  if (state.derived.peerDisksAllUpToDate) {
    context.log.warn('All peer disks are UpToDate! Did not place the constraint.');
    return FenceExit.Error;
  }
  const reach = peerReachability(context, p.cib, p.exclude);
  const disks = state.derived;
  let exit: FenceExit;
  if (reach === 'reachable' && (disks.diskAllUpToDate || disks.diskAllConsistent)) exit = FenceExit.PeerOutdated;
  else if (reach === 'fenced' && disks.diskAllUpToDate) exit = FenceExit.PeerFenced;
  else if (disks.diskAllUpToDate || (reach === 'unreachable' && context.options.unreachablePeerIsOutdated && disks.diskAllConsistent)) {
    exit = FenceExit.PeerUnreachable;
  } else {
    context.log.warn(`did not place the constraint: peer ${reach}, my disk is not UpToDate`);
    return FenceExit.PeerUnreachable;
  }
  await writeConstraint(context, p.spec, p.existing !== undefined);
  say(context, `placed constraint '${constraintId(p.spec.idPrefix, p.spec.masterId)}' (peer ${reach})`);
  if (exit === FenceExit.PeerOutdated || exit === FenceExit.PeerFenced) {
    const again = await localState(context);
    if (again.kind === 'state' && again.derived.peerDisksAllUpToDate) {
      context.log.warn('All peer disks are UpToDate (again), trying to remove the constraint again.');
      if (await removeConstraint(context, p.spec)) return FenceExit.Error;
    }
  }
  return exit;
}

/** 0 when nothing is left to do or the constraint was removed or relaxed; 1 otherwise. */
export async function unfencePeer(context: HandlerContext): Promise<number> {
  const p = await plan(context);
  if (!p.existing) {
    if (context.drbd.upToDateNodes !== undefined && p.exclude.length > 0) {
      context.log.warn(`No constraint in place, called for unfence, but (${p.exclude.join(' ')}) still supposed to be excluded. Weird.`);
    } else {
      say(context, 'No constraint in place, nothing to do.');
    }
    return 0;
  }
  if (context.options.unfenceOnlyIfOwnerMatch && constraintRejects(p.existing, p.myAttributes)) {
    context.log.warn('Constraint owner does not match, leaving constraint in place.');
    return 0;
  }
  const state = await localState(context);
  if (state.kind !== 'state' || state.derived.unconfigured) throw new HandlerError(`DRBD resource ${context.options.resource} is not configured on this node`);
  if (state.derived.diskAllUpToDate && state.derived.peerDisksAllUpToDate) {
    if (!await removeConstraint(context, p.spec)) return 1;
    say(context, `Removed constraint '${p.existing.id}'`);
    return 0;
  }
  if (context.drbd.upToDateNodes === undefined) {
    context.log.warn(`${state.derived.diskAllUpToDate ? "Peer's" : 'My'} disk(s) are NOT all UpToDate, leaving constraint in place.`);
    return 1;
  }
  if (sameConstraint(p.existing, p.spec)) {
    say(context, 'expected constraint still in place, nothing to do');
    return 0;
  }
  // only some peers synced up: allow those, not all yet (never an empty constraint)
  await writeConstraint(context, p.spec, true);
  return 0;
}

/** `uname -n`, as the reference scripts use (and as DRBD names the node); hostname() if that fails. */
export async function localNodeName(deadline: Deadline): Promise<string> {
  const result = await runCommand('uname', ['-n'], { deadline: deadline.sub(5_000) });
  const name = result.stdout.trim();
  return result.exitCode === 0 && name !== '' ? name : hostname();
}
