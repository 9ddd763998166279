/**
 * The parameters of ocf:xenha:Xen: those of ocf:heartbeat:Xen with the same names, defaults,
 * meanings and unique flags (none is unique: one template config file may serve several guests
 * told apart by `name`), plus `toolstack` and `migration_network_suffix`.
 *
 * Reload: the meta-data is RA API 1.0, so Pacemaker uses its legacy reload, under which every
 * parameter with unique="0" is reloadable. Every parameter but xmfile and name only shapes later
 * actions and is applied by the next action without restarting the guest; a change of xmfile or
 * name that names another domain is refused by reload, so Pacemaker restarts the resource.
 */
import { declareParameters, readAsOcfIsTrue, type ReferenceReading } from '../../lib/ocf/index.js';

const MIB_PER_UNIT: Readonly<Record<string, number>> = { m: 1, g: 1024, t: 1024 * 1024 };

/**
 * reserved_Dom0_memory with a unit ("1G", "512M", "2GiB"): the reference is typed "string" and
 * only used it in shell arithmetic when memory management is on (where a unit made it fail);
 * read as MiB.
 */
function memoryWithUnit(raw: string): ReferenceReading | undefined {
  const match = /^\s*(\d+)\s*([MGT])(?:i?B)?\s*$/i.exec(raw);
  if (!match) return undefined;
  const mib = Number(match[1]) * MIB_PER_UNIT[match[2].toLowerCase()];
  return Number.isSafeInteger(mib) ? { value: mib, instead: `write ${mib} (a number of MiB, without a unit)` } : undefined;
}

/**
 * A relative xmfile: the reference tests and passes it as given, so it is looked up from the
 * working directory of the cluster's executor; kept so, and reported.
 */
function relativeConfigFile(raw: string): ReferenceReading {
  return { value: raw, instead: 'write the absolute path of the config file; a relative one is looked up from the working directory of Pacemaker\'s executor, as the reference did' };
}

export const xenParameters = declareParameters([
  {
    name: 'xmfile', type: 'string', required: true, default: '/etc/xen/vm/MyDomU',
    grammar: { pattern: /^\//, describe: 'an absolute path' }, referenceReading: relativeConfigFile,
    shortdesc: 'Xen control file',
    longdesc: 'Absolute path to the Xen control file for this virtual machine (the domain config file). '
      + 'It is never modified by the agent.',
  },
  {
    name: 'name', type: 'string',
    shortdesc: 'Name of the virtual machine',
    longdesc: 'Name of the virtual machine (the Xen domain). When unset, the name is read from the config '
      + 'file (its last `name = "…"` assignment, as xl reads it); when the file cannot be read, the resource id '
      + 'is used. Set it whenever the config file lives on storage that may be unavailable on some nodes, or '
      + 'computes the name, so that every node always looks for the same domain.',
  },
  {
    name: 'shutdown_timeout', type: 'integer', min: 0, reloadable: true,
    shortdesc: 'Shutdown escalation timeout',
    longdesc: 'Seconds to wait for an orderly shutdown (xl shutdown, or the ACPI power button) before the '
      + 'domain is destroyed. When unset, the orderly shutdown may use the stop timeout less a reserve '
      + '(the larger of 5 s and a sixth of the timeout) kept to destroy the domain and verify that it is gone; '
      + 'a larger value is capped the same way. 0 destroys the domain at once. '
      + 'A malformed value never makes stop fail: stop uses the default and logs a warning.',
  },
  {
    name: 'shutdown_acpi', type: 'boolean', default: false, reloadable: true, referenceReading: readAsOcfIsTrue,
    shortdesc: 'Simulate power button event on shutdown',
    longdesc: 'Handle shutdown by simulating an ACPI power button event (`xl trigger DOMAIN power`). '
      + 'Enable this to allow graceful shutdown of HVM domains without installed PV drivers.',
  },
  {
    name: 'allow_mem_management', type: 'boolean', default: false, reloadable: true, referenceReading: readAsOcfIsTrue,
    shortdesc: 'Use dynamic memory management',
    longdesc: 'Share the memory of the host (less reserved_Dom0_memory) evenly among the running domains on '
      + 'start, stop and migration: the new domain gets its share through `memory=N` on the create command line '
      + '(the config file is not edited) and the others are adjusted with mem-set.',
  },
  {
    name: 'reserved_Dom0_memory', type: 'integer', default: 512, min: 0, reloadable: true, referenceReading: memoryWithUnit,
    shortdesc: 'Minimum Dom0 memory',
    longdesc: 'With memory management, the memory in MiB kept for Dom0.',
  },
  {
    name: 'node_ip_attribute', type: 'string', reloadable: true,
    shortdesc: 'Node attribute containing target IP address',
    longdesc: 'For live migration, the name of a node attribute that holds the address to migrate to on the '
      + 'target node (read with crm_attribute), for a dedicated migration network. When unset or empty on the '
      + 'target, the target node name (plus migration_network_suffix) is used. Make very sure the address '
      + 'points to the right node, or the domain ends up somewhere the cluster does not expect.',
  },
  {
    name: 'migration_network_suffix', type: 'string', reloadable: true,
    shortdesc: 'Suffix for the migration target host name',
    longdesc: 'Appended to the target node name to form the migration address when node_ip_attribute is unset '
      + 'or empty, e.g. "-mig" migrates to "node2-mig" (a host name on the migration network).',
  },
  {
    name: 'autoset_utilization_cpu', type: 'boolean', default: false, reloadable: true, referenceReading: readAsOcfIsTrue,
    shortdesc: 'Enable auto-setting the CPU utilization of the resource',
    longdesc: 'When true, monitor sets the utilization attribute "cpu" of the resource to the number of vCPUs '
      + 'of the domain (only when it changed). Make sure node utilization is set too, or the resource may not '
      + 'be able to start anywhere.',
  },
  {
    name: 'autoset_utilization_hv_memory', type: 'boolean', default: false, reloadable: true, referenceReading: readAsOcfIsTrue,
    shortdesc: 'Enable auto-setting the hv_memory utilization of the resource',
    longdesc: 'When true, monitor sets the utilization attribute "hv_memory" of the resource to the memory '
      + '(MiB) of the domain (only when it changed). Make sure node utilization is set too, or the resource may '
      + 'not be able to start anywhere.',
  },
  {
    name: 'monitor_scripts', type: 'string', reloadable: true,
    shortdesc: 'list of space separated monitor scripts',
    longdesc: 'Space-separated list of programs that check services inside the domain. Monitor runs each in '
      + 'turn (without a shell) while the domain runs; a non-zero exit makes monitor fail. Start waits for them '
      + 'to succeed, within its timeout.',
  },
  {
    name: 'toolstack', type: 'enum', values: ['auto', 'xl', 'xm'], default: 'auto', reloadable: true,
    shortdesc: 'Xen toolstack',
    longdesc: 'The Xen toolstack to drive: xl, the legacy xm (xend), or auto: xl when it is in PATH, else xm.',
  },
]);

export type XenParameters = typeof xenParameters;
