/**
 * One TLS connection to an iLO (directly or through an HTTP CONNECT proxy), with the
 * certificate checked the way the settings say before a single byte is written, and every
 * wait bounded: connect, handshake, answer. A real iLO serves one request per connection.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { formatSeconds, type Deadline } from '../runtime/index.js';
import type { IloAddress } from './address.js';
import { IloError } from './errors.js';
import { formatFingerprint, type IloTlsSettings } from './tls-settings.js';

export interface IloProxy {
  readonly host: string;
  readonly port: number;
}

export interface IloConnectionOptions {
  readonly address: IloAddress;
  readonly tls: IloTlsSettings;
  /** PEM text of ilo_ca_file, read by the caller. */
  readonly ca?: string;
  readonly proxy?: IloProxy;
  /** Warn about ilo_ssl_insecure (once per connection, as promised in the docs). */
  readonly warn: (message: string) => void;
}

/** What an exchange waits for, for the timeout message. */
type Stage = 'connect' | 'proxy' | 'handshake' | 'answer';

const CERTIFICATE_ERRORS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in an untrusted self-signed CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not trusted',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
};

function tlsOptions(options: IloConnectionOptions): ConnectionOptions {
  const { address, tls } = options;
  const legacy = tls.minVersion === 'TLSv1' || tls.minVersion === 'TLSv1.1';
  return {
    // Verification is ours (verifyPeer): it needs the certificate for its messages.
    rejectUnauthorized: false,
    ...(isIP(address.host) === 0 ? { servername: address.host.replace(/\.$/, '') } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
    // Old iLO firmware (TLS 1.0, SHA-1) needs OpenSSL's lowest security level as well.
    ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
  };
}

/** Check the peer as the settings say; throws IloError('tls') with the fingerprint it presented. */
export function verifyPeer(socket: TLSSocket, options: IloConnectionOptions): void {
  const { address, tls } = options;
  const certificate: PeerCertificate = socket.getPeerCertificate();
  const presented = (certificate.fingerprint256 ?? '').replace(/:/g, '').toUpperCase();
  const shown = presented ? formatFingerprint(presented) : 'none';
  if (tls.insecure) {
    options.warn(`ilo_ssl_insecure is set: NOT verifying the certificate of ${address.label} (SHA-256 ${shown})`);
    return;
  }
  if (tls.fingerprint) {
    if (presented !== tls.fingerprint) {
      throw new IloError('tls', `the certificate of ${address.label} has SHA-256 fingerprint ${shown}, not the ilo_fingerprint ${formatFingerprint(tls.fingerprint)}: refusing to send the login`);
    }
    return;
  }
  const code = socket.authorized ? '' : String(socket.authorizationError ?? 'unknown');
  const mismatch = code === '' || code === 'ERR_TLS_CERT_ALTNAME_INVALID'
    ? checkServerIdentity(address.host.replace(/\.$/, ''), certificate)
    : undefined;
  if (mismatch) {
    throw new IloError('tls', `the certificate of ${address.label} is for another name (${mismatch.message}; SHA-256 ${shown}): `
      + 'use the name it was issued for in ilo_hostname, or pin it with ilo_fingerprint');
  }
  if (code !== '') {
    const why = CERTIFICATE_ERRORS[code] ?? code;
    throw new IloError('tls', `the certificate of ${address.label} is not trusted (${why}; SHA-256 ${shown}): `
      + `set ilo_ca_file to its CA or certificate, or ilo_fingerprint to its fingerprint${options.ca ? '' : ' (or add its CA to the system trust store)'}`);
  }
}

/** "…:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…" → "tlsv1 alert protocol version". */
function opensslReason(message: string): string {
  const routine = /SSL routines:[^:]*:([^:]+)/.exec(message);
  return (routine ? routine[1] : message).replace(/\s+/g, ' ').trim().slice(0, 160);
}

function describeSocketError(error: NodeJS.ErrnoException, address: IloAddress, stage: Stage, via: string): IloError {
  const code = error.code ?? '';
  if (stage === 'connect' || stage === 'proxy') {
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new IloError('connect', `cannot resolve ${via}: check ilo_hostname${via === address.label ? '' : ' and ilo_proxyhost'}`);
    if (code === 'ECONNREFUSED') return new IloError('connect', `${via} refused the connection: is this the iLO's address and port?`);
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new IloError('connect', `no route to ${via}`);
    return new IloError('connect', `cannot connect to ${via}: ${error.message}`);
  }
  if (stage === 'handshake') {
    const reason = opensslReason(error.message);
    if (/wrong version number|unsupported protocol|protocol version|no protocols available/i.test(error.message)) {
      return new IloError('tls', `TLS handshake with ${address.label} failed (${reason}): old iLO firmware may need ilo_tls_min=TLSv1`);
    }
    if (code === 'ECONNRESET' || code === 'EPIPE') return new IloError('tls', `${address.label} closed the connection during the TLS handshake`);
    return new IloError('tls', `TLS handshake with ${address.label} failed: ${reason}`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return new IloError('connection-lost', `${address.label} reset the connection before its answer was complete`);
  return new IloError('connection-lost', `the connection to ${address.label} failed: ${error.message}`);
}

export interface ExchangeHandlers {
  /** Called with each piece of the answer as it arrives (plain text after TLS). */
  onData(chunk: Buffer): void;
  /** True once the answer is complete (no need to wait for the end of the stream). */
  isComplete?(): boolean;
}

/**
 * Connect, verify, send `request`, and read the answer until the iLO closes the connection (or
 * `isComplete` says it is all there), within `timeoutMs` and the deadline. Resolves when the
 * answer ended normally; the handlers have seen every byte.
 */
export function exchange(options: IloConnectionOptions, request: Buffer, handlers: ExchangeHandlers, timeoutMs: number, deadline: Deadline): Promise<void> {
  const { address, proxy } = options;
  const budget = Math.max(1, Math.min(timeoutMs, deadline.remainingMs()));
  const via = proxy ? `${proxy.host}:${proxy.port} (ilo_proxyhost)` : address.label;
  return new Promise<void>((resolve, reject) => {
    let stage: Stage = proxy ? 'proxy' : 'connect';
    let settled = false;
    let raw: Socket | undefined;
    let secure: TLSSocket | undefined;
    let received = 0;
    const finish = (error?: IloError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure?.destroy();
      raw?.destroy();
      if (error) reject(error); else resolve();
    };
    const timer = setTimeout(() => {
      const waited = formatSeconds(budget);
      const messages: Record<Stage, string> = {
        connect: `no connection to ${via} within ${waited}`,
        proxy: `no answer from the proxy ${via} within ${waited}`,
        handshake: `${address.label} accepted the connection but did not complete a TLS handshake within ${waited}`,
        answer: received > 0
          ? `${address.label} stopped answering (${received} bytes received) within ${waited}`
          : `${address.label} took the request but did not answer within ${waited}`,
      };
      // Before the request was sent nothing can have happened on the iLO: a connection failure.
      finish(new IloError(stage === 'answer' ? 'timeout' : 'connect', messages[stage]));
    }, budget);

    const startTls = (socket?: Socket) => {
      stage = socket ? 'handshake' : 'connect';
      const tlsSocket = tlsConnect({ ...tlsOptions(options), ...(socket ? { socket } : { host: address.host, port: address.port }) });
      secure = tlsSocket;
      tlsSocket.once('connect', () => { if (stage === 'connect') stage = 'handshake'; });
      tlsSocket.once('secureConnect', () => {
        try {
          verifyPeer(tlsSocket, options);
        } catch (error) {
          finish(error as IloError);
          return;
        }
        stage = 'answer';
        tlsSocket.write(request);
      });
      tlsSocket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        try {
          handlers.onData(chunk);
        } catch (error) {
          finish(error instanceof IloError ? error : new IloError('protocol', String(error)));
          return;
        }
        if (handlers.isComplete?.()) finish();
      });
      tlsSocket.once('end', () => {
        if (stage === 'answer') finish();
        else finish(new IloError('tls', `${address.label} closed the connection during the TLS handshake`));
      });
      tlsSocket.once('close', () => {
        if (stage === 'answer') finish();
        else finish(new IloError('tls', `${address.label} closed the connection during the TLS handshake`));
      });
      tlsSocket.once('error', (error: NodeJS.ErrnoException) => finish(describeSocketError(error, address, stage, via)));
    };

    if (!proxy) {
      stage = 'connect';
      // tls.connect does the TCP connect itself; 'connect' moves the stage to handshake.
      startTls();
      return;
    }
    raw = netConnect({ host: proxy.host, port: proxy.port });
    raw.once('error', (error: NodeJS.ErrnoException) => finish(describeSocketError(error, address, 'proxy', via)));
    raw.once('connect', () => {
      const target = address.label;
      raw?.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: xenha-riloe\r\n\r\n`);
    });
    let head = '';
    const onProxyData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 8192) finish(new IloError('connect', `the proxy ${via} sent an oversized answer to CONNECT`));
        return;
      }
      raw?.off('data', onProxyData);
      const statusLine = head.slice(0, head.indexOf('\r\n'));
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      if (!status || status[1] !== '200') {
        finish(new IloError('connect', `the proxy ${via} refused CONNECT ${address.label}: ${statusLine.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}`));
        return;
      }
      startTls(raw);
    };
    raw.on('data', onProxyData);
  });
}
