/**
 * ocf:xenha:ping. Run by Pacemaker with an action; re-executed by its own start with the
 * hidden daemon flag in mode=daemon (then it is the daemon, not an action).
 */
import { runOcfAgent } from '../../lib/ocf/index.js';
import { pingAgent } from './agent.js';
import { runPingDaemon } from './daemon.js';
import { DAEMON_FLAG } from './daemon-control.js';

if (process.argv[2] === DAEMON_FLAG) {
  void runPingDaemon(process.argv.slice(2), process.env);
} else {
  runOcfAgent(pingAgent);
}
