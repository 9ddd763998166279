/**
 * Does a host still answer? Its name is resolved first (a name that does not resolve is no
 * evidence of anything: a DNS or /etc/hosts change must not turn a live host into a silent
 * one), then a TCP connection to its ssh port and one ICMP echo (ping) to that address, run
 * together: the host answers when either does. Used to confirm that a host went down.
 */
import { connect } from 'node:net';
import { runCommand } from '../exec/index.js';
import { resolveHosts, type Lookup } from '../net/resolve-hosts.js';
import { Deadline } from '../runtime/index.js';

export type TcpProbe = 'open' | 'refused' | 'silent';

/**
 * Connect to address:port within `timeoutMs`. "refused" (an RST) still proves the host's network
 * stack is alive; "silent" (timeout, unreachable, no route) proves nothing answers. Give it an
 * address: with a name, a failed lookup would look like silence.
 */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: TcpProbe) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('silent'), Math.max(1, timeoutMs));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'silent'));
  });
}

/** One ping with a reply timeout; true when the host replied. Missing ping counts as no reply. */
export async function probePing(host: string, timeoutMs: number, env: Record<string, string>): Promise<boolean> {
  const waitSeconds = Math.max(1, Math.round(timeoutMs / 1000));
  const result = await runCommand('ping', ['-n', '-q', '-c', '1', '-W', String(waitSeconds), '--', host], {
    deadline: new Deadline(timeoutMs + 1500),
    env,
    replaceEnv: true,
  });
  return result.exitCode === 0;
}

export type HostAnswer =
  | { readonly kind: 'answers' | 'silent'; readonly address: string; readonly detail: string }
  /** The name did not resolve within the time: nothing is known about the host. */
  | { readonly kind: 'unresolved'; readonly detail: string };

export interface ResolveFirst {
  /** How long the name may take to resolve (default: timeoutMs). */
  readonly waitMs?: number;
  readonly lookup?: Lookup;
}

/**
 * Whether `host` answers on its ssh port or to ping, probed together within `timeoutMs` after
 * resolving its name. Never "silent" for a name that does not resolve.
 */
export async function hostAnswers(
  host: string, port: number, timeoutMs: number, env: Record<string, string>, resolve: ResolveFirst = {},
): Promise<HostAnswer> {
  const [resolved] = await resolveHosts([host], { waitMs: resolve.waitMs ?? timeoutMs, lookup: resolve.lookup });
  if (resolved.address === undefined) return { kind: 'unresolved', detail: `cannot resolve host name ${host} (${resolved.unresolved})` };
  const address = resolved.address;
  const [tcp, ping] = await Promise.all([probeTcp(address, port, timeoutMs), probePing(address, timeoutMs, env)]);
  const via = address === host ? '' : ` (${address})`;
  return {
    kind: tcp !== 'silent' || ping ? 'answers' : 'silent',
    address,
    detail: `${host}${via}: tcp/${port} ${tcp}, ping ${ping ? 'replied' : 'no reply'}`,
  };
}
