/**
 * `drbdsetup sh-status RES` (DRBD 8.4): per volume a block of `_name=value` lines
 * ending with `_sh_status_process`, as drbd-utils' v84/drbdsetup.c sh_status_scmd
 * prints it. Values are read as data, never evaluated.
 */
import { DrbdOutputError } from './events2.js';
import { unconfiguredState, type DrbdResourceState, type LocalVolume, type PeerVolume } from './status.js';

export function parseShStatus(output: string, resource: string): DrbdResourceState {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of output.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '_sh_status_process') {
      blocks.push(current);
      current = new Map();
      continue;
    }
    const match = /^(_[a-z_]+)=(.*)$/.exec(trimmed);
    if (match) current.set(match[1], match[2].replace(/\s*#.*$/, ''));
  }
  if (blocks.length === 0) throw new DrbdOutputError('drbdsetup sh-status output has no _sh_status_process line');
  const mine = blocks.filter((block) => block.get('_res_name') === resource);
  const configured = mine.filter((block) => block.get('_known') === 'Configured');
  if (configured.length === 0) return unconfiguredState(resource, 'sh-status');
  const volumes: LocalVolume[] = [];
  const peerVolumes: PeerVolume[] = [];
  let role: DrbdResourceState['role'] = 'Unknown';
  let peerRole = 'Unknown';
  let connection = 'StandAlone';
  let suspended = 'no';
  for (const block of configured) {
    const volume = Number(block.get('_volume') ?? '0') || 0;
    const blockRole = block.get('_role');
    if (blockRole === 'Primary') role = 'Primary';
    else if (blockRole === 'Secondary' && role !== 'Primary') role = 'Secondary';
    if (block.get('_peer') === 'Primary') peerRole = 'Primary';
    else if (peerRole !== 'Primary' && block.get('_peer')) peerRole = block.get('_peer') ?? 'Unknown';
    connection = block.get('_cstate') || connection;
    if (block.get('_flags_susp') === '1') suspended = 'yes';
    const minor = block.get('_minor');
    volumes.push({ volume, minor: minor && /^\d+$/.test(minor) ? Number(minor) : undefined, disk: block.get('_disk') || 'Unconfigured', client: false, quorum: true });
    peerVolumes.push({ volume, disk: block.get('_pdsk') || 'DUnknown', client: false, replication: block.get('_cstate') });
  }
  // 8.4 connection states other than StandAlone/WFConnection… mean a live connection.
  const live = !['StandAlone', 'Disconnecting', 'Unconnected', 'Timeout', 'BrokenPipe', 'NetworkFailure', 'ProtocolError',
    'WFConnection', 'WFReportParams', 'TearDown', 'Unconfigured'].includes(connection);
  return {
    resource,
    configured: true,
    role,
    suspended,
    volumes,
    peers: [{ nodeId: undefined, name: undefined, connection: live ? 'Connected' : connection, role: peerRole, volumes: peerVolumes }],
    source: 'sh-status',
  };
}
