// What each write asks of the store, decided from the state alone: the records to append, or
// what is refused. The leader applies them one at a time (see adapters/registry-store.ts).
import {
  checkLevel,
  isCompatibilityLevel,
  verboseMessages,
  type CompatibilityLevel,
} from '@relais/contracts';
import type avro from 'avsc';
import { ok, refuse, type Outcome, type RegistryProblem } from './problems.ts';
import {
  canonicalSchema,
  fingerprintOf,
  parsedVersions,
  parseReferences,
  parseSchema,
  resolveVersion,
} from './schemas.ts';
import type { Mode, Reference, RegistryState, StoreRecord } from './state.ts';

export interface SchemaInput {
  schema?: unknown;
  schemaType?: unknown;
  references?: unknown;
}

export function levelFor(
  state: RegistryState,
  subject: string,
  fallback: CompatibilityLevel,
): CompatibilityLevel {
  return state.config.get(subject) ?? state.config.get('') ?? fallback;
}

export function modeFor(state: RegistryState, subject: string): Mode {
  return state.modes.get(subject) ?? state.modes.get('') ?? 'READWRITE';
}

function readOnly(state: RegistryState, subject: string): RegistryProblem | undefined {
  return modeFor(state, subject) === 'READONLY' ? { code: 'read-only', subject } : undefined;
}

interface ReadSchema {
  text: string;
  canonical: string;
  references: Reference[];
  parsed: avro.Type;
  fingerprint: string;
}

function readInput(state: RegistryState, input: SchemaInput): Outcome<ReadSchema> {
  const type = input.schemaType ?? 'AVRO';
  if (type !== 'AVRO') {
    return refuse({
      code: 'invalid-schema',
      reason: `schemaType ${JSON.stringify(type)} is not supported: Relais contracts are Avro (AVRO)`,
    });
  }
  const canonical = canonicalSchema(input.schema);
  if (!canonical.ok) return canonical;
  const references = parseReferences(input.references);
  if (!references.ok) return references;
  const parsed = parseSchema(state, input.schema as string, references.value);
  if (!parsed.ok) return parsed;
  return ok({
    text: input.schema as string,
    canonical: canonical.value,
    references: references.value,
    parsed: parsed.value,
    fingerprint: fingerprintOf(canonical.value, references.value),
  });
}

export interface RegisterOutcome {
  id: number;
  version: number;
  records: StoreRecord[];
}

export function register(
  state: RegistryState,
  subject: string,
  input: SchemaInput,
  defaultLevel: CompatibilityLevel,
  normalize = false,
): Outcome<RegisterOutcome> {
  const blocked = readOnly(state, subject);
  if (blocked) return refuse(blocked);
  const read = readInput(state, input);
  if (!read.ok) return read;
  const schema = read.value;
  const live = state.versionsOf(subject);
  const same = live.find((v) => state.schemas.get(v.id)?.fingerprint === schema.fingerprint);
  if (same) return ok({ id: same.id, version: same.version, records: [] });

  const level = levelFor(state, subject, defaultLevel);
  const previous = parsedVersions(state, live);
  if (!previous.ok) return previous;
  const problems = checkLevel(level, schema.parsed, previous.value);
  if (problems.length) {
    return refuse({
      code: 'incompatible-schema',
      subject,
      details: verboseMessages(problems, level),
    });
  }
  const existingId = state.idByFingerprint.get(schema.fingerprint);
  const id = existingId ?? state.maxId + 1;
  const version = Math.max(0, ...state.versionsOf(subject, true).map((v) => v.version)) + 1;
  const text = normalize ? schema.canonical : schema.text;
  const records: StoreRecord[] = [
    {
      key: { keytype: 'SCHEMA', subject, version },
      value: {
        subject,
        version,
        id,
        schema: existingId !== undefined ? (state.schemas.get(existingId)?.schema ?? text) : text,
        schemaType: 'AVRO',
        references: schema.references,
        deleted: false,
        fingerprint: schema.fingerprint,
      },
    },
  ];
  if (existingId === undefined) {
    records.unshift({
      key: { keytype: 'SCHEMA_BY_ID', id },
      value: {
        id,
        schema: text,
        schemaType: 'AVRO',
        references: schema.references,
        fingerprint: schema.fingerprint,
      },
    });
    records.push({ key: { keytype: 'ID_COUNTER' }, value: { maxId: id } });
  }
  return ok({ id, version, records });
}

export interface CompatibilityOutcome {
  is_compatible: boolean;
  messages?: string[];
}

