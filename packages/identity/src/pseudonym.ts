// Sector pseudonyms, the Austrian bPK idea: pseudonym = HMAC-SHA256(key, sector ‖ pivot).
// An agency sees only its sector's pseudonym; without Relais' key nobody can compute another
// sector's pseudonym from it, nor the pivot (the pivot never leaves Relais).
// https://www.bmi.gv.at/ (bereichsspezifisches Personenkennzeichen), FranceConnect pairwise `sub`.
import {
  createHmac,
  createSecretKey,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { readSecret } from '@relais/kit';

/** Relais' sectors; a pseudonym is shared by the agencies of one sector only. */
export const sectors = [
  'civil-status',
  'local',
  'family',
  'health',
  'tax',
  'employment',
  'pensions',
  'disability',
  'education',
  'relais',
] as const;
export type Sector = (typeof sectors)[number];

export type Pivot = string & { readonly __brand: 'Pivot' };
export type Pseudonym = string & { readonly __brand: 'Pseudonym' };

export const asPivot = (s: string): Pivot => s as Pivot;
export const asPseudonym = (s: string): Pseudonym => s as Pseudonym;

/** A new pivot: random, meaningless, never shown outside Relais. */
export function newPivot(generate: () => string = randomUUID): Pivot {
  return generate() as Pivot;
}

const keyObjects = new WeakMap<Buffer, KeyObject>();

/**
 * The key prepared once: an HMAC over a raw Buffer imports the key on every call, six times the
 * cost of the HMAC itself (the router derives three pseudonyms an event; docs/benchmarks.md).
 */
export function hmacKey(key: Buffer): KeyObject {
  let prepared = keyObjects.get(key);
  if (!prepared) {
    prepared = createSecretKey(key);
    keyObjects.set(key, prepared);
  }
  return prepared;
}

export function derivePseudonym(key: Buffer, sector: string, pivot: Pivot): Pseudonym {
  // The separator cannot appear in a sector name: ("a", "b:c") and ("a:b", "c") differ.
  return createHmac('sha256', hmacKey(key))
    .update(`relais-pseudonym-v1\u0000${sector}\u0000${pivot}`)
    .digest('base64url') as Pseudonym;
}

export function samePseudonym(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key, from its base64 form; at least 32 bytes. */
export function pseudonymKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length < 32) throw new Error('the pseudonym key must be at least 32 bytes (base64)');
  return key;
}

/** The pseudonym key kept as `pseudonym.key` in a keys folder (shared by Relais' services). */
export function pseudonymKeyIn(keysDir: string): Buffer {
  return pseudonymKey(readSecret(keysDir, 'pseudonym.key'));
}
