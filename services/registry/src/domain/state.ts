// The registry's state, rebuilt by applying the records of the compacted storage topic in order.
// Pure: the Kafka store feeds it, the routes read it. Small (one entry per schema version), so a
// Map is right here: it does not grow with citizens.
import type { CompatibilityLevel } from '@relais/contracts';

export type Mode = 'READWRITE' | 'READONLY';

export interface Reference {
  name: string;
  subject: string;
  version: number;
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType: 'AVRO';
  references: Reference[];
  deleted: boolean;
}

export interface StoredSchema {
  id: number;
  schema: string;
  schemaType: 'AVRO';
  references: Reference[];
  /** Identity of the schema: type, canonical text and references. */
  fingerprint: string;
}

export interface LeaderInfo {
  instanceId: string;
  url: string;
  generation: number;
}

/** The storage topic's records. Keys are JSON too, so compaction keeps the latest of each. */
export type StoreKey =
  | { keytype: 'SCHEMA'; subject: string; version: number }
  | { keytype: 'CONFIG'; subject: string | null }
  | { keytype: 'MODE'; subject: string | null }
  | { keytype: 'SCHEMA_BY_ID'; id: number }
  | { keytype: 'ID_COUNTER' }
  | { keytype: 'LEADER' }
  /** One per change, appended with it: who changed what (never compacted: unique ids). */
  | { keytype: 'AUDIT'; id: string };

/** Who changed what, appended in the same produce as the change itself. */
export interface AuditEntry {
  at: string;
  /** The role whose credential made the write, or `registry` (contracts published at start). */
  actor: string;
  action: string;
  /** The route (`PUT /config/:subject`), or what the registry itself did. */
  route: string;
  /** The subject, or null for the global level or mode. */
  subject: string | null;
  permanent?: boolean;
  /** What the change was: version and id registered, level or mode set, versions deleted. */
  [detail: string]: unknown;
}

export type StoreRecord =
  | {
      key: Extract<StoreKey, { keytype: 'SCHEMA' }>;
      value: (SchemaVersion & { fingerprint: string }) | null;
    }
  | {
      key: Extract<StoreKey, { keytype: 'CONFIG' }>;
      value: { compatibilityLevel: CompatibilityLevel } | null;
    }
  | { key: Extract<StoreKey, { keytype: 'MODE' }>; value: { mode: Mode } | null }
  | { key: Extract<StoreKey, { keytype: 'SCHEMA_BY_ID' }>; value: StoredSchema | null }
  | { key: Extract<StoreKey, { keytype: 'ID_COUNTER' }>; value: { maxId: number } | null }
  | { key: Extract<StoreKey, { keytype: 'LEADER' }>; value: LeaderInfo | null }
  | { key: Extract<StoreKey, { keytype: 'AUDIT' }>; value: AuditEntry | null };

export class RegistryState {
  readonly subjects = new Map<string, Map<number, SchemaVersion>>();
  readonly schemas = new Map<number, StoredSchema>();
  readonly idByFingerprint = new Map<string, number>();
  readonly config = new Map<string, CompatibilityLevel>();
  readonly modes = new Map<string, Mode>();
  /** Never decreases, even when schemas are hard-deleted: ids are never reused. */
  maxId = 0;
  leader: LeaderInfo | undefined;

  apply(record: StoreRecord): void {
    switch (record.key.keytype) {
      case 'SCHEMA': {
        const { subject, version } = record.key;
        const value = record.value as (SchemaVersion & { fingerprint: string }) | null;
        let versions = this.subjects.get(subject);
        if (!value) {
          versions?.delete(version);
          if (versions && versions.size === 0) this.subjects.delete(subject);
          return;
        }
        if (!versions) {
          versions = new Map();
          this.subjects.set(subject, versions);
        }
        const { fingerprint, ...sv } = value;
        versions.set(version, { ...sv, references: sv.references ?? [] });
        if (!this.schemas.has(value.id)) {
          this.schemas.set(value.id, {
            id: value.id,
            schema: value.schema,
            schemaType: 'AVRO',
            references: value.references ?? [],
            fingerprint,
          });
          this.idByFingerprint.set(fingerprint, value.id);
        }
        this.maxId = Math.max(this.maxId, value.id);
        return;
      }
      case 'CONFIG': {
        const key = record.key.subject ?? '';
        const value = record.value as { compatibilityLevel: CompatibilityLevel } | null;
        if (value) this.config.set(key, value.compatibilityLevel);
        else this.config.delete(key);
        return;
      }
      case 'MODE': {
        const key = record.key.subject ?? '';
        const value = record.value as { mode: Mode } | null;
        if (value) this.modes.set(key, value.mode);
        else this.modes.delete(key);
        return;
      }
      case 'SCHEMA_BY_ID': {
        // Kept forever (never tombstoned): data written with an id stays readable after its
        // subject versions were hard-deleted, and the id is never handed out again.
        const value = record.value as StoredSchema | null;
        if (value) {
          this.schemas.set(value.id, { ...value, references: value.references ?? [] });
          this.idByFingerprint.set(value.fingerprint, value.id);
          this.maxId = Math.max(this.maxId, value.id);
        }
        return;
      }
      case 'ID_COUNTER': {
        const value = record.value as { maxId: number } | null;
        if (value) this.maxId = Math.max(this.maxId, value.maxId);
        return;
      }
      case 'LEADER':
        this.leader = (record.value as LeaderInfo | null) ?? undefined;
        return;
      case 'AUDIT':
        // A trail for people, not state: read from the topic, never applied.
        return;
    }
  }

  versionsOf(subject: string, includeDeleted = false): SchemaVersion[] {
    return [...(this.subjects.get(subject)?.values() ?? [])]
      .filter((v) => includeDeleted || !v.deleted)
      .sort((a, b) => a.version - b.version);
  }

  subjectNames(includeDeleted = false): string[] {
    return [...this.subjects.keys()]
      .filter((s) => this.versionsOf(s, includeDeleted).length > 0)
      .sort();
  }
}
