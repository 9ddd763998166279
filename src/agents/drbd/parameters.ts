/**
 * The parameters of ocf:xenha:drbd: those of ocf:linbit:drbd (drbd-utils 9.22) with the
 * same names, defaults and meanings. drbd_resource and drbdconf identify the DRBD resource
 * (unique="1" where the reference has it); the others only shape later actions.
 */
import { declareParameters } from '../../lib/ocf/index.js';

export const DEFAULT_UNFENCE_EXTRA_ARGS = '--quiet --flock-required --flock-timeout 0 --unfence-only-if-owner-match';

export const drbdParameters = declareParameters([
  {
    name: 'drbd_resource', type: 'string', required: true, unique: true,
    shortdesc: 'drbd resource name',
    longdesc: 'The name of the DRBD resource in the DRBD configuration (letters, digits and -%+./:=@_).',
  },
  {
    name: 'drbdconf', type: 'string', default: '/etc/drbd.conf',
    shortdesc: 'Path to drbd.conf',
    longdesc: 'Full path of the DRBD configuration file, passed to drbdadm with -c. It must be readable.',
  },
  {
    name: 'adjust_master_score', type: 'string', default: '0 10 1000 10000', reloadable: true,
    shortdesc: 'promotion score adjustments',
    longdesc: 'Four space-separated, non-decreasing numbers: the promotion score when this node has only '
      + 'Consistent data; when only a peer has UpToDate data; when this node is Secondary with UpToDate data but '
      + 'the peer\'s disk state is unknown; and when this node has UpToDate data and is Primary or knows its peers. '
      + 'The first is 0 by default so that Pacemaker does not promote data that may not be the latest. Diskless '
      + 'clients use the third or fourth value minus one. An invalid value is logged and the default used.',
  },
  {
    name: 'stop_outdates_secondary', type: 'boolean', default: false, reloadable: true,
    shortdesc: 'outdate a secondary on stop',
    longdesc: 'When a Secondary is stopped (or sees its peer disconnect in a post notification) while '
      + 'Pacemaker reports a Primary on another node, mark this node\'s data Outdated (drbdadm outdate) so that '
      + 'it cannot be promoted by mistake. An extra safety on top of DRBD\'s own fencing policy.',
  },
  {
    name: 'ignore_missing_notifications', type: 'boolean', default: false, reloadable: true,
    shortdesc: 'ignore missing notify=true',
    longdesc: 'Start, promote and validate-all refuse to run without the clone meta attribute notify=true, '
      + 'which this agent needs to connect to the right peer. Set this to true to run without notifications.',
  },
  {
    name: 'wfc_timeout', type: 'string', default: '5', reloadable: true,
    shortdesc: 'wait for connections with timeout',
    longdesc: 'Seconds start waits for the replication connection after bringing it up (never longer than the '
      + 'start timeout allows). Empty or anything but digits: do not wait.',
  },
  {
    name: 'remove_master_score_if_peer_primary', type: 'string', default: 'false', reloadable: true,
    shortdesc: 'remove the promotion score if connected to a Primary peer',
    longdesc: 'A boolean, or "unexpected". True: remove this node\'s promotion score while DRBD is connected to '
      + 'a healthy Primary peer. "unexpected": only when Pacemaker knows of no promoted instance there (found with '
      + 'crm_resource --locate, which prints "Promoted" on Pacemaker 2.1 and "Master" before). Anything else: the '
      + 'peer\'s role does not affect the score.',
  },
  {
    name: 'fail_promote_early_if_peer_primary', type: 'boolean', default: false, reloadable: true,
    shortdesc: 'try promote only once when connected to a primary peer',
    longdesc: 'When a promotion attempt fails while DRBD is still connected to a Primary that Pacemaker does '
      + 'not know about, give up at once instead of retrying until the promote timeout.',
  },
  {
    name: 'unfence_if_all_uptodate', type: 'boolean', default: false, reloadable: true,
    shortdesc: 'call the unfence hook when all volumes are UpToDate',
    longdesc: 'When this node is Primary and every local and peer volume is UpToDate, run "drbdadm unfence-peer" '
      + 'so that a stale fencing constraint is removed.',
  },
  {
    name: 'unfence_extra_args', type: 'string', default: DEFAULT_UNFENCE_EXTRA_ARGS, reloadable: true,
    shortdesc: 'extra arguments for the unfence hook',
    longdesc: 'Passed to the unfence-peer handler in the environment variable OCF_RESKEY_unfence_extra_args '
      + '(the handler appends them to its arguments). Declared as a string here: the reference declares it boolean.',
  },
  {
    name: 'require_drbd_module_version_ge', type: 'string', default: '8.0.0', reloadable: true,
    shortdesc: 'minimal DRBD kernel module version',
    longdesc: 'Refuse to start unless the loaded DRBD kernel module has at least this version (x.y.z). Empty: no check.',
  },
  {
    name: 'require_drbd_module_version_lt', type: 'string', default: '10.0.0', reloadable: true,
    shortdesc: 'DRBD kernel module version bound',
    longdesc: 'Refuse to start unless the loaded DRBD kernel module is older than this version (x.y.z). Empty: no check.',
  },
  {
    name: 'connect_only_after_promote', type: 'boolean', default: false, reloadable: true,
    shortdesc: 'connect only after promotion',
    longdesc: 'Start DRBD without its replication connection and connect only once promoted (for setups where '
      + 'a Secondary must never connect first).',
  },
]);

export type DrbdParameters = typeof drbdParameters;
