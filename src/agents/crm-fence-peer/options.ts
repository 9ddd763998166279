/**
 * The handler's command line and environment, as crm-fence-peer.9.sh / crm-fence-peer.sh
 * take them: options in "--opt=val" and "--opt val" forms (plus OCF_RESKEY_unfence_extra_args
 * appended, as the resource agent passes them), DRBD's handler environment.
 */
import { parseInteger } from '../../lib/runtime/index.js';

export interface HandlerOptions {
  readonly resource: string;
  readonly masterId: string | undefined;
  readonly role: string | undefined;
  readonly fencingAttribute: string;
  readonly idPrefix: string;
  readonly timeoutS: number;
  readonly dcTimeoutS: number;
  readonly flockTimeoutS: number;
  readonly lockDir: string;
  readonly lockFile: string | undefined;
  readonly quiet: boolean;
  readonly unfenceOnlyIfOwnerMatch: boolean;
  readonly flockRequired: boolean;
  readonly unreachablePeerIsOutdated: boolean;
  readonly suicideOnFailureIfPrimary: boolean;
}

export interface DrbdHandlerEnv {
  readonly peer: string | undefined;
  readonly minor: string | undefined;
  /** DRBD 9: UP_TO_DATE_NODES as a bit mask; undefined for 8.x callers. */
  readonly upToDateNodes: bigint | undefined;
  readonly myNodeId: number | undefined;
  /** DRBD 9: DRBD_NODE_ID_<n> → host name. */
  readonly nodeNames: ReadonlyMap<number, string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const VALUE_OPTIONS: Record<string, string> = {
  '-r': 'resource', '--resource': 'resource',
  '-i': 'master-id', '--master-id': 'master-id',
  '-l': 'role', '--role': 'role',
  '-a': 'fencing-attribute', '--fencing-attribute': 'fencing-attribute',
  '-p': 'id-prefix', '--id-prefix': 'id-prefix',
  '-t': 'timeout', '--timeout': 'timeout',
  '-d': 'dc-timeout', '--dc-timeout': 'dc-timeout',
  '--net-hickup': 'net-hickup', '--network-hickup': 'net-hickup',
  '--flock-timeout': 'flock-timeout',
  '--lock-dir': 'lock-dir',
  '--lock-file': 'lock-file',
  '--logfacility': 'logfacility',
};
const FLAGS = new Set(['--quiet', '--unfence-only-if-owner-match', '--flock-required', '--CTS-mode',
  '--suicide-on-failure-if-primary', '--unreachable-peer-is-outdated']);

function secondsOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = parseInteger(raw);
  if (value === undefined || value < 0) throw new UsageError(`--${name} must be a number of seconds, not "${raw}"`);
  return value;
}

export function parseHandlerOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): HandlerOptions {
  const extra = (env.OCF_RESKEY_unfence_extra_args ?? '').split(/\s+/).filter((word) => word !== '');
  const words = [...argv, ...extra];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq > 0 ? word.slice(0, eq) : word;
    if (FLAGS.has(name)) { flags.add(name); continue; }
    const key = VALUE_OPTIONS[name];
    if (key === undefined) throw new UsageError(`unknown option "${word}"`);
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined) throw new UsageError(`option ${name} needs a value`);
    values.set(key, value);
  }
  const resource = values.get('resource') ?? env.DRBD_RESOURCE;
  if (resource === undefined || resource === '') {
    throw new UsageError('Environment variable $DRBD_RESOURCE not found (this is normally passed in by drbdadm).');
  }
  if (!/^[-%+./0-9:=@A-Z_a-z]+$/.test(resource)) throw new UsageError(`resource name "${resource}" has characters DRBD does not allow`);
  // These reach the CIB as XML ids and names, and crm_attribute's argv: a name, never an option.
  for (const key of ['master-id', 'role', 'fencing-attribute', 'id-prefix', 'lock-file']) {
    const value = values.get(key);
    if (value !== undefined && !/^[A-Za-z0-9_#][A-Za-z0-9_.:#-]*$/.test(value)) {
      throw new UsageError(`--${key} "${value}" is not a name (letters, digits and _.:#-, not starting with -)`);
    }
  }
  const lockFile = values.get('lock-file');
  return {
    resource,
    masterId: values.get('master-id'),
    role: values.get('role'),
    fencingAttribute: values.get('fencing-attribute') ?? '#uname',
    idPrefix: values.get('id-prefix') ?? 'drbd-fence-by-handler',
    timeoutS: secondsOption('timeout', values.get('timeout'), 90),
    dcTimeoutS: secondsOption('dc-timeout', values.get('dc-timeout'), 20),
    flockTimeoutS: secondsOption('flock-timeout', values.get('flock-timeout'), 120),
    lockDir: values.get('lock-dir') ?? '/var/run/drbd/lock',
    lockFile: lockFile === 'NONE' ? undefined : lockFile ?? `fence.${resource}`,
    quiet: flags.has('--quiet'),
    unfenceOnlyIfOwnerMatch: flags.has('--unfence-only-if-owner-match'),
    flockRequired: flags.has('--flock-required'),
    unreachablePeerIsOutdated: flags.has('--unreachable-peer-is-outdated') && process.stdin.isTTY === true,
    suicideOnFailureIfPrimary: flags.has('--suicide-on-failure-if-primary'),
  };
}

export function readHandlerEnv(env: Readonly<Record<string, string | undefined>>): DrbdHandlerEnv {
  const nodeNames = new Map<number, string>();
  for (let id = 0; id < 32; id++) {
    const name = env[`DRBD_NODE_ID_${id}`];
    if (name) nodeNames.set(id, name);
  }
  const mask = env.UP_TO_DATE_NODES;
  let upToDateNodes: bigint | undefined;
  if (mask !== undefined && mask !== '') {
    if (!/^0x[0-9a-fA-F]+$/.test(mask)) throw new UsageError(`Unexpected input UP_TO_DATE_NODES=${mask}, expected 0x... hex mask`);
    upToDateNodes = BigInt(mask);
  }
  const myId = env.DRBD_MY_NODE_ID;
  return {
    peer: env.DRBD_PEER || undefined,
    minor: env.DRBD_MINOR || undefined,
    upToDateNodes,
    myNodeId: myId !== undefined && /^\d{1,2}$/.test(myId) ? Number(myId) : undefined,
    nodeNames,
  };
}
