/**
 * `drbdadm --version`: shell assignments (DRBDADM_VERSION=9.22.0,
 * DRBD_KERNEL_VERSION_CODE=0x090202, …), read as data, never evaluated.
 */

export interface DrbdVersions {
  /** The loaded kernel module's version code (0xMMmmpp); 0 when no module is loaded. */
  readonly kernelCode: number;
  readonly kernelVersion: string | undefined;
  readonly utilsVersion: string | undefined;
}

export function parseDrbdadmVersion(output: string): DrbdVersions {
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1], match[2]);
  }
  const code = values.get('DRBD_KERNEL_VERSION_CODE');
  const kernelCode = code !== undefined && /^0x[0-9a-fA-F]+$/.test(code) ? Number.parseInt(code.slice(2), 16) : 0;
  const kernelVersion = values.get('DRBD_KERNEL_VERSION');
  return {
    kernelCode,
    kernelVersion: kernelCode === 0 || kernelVersion === '0' ? undefined : kernelVersion,
    utilsVersion: values.get('DRBDADM_VERSION'),
  };
}

/** "8.4.11" → 0x08040b; undefined unless exactly three dot-separated numbers below 256. */
export function versionCode(version: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(version.trim());
  if (!match) return undefined;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major > 255 || minor > 255 || patch > 255) return undefined;
  return (major << 16) | (minor << 8) | patch;
}

/** `modinfo -F version drbd` output ("9.2.12", "8.4.11", possibly with a suffix) as a code, 0 when unreadable. */
export function modinfoVersionCode(output: string): number {
  const match = /^(\d+\.\d+\.\d+)/.exec(output.trim());
  return match ? versionCode(match[1]) ?? 0 : 0;
}

export function formatVersionCode(code: number): string {
  return `${(code >> 16) & 0xff}.${(code >> 8) & 0xff}.${code & 0xff}`;
}

export const DRBD9 = 0x090000;
