/**
 * The little HTTP/1.1 the iLO needs: one request per connection (Connection: close), and an
 * incremental response reader that knows when the answer is complete (Content-Length, chunked,
 * or the end of the stream).
 */
import { IloError } from './errors.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /** The Host header: host:port ([v6]:port). */
  readonly host: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export function encodeHttpRequest(request: HttpRequest): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  const lines = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: ${request.host}`,
    'Connection: close',
    'User-Agent: xenha-riloe',
    ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`Content-Length: ${body.length}`] : request.method === 'POST' ? ['Content-Length: 0'] : []),
    '',
    '',
  ];
  return body ? Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]) : Buffer.from(lines.join('\r\n'), 'latin1');
}

const MAX_HEADER_BYTES = 16_384;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Feeds on the bytes of an answer; `complete` once the body is all there. */
export class HttpResponseReader {
  private buffer = Buffer.alloc(0);
  private head?: { status: number; reason: string; headers: Record<string, string>; bodyStart: number };
  private done = false;

  constructor(private readonly label: string) {}

  /** True when the stream does not start like an HTTP answer (a raw RIBCL iLO). */
  get notHttp(): boolean {
    return this.buffer.length >= 5 && !this.buffer.subarray(0, 5).toString('latin1').startsWith('HTTP/');
  }

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (this.buffer.length > MAX_HEADER_BYTES + MAX_BODY_BYTES) throw new IloError('protocol', `${this.label} sent an oversized answer`);
    if (!this.head) this.parseHead();
    if (this.head) this.done = this.bodyComplete();
  }

  get complete(): boolean {
    return this.done;
  }

  private parseHead(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffer.length > MAX_HEADER_BYTES) throw new IloError('protocol', `${this.label} sent an oversized HTTP header`);
      return;
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0]);
    if (!status) throw new IloError('protocol', `${this.label} did not answer with HTTP: ${lines[0].replace(/[^\x20-\x7e]/g, '?').slice(0, 80)}`);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    this.head = { status: Number(status[1]), reason: status[2], headers, bodyStart: end + 4 };
  }

  private bodyComplete(): boolean {
    const head = this.head;
    if (!head) return false;
    if (head.headers['transfer-encoding']?.toLowerCase().includes('chunked')) return this.dechunk() !== undefined;
    const length = head.headers['content-length'];
    if (length !== undefined) return this.buffer.length - head.bodyStart >= Number(length);
    return false;
  }

  /** The de-chunked body, or undefined while the last chunk has not arrived. */
  private dechunk(): Buffer | undefined {
    const head = this.head;
    if (!head) return undefined;
    const parts: Buffer[] = [];
    let offset = head.bodyStart;
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n', offset);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(this.buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0].trim(), 16);
      if (!Number.isFinite(size)) throw new IloError('protocol', `${this.label} sent a malformed chunked body`);
      const start = lineEnd + 2;
      if (size === 0) return Buffer.concat(parts);
      if (this.buffer.length < start + size + 2) return undefined;
      parts.push(this.buffer.subarray(start, start + size));
      offset = start + size + 2;
    }
  }

  /** The response, once the stream ended or the body is complete. */
  finish(): HttpResponse {
    if (!this.head) this.parseHead();
    const head = this.head;
    if (!head) {
      throw new IloError(this.buffer.length === 0 ? 'protocol' : 'connection-lost',
        this.buffer.length === 0 ? `${this.label} closed the connection without answering` : `${this.label} closed the connection in the middle of the HTTP header`);
    }
    let body: Buffer;
    if (head.headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const dechunked = this.dechunk();
      if (dechunked === undefined) throw new IloError('connection-lost', `${this.label} closed the connection in the middle of a chunked answer`);
      body = dechunked;
    } else {
      body = this.buffer.subarray(head.bodyStart);
      const length = head.headers['content-length'];
      if (length !== undefined) {
        if (body.length < Number(length)) throw new IloError('connection-lost', `${this.label} closed the connection after ${body.length} of ${length} bytes`);
        body = body.subarray(0, Number(length));
      }
    }
    return { status: head.status, reason: head.reason, headers: head.headers, body };
  }
}
