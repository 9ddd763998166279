/**
 * external/riloe (and fence_xenha_riloe): fences the host an HP iLO powers, over RIBCL (raw for
 * iLO 2, POST /ribcl for iLO 3/4/5) or Redfish (iLO 5/6). Off and on are confirmed by reading
 * the power state back; reset is off (confirmed) then on (confirmed), whatever the power-down
 * method. The fencing core provides both protocols, the device lock and the deadlines.
 */
import { defineFencePlugin, FenceError, parseHostList, runFencePlugin, type FenceContext, type FenceFailure } from '../../lib/fence/index.js';
import { parseIloAddress } from '../../lib/ilo/address.js';
import type { IloClient, IloFailure } from '../../lib/ilo/index.js';
import { normalizeFingerprint } from '../../lib/ilo/tls-settings.js';
import type { Deadline, ParameterValues } from '../../lib/runtime/index.js';
import { riloeParameters } from './parameters.js';

type RiloeParams = ParameterValues<typeof riloeParameters>;
type RiloeContext = FenceContext<typeof riloeParameters>;

const FAILURES: Readonly<Record<IloFailure, FenceFailure>> = {
  connect: 'connect',
  tls: 'host-key',
  login: 'connect',
  privilege: 'device',
  busy: 'busy',
  unsupported: 'unsupported',
  timeout: 'connection-lost',
  'connection-lost': 'connection-lost',
  protocol: 'device',
  transitional: 'status',
  device: 'device',
};

/** power or button; anything else is warned about (validate) and means power, as with the reference. */
function powerdownMethod(params: RiloeParams): 'power' | 'button' {
  return params.ilo_powerdown_method === 'button' ? 'button' : 'power';
}

const clients = new WeakMap<RiloeContext, Promise<IloClient>>();

async function createClient(context: RiloeContext): Promise<IloClient> {
  const ilo = await import('../../lib/ilo/index.js');
  const { params, log } = context;
  let password = params.ilo_password ?? '';
  let ca: string | undefined;
  try {
    if (params.ilo_password_file) {
      password = ilo.readPasswordFile(params.ilo_password_file);
      log.redact(password);
    }
    if (params.ilo_ca_file) ca = ilo.readCaFile(params.ilo_ca_file);
  } catch (error) {
    throw new FenceError('config', (error as Error).message);
  }
  const client = new ilo.IloClient({
    connection: {
      address: parseIloAddress(params.ilo_hostname),
      tls: {
        caFile: params.ilo_ca_file,
        fingerprint: params.ilo_fingerprint ? normalizeFingerprint(params.ilo_fingerprint) : undefined,
        insecure: params.ilo_ssl_insecure,
        minVersion: params.ilo_tls_min,
      },
      ca,
      proxy: params.ilo_proxyhost ? { host: params.ilo_proxyhost, port: params.ilo_proxyport } : undefined,
      warn: (message) => log.warn(message),
    },
    user: params.ilo_user,
    password,
    ribclVersion: params.ilo_protocol,
    transport: params.ilo_transport,
    redfishAuth: params.ilo_redfish_auth,
    requestTimeoutMs: params.ilo_timeout,
  }, log);
  context.onClose(() => client.close(context.deadline.sub(2000)));
  return client;
}

/** The operation's client (one per process and operation: the transport is found once). */
async function iloCall<T>(context: RiloeContext, call: (client: IloClient) => Promise<T>): Promise<T> {
  let pending = clients.get(context);
  if (!pending) {
    pending = createClient(context);
    clients.set(context, pending);
  }
  const ilo = await import('../../lib/ilo/index.js');
  try {
    return await call(await pending);
  } catch (error) {
    if (error instanceof ilo.IloError) throw new FenceError(FAILURES[error.failure], error.message);
    throw error;
  }
}

/**
 * A power request whose answer was lost (connection reset, no answer in time) may have been
 * carried out: the power state read back decides, as it does after every request.
 */
async function answerMayBeLost(context: RiloeContext, what: string, request: () => Promise<void>): Promise<void> {
  const { IloError } = await import('../../lib/ilo/index.js');
  try {
    await request();
  } catch (error) {
    if (!(error instanceof IloError) || (error.failure !== 'connection-lost' && error.failure !== 'timeout')) throw error;
    context.log.warn(`${error.message}: the iLO may have carried out ${what}; reading the power state to find out`);
  }
}

const HOST_OR_ADDRESS = /^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$/;

