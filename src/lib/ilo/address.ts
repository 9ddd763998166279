/** The iLO's address as users write it: "host", "host:port", "[v6]" or "[v6]:port" (default port 443). */
import { isIP } from 'node:net';

export interface IloAddress {
  readonly host: string;
  readonly port: number;
  /** host:port as shown in messages. */
  readonly label: string;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function parsePort(text: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new Error(`"${whole}" has an invalid port (expected 1-65535)`);
  }
  return Number(text);
}

/** Parse and validate; throws an Error whose message says what is wrong. */
export function parseIloAddress(value: string, defaultPort = 443): IloAddress {
  const text = value.trim();
  let host: string;
  let port = defaultPort;
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], text);
    if (isIP(host) !== 6) throw new Error(`"${text}" is not a valid IPv6 address`);
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    if (colon >= 0) port = parsePort(text.slice(colon + 1), text);
    if (isIP(host) !== 4 && !HOST_NAME.test(host)) {
      throw new Error(`"${text}" is not a host name, an IP address or host:port`);
    }
  }
  const label = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, label };
}
