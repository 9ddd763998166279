/**
 * A fencing plugin's declaration rendered twice: cluster-glue's getinfo-xml (the <parameters>
 * block `stonith -m` and pacemaker-fenced wrap into their own meta-data) and fence-agents'
 * metadata (what Pacemaker reads from `fence_* -o metadata`).
 */
import { parameterLongdesc } from '../runtime/index.js';
import type { ParameterSpec } from '../runtime/index.js';
import { escapeXml } from '../xml/escape.js';
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
      `<shortdesc lang="en">${escapeXml(spec.shortdesc)}</shortdesc>`,
      `<longdesc lang="en">\n${escapeXml(parameterLongdesc(spec))}\n</longdesc>`,
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

function fenceAgentContent(spec: ParameterSpec): string {
  const def = defaultAttribute(spec);
  switch (spec.type) {
    case 'integer': return `<content type="integer"${def} />`;
    case 'boolean': return `<content type="boolean"${def} />`;
    case 'time': return `<content type="second"${def} />`;
    case 'enum':
      return [`<content type="select"${def}>`, ...spec.values.map((v) => `\t\t\t<option value="${escapeXml(v)}" />`), '\t\t</content>'].join('\n');
    default: return `<content type="string"${def} />`;
  }
}

function fenceAgentParameter(name: string, getopt: string, content: string, shortdesc: string, options: {
  required?: boolean; unique?: boolean; extra?: string; longdesc?: string;
} = {}): string {
  return [
    `\t<parameter name="${escapeXml(name)}" unique="${options.unique ? 1 : 0}" required="${options.required ? 1 : 0}"${options.extra ?? ''}>`,
    `\t\t<getopt mixed="${escapeXml(getopt)}" />`,
    `\t\t${content}`,
    `\t\t<shortdesc lang="en">${escapeXml(shortdesc)}</shortdesc>`,
    ...(options.longdesc ? [`\t\t<longdesc lang="en">${escapeXml(options.longdesc)}</longdesc>`] : []),
    '\t</parameter>',
  ].join('\n');
}

/** fence-agents metadata: the format of fencing.py's metadata action. */
export function renderFenceAgentMetadata<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const powerActions = supportedPowerActions(plugin);
  const parameters = [
    fenceAgentParameter('action', '-o, --action=[action]', '<content type="string" default="reboot" />', 'Fencing action', { required: true }),
    ...plugin.parameters.map((spec) => fenceAgentParameter(
      spec.name,
      spec.type === 'boolean' ? optionName(spec.name) : `${optionName(spec.name)}=[value]`,
      fenceAgentContent(spec),
      spec.shortdesc,
      { required: spec.required, unique: spec.unique, longdesc: parameterLongdesc(spec) },
    )),
    fenceAgentParameter('plug', '-n, --plug=[id]', '<content type="string" />',
      'The host to fence (one of hostlist, compared case-insensitively)', { extra: ' obsoletes="port"' }),
    fenceAgentParameter('port', '-n, --plug=[id]', '<content type="string" />',
      'The host to fence (one of hostlist, compared case-insensitively)', { extra: ' deprecated="1"' }),
    fenceAgentParameter('nodename', '--nodename=[name]', '<content type="string" />',
      'The host to fence when neither plug nor port is given'),
    fenceAgentParameter('verbose', '-v, --verbose', '<content type="boolean" />', 'Verbose mode: log debug messages'),
    fenceAgentParameter('version', '-V, --version', '<content type="boolean" />', 'Display version information and exit'),
    fenceAgentParameter('help', '-h, --help', '<content type="boolean" />', 'Display help and exit'),
  ];
  const actions = [
    ...(powerActions.includes('on') ? ['\t<action name="on" automatic="0" />'] : []),
    ...(powerActions.includes('off') ? ['\t<action name="off" />'] : []),
    '\t<action name="reboot" />',
    '\t<action name="status" />',
    '\t<action name="list" />',
    '\t<action name="monitor" />',
    '\t<action name="metadata" />',
    '\t<action name="validate-all" />',
  ];
  return [
    '<?xml version="1.0" ?>',
    `<resource-agent name="${escapeXml(plugin.fenceAgentName)}" shortdesc="${escapeXml(plugin.deviceId)}">`,
    `<longdesc>${escapeXml(plugin.description.trim())}</longdesc>`,
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
