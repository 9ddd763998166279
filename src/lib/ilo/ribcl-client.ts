/**
 * RIBCL over TLS, raw (iLO and iLO 2: the XML is the whole stream) or inside HTTP (iLO 3 and
 * later: POST /ribcl). One command per connection; the answer is parsed as it arrives.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Deadline } from '../runtime/index.js';
import { exchange, type IloConnectionOptions } from './connection.js';
import { IloError } from './errors.js';
import { encodeHttpRequest, HttpResponseReader } from './http-message.js';
import { buildRibclRequest, describeCommand, type RibclCommand, type RibclLogin } from './ribcl-request.js';
import { interpretRibclReply, type RibclReply } from './ribcl-reply.js';
import { createRibclStreamParser, type RibclDocument } from './ribcl-stream.js';

export type RibclTransport = 'raw' | 'http';

/** Thrown by a raw exchange that got an HTTP answer: the iLO wants RIBCL inside HTTP. */
export class SpeaksHttp extends Error {
  constructor(readonly statusLine: string) {
    super('the iLO answered with HTTP');
  }
}

export async function sendRawRibcl(connection: IloConnectionOptions, login: RibclLogin, command: RibclCommand, timeoutMs: number, deadline: Deadline): Promise<RibclReply> {
  const label = connection.address.label;
  const parser = await createRibclStreamParser();
  const decoder = new StringDecoder('utf8');
  const documents: RibclDocument[] = [];
  // The first bytes decide whether this is RIBCL or an HTTP answer (an iLO 3 or later).
  let prefix = '';
  let decided = false;
  let http = false;
  const decide = (text: string): void => {
    prefix += text;
    const start = prefix.trimStart();
    if (start.length < 5 && 'HTTP/'.startsWith(start)) return;
    decided = true;
    http = start.startsWith('HTTP/');
    if (!http) documents.push(...parser.push(prefix));
  };
  await exchange(connection, Buffer.from(buildRibclRequest(login, command), 'utf8'), {
    onData(chunk) {
      const text = decoder.write(chunk);
      if (!decided) decide(text);
      else if (!http) documents.push(...parser.push(text));
    },
  }, timeoutMs, deadline);
  if (http) throw new SpeaksHttp(prefix.trimStart().split('\r\n')[0]);
  if (!decided) documents.push(...parser.push(prefix));
  documents.push(...parser.push(decoder.end()), ...parser.end());
  return interpretRibclReply(documents, label, describeCommand(command));
}

export async function sendHttpRibcl(connection: IloConnectionOptions, login: RibclLogin, command: RibclCommand, timeoutMs: number, deadline: Deadline): Promise<RibclReply> {
  const label = connection.address.label;
  const reader = new HttpResponseReader(label);
  const request = encodeHttpRequest({
    method: 'POST',
    path: '/ribcl',
    host: connection.address.label,
    headers: { 'Content-Type': 'text/xml' },
    body: buildRibclRequest(login, command),
  });
  await exchange(connection, request, { onData: (chunk) => reader.push(chunk), isComplete: () => reader.complete }, timeoutMs, deadline);
  const response = reader.finish();
  if (response.status === 404 || response.status === 405) {
    throw new IloError('unsupported', `${label} has no RIBCL interface at POST /ribcl (HTTP ${response.status}): use ilo_transport=redfish`);
  }
  if (response.status === 503) throw new IloError('busy', `${label} is busy (HTTP 503 for ${describeCommand(command)})`);
  if (response.status !== 200) {
    throw new IloError('device', `${label} answered ${describeCommand(command)} with HTTP ${response.status} ${response.reason.replace(/[^\x20-\x7e]/g, '?')}`);
  }
  const parser = await createRibclStreamParser();
  const documents = [...parser.push(response.body.toString('utf8')), ...parser.end()];
  return interpretRibclReply(documents, label, describeCommand(command));
}
