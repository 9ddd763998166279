/**
 * ocf:xenha:drbd — a DRBD resource as a promotable clone: a drop-in for ocf:linbit:drbd
 * (same parameters and meanings), with bounded waits, crm_attribute --promotion and
 * Pacemaker 2.1's role names. See docs/drbd.md.
 */
import { defineOcfAgent, runOcfAgent } from '../../lib/ocf/index.js';
import { monitor } from './monitor.js';
import { notify } from './notify.js';
import { drbdParameters } from './parameters.js';
import { demote, promote } from './promote.js';
import { reload, validate } from './reload.js';
import { start } from './start.js';
import { stop } from './stop.js';

const agent = defineOcfAgent({
  name: 'drbd',
  version: '1.0',
  shortdesc: 'Manages a DRBD device as a promotable clone',
  longdesc: `Manages a DRBD resource (a replicated block device) as a promotable clone: started
instances are DRBD Secondary, promoted instances Primary. Parameter-compatible with ocf:linbit:drbd.

The state comes from "drbdsetup events2 --now" (DRBD 9) or "drbdsetup sh-status" (DRBD 8.4). The
promotion score follows the reference's rules (see adjust_master_score) and is written with
"crm_attribute --promotion", only when it changes. Every wait (for the connection, for a refused
promotion or demotion to pass, for the resource to go down) ends within the operation's timeout.

With promoted-max=2 and allow-two-primaries in the DRBD configuration, both nodes are Primary, as live
migration of a virtual machine on top of the device needs. To avoid data divergence, configure DRBD
fencing (fencing resource-only or resource-and-stonith, with the fence-peer handler
/usr/lib/xenha/crm-fence-peer and an unfence handler) or DRBD 9 quorum, and fencing in Pacemaker.`,
  parameters: drbdParameters,
  actions: [
    { name: 'start', timeout: '240s' },
    { name: 'promote', timeout: '90s' },
    { name: 'demote', timeout: '90s' },
    { name: 'notify', timeout: '90s' },
    { name: 'stop', timeout: '100s' },
    { name: 'monitor', timeout: '20s', interval: '20s', role: 'Unpromoted' },
    { name: 'monitor', timeout: '20s', interval: '10s', role: 'Promoted' },
    { name: 'reload', timeout: '30s' },
    { name: 'meta-data', timeout: '5s' },
    { name: 'validate-all', timeout: '30s' },
  ],
  validate,
  handlers: { start, stop, promote, demote, notify, monitor, status: monitor, reload },
});

runOcfAgent(agent);
