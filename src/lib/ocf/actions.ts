/** The actions an agent declares for its meta-data and dispatch. */

/** Action names the RA API 1.0 DTD accepts (ra-api-1.dtd). */
export type OcfActionName =
  | 'start' | 'stop' | 'recover' | 'monitor' | 'restart' | 'migrate_to' | 'migrate_from'
  | 'promote' | 'demote' | 'notify' | 'status' | 'reload' | 'meta-data' | 'usage' | 'methods'
  | 'validate-all';

export interface ActionSpec {
  readonly name: OcfActionName;
  /** Pacemaker time value, e.g. "20s" */
  readonly timeout: string;
  readonly interval?: string;
  readonly depth?: number;
  readonly role?: 'Promoted' | 'Unpromoted';
  readonly startDelay?: string;
}

/**
 * Actions that must still do their job when the configuration is invalid: a bad value must
 * never turn a stop into a failure that gets the node fenced, and a probe only reports state.
 * Every other action fails with OCF_ERR_CONFIGURED before it starts.
 */
export const TOLERANT_ACTIONS: ReadonlySet<string> = new Set(['stop', 'monitor', 'status', 'notify', 'demote', 'meta-data', 'usage']);
