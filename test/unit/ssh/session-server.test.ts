/**
 * The ssh session (src/lib/ssh/session.ts) against ssh2's own in-process server on 127.0.0.1:
 * login and command execution, host-key refusal before any authentication, a wrong passphrase,
 * a refused login, and servers that stall (bounded by the connect timeout and the deadline).
 * Identity, known_hosts, HOME and the ssh client configuration are all in a temp directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, utils, type Connection, type ParsedKey } from 'ssh2';
import { Deadline } from '../../../src/lib/runtime/index.js';
import { SshError } from '../../../src/lib/ssh/errors.js';
import { fingerprint, openSshSession, type SshSession } from '../../../src/lib/ssh/session.js';
import { sshSettings, type SshParameterValues } from '../../../src/lib/ssh/settings.js';

const PASSPHRASE = 'correct-horse-7f3a';
const WRONG_PASSPHRASE = 'wrong-battery-91c2';

const dir = mkdtempSync(join(tmpdir(), 'ssh-session-'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };

function parsed(privateKey: string, passphrase?: string): ParsedKey {
  const key = utils.parseKey(privateKey, passphrase);
  if (key instanceof Error) throw key;
  return key;
}

const hostKey = utils.generateKeyPairSync('ed25519');
const otherHostKey = utils.generateKeyPairSync('ed25519');
const userKey = utils.generateKeyPairSync('ed25519');
const encryptedUserKey = utils.generateKeyPairSync('ed25519', { passphrase: PASSPHRASE, cipher: 'aes256-ctr', rounds: 16 });
const strangerKey = utils.generateKeyPairSync('ed25519');
const acceptedUserKeys = [parsed(userKey.private), parsed(encryptedUserKey.private, PASSPHRASE)];

const identity = join(dir, 'id_ed25519');
const encryptedIdentity = join(dir, 'id_encrypted');
const strangerIdentity = join(dir, 'id_stranger');
writeFileSync(identity, userKey.private, { mode: 0o600 });
writeFileSync(encryptedIdentity, encryptedUserKey.private, { mode: 0o600 });
writeFileSync(strangerIdentity, strangerKey.private, { mode: 0o600 });
const emptyClientConfig = join(dir, 'ssh_config');
writeFileSync(emptyClientConfig, '');

interface ServerRecord {
  connections: number;
  authAttempts: number;
  commands: string[];
}

/** What the server does with one exec request. */
type ExecBehaviour = (command: string) => { stdout?: string; stderr?: string; exitCode?: number; hang?: boolean; dropWithoutStatus?: boolean };

const defaultBehaviour: ExecBehaviour = (command) => {
  if (command === 'echo hello; exit 3') return { stdout: 'hello\n', stderr: 'warning: on stderr\n', exitCode: 3 };
  if (command === 'sleep forever') return { hang: true };
  if (command === 'drop') return { dropWithoutStatus: true };
  return { stdout: `ran: ${command}\n`, exitCode: 0 };
};

function startSshServer(behaviour: ExecBehaviour = defaultBehaviour): Promise<{ server: Server; port: number; record: ServerRecord }> {
  const record: ServerRecord = { connections: 0, authAttempts: 0, commands: [] };
  const server = new Server({ hostKeys: [hostKey.private] }, (client: Connection) => {
    record.connections += 1;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      record.authAttempts += 1;
      if (ctx.method !== 'publickey') { ctx.reject(['publickey']); return; }
      const allowed = acceptedUserKeys.find((key) => key.type === ctx.key.algo && key.getPublicSSH().equals(ctx.key.data));
      if (!allowed) { ctx.reject(['publickey']); return; }
      if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) { ctx.reject(['publickey']); return; }
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, _reject, info) => {
          record.commands.push(info.command);
          const stream = acceptExec();
          const answer = behaviour(info.command);
          if (answer.hang) return;
          if (answer.stdout) stream.write(answer.stdout);
          if (answer.stderr) stream.stderr.write(answer.stderr);
          if (answer.dropWithoutStatus) { client.end(); return; }
          stream.exit(answer.exitCode ?? 0);
          stream.end();
        });
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, record }));
  });
}

