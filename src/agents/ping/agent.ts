/** ocf:xenha:ping: the declaration (parameters, actions, descriptions) and its handlers. */
import { defineOcfAgent } from '../../lib/ocf/index.js';
import { monitor, reload, start, stop, validate } from './actions.js';
import { pingParameters } from './parameters.js';

export const pingAgent = defineOcfAgent({
  name: 'ping',
  version: '1.0',
  shortdesc: 'node connectivity',
  longdesc: 'Records in a node attribute (default "pingd") how many of the hosts in host_list this node can reach, '
    + 'multiplied by "multiplier", so that location rules can keep resources off nodes that lost connectivity '
    + '(for example: pingd not defined or pingd lte 0 gives -INFINITY). Compatible with ocf:pacemaker:ping: every '
    + 'monitor probes the hosts, all at once, with fping (preferred) or ping. With mode=daemon a small daemon '
    + 'probes every "interval" instead, like the old pingd, and monitor checks that it is alive and recent.',
  parameters: pingParameters,
  actions: [
    { name: 'start', timeout: '60s' },
    { name: 'stop', timeout: '20s' },
    { name: 'monitor', timeout: '60s', interval: '10s', depth: 0 },
    { name: 'reload', timeout: '60s' },
    { name: 'meta-data', timeout: '5s' },
    { name: 'validate-all', timeout: '30s' },
  ],
  validate,
  handlers: {
    start,
    stop,
    monitor,
    reload,
    // ocf:pacemaker:ping's OCF 1.1 name for the same thing (not in ra-api-1.dtd, so not advertised).
    'reload-agent': reload,
  },
});
