/**
 * xenha-fence-virtd's configuration: fence_virt.conf(5) with the sections it acts on,
 * validated at start; every problem names its line. Accepted:
 *
 *   fence_virtd { listener = "multicast"; backend = "xenha"; foreground; debug; }
 *                 (module_path and wait_for_init are accepted and ignored)
 *   listeners { multicast { key_file; hash; auth; family; address; port; interface; } }
 *   backends { xenha { timeout; replay_window; domains { DOMAIN = "RESOURCE"; ... } } }
 *
 * Blocks of listeners and backends that are not selected (serial, tcp, libvirt, cpg…) are
 * ignored as fence_virtd ignores them. `groups` is refused: its IP restrictions are not
 * implemented, and ignoring them would widen who may fence.
 */
import {
  DEFAULT_IPV4_GROUP, DEFAULT_IPV6_GROUP, DEFAULT_KEY_FILE, DEFAULT_PORT, HashType, parseHashName,
} from '../../lib/fence-virt/protocol.js';
import { childBlocks, ConfigSyntaxError, parseConfigText, type ConfigAssignment, type ConfigBlock } from '../../lib/fence-virt/config-syntax.js';
import { isIP } from 'node:net';
import { parseInteger, parseOcfBoolean, parseTimeMs } from '../../lib/runtime/index.js';

export const DEFAULT_CONFIG_FILE = '/etc/xenha/fence_virt.conf';
/** Below fence_xvm's own default wait of 30 s for the answer. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 25_000;
export const DEFAULT_REPLAY_WINDOW_MS = 3_600_000;

export interface MulticastSettings {
  readonly keyFile: string;
  /** Weakest request signature accepted. */
  readonly hash: HashType;
  /** Challenge-response hash on the callback connection. */
  readonly auth: HashType;
  readonly family: 'ipv4' | 'ipv6';
  readonly address: string;
  readonly port: number;
  readonly interface: string | undefined;
}

export interface XenhaSettings {
  /** How long an off/on/reboot may take once the client is connected. */
  readonly operationTimeoutMs: number;
  /** How long a request's signature is remembered to refuse a replay of it. */
  readonly replayWindowMs: number;
  /** domain -> resource id; undefined: every Xen resource, by its id. */
  readonly domains: ReadonlyMap<string, string> | undefined;
}

export interface DaemonConfig {
  readonly foreground: boolean;
  readonly debug: number;
  readonly multicast: MulticastSettings;
  readonly xenha: XenhaSettings;
  /** Settings accepted for compatibility but without effect, for a warning. */
  readonly ignored: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/** A resource id or domain name as Pacemaker and xl accept them. */
export const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,62}$/;
const INTERFACE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$/;

class SectionReader {
  private readonly seen = new Map<string, ConfigAssignment>();

  constructor(private readonly block: ConfigBlock, private readonly where: string, private readonly problems: string[],
    private readonly known: readonly string[]) {
    for (const assignment of block.assignments) {
      const earlier = this.seen.get(assignment.name);
      if (earlier) {
        problems.push(`line ${assignment.line}: ${where}: ${assignment.name} is set again (first on line ${earlier.line})`);
        continue;
      }
      if (!known.includes(assignment.name)) {
        problems.push(`line ${assignment.line}: ${where}: unknown setting "${assignment.name}" (known: ${known.join(', ')})`);
      }
      this.seen.set(assignment.name, assignment);
    }
  }

  get(name: string): ConfigAssignment | undefined {
    return this.seen.get(name);
  }

  fail(assignment: ConfigAssignment, detail: string): void {
    this.problems.push(`line ${assignment.line}: ${this.where}: ${assignment.name} = "${assignment.value}": ${detail}`);
  }

  blocksOtherThan(allowed: readonly string[]): void {
    for (const child of this.block.blocks) {
      if (!allowed.includes(child.name)) this.problems.push(`line ${child.line}: ${this.where}: unexpected block "${child.name}"`);
    }
  }
}

