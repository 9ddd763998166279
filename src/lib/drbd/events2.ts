/**
 * `drbdsetup events2 --now [RES]` (DRBD 9): the initial-state `exists` lines as
 * drbd-utils' drbdsetup_events2.c prints them, up to the `exists -` line.
 * A resource that is not configured has no `exists resource` line.
 */
import { unconfiguredState, type DrbdResourceState, type LocalVolume, type Peer, type PeerVolume } from './status.js';

export class DrbdOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrbdOutputError';
  }
}

type Fields = Map<string, string>;

function fieldsOf(words: readonly string[]): Fields {
  const fields = new Map<string, string>();
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon > 0) fields.set(word.slice(0, colon), word.slice(colon + 1));
  }
  return fields;
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

interface MutablePeer {
  nodeId: number | undefined;
  name: string | undefined;
  connection: string;
  role: string;
  volumes: PeerVolume[];
}

/**
 * The state of `resource` from events2 output. Output that does not end with
 * `exists -` is incomplete and an error, never "down".
 */
export function parseEvents2(output: string, resource: string): DrbdResourceState {
  let complete = false;
  let found = false;
  let role: DrbdResourceState['role'] = 'Unknown';
  let suspended = 'no';
  const volumes: LocalVolume[] = [];
  const peers = new Map<number, MutablePeer>();
  const peerFor = (fields: Fields): MutablePeer => {
    const nodeId = integer(fields.get('peer-node-id')) ?? -1;
    let peer = peers.get(nodeId);
    if (!peer) {
      peer = { nodeId: nodeId < 0 ? undefined : nodeId, name: fields.get('conn-name'), connection: 'StandAlone', role: 'Unknown', volumes: [] };
      peers.set(nodeId, peer);
    }
    return peer;
  };
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'exists') continue;
    if (words[1] === '-') { complete = true; break; }
    const fields = fieldsOf(words.slice(2));
    if (fields.get('name') !== resource) continue;
    switch (words[1]) {
      case 'resource': {
        found = true;
        const value = fields.get('role');
        role = value === 'Primary' || value === 'Secondary' ? value : 'Unknown';
        suspended = fields.get('suspended') ?? 'no';
        break;
      }
      case 'connection': {
        const peer = peerFor(fields);
        peer.connection = fields.get('connection') ?? 'Unknown';
        peer.role = fields.get('role') ?? 'Unknown';
        break;
      }
      case 'device':
        volumes.push({
          volume: integer(fields.get('volume')) ?? 0,
          minor: integer(fields.get('minor')),
          disk: fields.get('disk') ?? 'Unknown',
          client: fields.get('client') === 'yes',
          quorum: fields.get('quorum') !== 'no',
        });
        break;
      case 'peer-device':
        peerFor(fields).volumes.push({
          volume: integer(fields.get('volume')) ?? 0,
          disk: fields.get('peer-disk') ?? 'DUnknown',
          client: fields.get('peer-client') === 'yes',
          replication: fields.get('replication'),
        });
        break;
      default:
        break;
    }
  }
  if (!complete) throw new DrbdOutputError('drbdsetup events2 --now output ended before its "exists -" line');
  if (!found) return unconfiguredState(resource, 'events2');
  return { resource, configured: true, role, suspended, volumes, peers: [...peers.values()], source: 'events2' };
}
