// What each write asks of the store, decided from the state alone: the records to append, or a
// Confluent error. The leader applies them one at a time (see store/registry-store.ts).
import {
  checkLevel,
  isCompatibilityLevel,
  verboseMessages,
  type CompatibilityLevel,
} from '@relais/contracts';
import {
  incompatibleSchema,
  invalidCompatibilityLevel,
  invalidMode,
  invalidSchema,
  operationNotPermitted,
  subjectLevelCompatibilityNotConfigured,
  subjectLevelModeNotConfigured,
  subjectNotFound,
  subjectNotSoftDeleted,
  versionNotSoftDeleted,
} from './errors.ts';
import {
  canonicalSchema,
  fingerprintOf,
  parseReferences,
  parseSchema,
  resolveVersion,
} from './schemas.ts';
import type { Mode, RegistryState, StoreRecord } from './state.ts';

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

function assertWritable(state: RegistryState, subject: string): void {
  if (modeFor(state, subject) === 'READONLY') {
    throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
  }
}

function readInput(state: RegistryState, input: SchemaInput) {
  const type = input.schemaType ?? 'AVRO';
  if (type !== 'AVRO') {
    throw invalidSchema(
      `schemaType ${JSON.stringify(type)} is not supported: Relais contracts are Avro (AVRO)`,
    );
  }
  const canonical = canonicalSchema(input.schema);
  const references = parseReferences(input.references);
  const parsed = parseSchema(state, input.schema as string, references);
  return {
    text: input.schema as string,
    canonical,
    references,
    parsed,
    fingerprint: fingerprintOf(canonical, references),
  };
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
): RegisterOutcome {
  assertWritable(state, subject);
  const schema = readInput(state, input);
  const live = state.versionsOf(subject);
  const same = live.find((v) => state.schemas.get(v.id)?.fingerprint === schema.fingerprint);
  if (same) return { id: same.id, version: same.version, records: [] };

  const level = levelFor(state, subject, defaultLevel);
  const previous = live.map((v) => ({
    version: v.version,
    type: parseSchema(state, v.schema, v.references),
  }));
  const problems = checkLevel(level, schema.parsed, previous);
  if (problems.length) {
    throw incompatibleSchema(
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${verboseMessages(problems, level).join(', ')}]`,
    );
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
  return { id, version, records };
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
): CompatibilityOutcome {
  const schema = readInput(state, input);
  const live = state.versionsOf(subject);
  if (live.length === 0 && versionRaw !== undefined) throw subjectNotFound(subject);
  const level = levelFor(state, subject, defaultLevel);
  const against = versionRaw === undefined ? live : [resolveVersion(state, subject, versionRaw)];
  const previous = against.map((v) => ({
    version: v.version,
    type: parseSchema(state, v.schema, v.references),
  }));
  // A single named version is compared in the level's directions, transitivity aside.
  const effective = (
    versionRaw === undefined ? level : level.replace('_TRANSITIVE', '')
  ) as CompatibilityLevel;
  const problems = checkLevel(effective, schema.parsed, previous);
  return {
    is_compatible: problems.length === 0,
    ...(verbose ? { messages: verboseMessages(problems, level) } : {}),
  };
}

export function deleteSubject(state: RegistryState, subject: string, permanent: boolean) {
  assertWritable(state, subject);
  const all = state.versionsOf(subject, true);
  if (all.length === 0) throw subjectNotFound(subject);
  const live = all.filter((v) => !v.deleted);
  if (permanent) {
    if (live.length > 0) throw subjectNotSoftDeleted(subject);
    return {
      versions: all.map((v) => v.version),
      records: all.map<StoreRecord>((v) => ({
        key: { keytype: 'SCHEMA', subject, version: v.version },
        value: null,
      })),
    };
  }
  if (live.length === 0) throw subjectNotFound(subject);
  return {
    versions: live.map((v) => v.version),
    records: live.map<StoreRecord>((v) => ({
      key: { keytype: 'SCHEMA', subject, version: v.version },
      value: { ...v, deleted: true, fingerprint: state.schemas.get(v.id)?.fingerprint ?? '' },
    })),
  };
}

export function deleteVersion(
  state: RegistryState,
  subject: string,
  versionRaw: string,
  permanent: boolean,
) {
  assertWritable(state, subject);
  if (state.versionsOf(subject, true).length === 0) throw subjectNotFound(subject);
  const v = resolveVersion(state, subject, versionRaw, permanent);
  if (permanent && !v.deleted) throw versionNotSoftDeleted(subject, v.version);
  const record: StoreRecord = permanent
    ? { key: { keytype: 'SCHEMA', subject, version: v.version }, value: null }
    : {
        key: { keytype: 'SCHEMA', subject, version: v.version },
        value: { ...v, deleted: true, fingerprint: state.schemas.get(v.id)?.fingerprint ?? '' },
      };
  return { version: v.version, records: [record] };
}

export function parseLevel(body: unknown): CompatibilityLevel {
  const raw = (body as { compatibility?: unknown } | null)?.compatibility;
  const upper = typeof raw === 'string' ? raw.toUpperCase() : raw;
  if (!isCompatibilityLevel(upper)) throw invalidCompatibilityLevel(raw);
  return upper;
}

export function setConfig(subject: string | null, level: CompatibilityLevel): StoreRecord {
  return { key: { keytype: 'CONFIG', subject }, value: { compatibilityLevel: level } };
}

export function deleteConfig(
  state: RegistryState,
  subject: string | null,
): { previous: CompatibilityLevel | undefined; record: StoreRecord } {
  const previous = state.config.get(subject ?? '');
  if (subject !== null && previous === undefined)
    throw subjectLevelCompatibilityNotConfigured(subject);
  return { previous, record: { key: { keytype: 'CONFIG', subject }, value: null } };
}

export function parseMode(body: unknown): Mode {
  const raw = (body as { mode?: unknown } | null)?.mode;
  if (raw !== 'READWRITE' && raw !== 'READONLY') throw invalidMode(raw);
  return raw;
}

export function setMode(subject: string | null, mode: Mode): StoreRecord {
  return { key: { keytype: 'MODE', subject }, value: { mode } };
}

export function deleteMode(
  state: RegistryState,
  subject: string,
): { previous: Mode; record: StoreRecord } {
  const previous = state.modes.get(subject);
  if (previous === undefined) throw subjectLevelModeNotConfigured(subject);
  return { previous, record: { key: { keytype: 'MODE', subject }, value: null } };
}
