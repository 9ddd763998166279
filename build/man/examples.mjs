// One configuration example per program, in crm shell and pcs syntax, from its meta-data:
// the required parameters (their default, else a placeholder in capitals), the monitor
// operations with their advertised interval and timeout, allow-migrate for agents that
// migrate, a promotable clone for agents that promote.

/** A value to show for a parameter: its default, else a placeholder the reader replaces. */
function exampleValue(parameter) {
  if (parameter.default !== undefined && parameter.default !== '') return parameter.default;
  if (parameter.type === 'boolean') return 'true';
  if (parameter.type === 'integer') return '1';
  return parameter.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

// fence-agents' "action" and "plug"/"port" come from Pacemaker per operation, never from the CIB.
const PER_OPERATION = new Set(['action', 'plug', 'port', 'nodename']);

const quote = (value) => `"${String(value).replace(/(["\\$`])/g, '\\$1')}"`;

function exampleParameters(model) {
  return model.parameters.filter((p) => p.required && !PER_OPERATION.has(p.name)).map((p) => [p.name, exampleValue(p)]);
}

/** The monitor operations to configure: [{ interval, timeout, role }]. */
function monitorOperations(model) {
  const monitors = model.actions.filter((a) => a.name === 'monitor' && a.interval && a.interval !== '0' && a.interval !== '0s');
  if (monitors.length > 0) return monitors.map((a) => ({ interval: a.interval, timeout: a.timeout, role: a.role }));
  // fencing devices: an hourly check that the device answers
  return model.dialect === 'ocf' ? [] : [{ interval: '3600s' }];
}

function resourceOf(model) {
  const { kind, name } = model.entry;
  if (model.dialect === 'ocf') return { id: `p_${name}`, crmType: `ocf:xenha:${name}`, pcsType: `ocf:xenha:${name}`, stonith: false };
  if (model.dialect === 'stonith') return { id: `st_${name}`, crmType: `stonith:external/${name}`, pcsType: `external/${name}`, stonith: true };
  if (model.dialect === 'fence') return { id: `st_${name}`, crmType: `stonith:${name}`, pcsType: name, stonith: true };
  throw new Error(`no configuration example for ${kind} ${name}`);
}

/** { crm, pcs } example texts, or undefined for a program the cluster does not configure. */
export function configurationExamples(model) {
  if (model.dialect === 'help') return undefined;
  const resource = resourceOf(model);
  const parameters = exampleParameters(model);
  const monitors = monitorOperations(model);
  const actionNames = new Set(model.actions.map((a) => a.name));
  const migrates = actionNames.has('migrate_to') && actionNames.has('migrate_from');
  const promotable = actionNames.has('promote') && actionNames.has('demote');

  const crm = [`primitive ${resource.id} ${resource.crmType}`];
  if (parameters.length > 0) crm.push('  params', ...parameters.map(([name, value]) => `    ${name}=${quote(value)}`));
  if (migrates) crm.push('  meta allow-migrate="true"');
  for (const op of monitors) {
    const attributes = [op.role && `role="${op.role}"`, `interval="${op.interval}"`, op.timeout && `timeout="${op.timeout}"`].filter(Boolean);
    crm.push(`  op monitor ${attributes.join(' ')}`);
  }
  let crmText = crm.join(' \\\n');
  if (promotable) crmText += `\nclone cl_${model.entry.name} ${resource.id} \\\n  meta promotable="true" notify="true"`;

  const pcs = [`pcs ${resource.stonith ? 'stonith' : 'resource'} create ${resource.id} ${resource.pcsType}`];
  pcs.push(...parameters.map(([name, value]) => `  ${name}=${quote(value)}`));
  if (migrates) pcs.push('  meta allow-migrate=true');
  if (monitors.length > 0) {
    pcs.push(`  op ${monitors.map((op) => ['monitor', op.role && `role=${op.role}`, `interval=${op.interval}`, op.timeout && `timeout=${op.timeout}`].filter(Boolean).join(' ')).join(' ')}`);
  }
  if (promotable) pcs.push('  promotable notify=true');
  return { crm: crmText, pcs: pcs.join(' \\\n') };
}
