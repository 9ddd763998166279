/**
 * trace_ra, as resource-agents' agents honour it (what `crm resource trace` sets): with
 * OCF_TRACE_RA or OCF_RESKEY_trace_ra true, each action writes a trace to OCF_TRACE_FILE (an
 * absolute path, or an open descriptor 3-9) or else to
 * ${OCF_RESKEY_trace_dir:-$HA_VARLIB/trace_ra}/<type>/<resource id>.<action>.<YYYY-MM-DD.HH:MM:SS>.
 * A shell agent's trace is `set -x`; ours is every log line at debug level, each child command
 * with its exit code and an excerpt of its output, the deadline plan and the environment
 * Pacemaker passed (secrets redacted).
 */
import { appendFileSync, mkdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ocfIsTrue } from '../runtime/values.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RaTrace {
  /** Where the trace goes (for the log), e.g. "/var/lib/heartbeat/trace_ra/Xen/vm1.start.…". */
  readonly destination: string;
  write(line: string): void;
}

function timestamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** A path component from the environment: no "/" and no "..". */
function safeComponent(value: string): string | undefined {
  return value !== '' && !value.includes('/') && value !== '.' && value !== '..' ? value : undefined;
}

/** The trace of this action, or undefined when tracing is off (or has nowhere to go). */
export function openRaTrace(env: Env, agentName: string, action: string, interactive: boolean): RaTrace | undefined {
  if (!ocfIsTrue(env.OCF_TRACE_RA ?? env.OCF_RESKEY_trace_ra)) return undefined;
  const target = env.OCF_TRACE_FILE ?? '';
  const started = performance.now();
  const stamp = () => `+ ${((performance.now() - started) / 1000).toFixed(3)}s: `;
  if (/^[3-9]$/.test(target)) {
    const fd = Number(target);
    return { destination: `descriptor ${fd}`, write: (line) => { try { writeSync(fd, `${stamp()}${line}\n`); } catch { /* closed */ } } };
  }
  let path: string;
  if (/^\/.+\/.+/.test(target)) {
    path = target;
  } else {
    // As ocf_default_trace_dest: not when run by hand on a terminal.
    if (interactive) return undefined;
    const type = safeComponent(env.OCF_RESOURCE_TYPE ?? agentName);
    const instance = safeComponent(env.OCF_RESOURCE_INSTANCE ?? '');
    if (type === undefined || instance === undefined) return undefined;
    const directory = env.OCF_RESKEY_trace_dir || join(env.HA_VARLIB || '/var/lib/heartbeat', 'trace_ra');
    path = join(directory, type, `${instance}.${action}.${timestamp(new Date())}`);
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, '', { mode: 0o600 });
  } catch {
    return undefined;
  }
  return {
    destination: path,
    write: (line) => { try { appendFileSync(path, `${stamp()}${line}\n`); } catch { /* full or gone: the action goes on */ } },
  };
}

/** The environment lines of a trace: OCF_*, HA_*, PCMK_* variables, sorted, secrets redacted by the caller. */
export function traceEnvironment(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => /^(OCF_|HA_|PCMK_)/.test(name))
    .sort()
    .map((name) => `env ${name}=${JSON.stringify(env[name] ?? '')}`);
}
