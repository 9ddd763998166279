/**
 * ocf:xenha:Xen — manages a Xen unprivileged domain (DomU): a drop-in for ocf:heartbeat:Xen
 * (same parameters and meanings) that verifies what it reports. See docs/xen.md.
 */
import { defineOcfAgent, runOcfAgent } from '../../lib/ocf/index.js';
import { migrateFrom, migrateTo } from './migrate.js';
import { monitor, status } from './monitor.js';
import { xenParameters } from './parameters.js';
import { start } from './start.js';
import { stop } from './stop.js';
import { reload, validate } from './validate.js';

const agent = defineOcfAgent({
  name: 'Xen',
  version: '1.0',
  shortdesc: 'Manages Xen unprivileged domains (DomUs)',
  longdesc: `Resource agent for the Xen hypervisor: manages a Xen virtual machine (DomU) by mapping
cluster resource start and stop to Xen create and shutdown (then destroy), with the xl toolstack or
the legacy xm. Parameter-compatible with ocf:heartbeat:Xen.

The domain name is the "name" parameter, else the name the config file assigns (its last
name = "..." assignment, as xl reads it), else the resource id. Set "name" when the config file may
be unavailable on some nodes (shared storage), so that every node looks for the same domain.

stop shuts the domain down in an orderly way, destroys it when that takes longer than
shutdown_timeout (by default: as long as the stop timeout allows while keeping time to destroy and
verify), and succeeds only once the domain is gone. monitor reports crashed and dying domains as
failures. Para-virtualized guests can also be migrated live by enabling the meta attribute
allow-migrate.`,
  parameters: xenParameters,
  actions: [
    { name: 'start', timeout: '60s' },
    { name: 'stop', timeout: '40s' },
    { name: 'migrate_from', timeout: '120s' },
    { name: 'migrate_to', timeout: '120s' },
    { name: 'monitor', timeout: '30s', interval: '10s', depth: 0 },
    { name: 'reload', timeout: '10s' },
    { name: 'meta-data', timeout: '5s' },
    { name: 'validate-all', timeout: '5s' },
  ],
  validate,
  handlers: {
    start,
    stop,
    monitor,
    status,
    migrate_to: migrateTo,
    migrate_from: migrateFrom,
    reload,
  },
});

runOcfAgent(agent);
