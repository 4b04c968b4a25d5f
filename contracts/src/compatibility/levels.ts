// The seven compatibility levels of the Confluent Schema Registry, over canRead().
// BACKWARD: the new schema reads data written with the previous one (consumers upgrade first).
// FORWARD: the previous schema reads data written with the new one (producers upgrade first).
// FULL: both. *_TRANSITIVE: against every earlier version, not just the latest. NONE: no check.
import type avro from 'avsc';
import { canRead, type Incompatibility } from './resolve.ts';

export const compatibilityLevels = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

export function isCompatibilityLevel(s: unknown): s is CompatibilityLevel {
  return typeof s === 'string' && (compatibilityLevels as readonly string[]).includes(s);
}

export interface VersionedType {
  version: number;
  type: avro.Type;
}

export interface LevelProblem extends Incompatibility {
  /** Which earlier version the candidate was compared with. */
  againstVersion: number;
  /** `backward`: the candidate reading old data; `forward`: old readers reading the candidate. */
  direction: 'backward' | 'forward';
}

/**
 * Problems registering `candidate` after `previous` (oldest first) under `level`.
 * Non-transitive levels compare with the latest version only.
 */
export function checkLevel(
  level: CompatibilityLevel,
  candidate: avro.Type,
  previous: VersionedType[],
): LevelProblem[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const out: LevelProblem[] = [];
  for (const old of against) {
    if (backward) {
      for (const p of canRead(candidate, old.type))
        out.push({ ...p, againstVersion: old.version, direction: 'backward' });
    }
    if (forward) {
      for (const p of canRead(old.type, candidate))
        out.push({ ...p, againstVersion: old.version, direction: 'forward' });
    }
  }
  return out;
}

/** Confluent's verbose message shape: one line per problem. */
export function verboseMessages(problems: LevelProblem[], level: CompatibilityLevel): string[] {
  return problems.map(
    (p) =>
      `{errorType:'${p.type}', description:'${p.message}', additionalInfo:'${p.field ?? ''}', ` +
      `path:'${p.path}', direction:'${p.direction}', againstVersion:${p.againstVersion}, compatibility:'${level}'}`,
  );
}
