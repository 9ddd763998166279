/**
 * iLO answers to RIBCL as a stream of XML documents, one per block of the request (RIBCL,
 * LOGIN, the command), each with its own XML header. A document may span TLS records (some
 * firmware sends one byte per record) and one record may hold several documents, so the stream
 * is cut into documents by their closing </RIBCL>, whatever the reads were. iLO quirks
 * tolerated: the self-closed <RIBCL VERSION="…"/> that is closed again later (python-hpilo #89),
 * CRLF line ends, INFORM elements. fast-xml-parser is loaded by createRibclStreamParser only.
 */
import { IloError } from './errors.js';

/** One child element of a RIBCL document, with its attributes (names as sent, upper case). */
export interface RibclElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Text content (INFORM messages). */
  readonly text: string;
}

export interface RibclDocument {
  readonly elements: readonly RibclElement[];
}

export interface RibclStreamParser {
  /** Add text; returns the documents completed by it. Throws IloError('protocol') on malformed XML. */
  push(text: string): RibclDocument[];
  /** The stream ended: returns a last document without </RIBCL> if any; throws on a truncated one. */
  end(): RibclDocument[];
  /** Documents completed so far. */
  readonly count: number;
}

const CLOSING_TAG = /<\/RIBCL\s*>/;
const XML_DECLARATION = /<\?xml[^?]*\?>/g;
const SELF_CLOSED_RIBCL = /<RIBCL((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/>/;

type OrderedNode = Record<string, unknown>;

function flattenLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export async function createRibclStreamParser(): Promise<RibclStreamParser> {
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    ignoreDeclaration: true,
  });

  const parseDocument = (raw: string): RibclDocument => {
    let text = raw.replace(XML_DECLARATION, '').trim();
    // The double-closed RIBCL: <RIBCL VERSION="2.22"/> … </RIBCL>.
    if (CLOSING_TAG.test(text)) text = text.replace(SELF_CLOSED_RIBCL, '<RIBCL$1>');
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw new IloError('protocol', `malformed RIBCL answer (${valid.err.msg} at line ${valid.err.line}): ${flattenLine(text)}`);
    }
    const nodes = parser.parse(text) as OrderedNode[];
    const roots = nodes.filter((node) => !('#text' in node));
    const root = roots[0];
    const rootName = root ? Object.keys(root).find((key) => key !== ':@') : undefined;
    if (roots.length !== 1 || rootName !== 'RIBCL') {
      throw new IloError('protocol', `unexpected answer: the top element is ${rootName ?? 'missing'}, not RIBCL: ${flattenLine(text)}`);
    }
    const children = (root[rootName] as OrderedNode[] | undefined) ?? [];
    const elements: RibclElement[] = [];
    for (const child of children) {
      const name = Object.keys(child).find((key) => key !== ':@');
      if (name === undefined || name === '#text') continue;
      const attributes = (child[':@'] as Record<string, string> | undefined) ?? {};
      const content = (child[name] as OrderedNode[] | undefined) ?? [];
      const textContent = content.map((node) => (typeof node['#text'] === 'string' || typeof node['#text'] === 'number' ? String(node['#text']) : '')).join(' ').trim();
      elements.push({ name, attributes: { ...attributes }, text: textContent });
    }
    return { elements };
  };

  let buffer = '';
  let count = 0;
  const take = (): RibclDocument[] => {
    const documents: RibclDocument[] = [];
    for (;;) {
      const match = CLOSING_TAG.exec(buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end);
      documents.push(parseDocument(raw));
      count += 1;
    }
    return documents;
  };

  return {
    push(text: string): RibclDocument[] {
      buffer += text;
      return take();
    },
    end(): RibclDocument[] {
      const documents = take();
      const rest = buffer.replace(XML_DECLARATION, '').trim();
      buffer = '';
      if (rest === '') return documents;
      // A lone self-closed <RIBCL …/> is a complete (empty) document.
      if (/^<RIBCL(?:\s[^>]*)?\/>$/.test(rest)) {
        count += 1;
        return [...documents, { elements: [] }];
      }
      throw new IloError('connection-lost', `the answer ended in the middle of a document: ${flattenLine(rest)}`);
    },
    get count() { return count; },
  };
}
