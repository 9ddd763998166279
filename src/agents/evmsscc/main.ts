/**
 * ocf:xenha:EvmsSCC — activates EVMS shared cluster containers on every node of a clone
 * (notify=true), before the resources that use their volumes start: a drop-in for
 * ocf:heartbeat:EvmsSCC that reports the truth (a real monitor, bounded retries, stop that
 * cannot get a node fenced). See docs/evmsscc.md.
 */
import { defineOcfAgent, runOcfAgent } from '../../lib/ocf/index.js';
import { monitor } from './monitor.js';
import { notify } from './notify.js';
import { evmsParameters } from './parameters.js';
import { start } from './start.js';
import { stop } from './stop.js';
import { validate } from './validate.js';

const agent = defineOcfAgent({
  name: 'EvmsSCC',
  version: '1.0',
  shortdesc: 'Manages EVMS Shared Cluster Containers (SCCs) (deprecated)',
  longdesc: `Deprecation warning: EVMS is no longer maintained; this agent exists for clusters that still
keep their guests' disks in EVMS shared cluster containers (SLES 10). --
Runs evms_activate so that the volumes of the EVMS2 shared cluster containers appear under /dev/evms
on every node, before the resources ordered after this one (Xen guests, Filesystem) start.
Configure it as a clone with notify=true: on the pre-start notification the first starting node runs
evms_activate; start then confirms the volumes on each node (running evms_activate there when they are
missing). Parameter-compatible with ocf:heartbeat:EvmsSCC.

monitor reports running only where start succeeded and the volumes listed in "devices" exist (a
failure when they disappear); stop only records that this node is no longer active and never
deactivates containers other nodes use. evms_activate is tried at most activate_attempts times,
inside the action's timeout.`,
  parameters: evmsParameters,
  actions: [
    { name: 'start', timeout: '60s' },
    { name: 'stop', timeout: '60s' },
    { name: 'notify', timeout: '60s' },
    { name: 'status', timeout: '10s', interval: '10s', depth: 0 },
    { name: 'monitor', timeout: '10s', interval: '10s', depth: 0 },
    { name: 'meta-data', timeout: '5s' },
    { name: 'validate-all', timeout: '10s' },
  ],
  validate,
  handlers: {
    start,
    stop,
    notify,
    monitor,
    status: monitor,
  },
});

runOcfAgent(agent);
