/**
 * Does a host still answer? A TCP connection to its ssh port and one ICMP echo (ping), run
 * together: the host answers when either does. Used to confirm that a host went down.
 */
import { connect } from 'node:net';
import { runCommand } from '../exec/index.js';
import { Deadline } from '../runtime/index.js';

export type TcpProbe = 'open' | 'refused' | 'silent';

/**
 * Connect to host:port within `timeoutMs`. "refused" (an RST) still proves the host's network
 * stack is alive; "silent" (timeout, unreachable, no route, unknown name) proves nothing answers.
 */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: TcpProbe) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('silent'), Math.max(1, timeoutMs));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'silent'));
  });
}

/** One ping with a reply timeout; true when the host replied. Missing ping counts as no reply. */
export async function probePing(host: string, timeoutMs: number, env: Record<string, string>): Promise<boolean> {
  const waitSeconds = Math.max(1, Math.round(timeoutMs / 1000));
  const result = await runCommand('ping', ['-n', '-q', '-c', '1', '-W', String(waitSeconds), host], {
    deadline: new Deadline(timeoutMs + 1500),
    env,
    replaceEnv: true,
  });
  return result.exitCode === 0;
}

export interface HostAnswer {
  readonly answers: boolean;
  readonly detail: string;
}

/** Whether `host` answers on its ssh port or to ping, probed together within `timeoutMs`. */
export async function hostAnswers(host: string, port: number, timeoutMs: number, env: Record<string, string>): Promise<HostAnswer> {
  const [tcp, ping] = await Promise.all([probeTcp(host, port, timeoutMs), probePing(host, timeoutMs, env)]);
  const answers = tcp !== 'silent' || ping;
  return { answers, detail: `tcp/${port} ${tcp}, ping ${ping ? 'replied' : 'no reply'}` };
}
