// What the registry refuses, in its own terms. Domain functions return these; the edge
// (src/errors.ts) gives each its Confluent error code, its words and, through the kit, its HTTP
// status.

export type RegistryProblem =
  | { code: 'subject-not-found'; subject: string }
  | { code: 'version-not-found'; subject: string; version: string }
  /** `id` when looked up by global id; none for a lookup under a subject. */
  | { code: 'schema-not-found'; id?: string }
  | { code: 'subject-not-soft-deleted'; subject: string }
  | { code: 'version-not-soft-deleted'; subject: string; version: number }
  | { code: 'subject-compatibility-not-configured'; subject: string }
  | { code: 'subject-mode-not-configured'; subject: string }
  /** `details`: Confluent's verbose messages, one per problem found. */
  | { code: 'incompatible-schema'; subject: string; details: string[] }
  | { code: 'invalid-schema'; reason: string }
  | { code: 'invalid-version'; version: string }
  | { code: 'invalid-compatibility-level'; level: unknown }
  | { code: 'invalid-mode'; mode: unknown }
  | { code: 'read-only'; subject: string };

export interface Refusal {
  ok: false;
  problem: RegistryProblem;
}

/** A domain answer: the value, or what was refused and why. */
export type Outcome<T> = { ok: true; value: T } | Refusal;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = (problem: RegistryProblem): Refusal => ({ ok: false, problem });
