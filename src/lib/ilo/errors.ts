/**
 * Why talking to an iLO failed, in terms a plugin can map to its protocol's codes. Each message
 * names the iLO and what a sysadmin can do about it; none ever contains the password.
 */
export type IloFailure =
  /** No TCP connection, or the address does not resolve. */
  | 'connect'
  /** The TLS handshake failed or the certificate is not the one we trust. */
  | 'tls'
  /** The iLO rejected the user name or password. */
  | 'login'
  /** The user may not control power. */
  | 'privilege'
  /** The iLO is busy (another session, a firmware task): worth retrying. */
  | 'busy'
  /** The iLO does not know the command or the protocol. */
  | 'unsupported'
  /** The answer did not arrive in time. */
  | 'timeout'
  /** The connection broke before the answer was complete. */
  | 'connection-lost'
  /** The answer is not what the protocol says (malformed XML, missing status). */
  | 'protocol'
  /** The power state is changing (Redfish PoweringOn/PoweringOff): read it again. */
  | 'transitional'
  /** The iLO refused the command for another reason (its message is kept). */
  | 'device';

export class IloError extends Error {
  constructor(readonly failure: IloFailure, message: string) {
    super(message);
    this.name = 'IloError';
  }
}
