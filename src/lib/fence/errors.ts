import { SshError } from '../ssh/errors.js';

/**
 * Why a fencing operation failed. Each protocol maps the kind to its own exit code
 * (cluster-glue: any failure is 1; fence-agents: its EC_* codes).
 */
export type FenceFailure =
  /** Parameters missing or malformed. */
  | 'config'
  /** The requested host is not one this device controls. */
  | 'unknown-host'
  /** The device cannot do this action (external/ssh cannot power on). */
  | 'unsupported'
  /** Could not connect or log in to the device. */
  | 'connect'
  /** The device's identity (ssh host key) is not the one on record. */
  | 'host-key'
  /** The connection broke during the operation. */
  | 'connection-lost'
  /** The device did the action but status never confirmed the host off in time. */
  | 'timeout-off'
  /** The device did the action but status never confirmed the host on in time. */
  | 'timeout-on'
  /** Another operation on the same device held the lock past the deadline. */
  | 'busy'
  /** The power status of the host could not be read. */
  | 'status'
  /** The device refused or failed the action. */
  | 'device';

export class FenceError extends Error {
  constructor(readonly failure: FenceFailure, readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'FenceError';
  }
}

/**
 * The fencing failure for an error of the ssh layer (same kinds: config, connect, host-key),
 * keeping it as the cause; any other error is returned as it is.
 */
export function fenceErrorFromSsh(error: unknown): unknown {
  return error instanceof SshError ? new FenceError(error.failure, error.reason, { cause: error }) : error;
}

/** Run an ssh step; its SshError becomes the matching FenceError. */
export async function withSshFailures<T>(step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw fenceErrorFromSsh(error);
  }
}

/** fence-agents' exit codes (fencing.py EC_*). */
export enum FenceAgentExit {
  Ok = 0,
  GenericError = 1,
  /** Also "status: off". */
  StatusOff = 2,
  LoginDenied = 3,
  ConnectionLost = 4,
  TimedOut = 5,
  WaitingOn = 6,
  WaitingOff = 7,
  Status = 8,
}

export function fenceAgentExitFor(failure: FenceFailure): FenceAgentExit {
  switch (failure) {
    case 'connect': case 'host-key': return FenceAgentExit.LoginDenied;
    case 'connection-lost': return FenceAgentExit.ConnectionLost;
    case 'busy': return FenceAgentExit.TimedOut;
    case 'timeout-on': return FenceAgentExit.WaitingOn;
    case 'timeout-off': return FenceAgentExit.WaitingOff;
    case 'status': case 'unknown-host': return FenceAgentExit.Status;
    default: return FenceAgentExit.GenericError;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof FenceError) return error.reason;
  if (error instanceof Error) return error.message;
  return String(error);
}
