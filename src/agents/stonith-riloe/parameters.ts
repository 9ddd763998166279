/** external/riloe's parameters: the reference's nine (same names, meanings, defaults), then ours. */
import { declareParameters } from '../../lib/runtime/index.js';

export const riloeParameters = declareParameters([
  {
    name: 'hostlist', type: 'string', required: true, unique: true, aliases: ['RI_HOST'],
    shortdesc: 'The host this iLO powers',
    longdesc: 'The name of the one host whose iLO this is. A request to fence any other host is refused before the iLO is contacted (compared case-insensitively).',
  },
  {
    name: 'ilo_hostname', type: 'string', required: true, unique: true, aliases: ['RI_HOSTRI'],
    shortdesc: 'iLO address',
    longdesc: 'Host name or IP address of the iLO, optionally with a port: host, host:port, [v6addr]:port. The default port is 443.',
  },
  {
    name: 'ilo_user', type: 'string', default: 'Administrator', aliases: ['RI_LOGIN'],
    shortdesc: 'iLO user',
    longdesc: 'The iLO user to log in as. It needs the "Virtual Power and Reset" privilege.',
  },
  {
    name: 'ilo_password', type: 'string', secret: true, aliases: ['RI_PASSWORD'],
    shortdesc: 'iLO password',
    longdesc: 'The password of ilo_user. It is stored in the CIB, readable by every cluster administrator: prefer ilo_password_file. Never logged, never passed to another program.',
  },
  {
    name: 'ilo_can_reset', type: 'string', default: '0',
    shortdesc: 'Device can reset (accepted, not used)',
    longdesc: 'Accepted for compatibility with cluster-glue\'s external/riloe. A warm reset (RESET_SERVER) leaves the power on, so it cannot be confirmed by reading the power state: reset is always a power-off confirmed off, then a power-on.',
  },
  {
    name: 'ilo_protocol', type: 'string', default: '1.2',
    shortdesc: 'RIBCL version',
    longdesc: 'The VERSION attribute of the RIBCL requests (1.2 and 2.0 are known to work). Not used with Redfish.',
  },
  {
    name: 'ilo_powerdown_method', type: 'string', default: 'power',
    shortdesc: 'Power-down method',
    longdesc: 'power: switch the power off (SET_HOST_POWER). button: hold the power button (HOLD_PWR_BTN). Either way reset then powers the host back on. An unknown value is warned about and means power, as with the reference.',
  },
  {
    name: 'ilo_proxyhost', type: 'string',
    shortdesc: 'HTTP proxy host',
    longdesc: 'Reach the iLO through this HTTP proxy (CONNECT). The certificate is verified through the proxy as without it.',
  },
  {
    name: 'ilo_proxyport', type: 'integer', default: 3128, min: 1, max: 65535,
    shortdesc: 'HTTP proxy port',
    longdesc: 'Port of ilo_proxyhost; ignored without it.',
  },
  {
    name: 'ilo_password_file', type: 'string',
    shortdesc: 'File holding the iLO password',
    longdesc: 'Absolute path of a file, readable by root only (mode 600 or stricter), whose first line is the password. Takes the place of ilo_password.',
  },
  {
    name: 'ilo_ca_file', type: 'string',
    shortdesc: 'CA (or certificate) to trust',
    longdesc: 'PEM file with the CA that signed the iLO\'s certificate, or the iLO\'s self-signed certificate itself. The name in ilo_hostname must match the certificate.',
  },
  {
    name: 'ilo_fingerprint', type: 'string',
    shortdesc: 'Pinned certificate fingerprint',
    longdesc: 'Trust exactly the certificate with this SHA-256 fingerprint (64 hex digits, with or without colons, as `openssl x509 -noout -fingerprint -sha256` prints it), whatever its issuer and name. A failed check prints the fingerprint the iLO presented.',
  },
  {
    name: 'ilo_ssl_insecure', type: 'boolean', default: false,
    shortdesc: 'Do not verify the certificate',
    longdesc: 'Talk to the iLO without verifying its certificate. Anyone on the path can then take the password and fake the power state. Warned about on every use. Without ilo_ca_file, ilo_fingerprint or this, the system trust store (and NODE_EXTRA_CA_CERTS) decide and the host name is verified.',
  },
  {
    name: 'ilo_tls_min', type: 'enum', values: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    shortdesc: 'Oldest TLS version accepted',
    longdesc: 'Default: Node\'s (TLSv1.2). Old iLO 2 firmware speaks TLS 1.0 only: set TLSv1 for it (this also allows its old ciphers).',
  },
  {
    name: 'ilo_transport', type: 'enum', values: ['auto', 'raw', 'http', 'redfish'], default: 'auto',
    shortdesc: 'How to talk to the iLO',
    longdesc: 'raw: RIBCL over TLS without HTTP (iLO, iLO 2). http: RIBCL in POST /ribcl (iLO 3, 4, 5). redfish: the Redfish API (iLO 5, 6). auto: raw, then http when the iLO answers with HTTP, then Redfish when it has no /ribcl.',
  },
  {
    name: 'ilo_redfish_auth', type: 'enum', values: ['session', 'basic'], default: 'session',
    shortdesc: 'Redfish authentication',
    longdesc: 'session: log in (SessionService), use the session token, log out at the end. basic: HTTP basic authentication on every request.',
  },
  {
    name: 'ilo_timeout', type: 'time', default: '10s',
    shortdesc: 'Time limit of one iLO request',
    longdesc: 'How long one request may take: connection, TLS handshake and the whole answer.',
  },
  {
    name: 'power_wait', type: 'time', default: '15s',
    shortdesc: 'Time for a power change to show',
    longdesc: 'After a power-off or power-on request, how long the power state read back may take to show it before the operation fails.',
  },
]);
