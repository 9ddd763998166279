/**
 * fence-agents' manpage action: a man(7) page generated from the same option table as the
 * metadata and -h (fence-agents renders it from the metadata with fence2man.xsl).
 */
import type { ParameterSpec } from '../runtime/index.js';
import { fenceAgentOptionTable } from './fence-agents-options.js';
import { getoptForm } from './fence-agents-standard.js';
import { fenceAgentActions } from './metadata.js';
import type { FencePluginDefinition } from './plugin.js';

/** Text safe in a roff line: backslashes doubled, a leading dot or quote escaped. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');
}

export function renderFenceAgentManpage<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const name = plugin.fenceAgentName;
  const lines = [
    `.TH ${name.toUpperCase()} 8 "" "xenha-agents ${plugin.version}" "System Manager's Manual"`,
    '.SH NAME',
    `${roff(name)} \\- ${roff(plugin.deviceId)}`,
    '.SH SYNOPSIS',
    `.B ${roff(name)}`,
    '[\\fIOPTIONS\\fR]',
    '.SH DESCRIPTION',
    roff(plugin.description.trim()),
    '.PP',
    `${roff(name)} accepts options on the command line or as key=value lines on stdin (what Pacemaker passes). `
      + 'A boolean option alone means true; \\-\\-name=false switches it off.',
    '.SH OPTIONS',
  ];
  for (const entry of fenceAgentOptionTable(plugin)) {
    lines.push('.TP', `.B ${roff(getoptForm(entry.option))}`);
    const details = [
      entry.option.shortdesc,
      ...(entry.option.default !== undefined ? [`(Default Value: ${entry.option.default})`] : []),
      ...(entry.option.obsoletes ? [`On stdin also: ${entry.option.obsoletes}.`] : []),
      ...(entry.spec?.secret ? ['On stdin only, never on the command line.'] : []),
      ...(entry.option.required ? ['This parameter is always required.'] : []),
    ];
    lines.push(roff(details.join(' ')));
  }
  lines.push('.SH ACTIONS');
  for (const action of fenceAgentActions(plugin)) lines.push('.TP', `.B ${roff(action)}`);
  lines.push('.SH STDIN PARAMETERS', 'Each option above is also accepted on stdin as its name, e.g. "action=reboot".', '');
  return lines.join('\n');
}
