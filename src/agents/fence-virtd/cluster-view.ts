/**
 * The Dom0 cluster as seen from this node: crm_mon's status plus this node's name. Concurrent
 * requests share readings, but every caller gets one that started after it asked, so a burst
 * of 50 requests costs a few crm_mon runs, not 50, and none is answered from stale state.
 */
import { readClusterStatus, readLocalNodeName, type ClusterStatus } from '../../lib/cluster/crm-mon-reading.js';
import { Deadline, type Logger } from '../../lib/runtime/index.js';

export type ClusterSnapshot =
  | { readonly kind: 'ok'; readonly status: ClusterStatus; readonly localNode: string }
  | { readonly kind: 'unavailable'; readonly detail: string };

const READ_LIMIT_MS = 10_000;

export type SnapshotReader = () => Promise<ClusterSnapshot>;

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
    const deadline = new Deadline(READ_LIMIT_MS);
    const [reading, name] = await Promise.all([
      readClusterStatus({ deadline, log: this.log }),
      this.localNode === undefined ? readLocalNodeName({ deadline, log: this.log }) : Promise.resolve(this.localNode),
    ]);
    if (reading.kind !== 'ok') return { kind: 'unavailable', detail: reading.detail };
    if (name === undefined) return { kind: 'unavailable', detail: 'crm_node --name does not name this node' };
    this.localNode = name;
    return { kind: 'ok', status: reading.status, localNode: name };
  }
}
