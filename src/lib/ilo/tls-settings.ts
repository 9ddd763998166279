/**
 * How we decide to trust an iLO's certificate. Exactly one way applies:
 * - ilo_fingerprint: the certificate must have this SHA-256 fingerprint (chain and name ignored);
 * - ilo_ca_file: the chain must lead to this CA (or be this certificate) and the name must match;
 * - ilo_ssl_insecure: no verification at all (warned about on every use);
 * - none of these: the system trust store (and NODE_EXTRA_CA_CERTS), with the name verified.
 */
import { readFileSync } from 'node:fs';

export type TlsMinVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface IloTlsSettings {
  readonly caFile?: string;
  /** 64 hex digits, upper case, no colons. */
  readonly fingerprint?: string;
  readonly insecure: boolean;
  readonly minVersion?: TlsMinVersion;
}

/** "AB:cd:…" or "abcd…" → "ABCD…" (64 hex digits); throws when it is not a SHA-256 fingerprint. */
export function normalizeFingerprint(value: string): string {
  const hex = value.trim().replace(/^sha256[:=]/i, '').replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new Error(`ilo_fingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed), not "${value}"`);
  }
  return hex;
}

/** The fingerprint as Node and openssl print it (AB:CD:…). */
export function formatFingerprint(hex: string): string {
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/** The CA file's PEM text, read now so that a missing file is a configuration error. */
export function readCaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ilo_ca_file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`ilo_ca_file ${path} holds no PEM certificate`);
  return text;
}