/** Against one version (`versionRaw`) or, without it, against what the level requires. */
export function testCompatibility(
  state: RegistryState,
  subject: string,
  versionRaw: string | undefined,
  input: SchemaInput,
  defaultLevel: CompatibilityLevel,
  verbose: boolean,
): Outcome<CompatibilityOutcome> {
  const read = readInput(state, input);
  if (!read.ok) return read;
  const live = state.versionsOf(subject);
  if (live.length === 0 && versionRaw !== undefined)
    return refuse({ code: 'subject-not-found', subject });
  const level = levelFor(state, subject, defaultLevel);
  let against = live;
  if (versionRaw !== undefined) {
    const one = resolveVersion(state, subject, versionRaw);
    if (!one.ok) return one;
    against = [one.value];
  }
  const previous = parsedVersions(state, against);
  if (!previous.ok) return previous;
  // A single named version is compared in the level's directions, transitivity aside.
  const effective = (
    versionRaw === undefined ? level : level.replace('_TRANSITIVE', '')
  ) as CompatibilityLevel;
  const problems = checkLevel(effective, read.value.parsed, previous.value);
  return ok({
    is_compatible: problems.length === 0,
    ...(verbose ? { messages: verboseMessages(problems, level) } : {}),
  });
}

export function deleteSubject(
  state: RegistryState,
  subject: string,
  permanent: boolean,
): Outcome<{ versions: number[]; records: StoreRecord[] }> {
  const blocked = readOnly(state, subject);
  if (blocked) return refuse(blocked);
  const all = state.versionsOf(subject, true);
  if (all.length === 0) return refuse({ code: 'subject-not-found', subject });
  const live = all.filter((v) => !v.deleted);
  if (permanent) {
    if (live.length > 0) return refuse({ code: 'subject-not-soft-deleted', subject });
    return ok({
      versions: all.map((v) => v.version),
      records: all.map<StoreRecord>((v) => ({
        key: { keytype: 'SCHEMA', subject, version: v.version },
        value: null,
      })),
    });
  }
  if (live.length === 0) return refuse({ code: 'subject-not-found', subject });
  return ok({
    versions: live.map((v) => v.version),
    records: live.map<StoreRecord>((v) => ({
      key: { keytype: 'SCHEMA', subject, version: v.version },
      value: { ...v, deleted: true, fingerprint: state.schemas.get(v.id)?.fingerprint ?? '' },
    })),
  });
}

export function deleteVersion(
  state: RegistryState,
  subject: string,
  versionRaw: string,
  permanent: boolean,
): Outcome<{ version: number; records: StoreRecord[] }> {
  const blocked = readOnly(state, subject);
  if (blocked) return refuse(blocked);
  if (state.versionsOf(subject, true).length === 0)
    return refuse({ code: 'subject-not-found', subject });
  const resolved = resolveVersion(state, subject, versionRaw, permanent);
  if (!resolved.ok) return resolved;
  const v = resolved.value;
  if (permanent && !v.deleted)
    return refuse({ code: 'version-not-soft-deleted', subject, version: v.version });
  const record: StoreRecord = permanent
    ? { key: { keytype: 'SCHEMA', subject, version: v.version }, value: null }
    : {
        key: { keytype: 'SCHEMA', subject, version: v.version },
        value: { ...v, deleted: true, fingerprint: state.schemas.get(v.id)?.fingerprint ?? '' },
      };
  return ok({ version: v.version, records: [record] });
}

export function parseLevel(body: unknown): Outcome<CompatibilityLevel> {
  const raw = (body as { compatibility?: unknown } | null)?.compatibility;
  const upper = typeof raw === 'string' ? raw.toUpperCase() : raw;
  if (!isCompatibilityLevel(upper))
    return refuse({ code: 'invalid-compatibility-level', level: raw });
  return ok(upper);
}

export function setConfig(subject: string | null, level: CompatibilityLevel): StoreRecord {
  return { key: { keytype: 'CONFIG', subject }, value: { compatibilityLevel: level } };
}

export function deleteConfig(
  state: RegistryState,
  subject: string | null,
): Outcome<{ previous: CompatibilityLevel | undefined; record: StoreRecord }> {
  const previous = state.config.get(subject ?? '');
  if (subject !== null && previous === undefined)
    return refuse({ code: 'subject-compatibility-not-configured', subject });
  return ok({ previous, record: { key: { keytype: 'CONFIG', subject }, value: null } });
}

export function parseMode(body: unknown): Outcome<Mode> {
  const raw = (body as { mode?: unknown } | null)?.mode;
  if (raw !== 'READWRITE' && raw !== 'READONLY') return refuse({ code: 'invalid-mode', mode: raw });
  return ok(raw);
}

export function setMode(subject: string | null, mode: Mode): StoreRecord {
  return { key: { keytype: 'MODE', subject }, value: { mode } };
}

export function deleteMode(
  state: RegistryState,
  subject: string,
): Outcome<{ previous: Mode; record: StoreRecord }> {
  const previous = state.modes.get(subject);
  if (previous === undefined) return refuse({ code: 'subject-mode-not-configured', subject });
  return ok({ previous, record: { key: { keytype: 'MODE', subject }, value: null } });
}
