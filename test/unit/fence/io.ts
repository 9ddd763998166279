/** Captured input/output for running a protocol in-process. */
import type { ProtocolIo } from '../../../src/lib/fence/index.js';

export interface CapturedIo extends ProtocolIo {
  readonly out: string[];
  readonly err: string[];
}

export function captureIo(argv: readonly string[], env: Record<string, string | undefined>, stdin = ''): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    argv,
    env: { HA_LOGFACILITY: 'none', ...env },
    stdout: (text) => { out.push(text); },
    stderr: (text) => { err.push(text); },
    interactive: false,
    readStdin: async () => stdin,
    flock: async () => ({ acquired: true }),
    startedAgoMs: () => 0,
    out,
    err,
  };
}
