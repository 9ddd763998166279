/**
 * The parameters of ocf:xenha:EvmsSCC: ocf:heartbeat:EvmsSCC's only one (ignore_deprecation),
 * plus what the reference left out: which volumes must exist after activation, which
 * evms_activate to run, and how many times to try it.
 */
import { declareParameters } from '../../lib/ocf/index.js';

export const evmsParameters = declareParameters([
  {
    name: 'ignore_deprecation', type: 'boolean', default: false,
    shortdesc: 'Suppress deprecation warning',
    longdesc: 'If set to true, suppresses the deprecation warning (EVMS is no longer maintained) that start and '
      + 'validate-all log.',
  },
  {
    name: 'devices', type: 'string',
    shortdesc: 'Containers or volumes that must exist after activation',
    longdesc: 'Space-separated list of what must exist on this node once the shared cluster containers are '
      + 'active: a container ("san2": the directory /dev/evms/san2 holding at least one volume) or a volume '
      + '("san2/cfgpool" or "/dev/evms/san2/cfgpool": a block device). Names are relative to /dev/evms; each path '
      + 'component is letters, digits and . _ + : @ - (no "." or ".." components). Start fails when one is missing '
      + 'after evms_activate ran, and monitor fails when one disappears. When unset, any volume under /dev/evms '
      + 'counts, so set it: it is what lets the cluster notice a container this node cannot see.',
  },
  {
    name: 'evms_activate', type: 'string', default: 'evms_activate',
    shortdesc: 'evms_activate command',
    longdesc: 'The evms_activate program: an absolute path, or a name looked up in PATH.',
  },
  {
    name: 'activate_attempts', type: 'integer', default: 3, min: 1, max: 20,
    shortdesc: 'Attempts to run evms_activate',
    longdesc: 'How many times to run evms_activate before giving up (it fails while another node\'s EVMS engine '
      + 'is busy). Between attempts the agent waits 1 to 3 s (chosen at random, so that two nodes do not retry in '
      + 'step); every attempt and the waits stay inside the action\'s timeout, which the attempts share evenly.',
  },
]);

export type EvmsParameters = typeof evmsParameters;
