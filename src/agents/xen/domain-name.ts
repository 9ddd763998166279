/**
 * Which domain a resource manages: the `name` parameter, else the name the config file assigns,
 * else the resource id (the reference agent's order). The choice and its source are logged.
 */
import { readFileSync } from 'node:fs';
import { parseConfigDomainName } from '../../lib/xen/config-name.js';

export type DomainNameSource = 'parameter' | 'config' | 'resource-id';

export interface DomainNameChoice {
  readonly name: string;
  readonly source: DomainNameSource;
  /** Where the name came from, in words, for the log. */
  readonly origin: string;
  /** The config file could not be read. */
  readonly configMissing: boolean;
  /**
   * The config file assigns a name we cannot read (an expression, Python code): start and
   * validate-all refuse, stop and monitor fall back to the resource id with a warning.
   */
  readonly problem: string | undefined;
}

export type ReadConfigText = (path: string) => string | undefined;

export function readConfigText(path: string): string | undefined {
  if (path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function chooseDomainName(
  nameParameter: string | undefined,
  configFile: string,
  resourceId: string,
  read: ReadConfigText = readConfigText,
): DomainNameChoice {
  if (nameParameter !== undefined && nameParameter !== '') {
    return { name: nameParameter, source: 'parameter', origin: 'the name parameter', configMissing: false, problem: undefined };
  }
  const text = read(configFile);
  if (text === undefined) {
    return {
      name: resourceId,
      source: 'resource-id',
      origin: `the resource id (config file ${configFile === '' ? '(xmfile unset)' : configFile} cannot be read)`,
      configMissing: true,
      problem: undefined,
    };
  }
  const parsed = parseConfigDomainName(text);
  switch (parsed.kind) {
    case 'found':
      return { name: parsed.name, source: 'config', origin: `${configFile} line ${parsed.line}`, configMissing: false, problem: undefined };
    case 'absent':
      return {
        name: resourceId, source: 'resource-id', origin: `the resource id (${configFile} assigns no name)`,
        configMissing: false, problem: undefined,
      };
    case 'unparseable':
      return {
        name: resourceId,
        source: 'resource-id',
        origin: `the resource id (the name in ${configFile} cannot be read)`,
        configMissing: false,
        problem: `cannot read the domain name from ${configFile} line ${parsed.line}: ${parsed.reason}; set the "name" parameter`,
      };
  }
}