function single(root: ConfigBlock, name: string, where: string, problems: string[]): ConfigBlock | undefined {
  const found = childBlocks(root, name);
  if (found.length > 1) problems.push(`line ${found[1].line}: ${where}${name} appears again (first on line ${found[0].line})`);
  return found[0];
}

function isMulticast(address: string, family: 'ipv4' | 'ipv6'): boolean {
  if (family === 'ipv4') {
    if (isIP(address) !== 4) return false;
    const first = Number(address.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return isIP(address) === 6 && /^ff[0-9a-f]{2}:/i.test(address);
}

function readHash(section: SectionReader, name: string): HashType {
  const assignment = section.get(name);
  if (!assignment) return HashType.Sha256;
  const hash = parseHashName(assignment.value);
  if (hash === undefined) {
    section.fail(assignment, 'one of none, sha1, sha256, sha512');
    return HashType.Sha256;
  }
  return hash;
}

function readMulticast(block: ConfigBlock | undefined, problems: string[]): MulticastSettings {
  const empty: ConfigBlock = { name: 'multicast', value: undefined, line: 0, assignments: [], blocks: [] };
  const section = new SectionReader(block ?? empty, 'listeners/multicast', problems,
    ['key_file', 'hash', 'auth', 'family', 'address', 'port', 'interface']);
  section.blocksOtherThan([]);
  const keyFile = section.get('key_file');
  if (keyFile && !keyFile.value.startsWith('/')) section.fail(keyFile, 'an absolute path');
  const familySetting = section.get('family');
  let family: 'ipv4' | 'ipv6' = 'ipv4';
  if (familySetting) {
    const value = familySetting.value.toLowerCase();
    if (value === 'ipv4' || value === 'ipv6') family = value;
    else section.fail(familySetting, 'ipv4 or ipv6');
  }
  const addressSetting = section.get('address');
  const address = addressSetting?.value ?? (family === 'ipv4' ? DEFAULT_IPV4_GROUP : DEFAULT_IPV6_GROUP);
  if (addressSetting && !isMulticast(address, family)) section.fail(addressSetting, `not an ${family} multicast address`);
  const portSetting = section.get('port');
  let port = DEFAULT_PORT;
  if (portSetting) {
    const parsed = parseInteger(portSetting.value);
    if (parsed === undefined || parsed < 1 || parsed > 65535) section.fail(portSetting, 'a port number 1-65535');
    else port = parsed;
  }
  const interfaceSetting = section.get('interface');
  if (interfaceSetting && !INTERFACE_PATTERN.test(interfaceSetting.value)) section.fail(interfaceSetting, 'not an interface name');
  return {
    keyFile: keyFile?.value ?? DEFAULT_KEY_FILE,
    hash: readHash(section, 'hash'),
    auth: readHash(section, 'auth'),
    family,
    address,
    port,
    interface: interfaceSetting?.value,
  };
}

function readDuration(section: SectionReader, name: string, fallback: number, minimumMs: number): number {
  const assignment = section.get(name);
  if (!assignment) return fallback;
  const value = parseTimeMs(assignment.value);
  if (value === undefined || value < minimumMs) {
    section.fail(assignment, `a time of at least ${minimumMs / 1000} s ("30", "30s", "2min")`);
    return fallback;
  }
  return value;
}

function readXenha(block: ConfigBlock | undefined, problems: string[]): XenhaSettings {
  const empty: ConfigBlock = { name: 'xenha', value: undefined, line: 0, assignments: [], blocks: [] };
  const section = new SectionReader(block ?? empty, 'backends/xenha', problems, ['timeout', 'replay_window']);
  section.blocksOtherThan(['domains']);
  let domains: Map<string, string> | undefined;
  const mapBlocks = block ? childBlocks(block, 'domains') : [];
  if (mapBlocks.length > 1) problems.push(`line ${mapBlocks[1].line}: backends/xenha: domains appears again (first on line ${mapBlocks[0].line})`);
  if (mapBlocks[0]) {
    domains = new Map();
    const resources = new Map<string, string>();
    for (const child of mapBlocks[0].blocks) problems.push(`line ${child.line}: backends/xenha/domains: unexpected block "${child.name}"`);
    for (const entry of mapBlocks[0].assignments) {
      const where = `line ${entry.line}: backends/xenha/domains`;
      if (!NAME_PATTERN.test(entry.name)) problems.push(`${where}: "${entry.name}" is not a domain name`);
      else if (!NAME_PATTERN.test(entry.value)) problems.push(`${where}: "${entry.value}" is not a resource id`);
      else if (domains.has(entry.name)) problems.push(`${where}: ${entry.name} is mapped twice`);
      else if (resources.has(entry.value)) problems.push(`${where}: resource ${entry.value} is already the domain ${resources.get(entry.value)}`);
      else { domains.set(entry.name, entry.value); resources.set(entry.value, entry.name); }
    }
  }
  return {
    operationTimeoutMs: readDuration(section, 'timeout', DEFAULT_OPERATION_TIMEOUT_MS, 1000),
    replayWindowMs: readDuration(section, 'replay_window', DEFAULT_REPLAY_WINDOW_MS, 60_000),
    domains,
  };
}

/** Interpret a parsed file; throws ConfigError listing every problem. */
export function interpretConfig(root: ConfigBlock): DaemonConfig {
  const problems: string[] = [];
  const ignored: string[] = [];
  for (const assignment of root.assignments) problems.push(`line ${assignment.line}: "${assignment.name}" outside any section`);
  for (const child of root.blocks) {
    if (child.name === 'groups') problems.push(`line ${child.line}: groups (static maps) are not supported by xenha-fence-virtd; the Dom0 cluster's resources decide what can be fenced, use backends/xenha/domains to restrict it`);
    else if (!['fence_virtd', 'listeners', 'backends'].includes(child.name)) problems.push(`line ${child.line}: unknown section "${child.name}"`);
  }
  const main = single(root, 'fence_virtd', '', problems);
  const mainSection = new SectionReader(main ?? { name: 'fence_virtd', value: undefined, line: 0, assignments: [], blocks: [] },
    'fence_virtd', problems, ['listener', 'backend', 'foreground', 'debug', 'module_path', 'wait_for_init']);
  mainSection.blocksOtherThan([]);
  const listener = mainSection.get('listener');
  if (listener && listener.value !== 'multicast') mainSection.fail(listener, 'only the multicast listener is supported');
  const backend = mainSection.get('backend');
  if (backend && backend.value !== 'xenha') mainSection.fail(backend, 'only the xenha backend (the Dom0 cluster) is supported');
  let foreground = false;
  const foregroundSetting = mainSection.get('foreground');
  if (foregroundSetting) {
    const parsed = parseOcfBoolean(foregroundSetting.value);
    if (parsed === undefined) mainSection.fail(foregroundSetting, 'yes or no');
    else foreground = parsed;
  }
  let debug = 0;
  const debugSetting = mainSection.get('debug');
  if (debugSetting) {
    const parsed = parseInteger(debugSetting.value);
    if (parsed === undefined || parsed < 0) mainSection.fail(debugSetting, 'a debug level 0 or more');
    else debug = parsed;
  }
  for (const name of ['module_path', 'wait_for_init']) {
    const setting = mainSection.get(name);
    if (setting) ignored.push(`line ${setting.line}: fence_virtd/${name} has no effect (no plugins; the daemon waits for the cluster on each request)`);
  }
  const listeners = single(root, 'listeners', '', problems);
  const backends = single(root, 'backends', '', problems);
  const multicast = readMulticast(listeners ? single(listeners, 'multicast', 'listeners/', problems) : undefined, problems);
  const xenha = readXenha(backends ? single(backends, 'xenha', 'backends/', problems) : undefined, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { foreground, debug, multicast, xenha, ignored };
}

export function parseDaemonConfig(text: string): DaemonConfig {
  try {
    return interpretConfig(parseConfigText(text));
  } catch (error) {
    if (error instanceof ConfigSyntaxError) throw new ConfigError([error.message]);
    throw error;
  }
}
