import { createRibclStreamParser, type RibclDocument } from '../../../src/lib/ilo/ribcl-stream.js';
import { interpretRibclReply } from '../../../src/lib/ilo/ribcl-reply.js';
import { IloError } from '../../../src/lib/ilo/errors.js';

const OK_DOC = '<?xml version="1.0"?>\r\n<RIBCL VERSION="2.22">\r\n<RESPONSE\r\n    STATUS="0x0000"\r\n    MESSAGE=\'No error\'\r\n     />\r\n</RIBCL>\r\n';
const POWER_DOC = '<?xml version="1.0"?>\r\n<RIBCL VERSION="2.22">\r\n<RESPONSE STATUS="0x0000" MESSAGE=\'No error\' />\r\n<GET_HOST_POWER\r\n HOST_POWER="OFF"\r\n />\r\n</RIBCL>\r\n';
const ANSWER = OK_DOC + OK_DOC + POWER_DOC;

async function parseInPieces(text: string, size: number): Promise<RibclDocument[]> {
  const parser = await createRibclStreamParser();
  const documents: RibclDocument[] = [];
  for (let i = 0; i < text.length; i += size) documents.push(...parser.push(text.slice(i, i + size)));
  documents.push(...parser.end());
  return documents;
}

describe('RIBCL stream parser', () => {
  it('finds every document of an answer that arrives in one piece', async () => {
    const documents = await parseInPieces(ANSWER, ANSWER.length);
    expect(documents).toHaveLength(3);
    expect(documents[2].elements.map((e) => e.name)).toEqual(['RESPONSE', 'GET_HOST_POWER']);
    expect(documents[2].elements[1].attributes).toEqual({ HOST_POWER: 'OFF' });
  });

  it.each([1, 2, 7, 64, 1024])('gives the same documents when the answer arrives %i bytes at a time', async (size) => {
    const whole = await parseInPieces(ANSWER, ANSWER.length);
    expect(await parseInPieces(ANSWER, size)).toEqual(whole);
  });

  it('returns a document as soon as its </RIBCL> arrives', async () => {
    const parser = await createRibclStreamParser();
    expect(parser.push(OK_DOC.slice(0, 40))).toEqual([]);
    expect(parser.push(OK_DOC.slice(40))).toHaveLength(1);
    expect(parser.count).toBe(1);
  });

  it('tolerates the self-closed <RIBCL VERSION=…/> that is closed again (python-hpilo #89)', async () => {
    const quirk = '<?xml version="1.0"?>\r\n<RIBCL VERSION="2.22"/>\r\n<RESPONSE STATUS="0x0000" MESSAGE=\'No error\' />\r\n<GET_HOST_POWER HOST_POWER="ON"/>\r\n</RIBCL>\r\n';
    const [document] = await parseInPieces(quirk, 5);
    expect(document.elements.map((e) => e.name)).toEqual(['RESPONSE', 'GET_HOST_POWER']);
  });

  it('accepts a lone self-closed RIBCL at the end of the stream as an empty document', async () => {
    const documents = await parseInPieces(`${OK_DOC}<?xml version="1.0"?>\n<RIBCL VERSION="2.22"/>\n`, 9);
    expect(documents).toHaveLength(2);
    expect(documents[1].elements).toEqual([]);
  });

  it('keeps INFORM text and tolerates LF-only line ends', async () => {
    const inform = '<?xml version="1.0"?>\n<RIBCL VERSION="2.22">\n<RESPONSE STATUS="0x0000" MESSAGE=\'No error\'/>\n<INFORM>Scripting utility should be updated to the latest version.</INFORM>\n</RIBCL>\n';
    const [document] = await parseInPieces(inform, 3);
    expect(document.elements[1]).toEqual({ name: 'INFORM', attributes: {}, text: 'Scripting utility should be updated to the latest version.' });
  });

  it('reports a truncated answer (connection lost in the middle of a document)', async () => {
    const cut = ANSWER.slice(0, ANSWER.length - 20);
    await expect(parseInPieces(cut, 100)).rejects.toMatchObject({ failure: 'connection-lost' });
  });

  it('reports malformed XML with where it broke', async () => {
    const parser = await createRibclStreamParser();
    expect(() => parser.push('<?xml version="1.0"?><RIBCL VERSION="2.22"><RESPONSE STATUS="0x0000"></RIBCL>'))
      .toThrow(/malformed RIBCL answer/);
  });

  it('refuses a document whose top element is not RIBCL', async () => {
    const parser = await createRibclStreamParser();
    expect(() => parser.push('<HTML><RIBCL></RIBCL></HTML>')).toThrow(IloError);
  });
});

describe('RIBCL answers', () => {
  async function documentsOf(text: string): Promise<RibclDocument[]> {
    return parseInPieces(text, text.length);
  }
  const failing = (status: string, message: string) => `${OK_DOC}<?xml version="1.0"?>\r\n<RIBCL VERSION="2.22">\r\n<RESPONSE STATUS="${status}" MESSAGE='${message}' />\r\n</RIBCL>\r\n`;

  it('reads the power state', async () => {
    expect(interpretRibclReply(await documentsOf(ANSWER), 'ilo:443', 'GET_HOST_POWER_STATUS').power).toBe('off');
  });

  it.each([
    ['0x005F', 'Login credentials rejected.', 'login'],
    ['0x0023', 'User does not have correct privilege for action. VIRTUAL_POWER_AND_RESET_PRIV required.', 'privilege'],
    ['0x0036', 'The iLO is busy with another session. Try again later.', 'busy'],
    ['0x0001', 'Syntax error: unknown command BOGUS.', 'unsupported'],
    ['0x0054', 'Command without TOGGLE="Yes" attribute is ignored when host power is off.', 'device'],
  ])('turns STATUS %s into a %s failure that keeps the message', async (status, message, failure) => {
    const documents = await documentsOf(failing(status, message.replace(/"/g, '&quot;')));
    let caught: unknown;
    try { interpretRibclReply(documents, 'ilo:443', 'SET_HOST_POWER'); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(IloError);
    expect((caught as IloError).failure).toBe(failure);
    expect((caught as IloError).message).toContain(message);
    expect((caught as IloError).message).toContain(status);
  });

  it('fails on a RESPONSE without STATUS, an unknown power value, or no RESPONSE at all', async () => {
    const noStatus = '<RIBCL VERSION="2.22"><RESPONSE MESSAGE=\'x\'/></RIBCL>';
    expect(() => interpretRibclReply([{ elements: [{ name: 'RESPONSE', attributes: { MESSAGE: 'x' }, text: '' }] }], 'i', 'c')).toThrow(/without a valid STATUS/);
    expect((await documentsOf(noStatus)).length).toBe(1);
    expect(() => interpretRibclReply([{ elements: [{ name: 'RESPONSE', attributes: { STATUS: '0x0000' }, text: '' }, { name: 'GET_HOST_POWER', attributes: { HOST_POWER: 'MAYBE' }, text: '' }] }], 'i', 'c')).toThrow(/unknown power state/);
    expect(() => interpretRibclReply([{ elements: [] }], 'i', 'c')).toThrow(/without any RESPONSE/);
    expect(() => interpretRibclReply([], 'i', 'c')).toThrow(/without answering/);
  });
});
