/**
 * Is this host a Xen control domain (Dom0)? Positive evidence only, read without root:
 * `/proc/xen/capabilities` saying `control_d` (xenfs, mounted on every Dom0 by the Xen init
 * scripts), or a running xenstored (C `xenstored` or OCaml `oxenstored`, found by the `comm`
 * of a process in /proc). On such a host a domain may run even when no toolstack is on PATH,
 * so "no toolstack" must not be read as "no domain".
 *
 * TEST ONLY: XENHA_TEST_XEN_ROOT, when set, is prepended to /proc, so that the bats tests can
 * stage a Dom0 (or a host without Xen) in a temporary directory. Pacemaker never sets it;
 * nothing else reads it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const XEN_TEST_ROOT_VARIABLE = 'XENHA_TEST_XEN_ROOT';

const XENSTORED_NAMES = new Set(['xenstored', 'oxenstored']);

function readSmall(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
}

/** Why this host runs Xen as Dom0, or undefined when nothing says so. */
export function xenControlDomainEvidence(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const proc = join(env[XEN_TEST_ROOT_VARIABLE] ?? '/', 'proc');
  const capabilities = readSmall(join(proc, 'xen', 'capabilities'));
  if (capabilities !== undefined && /\bcontrol_d\b/.test(capabilities)) return '/proc/xen/capabilities says control_d';
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = readSmall(join(proc, entry, 'comm'))?.trim();
    if (comm !== undefined && XENSTORED_NAMES.has(comm)) return `${comm} runs (pid ${entry})`;
  }
  return undefined;
}
