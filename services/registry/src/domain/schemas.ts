// Schema text → identity and parsed type. Two registrations of the same schema — whatever the
// whitespace or the order of JSON attributes — share one fingerprint, hence one id.
import { canonicalJson, parseForResolution } from '@relais/contracts';
import type avro from 'avsc';
import { invalidSchema, invalidVersion, versionNotFound } from './errors.ts';
import type { Reference, RegistryState } from './state.ts';

export function canonicalSchema(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '')
    throw invalidSchema('expected "schema" to be a non-empty string holding an Avro schema');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidSchema(`the schema is not valid JSON (${(err as Error).message})`);
  }
  return canonicalJson(parsed);
}

export function fingerprintOf(canonical: string, references: Reference[]): string {
  const refs = references.map((r) => `${r.name}=${r.subject}@${r.version}`).sort();
  return `AVRO|${canonical}|${refs.join(',')}`;
}

export function parseReferences(input: unknown): Reference[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input))
    throw invalidSchema('expected "references" to be an array of {name, subject, version}');
  return input.map((r: unknown, i) => {
    const ref = r as Partial<Reference>;
    if (
      typeof ref?.name !== 'string' ||
      typeof ref.subject !== 'string' ||
      !Number.isInteger(ref.version)
    ) {
      throw invalidSchema(
        `references[${i}]: expected {name: string, subject: string, version: integer}`,
      );
    }
    return { name: ref.name, subject: ref.subject, version: ref.version as number };
  });
}

/** Adds the named types of every reference (depth first) to an avsc registry. */
function loadReferences(
  state: RegistryState,
  references: Reference[],
  registry: Record<string, avro.Type>,
  seen: Set<string>,
): void {
  for (const ref of references) {
    const key = `${ref.subject}@${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sv = state.subjects.get(ref.subject)?.get(ref.version);
    if (!sv)
      throw invalidSchema(
        `reference ${ref.name} points at ${ref.subject} version ${ref.version}, which does not exist`,
      );
    loadReferences(state, sv.references, registry, seen);
    try {
      parseForResolution(JSON.parse(sv.schema), registry);
    } catch (err) {
      throw invalidSchema(`reference ${ref.name}: ${(err as Error).message}`);
    }
  }
}

/** Parses an Avro schema with its references; throws 42201 naming what is wrong. */
export function parseSchema(
  state: RegistryState,
  text: string,
  references: Reference[],
): avro.Type {
  const registry: Record<string, avro.Type> = {};
  loadReferences(state, references, registry, new Set());
  try {
    return parseForResolution(JSON.parse(text), registry);
  } catch (err) {
    throw invalidSchema((err as Error).message);
  }
}

/** 'latest', -1, or 1..2^31-1. */
export function parseVersion(raw: string): number | 'latest' {
  if (raw === 'latest' || raw === '-1') return 'latest';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 2 ** 31 - 1) throw invalidVersion(raw);
  return n;
}

export function resolveVersion(
  state: RegistryState,
  subject: string,
  raw: string,
  includeDeleted = false,
) {
  const spec = parseVersion(raw);
  const versions = state.versionsOf(subject, includeDeleted);
  const found = spec === 'latest' ? versions.at(-1) : versions.find((v) => v.version === spec);
  if (!found) throw versionNotFound(subject, raw);
  return found;
}
