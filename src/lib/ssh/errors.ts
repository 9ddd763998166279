/**
 * Why an ssh step failed, in the ssh layer's own terms; the programs that use it (the fencing
 * plugins) map the kind to their own failures. The cause, when there is one, is kept.
 */
export type SshFailure =
  /** A setting or local file is wrong: identity, passphrase, known_hosts. */
  | 'config'
  /** No connection or no login: unreachable, refused, timed out, key not accepted. */
  | 'connect'
  /** The host presented a key that is not the one on record (or none is on record). */
  | 'host-key';

export class SshError extends Error {
  constructor(readonly failure: SshFailure, readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'SshError';
  }
}
