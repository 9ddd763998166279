/**
 * Pacemaker's XML (crm_mon / crm_resource --output-as=xml, cibadmin --query) as a small typed
 * element tree. fast-xml-parser is loaded on first use: programs that never read XML do not
 * pay for it. Text that does not end with its document element's closing tag (output cut
 * short: a killed tool, a full pipe) or holds no element is an error, never an empty tree.
 * Pacemaker writes its XML with libxml2, so a full well-formedness pass would cost time for
 * nothing; the completeness check is what protects the caller.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (e.g. a node name in crm_resource --locate), trimmed; '' when none. */
  readonly text: string;
}

export class PacemakerXmlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PacemakerXmlError';
  }
}

/** fast-xml-parser's preserveOrder node: `{ tag: [children], ':@': { attributes } }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES_KEY = ':@';

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES_KEY);
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const rawAttributes = node[ATTRIBUTES_KEY];
  const attributes: Record<string, string> = {};
  if (rawAttributes !== null && typeof rawAttributes === 'object') {
    for (const [key, value] of Object.entries(rawAttributes as Record<string, unknown>)) {
      attributes[key] = typeof value === 'string' ? value : String(value);
    }
  }
  const rawChildren = node[name];
  const children: XmlElement[] = [];
  const texts: string[] = [];
  if (Array.isArray(rawChildren)) {
    for (const child of rawChildren as OrderedNode[]) {
      const text = child['#text'];
      if (text !== undefined) texts.push(String(text));
      const element = toElement(child);
      if (element !== undefined) children.push(element);
    }
  }
  return { name, attributes, children, text: texts.join('').trim() };
}

/** The document element of `text`; throws PacemakerXmlError for anything but well-formed XML. */
export async function parsePacemakerXml(text: string, what: string): Promise<XmlElement> {
  const rootName = /<([A-Za-z_][\w.-]*)[\s/>]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1];
  if (rootName === undefined) throw new PacemakerXmlError(`${what}: no XML element in the output`);
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(`</${rootName}>`) && !/^\s*<[^>]*\/>\s*$/.test(trimmed.replace(/<\?[\s\S]*?\?>/g, ''))) {
    throw new PacemakerXmlError(`${what}: the XML ends before </${rootName}>: the output is incomplete`);
  }
  const { XMLParser } = await import('fast-xml-parser');
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const nodes = parser.parse(text) as OrderedNode[];
  for (const node of nodes) {
    const element = toElement(node);
    if (element !== undefined) return element;
  }
  throw new PacemakerXmlError(`${what}: no XML element in the output`);
}

/** Direct children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first direct child named `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** Every descendant named `name`, document order. */
export function descendantsNamed(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** "true" / "false" attributes as Pacemaker writes them; anything else is `fallback`. */
export function booleanAttribute(element: XmlElement, name: string, fallback = false): boolean {
  const value = element.attributes[name];
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}
