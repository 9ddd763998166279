/**
 * OCF exit codes (ocf-returncodes, plus Pacemaker's degraded codes).
 * An action returns one of these, never a bare number.
 */
export enum OcfExit {
  Success = 0,
  ErrGeneric = 1,
  ErrArgs = 2,
  ErrUnimplemented = 3,
  ErrPerm = 4,
  ErrInstalled = 5,
  ErrConfigured = 6,
  NotRunning = 7,
  RunningPromoted = 8,
  FailedPromoted = 9,
  Degraded = 190,
  DegradedPromoted = 191,
}

const exitCodeNames: Record<OcfExit, string> = {
  [OcfExit.Success]: 'OCF_SUCCESS',
  [OcfExit.ErrGeneric]: 'OCF_ERR_GENERIC',
  [OcfExit.ErrArgs]: 'OCF_ERR_ARGS',
  [OcfExit.ErrUnimplemented]: 'OCF_ERR_UNIMPLEMENTED',
  [OcfExit.ErrPerm]: 'OCF_ERR_PERM',
  [OcfExit.ErrInstalled]: 'OCF_ERR_INSTALLED',
  [OcfExit.ErrConfigured]: 'OCF_ERR_CONFIGURED',
  [OcfExit.NotRunning]: 'OCF_NOT_RUNNING',
  [OcfExit.RunningPromoted]: 'OCF_RUNNING_PROMOTED',
  [OcfExit.FailedPromoted]: 'OCF_FAILED_PROMOTED',
  [OcfExit.Degraded]: 'OCF_DEGRADED',
  [OcfExit.DegradedPromoted]: 'OCF_DEGRADED_PROMOTED',
};

export function exitCodeName(code: OcfExit): string {
  return exitCodeNames[code];
}

/** Thrown by an action to end it with a code and an exit reason a sysadmin can act on. */
export class OcfError extends Error {
  constructor(
    readonly code: OcfExit,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'OcfError';
  }
}
