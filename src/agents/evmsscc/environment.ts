/**
 * What an action learns from its environment rather than from the CIB: the device root (a
 * test-only override of /dev/evms), the local node's name, the text of sysadmin-facing lines.
 */
import { hostname } from 'node:os';
import type { CrmMeta } from '../../lib/ocf/index.js';
import { EVMS_DEVICE_ROOT } from './devices.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Test-only: where the agent looks for the volumes instead of /dev/evms (the simulator creates
 * them there). An environment variable, never a CIB parameter, so that users cannot set it by
 * accident; the agent logs a warning whenever it is in effect (docs/evmsscc.md).
 */
export const TEST_DEVICE_ROOT_VARIABLE = 'XENHA_TEST_EVMS_DEVICE_ROOT';

export function deviceRoot(env: Env): { readonly root: string; readonly overridden: boolean } {
  const override = env[TEST_DEVICE_ROOT_VARIABLE];
  return override !== undefined && override.startsWith('/')
    ? { root: override.replace(/\/+$/, '') || '/', overridden: true }
    : { root: EVMS_DEVICE_ROOT, overridden: false };
}

/**
 * This node's name as the notification variables spell it: Pacemaker's CRM_meta_on_node, else
 * HA_CURHOST (heartbeat's, which the reference reads), else uname -n. Lower-cased, as the
 * reference compares.
 */
export function localNodeName(meta: CrmMeta, env: Env): string {
  const name = meta.onNode ?? (env.HA_CURHOST !== undefined && env.HA_CURHOST !== '' ? env.HA_CURHOST : hostname());
  return name.toLowerCase();
}

/** A line for the log or an exit reason: no control characters from a tool's output. */
export function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
