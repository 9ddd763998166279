/** The ssh parameters every ssh-based plugin shares (one declaration, many plugins). */
import { declareParameters } from '../runtime/index.js';

export const sshParameters = declareParameters([
  {
    name: 'ssh_user', type: 'string', default: 'root',
    shortdesc: 'ssh user',
    longdesc: 'The user to log in as on the target.',
  },
  {
    name: 'ssh_port', type: 'integer', default: 22, min: 1, max: 65535,
    shortdesc: 'ssh port',
    longdesc: 'The TCP port of the target\'s sshd.',
  },
  {
    name: 'ssh_identity_file', type: 'string',
    shortdesc: 'Private key file',
    longdesc: 'The private key to log in with (OpenSSH or PEM format). Default: the first of ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa of the user the plugin runs as (root under the cluster) that exists.',
  },
  {
    name: 'ssh_passphrase', type: 'string', secret: true,
    shortdesc: 'Passphrase of the private key',
    longdesc: 'The passphrase of an encrypted private key. Kept in memory only: never logged, never passed to another process. In fence-agents mode it is accepted on stdin only, never as a command-line option.',
  },
  {
    name: 'ssh_known_hosts', type: 'string',
    shortdesc: 'known_hosts files',
    longdesc: 'OpenSSH known_hosts files (separated by spaces) that hold the targets\' host keys; hashed entries and "[host]:port" entries are understood. Default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts.',
  },
  {
    name: 'ssh_check_host_key', type: 'boolean', default: true,
    shortdesc: 'Check host keys',
    longdesc: 'Refuse to connect unless the target\'s host key is in the known_hosts files (as OpenSSH\'s StrictHostKeyChecking=yes). Set to false only on a trusted network: any host key is then accepted and a warning with its fingerprint is logged.',
  },
  {
    name: 'ssh_connect_timeout', type: 'time', default: '5s',
    shortdesc: 'Connect timeout',
    longdesc: 'How long connecting and logging in may take before the target counts as unreachable.',
  },
]);
