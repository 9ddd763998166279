import { encodeHttpRequest, HttpResponseReader } from '../../../src/lib/ilo/http-message.js';

function feed(reader: HttpResponseReader, text: string, size: number): void {
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
}

describe('HTTP for the iLO', () => {
  it('encodes one request per connection with its body length', () => {
    const text = encodeHttpRequest({ method: 'POST', path: '/ribcl', host: 'ilo1', body: 'é' }).toString('utf8');
    expect(text).toBe('POST /ribcl HTTP/1.1\r\nHost: ilo1\r\nConnection: close\r\nUser-Agent: xenha-riloe\r\nContent-Length: 2\r\n\r\né');
  });

  it.each([1, 3, 1000])('reads a Content-Length answer fed %i bytes at a time, complete before the end of the stream', (size) => {
    const reader = new HttpResponseReader('ilo1:443');
    feed(reader, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Auth-Token: abc\r\n\r\nhello', size);
    expect(reader.complete).toBe(true);
    const response = reader.finish();
    expect(response.status).toBe(200);
    expect(response.headers['x-auth-token']).toBe('abc');
    expect(response.body.toString()).toBe('hello');
  });

  it.each([1, 4, 1000])('de-chunks a chunked answer fed %i bytes at a time', (size) => {
    const reader = new HttpResponseReader('ilo1:443');
    feed(reader, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', size);
    expect(reader.complete).toBe(true);
    expect(reader.finish().body.toString()).toBe('hello world');
  });

  it('reports an answer cut short', () => {
    const reader = new HttpResponseReader('ilo1:443');
    feed(reader, 'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort', 100);
    expect(reader.complete).toBe(false);
    expect(() => reader.finish()).toThrow(/closed the connection after 5 of 50 bytes/);
    const chunked = new HttpResponseReader('ilo1:443');
    feed(chunked, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', 100);
    expect(() => chunked.finish()).toThrow(/in the middle of a chunked answer/);
  });

  it('tells a raw RIBCL answer from HTTP, and refuses garbage', () => {
    const raw = new HttpResponseReader('ilo1:443');
    raw.push(Buffer.from('<?xml version="1.0"?>'));
    expect(raw.notHttp).toBe(true);
    const garbage = new HttpResponseReader('ilo1:443');
    expect(() => feed(garbage, 'SSH-2.0-OpenSSH\r\n\r\n', 100)).toThrow(/did not answer with HTTP/);
    expect(() => new HttpResponseReader('ilo1:443').finish()).toThrow(/without answering/);
  });
});
