/**
 * A resource's utilization attributes through crm_resource, with the reference agent's command
 * lines: `crm_resource -Q -r RSC -z -g ATTR` to read, `crm_resource -r RSC -z -p ATTR -v VALUE`
 * to write.
 */
import { describeFailure, runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

export type UtilizationReading =
  | { readonly kind: 'value'; readonly value: string }
  /** Not set (crm_resource fails without output). */
  | { readonly kind: 'unset' }
  /** No cluster to ask (run by hand, or the CIB is not up): skip quietly. */
  | { readonly kind: 'not-connected'; readonly detail: string }
  | { readonly kind: 'failed'; readonly detail: string };

interface ClusterCallOptions {
  readonly deadline: Deadline;
  readonly log?: { debug(message: string): void };
}

const NOT_CONNECTED = /not connected|could not connect|connection refused|Transport endpoint/i;

export async function getUtilization(resource: string, attribute: string, options: ClusterCallOptions): Promise<UtilizationReading> {
  const result = await runCommand('crm_resource', ['-Q', '-r', resource, '-z', '-g', attribute], options);
  const value = result.stdout.trim();
  if (result.exitCode === 0) return value === '' ? { kind: 'unset' } : { kind: 'value', value };
  const detail = describeFailure(result);
  if (NOT_CONNECTED.test(result.stderr) || NOT_CONNECTED.test(result.stdout)) return { kind: 'not-connected', detail };
  if (result.startError !== undefined || result.timedOut) return { kind: 'failed', detail };
  // Any other failure: crm_resource's way of saying the attribute is not set.
  return { kind: 'unset' };
}

/** Write a utilization attribute; undefined on success, else what went wrong. */
export async function setUtilization(resource: string, attribute: string, value: string, options: ClusterCallOptions): Promise<string | undefined> {
  const result = await runCommand('crm_resource', ['-r', resource, '-z', '-p', attribute, '-v', value], options);
  return result.exitCode === 0 ? undefined : describeFailure(result);
}
