/**
 * Meta-data XML from an agent's declaration, valid against both resource-agents'
 * ra-api-1.dtd (what ocf-tester checks) and metadata.rng (OCF 1.1). Where the two differ the
 * common subset is used: time and enumerated parameters are typed "string" (their syntax is in
 * the long description and enforced by validate-all), reload is the 1.0 "reload" action.
 */
import { escapeXml } from '../xml/escape.js';
import type { ActionSpec } from './actions.js';
import { parameterLongdesc, reloadNote, type ParameterSpec } from '../runtime/parameters.js';
import { metadataText, toAscii } from '../xml/description-text.js';

export interface MetadataSource {
  readonly name: string;
  readonly version: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  readonly parameters: readonly ParameterSpec[];
  readonly actions: readonly ActionSpec[];
}

function contentType(spec: ParameterSpec): 'string' | 'integer' | 'boolean' {
  switch (spec.type) {
    case 'integer': return 'integer';
    case 'boolean': return 'boolean';
    default: return 'string';
  }
}

function defaultText(spec: ParameterSpec): string | undefined {
  if (spec.default === undefined) return undefined;
  return String(spec.default);
}

function parameterXml(spec: ParameterSpec): string {
  const defaultValue = defaultText(spec);
  return [
    `<parameter name="${escapeXml(spec.name)}" unique="${spec.unique ? 1 : 0}" required="${spec.required ? 1 : 0}">`,
    `<longdesc lang="en">\n${escapeXml(metadataText(parameterLongdesc(spec)))}\n</longdesc>`,
    `<shortdesc lang="en">${escapeXml(toAscii(spec.shortdesc))}</shortdesc>`,
    `<content type="${contentType(spec)}"${defaultValue === undefined ? '' : ` default="${escapeXml(defaultValue)}"`} />`,
    '</parameter>',
  ].join('\n');
}

function actionXml(action: ActionSpec): string {
  const attributes = [`name="${action.name}"`, `timeout="${escapeXml(action.timeout)}"`];
  if (action.interval !== undefined) attributes.push(`interval="${escapeXml(action.interval)}"`);
  if (action.depth !== undefined) attributes.push(`depth="${action.depth}"`);
  if (action.role !== undefined) attributes.push(`role="${action.role}"`);
  if (action.startDelay !== undefined) attributes.push(`start-delay="${escapeXml(action.startDelay)}"`);
  return `<action ${attributes.join(' ')} />`;
}

export function renderMetadataXml(agent: MetadataSource): string {
  if (agent.parameters.length === 0) {
    throw new Error(`${agent.name}: metadata.rng requires at least one parameter`);
  }
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">',
    `<resource-agent name="${escapeXml(agent.name)}" version="${escapeXml(agent.version)}">`,
    '<version>1.0</version>',
    `<longdesc lang="en">\n${escapeXml(metadataText([agent.longdesc.trim(), reloadNote(agent.parameters)].filter((part) => part !== undefined).join('\n\n')))}\n</longdesc>`,
    `<shortdesc lang="en">${escapeXml(toAscii(agent.shortdesc))}</shortdesc>`,
    '<parameters>',
    ...agent.parameters.map(parameterXml),
    '</parameters>',
    '<actions>',
    ...agent.actions.map(actionXml),
    '</actions>',
    '</resource-agent>',
    '',
  ].join('\n');
}