function closeServer(server: Server | NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function knownHostsFile(name: string, port: number, key: string): string {
  const file = join(dir, name);
  writeFileSync(file, `[127.0.0.1]:${port} ssh-ed25519 ${parsed(key).getPublicSSH().toString('base64')}\n`);
  return file;
}

function settingsFor(port: number, overrides: Partial<SshParameterValues> = {}) {
  const values: SshParameterValues = {
    ssh_user: 'root', ssh_port: port, ssh_identity_file: identity, ssh_passphrase: undefined,
    ssh_known_hosts: join(dir, 'empty_known_hosts'), ssh_check_host_key: true, ssh_connect_timeout: 10_000,
    ...overrides,
  };
  return sshSettings(values, { ssh_port: String(port) });
}

function collectingLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      debug: (message: string) => { lines.push(`debug: ${message}`); },
      info: (message: string) => { lines.push(`info: ${message}`); },
      warn: (message: string) => { lines.push(`warn: ${message}`); },
    },
  };
}

async function failureOf(promise: Promise<SshSession>): Promise<SshError> {
  try {
    const session = await promise;
    session.close();
  } catch (error) {
    if (error instanceof SshError) return error;
    throw error;
  }
  throw new Error('expected the session to fail');
}

const savedClientConfig = process.env.XENHA_SSH_CONFIG;
beforeAll(() => {
  writeFileSync(join(dir, 'empty_known_hosts'), '');
  // ssh -G reads this file instead of /etc/ssh/ssh_config: the machine's configuration stays out.
  process.env.XENHA_SSH_CONFIG = emptyClientConfig;
});
afterAll(() => {
  if (savedClientConfig === undefined) delete process.env.XENHA_SSH_CONFIG;
  else process.env.XENHA_SSH_CONFIG = savedClientConfig;
  rmSync(dir, { recursive: true, force: true });
});

