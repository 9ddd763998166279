/**
 * The Dom0 cluster as seen from this node: crm_mon's status plus this node's name. Concurrent
 * requests share readings, but every caller gets one that started after it asked, so a burst
 * of 50 requests costs a few crm_mon runs, not 50, and none is answered from stale state.
 */
import { readClusterStatus, type ClusterStatus } from '../../lib/cluster/cluster-status.js';
import { readLocalNodeName } from '../../lib/cluster/local-node.js';
import { isClusterNotRunning, type PacemakerCall } from '../../lib/cluster/pacemaker-tool.js';
import { Deadline, type Logger } from '../../lib/runtime/index.js';

export type ClusterSnapshot =
  | { readonly kind: 'ok'; readonly status: ClusterStatus; readonly localNode: string }
  /** Pacemaker is not running on this node (or crm_node cannot name it). */
  | { readonly kind: 'unavailable'; readonly detail: string }
  /** It runs, but its status could not be read completely (a failure, a timeout, garbage). */
  | { readonly kind: 'failed'; readonly detail: string };

const READ_LIMIT_MS = 10_000;

export type SnapshotReader = () => Promise<ClusterSnapshot>;

/** One reading: crm_mon and (unless already known) crm_node, side by side. Never throws. */
export async function readClusterSnapshot(call: PacemakerCall, knownLocalNode?: string): Promise<ClusterSnapshot> {
  const [reading, name] = await Promise.all([
    readClusterStatus(call).then(
      (status) => ({ kind: 'ok' as const, status }),
      (error: unknown) => ({
        kind: isClusterNotRunning(error) ? 'unavailable' as const : 'failed' as const,
        detail: error instanceof Error ? error.message : String(error),
      }),
    ),
    knownLocalNode ?? readLocalNodeName(call),
  ]);
  if (reading.kind !== 'ok') return reading;
  if (name === undefined) return { kind: 'unavailable', detail: 'crm_node --name does not name this node' };
  return { kind: 'ok', status: reading.status, localNode: name };
}

export class ClusterView {
  private inFlight: Promise<ClusterSnapshot> | undefined;
  private queued: Promise<ClusterSnapshot> | undefined;
  private localNode: string | undefined;

  constructor(private readonly log: Logger, private readonly reader?: SnapshotReader) {}

  read(): Promise<ClusterSnapshot> {
    if (this.queued) return this.queued;
    if (this.inFlight) {
      const current = this.inFlight.then(() => undefined, () => undefined);
      this.queued = current.then(() => {
        this.queued = undefined;
        return this.start();
      });
      return this.queued;
    }
    return this.start();
  }

  private start(): Promise<ClusterSnapshot> {
    const reading = (this.reader ?? (() => this.fetch()))().finally(() => {
      if (this.inFlight === reading) this.inFlight = undefined;
    });
    this.inFlight = reading;
    return reading;
  }

  private async fetch(): Promise<ClusterSnapshot> {
    const snapshot = await readClusterSnapshot({ deadline: new Deadline(READ_LIMIT_MS), log: this.log }, this.localNode);
    if (snapshot.kind === 'ok') this.localNode = snapshot.localNode;
    return snapshot;
  }
}
