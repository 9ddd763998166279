/**
 * What the agent needs to know about one DRBD resource on this node, read from
 * `drbdsetup events2 --now` (DRBD 9) or `drbdsetup sh-status` (8.4), and the facts
 * derived from it the way ocf:linbit:drbd derives them (drbd.shellfuncs.sh).
 */

/** One local volume. `client` is an intentionally diskless DRBD 9 client. */
export interface LocalVolume {
  readonly volume: number;
  readonly minor: number | undefined;
  readonly disk: string;
  readonly client: boolean;
  readonly quorum: boolean;
}

/** One volume of one peer as this node sees it. */
export interface PeerVolume {
  readonly volume: number;
  readonly disk: string;
  readonly client: boolean;
  readonly replication: string | undefined;
}

export interface Peer {
  /** DRBD 9 peer-node-id; 8.4 has a single peer, id undefined. */
  readonly nodeId: number | undefined;
  /** conn-name (the peer's host name in DRBD's configuration), if known. */
  readonly name: string | undefined;
  readonly connection: string;
  readonly role: string;
  readonly volumes: readonly PeerVolume[];
}

export interface DrbdResourceState {
  readonly resource: string;
  /** The resource exists in the kernel (configured). */
  readonly configured: boolean;
  readonly role: 'Primary' | 'Secondary' | 'Unknown';
  readonly suspended: string;
  readonly volumes: readonly LocalVolume[];
  readonly peers: readonly Peer[];
  readonly source: 'events2' | 'sh-status';
}

export function unconfiguredState(resource: string, source: DrbdResourceState['source']): DrbdResourceState {
  return { resource, configured: false, role: 'Unknown', suspended: 'no', volumes: [], peers: [], source };
}

const NOT_CONSISTENT = new Set(['Diskless', 'Failed', 'Inconsistent', 'Outdated', 'Detaching']);
const TRANSITIONAL = new Set(['Attaching', 'Negotiating']);

/** The derived flags drbd_update_master_score works from. */
export interface DerivedState {
  readonly primary: boolean;
  readonly unconfigured: boolean;
  readonly somePeerPrimary: boolean;
  readonly haveQuorum: boolean;
  readonly disklessClient: boolean;
  readonly diskAllUpToDate: boolean;
  readonly diskAllConsistent: boolean;
  readonly diskTransitional: boolean;
  /** Some peer has every volume UpToDate. */
  readonly somePeerAllUpToDate: boolean;
  /** Every (disk-having) peer is known and UpToDate on every volume. */
  readonly peerDisksAllUpToDate: boolean;
  /** Some peer's disk state is unknown (DUnknown, or volumes missing). */
  readonly peerDiskAnyUnknown: boolean;
  /** The local disks cannot serve data and no connected peer has UpToDate data. */
  readonly noAccessToUpToDateData: boolean;
}

export function deriveState(state: DrbdResourceState): DerivedState {
  const volumes = state.volumes;
  const disklessClient = volumes.length > 0 && volumes.every((volume) => volume.client);
  const disks = volumes.filter((volume) => !volume.client).map((volume) => volume.disk);
  const diskAllUpToDate = disks.length > 0 && disks.every((disk) => disk === 'UpToDate');
  const diskAllConsistent = disks.length > 0 && disks.every((disk) => !NOT_CONSISTENT.has(disk) && !TRANSITIONAL.has(disk));
  const diskTransitional = disks.some((disk) => TRANSITIONAL.has(disk));

  let somePeerAllUpToDate = false;
  let somePeerNotAllUpToDate = false;
  let peerDiskAnyUnknown = false;
  const volumeCount = Math.max(volumes.length, 1);
  for (const peer of state.peers) {
    if (peer.volumes.length > 0 && peer.volumes.every((volume) => volume.client)) continue;
    const known = peer.volumes.filter((volume) => volume.disk !== 'DUnknown' && volume.disk !== '').length;
    const upToDate = peer.volumes.filter((volume) => volume.disk === 'UpToDate').length;
    if (known < volumeCount) peerDiskAnyUnknown = true;
    if (upToDate >= volumeCount) somePeerAllUpToDate = true;
    else somePeerNotAllUpToDate = true;
  }
  const connectedPeerHasData = state.peers.some((peer) => peer.connection === 'Connected'
    && peer.volumes.length > 0 && peer.volumes.every((volume) => volume.disk === 'UpToDate'));
  return {
    primary: state.configured && state.role === 'Primary',
    unconfigured: !state.configured || (state.role !== 'Primary' && state.role !== 'Secondary'),
    somePeerPrimary: state.peers.some((peer) => peer.role === 'Primary'),
    haveQuorum: volumes.every((volume) => volume.quorum),
    disklessClient,
    diskAllUpToDate,
    diskAllConsistent,
    diskTransitional,
    somePeerAllUpToDate,
    peerDisksAllUpToDate: somePeerAllUpToDate && !somePeerNotAllUpToDate && !peerDiskAnyUnknown,
    peerDiskAnyUnknown,
    noAccessToUpToDateData: !diskAllUpToDate && !diskTransitional && !connectedPeerHasData,
  };
}

/** One line for logs: "Primary, disk UpToDate, peer node2 Connected Secondary UpToDate". */
export function describeState(state: DrbdResourceState): string {
  if (!state.configured) return 'not configured (down)';
  const disks = state.volumes.map((volume) => volume.disk).join('/') || 'no volumes';
  const peers = state.peers.map((peer) => `peer ${peer.name ?? peer.nodeId ?? '?'} ${peer.connection} ${peer.role} `
    + `${peer.volumes.map((volume) => volume.disk).join('/') || 'DUnknown'}`);
  return [`${state.role}`, `disk ${disks}`, ...peers, ...(state.suspended !== 'no' ? [`I/O suspended (${state.suspended})`] : [])].join(', ');
}
