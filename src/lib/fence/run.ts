/**
 * Entry point of a fencing plugin executable. One bundle serves both protocols: installed as
 * `fence_xenha_*` (a symlink) it speaks fence-agents, as /usr/lib/stonith/plugins/external/<name>
 * it speaks cluster-glue's external protocol.
 */
import { basename } from 'node:path';
import { isatty } from 'node:tty';
import { flattenLine, Logger, writeAllSync, type ParameterSpec } from '../runtime/index.js';
import { runFenceAgentProtocol } from './fence-agents-protocol.js';
import { runGlueProtocol } from './glue-protocol.js';
import type { FencePluginDefinition } from './plugin.js';
import type { ProtocolIo } from './protocol-io.js';

/** stdin is read to its end, but never waited on for longer than this. */
const STDIN_LIMIT_MS = 30_000;

export function readAllStdin(limitMs = STDIN_LIMIT_MS): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, limitMs);
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.once('end', done);
    process.stdin.once('error', done);
  });
}

/** The protocol a program name asks for: fence_* → fence-agents, anything else → cluster-glue. */
export function protocolFor(programPath: string | undefined): 'fence-agents' | 'cluster-glue' {
  return basename(programPath ?? '').startsWith('fence_') ? 'fence-agents' : 'cluster-glue';
}

export async function runFenceProgram<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
  programPath: string | undefined,
): Promise<number> {
  if (protocolFor(programPath) === 'fence-agents') return runFenceAgentProtocol(plugin, io);
  const log = new Logger({ env: io.env, program: `external/${plugin.name}`, interactive: io.interactive, writeStderr: io.stderr });
  try {
    return await runGlueProtocol(plugin, io, log);
  } finally {
    await log.close();
  }
}

/** Run the plugin as this process asks (argv, environment, program name) and exit with its code. */
export function runFencePlugin<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): void {
  const io: ProtocolIo = {
    argv: process.argv.slice(2),
    env: process.env,
    // Synchronous, like the OCF entry point: process.exit() right after an asynchronous
    // process.stdout.write() can drop what a slow or non-blocking pipe has not taken yet.
    stdout: (text) => writeAllSync(1, text),
    stderr: (text) => writeAllSync(2, text),
    interactive: isatty(1),
    readStdin: () => readAllStdin(),
  };
  runFenceProgram(plugin, io, process.argv[1]).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${plugin.name}: unexpected failure: ${flattenLine(error instanceof Error ? error.message : String(error))}\n`);
      process.exit(1);
    },
  );
}
