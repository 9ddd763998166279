/**
 * ocf:xenha:ping parameters: those of ocf:pacemaker:ping, plus mode and interval for the daemon.
 * None is unique="1" (the reference marks none so either); reload refuses a change of name or
 * pidfile, which makes the resource another instance.
 */
import { declareParameters, type ReferenceReading } from '../../lib/ocf/index.js';

const TIMEOUT_UNITS = '(ms|msec|s|sec|m|min|h|hr)';

/**
 * A timeout with a fraction ("0.5", "1.5s"): ocf:pacemaker:ping ran with it (its digit
 * extraction garbles it); read as its whole part, which the reference's rules then turn into
 * seconds (below 1 s: 5 s).
 */
function fractionalTimeout(raw: string): ReferenceReading | undefined {
  const match = new RegExp(`^\\s*(\\d*)\\.\\d+\\s*${TIMEOUT_UNITS}?\\s*$`).exec(raw);
  if (!match) return undefined;
  const whole = `${Number(match[1] || '0')}${match[2] ?? ''}`;
  return { value: whole, instead: `write a whole number such as ${whole === '0' ? '1' : whole} (the timeout is whole seconds; less than 1 s is read as 5 s, as ocf:pacemaker:ping does)` };
}

export const pingParameters = declareParameters([
  {
    name: 'pidfile', type: 'string',
    shortdesc: 'PID file',
    longdesc: 'The file whose existence means the resource runs on this node; in daemon mode it holds the '
      + "daemon's PID, and <pidfile>.state its last probe. Default: $HA_VARRUN/ping-<name> "
      + '(HA_VARRUN is /var/run unless set), or $HA_VARRUN/ping-<resource id> for a globally unique clone.',
  },
  {
    name: 'dampen', type: 'time', default: '5s', reloadable: true,
    shortdesc: 'Dampening interval',
    longdesc: 'How long attrd waits for further changes before it writes the attribute to the CIB '
      + '(attrd_updater -d), so that a short blip does not move resources.',
  },
  {
    name: 'name', type: 'string', default: 'pingd',
    shortdesc: 'Attribute name',
    longdesc: 'The name of the node attribute to set. This is the name to be used in the constraints.',
  },
  {
    name: 'multiplier', type: 'integer', default: 1, reloadable: true,
    shortdesc: 'Value multiplier',
    longdesc: 'The number by which to multiply the number of reachable hosts: score = reachable hosts × multiplier.',
  },
  {
    name: 'host_list', type: 'string', required: true, reloadable: true,
    shortdesc: 'Host list',
    longdesc: 'A space separated list of hosts to ping: IPv4 and IPv6 addresses and host names, which may be mixed; '
      + 'each is pinged with its own address family. A name that does not resolve within a bounded wait counts as '
      + 'unreachable and is named in the log.',
  },
  {
    name: 'attempts', type: 'integer', default: 3, min: 1, max: 100, reloadable: true,
    shortdesc: 'Echo requests per host',
    longdesc: 'Number of echo requests sent to each host, spread over the timeout, before declaring it unreachable. '
      + 'A host is reachable when any of them is answered.',
  },
  {
    name: 'timeout', type: 'string', reloadable: true,
    grammar: {
      pattern: new RegExp(`^\\s*\\d+${TIMEOUT_UNITS}?\\s*$`),
      describe: 'a whole number of seconds, optionally with a unit (ms, msec, s, sec, m, min, h, hr), such as 2, 2s or 1500ms',
    },
    referenceReading: fractionalTimeout,
    shortdesc: 'How long to wait for a host, in seconds',
    longdesc: 'How long to wait for a reply from each host before declaring it unreachable. A number of seconds, '
      + 'or a number with one of the units ms, msec, s, sec, m, min, h, hr (whole seconds are used: 1500ms is 1 s; '
      + 'less than 1 s becomes 5 s and more than 1000 s becomes 300 s, as in ocf:pacemaker:ping). '
      + 'Unset: the operation timeout / number of hosts / attempts / 1.1 (18 s for one host with the 60 s monitor '
      + 'timeout and 3 attempts). Every host is probed at the same time, so a monitor takes about this long, not this '
      + 'long per host.',
  },
  {
    name: 'options', type: 'string', reloadable: true,
    shortdesc: 'Extra options',
    longdesc: 'Extra command-line options for fping (or ping when fping is not used), such as "-I eth1" or "-S 10.0.0.1". '
      + 'Split on spaces, never given to a shell, and checked against the tool\'s options: options the agent sets itself '
      + '(count, timeout, retries, address family) or that change the output it reads are refused.',
  },
  {
    name: 'failure_score', type: 'integer', reloadable: true,
    shortdesc: 'failure_score',
    longdesc: 'The resource fails (monitor and start return an error) when the score is less than failure_score. '
      + 'Unset: never fails.',
  },
  {
    name: 'use_fping', type: 'boolean', default: true, reloadable: true,
    shortdesc: 'Use fping if available',
    longdesc: 'Use fping rather than ping, if found. If set to 0, fping will not be used even if present; '
      + 'the hosts are then pinged by one ping process each, all at the same time.',
  },
  {
    name: 'debug', type: 'string', default: 'false', reloadable: true,
    shortdesc: 'Verbose logging',
    longdesc: 'true (or 1): log each unreachable host and every attribute update; verbose (or 2): also the probe '
      + 'output; false (or 0): only problems.',
  },
  {
    name: 'mode', type: 'enum', values: ['probe', 'daemon'], default: 'probe', reloadable: true,
    shortdesc: 'Probe on monitor, or run a daemon',
    longdesc: 'probe: every monitor pings the hosts and updates the attribute (as ocf:pacemaker:ping). '
      + 'daemon: start launches a small daemon (like the old pingd) that pings the hosts every "interval" and updates '
      + 'the attribute only when the score changes; monitor checks that the daemon is alive and its last probe recent.',
  },
  {
    name: 'interval', type: 'time', default: '10s', reloadable: true,
    shortdesc: 'Probe interval of the daemon',
    longdesc: 'In daemon mode, how often the daemon pings the hosts. Ignored in probe mode '
      + '(the monitor operation\'s interval sets the pace there).',
  },
]);

export type PingParameters = typeof pingParameters;
