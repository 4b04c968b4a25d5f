// Schema text → identity and parsed type. Two registrations of the same schema — whatever the
// whitespace or the order of JSON attributes — share one fingerprint, hence one id.
import { canonicalJson, parseForResolution } from '@relais/contracts';
import type avro from 'avsc';
import { ok, refuse, type Outcome } from './problems.ts';
import type { Reference, RegistryState, SchemaVersion } from './state.ts';

const invalidSchema = (reason: string) => refuse({ code: 'invalid-schema', reason });

export function canonicalSchema(text: unknown): Outcome<string> {
  if (typeof text !== 'string' || text.trim() === '')
    return invalidSchema('expected "schema" to be a non-empty string holding an Avro schema');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return invalidSchema(`the schema is not valid JSON (${(err as Error).message})`);
  }
  return ok(canonicalJson(parsed));
}

export function fingerprintOf(canonical: string, references: Reference[]): string {
  const refs = references.map((r) => `${r.name}=${r.subject}@${r.version}`).sort();
  return `AVRO|${canonical}|${refs.join(',')}`;
}

export function parseReferences(input: unknown): Outcome<Reference[]> {
  if (input === undefined || input === null) return ok([]);
  if (!Array.isArray(input))
    return invalidSchema('expected "references" to be an array of {name, subject, version}');
  const references: Reference[] = [];
  for (const [i, r] of (input as unknown[]).entries()) {
    const ref = r as Partial<Reference> | null;
    if (
      typeof ref?.name !== 'string' ||
      typeof ref.subject !== 'string' ||
      !Number.isInteger(ref.version)
    ) {
      return invalidSchema(
        `references[${i}]: expected {name: string, subject: string, version: integer}`,
      );
    }
    references.push({ name: ref.name, subject: ref.subject, version: ref.version as number });
  }
  return ok(references);
}

/** Adds the named types of every reference (depth first) to an avsc registry. */
function loadReferences(
  state: RegistryState,
  references: Reference[],
  registry: Record<string, avro.Type>,
  seen: Set<string>,
): Outcome<undefined> {
  for (const ref of references) {
    const key = `${ref.subject}@${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sv = state.subjects.get(ref.subject)?.get(ref.version);
    if (!sv)
      return invalidSchema(
        `reference ${ref.name} points at ${ref.subject} version ${ref.version}, which does not exist`,
      );
    const nested = loadReferences(state, sv.references, registry, seen);
    if (!nested.ok) return nested;
    try {
      parseForResolution(JSON.parse(sv.schema), registry);
    } catch (err) {
      return invalidSchema(`reference ${ref.name}: ${(err as Error).message}`);
    }
  }
  return ok(undefined);
}

/** Parses an Avro schema with its references; refuses naming what is wrong. */
export function parseSchema(
  state: RegistryState,
  text: string,
  references: Reference[],
): Outcome<avro.Type> {
  const registry: Record<string, avro.Type> = {};
  const loaded = loadReferences(state, references, registry, new Set());
  if (!loaded.ok) return loaded;
  try {
    return ok(parseForResolution(JSON.parse(text), registry));
  } catch (err) {
    return invalidSchema((err as Error).message);
  }
}

/** 'latest', -1, or 1..2^31-1. */
export function parseVersion(raw: string): Outcome<number | 'latest'> {
  if (raw === 'latest' || raw === '-1') return ok('latest');
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 2 ** 31 - 1)
    return refuse({ code: 'invalid-version', version: raw });
  return ok(n);
}

export function resolveVersion(
  state: RegistryState,
  subject: string,
  raw: string,
  includeDeleted = false,
): Outcome<SchemaVersion> {
  const spec = parseVersion(raw);
  if (!spec.ok) return spec;
  const versions = state.versionsOf(subject, includeDeleted);
  const found =
    spec.value === 'latest' ? versions.at(-1) : versions.find((v) => v.version === spec.value);
  if (!found) return refuse({ code: 'version-not-found', subject, version: raw });
  return ok(found);
}

/** A schema's parsed types of each version, for a compatibility check against them. */
export function parsedVersions(
  state: RegistryState,
  versions: SchemaVersion[],
): Outcome<Array<{ version: number; type: avro.Type }>> {
  const out: Array<{ version: number; type: avro.Type }> = [];
  for (const v of versions) {
    const type = parseSchema(state, v.schema, v.references);
    if (!type.ok) return type;
    out.push({ version: v.version, type: type.value });
  }
  return ok(out);
}