describe('an ssh session against an in-process ssh2 server', () => {
  let server: Server;
  let port: number;
  let record: ServerRecord;
  beforeAll(async () => { ({ server, port, record } = await startSshServer()); });
  afterAll(() => closeServer(server));

  it('logs in with a known host key, runs commands, returns exit code, stdout and stderr', async () => {
    const knownHosts = knownHostsFile('kh_good', port, hostKey.private);
    const { log, lines } = collectingLog();
    const session = await openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_known_hosts: knownHosts }), deadline: new Deadline(30_000), log, env,
    });
    try {
      const first = await session.exec('echo hello; exit 3', new Deadline(20_000));
      expect(first).toEqual({ exitCode: 3, signal: undefined, stdout: 'hello\n', stderr: 'warning: on stderr\n', timedOut: false, connectionLost: false });
      // the same connection serves a second command
      const second = await session.exec('uname -n', new Deadline(20_000));
      expect(second.exitCode).toBe(0);
      expect(second.stdout).toBe('ran: uname -n\n');
    } finally {
      session.close();
    }
    expect(record.commands).toEqual(expect.arrayContaining(['echo hello; exit 3', 'uname -n']));
    expect(lines.join('\n')).toMatch(/host key of 127\.0\.0\.1:\d+ matches .*kh_good:1/);
  });

  it('a command that never finishes is cut at its deadline; a dropped connection is reported as lost', async () => {
    const knownHosts = knownHostsFile('kh_good2', port, hostKey.private);
    const { log } = collectingLog();
    const session = await openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_known_hosts: knownHosts }), deadline: new Deadline(30_000), log, env,
    });
    try {
      const started = Date.now();
      const hung = await session.exec('sleep forever', new Deadline(500));
      expect(hung.timedOut).toBe(true);
      expect(hung.exitCode).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(15_000);
      const dropped = await session.exec('drop', new Deadline(20_000));
      expect(dropped.connectionLost).toBe(true);
      expect(dropped.exitCode).toBeUndefined();
      expect(dropped.timedOut).toBe(false);
    } finally {
      session.close();
    }
  });

  it('decrypts an encrypted identity with the right passphrase', async () => {
    const knownHosts = knownHostsFile('kh_good3', port, hostKey.private);
    const { log } = collectingLog();
    const session = await openSshSession({
      host: '127.0.0.1',
      settings: settingsFor(port, { ssh_known_hosts: knownHosts, ssh_identity_file: encryptedIdentity, ssh_passphrase: PASSPHRASE }),
      deadline: new Deadline(30_000), log, env,
    });
    try {
      expect((await session.exec('true', new Deadline(20_000))).exitCode).toBe(0);
    } finally {
      session.close();
    }
  });

  it('refuses a host whose key is not in known_hosts, before sending any authentication', async () => {
    const before = { ...record };
    const { log } = collectingLog();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port), deadline: new Deadline(30_000), log, env,
    }));
    expect(failure.failure).toBe('host-key');
    const presented = fingerprint(parsed(hostKey.private).getPublicSSH());
    expect(failure.reason).toContain(`no host key for 127.0.0.1 (port ${port})`);
    expect(failure.reason).toContain(presented);
    expect(record.connections).toBe(before.connections + 1);
    expect(record.authAttempts).toBe(before.authAttempts);
  });

  it('refuses a host whose key differs from the one on record, before sending any authentication', async () => {
    const before = { ...record };
    const knownHosts = knownHostsFile('kh_other', port, otherHostKey.private);
    const { log } = collectingLog();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_known_hosts: knownHosts }), deadline: new Deadline(30_000), log, env,
    }));
    expect(failure.failure).toBe('host-key');
    expect(failure.reason).toMatch(/^HOST KEY MISMATCH for 127\.0\.0\.1:\d+: it presented ssh-ed25519 SHA256:/);
    expect(failure.reason).toContain(knownHosts);
    expect(record.connections).toBe(before.connections + 1);
    expect(record.authAttempts).toBe(before.authAttempts);
  });

  it('a wrong passphrase is a configuration error that neither says nor logs the passphrase, and nothing connects', async () => {
    const before = { ...record };
    const knownHosts = knownHostsFile('kh_good4', port, hostKey.private);
    const { log, lines } = collectingLog();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1',
      settings: settingsFor(port, { ssh_known_hosts: knownHosts, ssh_identity_file: encryptedIdentity, ssh_passphrase: WRONG_PASSPHRASE }),
      deadline: new Deadline(30_000), log, env,
    }));
    expect(failure.failure).toBe('config');
    expect(failure.reason).toMatch(/no usable ssh private key: .*id_encrypted/);
    for (const text of [failure.reason, failure.message, String(failure.stack), ...lines]) {
      expect(text).not.toContain(WRONG_PASSPHRASE);
      expect(text).not.toContain(PASSPHRASE);
    }
    expect(record.connections).toBe(before.connections);
  });

  it('an encrypted identity without a passphrase says to set ssh_passphrase', async () => {
    const { log } = collectingLog();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_identity_file: encryptedIdentity }), deadline: new Deadline(30_000), log, env,
    }));
    expect(failure.failure).toBe('config');
    expect(failure.reason).toContain('id_encrypted is encrypted: set ssh_passphrase');
  });

  it('a key the server does not accept is a refused login', async () => {
    const knownHosts = knownHostsFile('kh_good5', port, hostKey.private);
    const { log } = collectingLog();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_known_hosts: knownHosts, ssh_identity_file: strangerIdentity }),
      deadline: new Deadline(30_000), log, env,
    }));
    expect(failure.failure).toBe('connect');
    expect(failure.reason).toBe(`127.0.0.1:${port} refused the login (public key not accepted)`);
  });
});

describe('a server that accepts TCP connections and never speaks', () => {
  let server: NetServer;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => { sockets.push(socket); socket.on('error', () => undefined); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });

  it('is given up on after ssh_connect_timeout', async () => {
    const { log } = collectingLog();
    const started = Date.now();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_connect_timeout: 1000 }), deadline: new Deadline(60_000), log, env,
    }));
    expect(failure.failure).toBe('connect');
    expect(failure.reason).toBe(`could not connect to 127.0.0.1:${port} within 1.0 s`);
    // generous: the point is that it does not wait for the 60 s deadline
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 45_000);

  it('is given up on at the deadline when that comes before ssh_connect_timeout', async () => {
    const { log } = collectingLog();
    const started = Date.now();
    const failure = await failureOf(openSshSession({
      host: '127.0.0.1', settings: settingsFor(port, { ssh_connect_timeout: 120_000 }), deadline: new Deadline(3000), log, env,
    }));
    expect(failure.failure).toBe('connect');
    expect(failure.reason).toMatch(new RegExp(`^could not connect to 127\\.0\\.0\\.1:${port} within [0-3]\\.\\d s$`));
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 45_000);
});
