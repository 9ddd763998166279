/**
 * host_list entries to addresses. Literal addresses are used as they are; names are looked up
 * all at once with getaddrinfo (dns.lookup, so /etc/hosts and nsswitch apply), and a name that
 * has not resolved when the wait is over counts as unresolved: the caller treats it as
 * unreachable and names it in the log. A lookup cannot be cancelled; the process simply stops
 * waiting for it.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

export type AddressFamily = 4 | 6;

export type ResolvedHost =
  | { readonly host: string; readonly address: string; readonly family: AddressFamily }
  | { readonly host: string; readonly address?: undefined; readonly unresolved: string };

export type Lookup = (host: string) => Promise<{ address: string; family: number }>;

const systemLookup: Lookup = (host) => new Promise((resolve, reject) => {
  dnsLookup(host, (error, address, family) => {
    if (error) reject(error);
    else resolve({ address, family });
  });
});

/** The words of host_list, as the reference splits it (any whitespace). */
export function splitHostList(hostList: string | undefined): string[] {
  return (hostList ?? '').split(/\s+/).filter((host) => host.length > 0);
}

/**
 * Why `host` is not a host name (RFC 1123 labels of letters, digits, '-' and '_', not starting
 * or ending with '-', up to 253 characters) nor a literal address; undefined when it is one.
 * What fails here (a leading '-', spaces, shell or control characters) never reaches a
 * resolver or a command line.
 */
export function hostNameProblem(host: string): string | undefined {
  if (literalFamily(host) !== 0) return undefined;
  const shown = JSON.stringify(host.length > 64 ? `${host.slice(0, 61)}...` : host);
  if (host.length === 0 || host.length > 253) return `${shown} is not a host name (1 to 253 characters)`;
  const labels = host.replace(/\.$/, '').split('.');
  for (const label of labels) {
    if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label)) {
      return `${shown} is not a host name or address (labels of letters, digits, "-" and "_", not starting or ending with "-")`;
    }
  }
  return undefined;
}

/** 4 or 6 for a literal address (IPv6 with a %zone too), 0 for a name. */
export function literalFamily(host: string): 0 | AddressFamily {
  const family = isIP(host);
  return family === 4 || family === 6 ? family : 0;
}

function describeLookupError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND') return 'no such host (ENOTFOUND)';
    if (code === 'EAI_AGAIN') return 'name server did not answer (EAI_AGAIN)';
    return code ? `lookup failed (${code})` : error.message;
  }
  return String(error);
}

export interface ResolveOptions {
  /** How long to wait for all lookups together. */
  readonly waitMs: number;
  readonly lookup?: Lookup;
}

export async function resolveHosts(hosts: readonly string[], options: ResolveOptions): Promise<ResolvedHost[]> {
  const lookup = options.lookup ?? systemLookup;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => { timer = setTimeout(() => resolve('expired'), Math.max(0, options.waitMs)); });
  const waitSeconds = (options.waitMs / 1000).toFixed(1).replace(/\.0$/, '');
  try {
    return await Promise.all(hosts.map(async (host): Promise<ResolvedHost> => {
      const family = literalFamily(host);
      if (family !== 0) return { host, address: host, family };
      try {
        const outcome = await Promise.race([lookup(host), expired]);
        if (outcome === 'expired') return { host, unresolved: `no answer from the resolver within ${waitSeconds} s` };
        if (outcome.family !== 4 && outcome.family !== 6) return { host, unresolved: `unexpected address family ${outcome.family}` };
        return { host, address: outcome.address, family: outcome.family };
      } catch (error) {
        return { host, unresolved: describeLookupError(error) };
      }
    }));
  } finally {
    clearTimeout(timer);
  }
}
