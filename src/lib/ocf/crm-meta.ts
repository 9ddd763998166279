/**
 * The OCF_RESKEY_CRM_meta_* values Pacemaker passes with each action (milliseconds for times).
 * Probes and other one-shot operations get no interval variable at all: that means 0.
 */
import { clampTimeMs, parseInteger } from '../runtime/values.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface NotifyInfo {
  readonly type: string | undefined;       // pre | post
  readonly operation: string | undefined;  // start | stop | promote | demote
  readonly startUnames: readonly string[];
  readonly stopUnames: readonly string[];
  readonly promoteUnames: readonly string[];
  readonly demoteUnames: readonly string[];
  readonly activeUnames: readonly string[];
  readonly promotedUnames: readonly string[];
  readonly unpromotedUnames: readonly string[];
  readonly allUnames: readonly string[];
}

export interface CloneInfo {
  readonly max: number;
  readonly nodeMax: number | undefined;
  readonly instance: string | undefined;
  readonly promotable: boolean;
  readonly promotedMax: number | undefined;
}

export interface CrmMeta {
  /** OCF_RESKEY_CRM_meta_timeout; undefined when run by hand. */
  readonly timeoutMs: number | undefined;
  /** OCF_RESKEY_CRM_meta_interval; 0 when absent (probes, start, stop). */
  readonly intervalMs: number;
  readonly migrateSource: string | undefined;
  readonly migrateTarget: string | undefined;
  readonly onNode: string | undefined;
  readonly clone: CloneInfo | undefined;
  readonly notify: NotifyInfo | undefined;
  readonly checkLevel: number;
}

function words(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter((w) => w.length > 0) : [];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function count(value: string | undefined): number | undefined {
  const parsed = value === undefined ? undefined : parseInteger(value);
  return parsed !== undefined && parsed >= 0 ? parsed : undefined;
}

/** Milliseconds as Pacemaker passes them, clamped to what a timer can wait (MAX_TIME_MS). */
function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return clampTimeMs(Number(value));
}

export function readCrmMeta(env: Env): CrmMeta {
  const meta = (name: string) => nonEmpty(env[`OCF_RESKEY_CRM_meta_${name}`]);
  const cloneMax = meta('clone_max');
  const notifyType = meta('notify_type');
  const promotable = meta('promotable');
  const promotedMax = meta('promoted_max') ?? meta('master_max');
  return {
    timeoutMs: milliseconds(meta('timeout')),
    intervalMs: milliseconds(meta('interval')) ?? 0,
    migrateSource: meta('migrate_source'),
    migrateTarget: meta('migrate_target'),
    onNode: meta('on_node'),
    clone: cloneMax === undefined ? undefined : {
      max: parseInteger(cloneMax) ?? 1,
      nodeMax: count(meta('clone_node_max')),
      instance: meta('clone'),
      promotable: promotable === 'true' || (promotedMax !== undefined && (parseInteger(promotedMax) ?? 0) > 0),
      promotedMax: promotedMax === undefined ? undefined : parseInteger(promotedMax),
    },
    notify: notifyType === undefined ? undefined : {
      type: notifyType,
      operation: meta('notify_operation'),
      startUnames: words(meta('notify_start_uname')),
      stopUnames: words(meta('notify_stop_uname')),
      promoteUnames: words(meta('notify_promote_uname')),
      demoteUnames: words(meta('notify_demote_uname')),
      activeUnames: words(meta('notify_active_uname')),
      promotedUnames: words(meta('notify_promoted_uname') ?? meta('notify_master_uname')),
      unpromotedUnames: words(meta('notify_unpromoted_uname') ?? meta('notify_slave_uname')),
      allUnames: words(meta('notify_all_uname')),
    },
    checkLevel: parseInteger(nonEmpty(env.OCF_CHECK_LEVEL) ?? nonEmpty(env.OCF_RESKEY_OCF_CHECK_LEVEL) ?? '0') ?? 0,
  };
}
