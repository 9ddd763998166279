// A man page (roff, man macros) from a program's description (build/man/describe.mjs), laid
// out as resource-agents' pages are: NAME, SYNOPSIS, DESCRIPTION, SUPPORTED PARAMETERS (type,
// default, required), SUPPORTED ACTIONS (default timeouts), EXAMPLE CRM SHELL, EXAMPLE PCS,
// SEE ALSO. fence_* pages follow fence-agents' (options, actions); helpers show their --help.
import { configurationExamples } from './examples.mjs';

const TYPOGRAPHY = { '\u2026': '...', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '--', '\u2192': '->', '\u2190': '<-', '\u221e': 'infinity', '\u00a0': ' ', '\u2264': '<=', '\u2265': '>=' };

/** Text as roff source: escapes, no control line starts, ASCII only (other characters as \[uXXXX]). */
export function roffText(value) {
  let out = '';
  for (const char of String(value)) {
    const code = char.codePointAt(0);
    if (TYPOGRAPHY[char] !== undefined) out += TYPOGRAPHY[char].replace(/-/g, '\\-');
    else if (char === '\\') out += '\\e';
    else if (char === '-') out += '\\-';
    else if (char === '\t') out += ' ';
    else if (code < 0x20 && char !== '\n') out += ' ';
    else if (code > 0x7e) out += `\\[u${code.toString(16).toUpperCase().padStart(4, '0')}]`;
    else out += char;
  }
  // a line starting with . or ' would be a request
  return out.split('\n').map((line) => (/^[.']/.test(line) ? `\\&${line}` : line)).join('\n');
}

const bold = (value) => `\\fB${roffText(value)}\\fR`;
const italic = (value) => `\\fI${roffText(value)}\\fR`;

/** Paragraphs (blank-line separated), filled: meta-data text is wrapped at arbitrary places. */
function paragraphs(value) {
  return String(value ?? '')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `.PP\n${roffText(paragraph.split('\n').map((line) => line.trim()).join(' '))}`)
    .join('\n');
}

/** Verbatim block (examples, help text). */
const verbatim = (value) => `.PP\n.RS 4\n.nf\n${roffText(value).split('\n').map((line) => (line === '' ? '\\&' : line)).join('\n')}\n.fi\n.RE`;

const ACTION_PURPOSE = {
  start: 'Starts the resource.',
  stop: 'Stops the resource.',
  monitor: 'Performs a detailed status check.',
  promote: 'Promotes the resource to the promoted role.',
  demote: 'Demotes the resource to the unpromoted role.',
  notify: 'Receives notifications of the clone instances\' actions.',
  reload: 'Applies changed reloadable parameters without a restart.',
  'reload-agent': 'Applies changed reloadable parameters without a restart.',
  migrate_to: 'Migrates the resource away from this node (live migration).',
  migrate_from: 'Completes a migration of the resource to this node.',
  'meta-data': 'Retrieves resource agent metadata (internal use only).',
  'validate-all': 'Checks the configuration without touching the resource.',
  on: 'Power on the host.',
  off: 'Power off the host.',
  reboot: 'Reboot the host.',
  status: 'Reports the power status of the host.',
  list: 'Lists the hosts this device can fence.',
  'list-status': 'Lists the hosts and their power status.',
  monitor_fence: 'Checks that the fencing device answers.',
  metadata: 'Prints the XML meta-data describing this agent.',
  manpage: 'Prints this manual page.',
};

// cluster-glue's external plugin protocol (what `stonith` and Pacemaker's fence_legacy call).
const STONITH_OPERATIONS = [
  ['gethosts', 'Lists the hosts this device can fence.'],
  ['on HOST', 'Powers the host on.'],
  ['off HOST', 'Powers the host off; succeeds only once the host is confirmed off.'],
  ['reset HOST', 'Resets the host; succeeds only once the host is confirmed to have gone down.'],
  ['status', 'Checks that the device answers.'],
  ['getconfignames', 'Prints the names of the parameters.'],
  ['getinfo-devid, getinfo-devname, getinfo-devdescr, getinfo-devurl', 'Print the device\'s identification and description.'],
  ['getinfo-xml', 'Prints the parameters as XML.'],
];

function parameterFacts(parameter) {
  const facts = [parameter.required ? 'required' : 'optional'];
  if (parameter.unique) facts.push('unique');
  facts.push(parameter.type);
  facts.push(parameter.default !== undefined && parameter.default !== '' ? `default "${parameter.default}"` : 'no default');
  return `(${facts.join(', ')})`;
}

function parametersSection(model) {
  if (model.parameters.length === 0) return '';
  const items = model.parameters.map((parameter) => {
    const heading = model.dialect === 'fence' && parameter.option ? `${bold(parameter.option)} (stdin: ${roffText(parameter.name)}=)` : bold(parameter.name);
    const description = [parameter.shortdesc && `.PP\n${roffText(parameter.shortdesc.replace(/\.?$/, '.'))}`, paragraphs(parameter.longdesc)].filter(Boolean).join('\n');
    return `.PP\n${heading}\n.RS 4\n${description}\n.PP\n${roffText(parameterFacts(parameter))}\n.RE`;
  });
  return `.SH "SUPPORTED PARAMETERS"\n${items.join('\n')}`;
}

function actionsSection(model) {
  if (model.dialect === 'stonith') {
    const items = STONITH_OPERATIONS.map(([name, purpose]) => `.PP\n${bold(name)}\n.RS 4\n${roffText(purpose)}\n.RE`);
    return `.SH "SUPPORTED ACTIONS"\n.PP\nThe plugin is run as ${italic('plugin ACTION [HOST]')} with its parameters in the environment. Pacemaker bounds each operation by its fencing timeouts (${roffText('stonith-timeout, pcmk_reboot_timeout, pcmk_off_timeout')}).\n${items.join('\n')}`;
  }
  if (model.actions.length === 0) return '';
  const items = model.actions.map((action) => {
    const purpose = ACTION_PURPOSE[model.dialect === 'fence' && action.name === 'monitor' ? 'monitor_fence' : action.name] ?? '';
    const timing = [action.timeout && `Default timeout: ${action.timeout}.`, action.interval && action.interval !== '0' && `Default interval: ${action.interval}.`, action.role && `Role: ${action.role}.`, action.depth && action.depth !== '0' && `Depth: ${action.depth}.`].filter(Boolean);
    return `.PP\n${bold(action.name)}\n.RS 4\n${roffText([purpose, ...timing].filter(Boolean).join(' '))}\n.RE`;
  });
  const intro = model.dialect === 'fence' ? 'The agent supports these actions (-o, or action= on stdin):' : 'This resource agent supports the following actions (operations):';
  return `.SH "SUPPORTED ACTIONS"\n.PP\n${roffText(intro)}\n${items.join('\n')}`;
}

function examplesSections(model) {
  const examples = configurationExamples(model);
  if (!examples) return '';
  const what = model.dialect === 'ocf' ? `a ${model.entry.name} resource` : `a ${model.entry.name} fencing device`;
  return [
    `.SH "EXAMPLE CRM SHELL"\n.PP\nThe following is an example configuration for ${roffText(what)} using the ${bold('crm')}(8) shell:\n${verbatim(examples.crm)}`,
    `.SH "EXAMPLE PCS"\n.PP\nThe following is an example configuration for ${roffText(what)} using ${bold('pcs')}(8):\n${verbatim(examples.pcs)}`,
  ].join('\n');
}

function synopsis(model) {
  const { name } = model.entry;
  if (model.dialect === 'ocf') return `.SH "SYNOPSIS"\n.PP\n${bold(name)} [${roffText(model.actions.map((a) => a.name).join(' | '))}]`;
  if (model.dialect === 'stonith') return `.SH "SYNOPSIS"\n.PP\n${bold('stonith')} \\-t ${roffText(`external/${name}`)} [\\-p "${italic('parameters')}"] [\\-T reset|off|on] ${italic('host')}\n.br\n${bold(name)} ${italic('ACTION')} [${italic('HOST')}]`;
  if (model.dialect === 'fence') return `.SH "SYNOPSIS"\n.PP\n${bold(name)} [${italic('OPTIONS')}]\n.br\n${bold(name)} < ${italic('key=value lines on stdin')}`;
  if (model.usage) return `.SH "SYNOPSIS"\n${verbatim(model.usage.trim())}`;
  return '';
}

function description(model) {
  const parts = [];
  if (model.dialect === 'help') {
    if (model.help) parts.push(verbatim(model.help));
    else parts.push(`.PP\n${roffText(model.shortdesc ? `${model.shortdesc.replace(/\.?$/, '.')} ` : '')}${roffText(`${model.entry.name} is part of xenha-agents; it prints no help of its own. See /usr/share/doc/xenha-agents.`)}`);
  } else {
    parts.push(paragraphs(model.longdesc || model.shortdesc));
  }
  if (model.url) parts.push(`.PP\n${roffText(`Vendor URL: ${model.url}`)}`);
  return `.SH "DESCRIPTION"\n${parts.join('\n')}`;
}

/** SEE ALSO: the other names of the same program, the clients, the documentation. */
function seeAlso(model, allNames) {
  const others = allNames.filter((n) => n.program === model.entry.program && n.man.page !== model.entry.man.page).map((n) => `${bold(n.man.page)}(${n.man.section})`);
  const clients = model.dialect === 'help' ? [] : [`${bold('crm')}(8)`, `${bold('pcs')}(8)`];
  if (model.dialect === 'stonith') clients.push(`${bold('stonith')}(8)`);
  return `.SH "SEE ALSO"\n.PP\n${[...others, ...clients, '/usr/share/doc/xenha\\-agents/'].join(', ')}`;
}

/** The page: roff text. `version` and `date` ("YYYY-MM-DD") go in the title line. */
export function renderManPage(model, { version, date, allNames }) {
  const { page, section } = model.entry.man;
  const manual = { ocf: 'OCF resource agents', stonith: 'STONITH plugins', fence: 'Fence agents', help: 'xenha-agents' }[model.dialect];
  const summary = model.shortdesc || (model.dialect === 'help' ? 'part of xenha-agents' : model.entry.name);
  return [
    `.\\" Generated by build/manpages.mjs from ${model.entry.name}'s own ${model.dialect === 'help' ? 'help output' : 'meta-data'}; do not edit.`,
    `.TH "${roffText(page.toUpperCase())}" "${section}" "${date}" "xenha\\-agents ${roffText(version)}" "${manual}"`,
    '.nh',
    '.ad l',
    `.SH "NAME"\n${roffText(page)} \\- ${roffText(summary.split('\n')[0])}`,
    synopsis(model),
    description(model),
    parametersSection(model),
    actionsSection(model),
    examplesSections(model),
    seeAlso(model, allNames),
    `.SH "AUTHOR"\n.PP\nxenha\\-agents contributors`,
  ].filter(Boolean).join('\n') + '\n';
}
