/** Memory management: the host's memory less Dom0's reserve, shared evenly (the reference's formula). */

/**
 * Each domain's share in MiB: (total - reserved) / (running + starting), integer division; with
 * nothing running and nothing starting, the divisor is 1. Undefined when there is nothing to share.
 */
export function balancedMemoryMib(totalMib: number, reservedMib: number, running: number, starting: number): number | undefined {
  const count = running + starting === 0 ? 1 : running + starting;
  const share = Math.floor((totalMib - reservedMib) / count);
  return share > 0 ? share : undefined;
}
