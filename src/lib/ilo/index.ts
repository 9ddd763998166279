// The HP iLO client: RIBCL (raw or over HTTP) and Redfish over TLS, with the trust settings,
// the password file and the streaming RIBCL parser. Imports only runtime and node built-ins.
export { parseIloAddress, type IloAddress } from './address.js';
export { IloError, type IloFailure } from './errors.js';
export { readPasswordFile } from './password-file.js';
export { normalizeFingerprint, formatFingerprint, readCaFile, type IloTlsSettings, type TlsMinVersion } from './tls-settings.js';
export type { IloConnectionOptions, IloProxy } from './connection.js';
export { IloClient, type IloClientSettings, type IloTransport, type IloLog } from './client.js';
export type { IloPowerState } from './ribcl-reply.js';
export type { RedfishAuth } from './redfish-client.js';