const plugin = defineFencePlugin({
  name: 'riloe',
  fenceAgentName: 'fence_xenha_riloe',
  version: '1.0',
  deviceId: 'HP iLO STONITH device',
  deviceName: (params) => `ilo ${params.ilo_hostname}`,
  description: [
    'HP iLO STONITH device (iLO, iLO 2 to iLO 6): RIBCL over TLS, raw or in HTTP, or Redfish.',
    'Powers the one host in hostlist off and on through its iLO and reports success only once',
    'the power state read back confirms it; reset is off then on, for both power-down methods.',
    'Certificates are verified (ilo_ca_file, ilo_fingerprint, or the system trust store).',
  ].join('\n'),
  url: 'https://www.hpe.com/',
  parameters: riloeParameters,
  configNames: ['hostlist', 'ilo_hostname', 'ilo_user', 'ilo_password', 'ilo_can_reset', 'ilo_protocol', 'ilo_powerdown_method', 'ilo_proxyhost', 'ilo_proxyport'],
  hostListParameter: 'hostlist',
  fenceAgentOptions: {
    ip: 'ilo_hostname', username: 'ilo_user', password: 'ilo_password', login_timeout: 'ilo_timeout', power_timeout: 'power_wait',
  },
  hosts: (params) => parseHostList(params.hostlist),
  deviceKey: (params) => {
    try {
      return `ilo:${parseIloAddress(params.ilo_hostname).label.toLowerCase()}`;
    } catch {
      return `ilo:${params.ilo_hostname.toLowerCase()}`;
    }
  },
  operationTimeoutMs: (params, action) => {
    const request = params.ilo_timeout;
    switch (action) {
      case 'status': return request * 2 + 2000;
      case 'reset': return request * 2 + params.power_wait * 2 + 2000;
      default: return request + params.power_wait + 2000;
    }
  },
  validate: (params, log) => {
    const hosts = parseHostList(params.hostlist);
    if (hosts.length !== 1) {
      throw new FenceError('config', `an iLO powers one host: hostlist must name exactly one, not ${hosts.length} (${hosts.join(', ') || 'empty'})`);
    }
    try {
      parseIloAddress(params.ilo_hostname);
    } catch (error) {
      throw new FenceError('config', `ilo_hostname ${(error as Error).message}`);
    }
    if (!/^\d{1,2}\.\d{1,3}$/.test(params.ilo_protocol)) {
      throw new FenceError('config', `ilo_protocol must be a RIBCL version such as 1.2 or 2.0, not "${params.ilo_protocol}"`);
    }
    if (params.ilo_powerdown_method !== 'power' && params.ilo_powerdown_method !== 'button') {
      log.warn(`unknown ilo_powerdown_method "${params.ilo_powerdown_method}" (power or button): using power`);
    }
    if (params.ilo_proxyhost !== undefined && !HOST_OR_ADDRESS.test(params.ilo_proxyhost)) {
      throw new FenceError('config', `ilo_proxyhost must be a host name or an IP address, not "${params.ilo_proxyhost}"`);
    }
    const trust = [params.ilo_ca_file && 'ilo_ca_file', params.ilo_fingerprint && 'ilo_fingerprint', params.ilo_ssl_insecure && 'ilo_ssl_insecure'].filter(Boolean);
    if (trust.length > 1) throw new FenceError('config', `choose one way to trust the iLO's certificate, not ${trust.join(' and ')}`);
    if (params.ilo_fingerprint !== undefined) {
      try {
        normalizeFingerprint(params.ilo_fingerprint);
      } catch (error) {
        throw new FenceError('config', (error as Error).message);
      }
    }
    if (params.ilo_ca_file !== undefined && !params.ilo_ca_file.startsWith('/')) {
      throw new FenceError('config', `ilo_ca_file must be an absolute path, not "${params.ilo_ca_file}"`);
    }
    if (params.ilo_password === undefined && params.ilo_password_file === undefined) {
      throw new FenceError('config', 'no password: set ilo_password_file (a root-only file) or ilo_password');
    }
    if (params.ilo_password !== undefined && params.ilo_password_file !== undefined) {
      log.warn('both ilo_password and ilo_password_file are set: using ilo_password_file');
    }
    if (params.ilo_can_reset !== '0') {
      log.debug('ilo_can_reset is accepted but not used: reset is power off (confirmed), then power on');
    }
  },
  offConfirmations: 1,
  // Each poll is a TLS connection and a login; twice a second is gentle on an iLO.
  pollIntervalMs: 500,

  async deviceStatus(context, deadline) {
    const state = await iloCall(context, (client) => client.powerState(deadline));
    context.log.info(`${parseIloAddress(context.params.ilo_hostname).label}: ${context.hosts[0]} is powered ${state.toUpperCase()}`);
  },

  powerStatus: (context, _host, deadline) => iloCall(context, (client) => client.powerState(deadline)),

  async off(context, host, deadline: Deadline) {
    await iloCall(context, (client) => answerMayBeLost(context, 'the power-off request', async () => {
      if (powerdownMethod(context.params) === 'power') {
        await client.setPower('off', deadline);
        return;
      }
      // HOLD_PWR_BTN on a host that is off is ignored (or toggles it on with TOGGLE): look first.
      if (await client.powerState(deadline) === 'off') {
        context.log.info(`${host} is already off`);
        return;
      }
      await client.holdPowerButton(deadline);
    }));
  },

  on: (context, _host, deadline) => iloCall(context, (client) => answerMayBeLost(context, 'the power-on request', () => client.setPower('on', deadline))),
});

runFencePlugin(plugin);
