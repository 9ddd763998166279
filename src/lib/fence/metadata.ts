/**
 * A fencing plugin's declaration rendered twice: cluster-glue's getinfo-xml (the <parameters>
 * block `stonith -m` and pacemaker-fenced wrap into their own meta-data) and fence-agents'
 * metadata (what Pacemaker reads from `fence_* -o metadata`).
 */
import { parameterLongdesc } from '../runtime/index.js';
import type { ParameterSpec } from '../runtime/index.js';
import { metadataText, toAscii } from '../xml/description-text.js';
import { escapeXml } from '../xml/escape.js';
import { fenceAgentOptionTable, type OptionEntry } from './fence-agents-options.js';
import { getoptForm } from './fence-agents-standard.js';
import type { FencePluginDefinition } from './plugin.js';
import { supportedPowerActions } from './plugin.js';

function glueContentType(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'integer': return 'integer';
    case 'boolean': return 'boolean';
    default: return 'string';
  }
}

function defaultAttribute(spec: ParameterSpec): string {
  if (spec.default === undefined || spec.secret) return '';
  return ` default="${escapeXml(String(spec.default))}"`;
}

/** getinfo-xml: the <parameters> element, in the layout of cluster-glue's own plugins. */
export function renderGlueParametersXml<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const lines = ['<parameters>'];
  for (const spec of plugin.parameters) {
    lines.push(
      `<parameter name="${escapeXml(spec.name)}" unique="${spec.unique ? 1 : 0}" required="${spec.required ? 1 : 0}">`,
      `<content type="${glueContentType(spec)}"${defaultAttribute(spec)} />`,
      `<shortdesc lang="en">${escapeXml(toAscii(spec.shortdesc))}</shortdesc>`,
      `<longdesc lang="en">\n${escapeXml(metadataText(parameterLongdesc(spec)))}\n</longdesc>`,
      '</parameter>',
    );
  }
  lines.push('</parameters>', '');
  return lines.join('\n');
}

/** Command-line option of a parameter in fence-agents mode: hostlist → --hostlist, ssh_user → --ssh-user. */
export function optionName(parameter: string): string {
  return `--${parameter.replace(/_/g, '-')}`;
}

function fenceAgentContent(entry: OptionEntry): string {
  const { option, spec } = entry;
  const def = option.default === undefined ? '' : ` default="${escapeXml(option.default)}"`;
  if (spec?.type === 'enum') {
    return [`<content type="select"${def}>`, ...spec.values.map((v) => `\t\t\t<option value="${escapeXml(v)}" />`), '\t\t</content>'].join('\n');
  }
  return `<content type="${option.content}"${def} />`;
}

function fenceAgentParameter(entry: OptionEntry, name: string, extra: string): string {
  return [
    `\t<parameter name="${escapeXml(name)}" unique="0" required="${entry.option.required && !extra.includes('deprecated') ? 1 : 0}"${extra}>`,
    `\t\t<getopt mixed="${escapeXml(getoptForm(entry.option))}" />`,
    `\t\t${fenceAgentContent(entry)}`,
    `\t\t<shortdesc lang="en">${escapeXml(toAscii(entry.option.shortdesc))}</shortdesc>`,
    '\t</parameter>',
  ].join('\n');
}

/** The fence-agents actions this plugin can do (on only where it powers hosts on). */
export function fenceAgentActions<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string[] {
  const power = supportedPowerActions(plugin);
  return [
    ...(power.includes('on') ? ['on'] : []),
    ...(power.includes('off') ? ['off'] : []),
    'reboot', 'status', 'list', 'list-status', 'monitor', 'metadata', 'manpage', 'validate-all',
  ];
}

/**
 * fence-agents metadata: the format of fencing.py's metadata action, valid against
 * fence-agents' metadata.rng (parameters carry getopt, content and shortdesc only). An option
 * with an obsolete key is listed twice, as fencing.py does: the old key deprecated="1".
 */
export function renderFenceAgentMetadata<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const parameters: string[] = [];
  for (const entry of fenceAgentOptionTable(plugin)) {
    if (entry.option.obsoletes) {
      parameters.push(fenceAgentParameter(entry, entry.option.obsoletes, ' deprecated="1"'));
      parameters.push(fenceAgentParameter(entry, entry.option.name, ` obsoletes="${escapeXml(entry.option.obsoletes)}"`));
    } else {
      parameters.push(fenceAgentParameter(entry, entry.option.name, entry.deprecated ? ' deprecated="1"' : ''));
    }
  }
  const actions = fenceAgentActions(plugin).map((name) => `\t<action name="${name}"${name === 'on' ? ' automatic="0"' : ''} />`);
  return [
    '<?xml version="1.0" ?>',
    `<resource-agent name="${escapeXml(plugin.fenceAgentName)}" shortdesc="${escapeXml(plugin.deviceId)}">`,
    `<longdesc>${escapeXml(metadataText(plugin.description))}</longdesc>`,
    `<vendor-url>${escapeXml(plugin.url)}</vendor-url>`,
    '<parameters>',
    ...parameters,
    '</parameters>',
    '<actions>',
    ...actions,
    '</actions>',
    '</resource-agent>',
    '',
  ].join('\n');
}
