/** xenha's exit codes (documented in --help, the man page and docs/xenha.md). */
export enum AdminExit {
  Ok = 0,
  /** The operation failed, or did not reach its outcome within --timeout. */
  Failed = 1,
  /** Bad command line (yargs). */
  Usage = 2,
  /** No such guest (Xen resource) or node. */
  NoSuchObject = 3,
  /** Pacemaker cannot be reached (not running here, no permission) or CIB_file cannot be read. */
  ClusterUnavailable = 4,
  /** Refused: the cluster is busy with a transition, or the guest with an action, that this would conflict with. */
  Busy = 5,
  /** check found problems. */
  ProblemsFound = 6,
}

export const EXIT_CODE_HELP = [
  'Exit codes:',
  '  0  done (check: nothing found)',
  '  1  failed, or the outcome was not reached within --timeout',
  '  2  usage error',
  '  3  no such guest or node',
  '  4  the cluster cannot be reached (Pacemaker not running here, or CIB_file unreadable)',
  '  5  refused: it would conflict with a transition or an action in progress',
  '  6  check: problems found',
].join('\n');

export class AdminError extends Error {
  constructor(readonly code: AdminExit, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdminError';
  }
}
