// The registry's table of errors. Each has a kind (its HTTP status, from the kit's one mapping)
// and a Confluent Schema Registry `error_code`, the number Confluent's clients switch on
// (https://docs.confluent.io/platform/current/schema-registry/develop/api.html): its first three
// digits are the status the kind gives.
import { defineErrors, type AppError } from '@relais/kit';
import type { Outcome, RegistryProblem } from './domain/problems.ts';

export const registryErrors = defineErrors('registry', {
  subjectNotFound: { kind: 'notFound', message: (s: string) => `Subject '${s}' not found.` },
  versionNotFound: {
    kind: 'notFound',
    message: (s: string, v: string) => `Version ${v} not found for subject '${s}'.`,
  },
  schemaNotFound: {
    kind: 'notFound',
    message: (id?: string) => (id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  },
  subjectNotSoftDeleted: {
    kind: 'notFound',
    message: (s: string) => `Subject '${s}' was not deleted first before being permanently deleted`,
  },
  versionNotSoftDeleted: {
    kind: 'notFound',
    message: (s: string, v: number) =>
      `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`,
  },
  subjectCompatibilityNotConfigured: {
    kind: 'notFound',
    message: (s: string) => `Subject '${s}' does not have subject-level compatibility configured`,
  },
  subjectModeNotConfigured: {
    kind: 'notFound',
    message: (s: string) => `Subject '${s}' does not have subject-level mode configured`,
  },
  /** Not a Confluent subject: an agency the catalog does not declare (its AsyncAPI page). */
  agencyNotDeclared: {
    kind: 'notFound',
    message: (agency: string) => `agency "${agency}" is not declared`,
  },
  guideNotShipped: {
    kind: 'notFound',
    message: () => 'integration guide not shipped with this build',
  },
  /** No credential, or not one that may write here (an agency's never does). */
  unauthorized: { kind: 'unauthenticated', message: (why: string) => why },
  /** A steward asking for what only the operator may do. */
  writeForbidden: {
    kind: 'forbidden',
    message: (action: string) =>
      `${action}: only the operator may do this (stewards register, set a subject's level and soft-delete)`,
  },
  incompatibleSchema: {
    kind: 'conflict',
    message: (subject: string, details: string[]) =>
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`,
  },
  invalidSchema: { kind: 'unprocessable', message: (why: string) => `Invalid schema: ${why}` },
  invalidJson: { kind: 'unprocessable', message: (why: string) => `Invalid JSON body: ${why}` },
  invalidVersion: {
    kind: 'unprocessable',
    message: (v: string) =>
      `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  },
  invalidCompatibilityLevel: {
    kind: 'unprocessable',
    message: (level: unknown) =>
      `Invalid compatibility level ${JSON.stringify(level)}. Valid values are none, backward, backward_transitive, forward, forward_transitive, full, full_transitive`,
  },
  invalidMode: {
    kind: 'unprocessable',
    message: (mode: unknown) =>
      `Invalid mode ${JSON.stringify(mode)}. Valid values are READWRITE, READONLY`,
  },
  operationNotPermitted: { kind: 'unprocessable', message: (why: string) => why },
  /** What a write would append does not fit in one record batch of the storage topic. */
  writeTooLarge: {
    kind: 'payloadTooLarge',
    message: (bytes: number, limit: number, topic: string) =>
      `Schema too large: storing it takes ${bytes.toLocaleString('en-US')} bytes, and the storage topic ${topic} takes at most ${limit.toLocaleString('en-US')} bytes per write (max.message.bytes)`,
  },
  storeError: {
    kind: 'internal',
    message: (why: string) => `Error in the backend data store: ${why}`,
  },
  operationTimeout: { kind: 'internal', message: (why: string) => `Operation timed out: ${why}` },
  forwardingError: {
    kind: 'internal',
    message: (why: string) => `Error while forwarding the request to the leader: ${why}`,
  },
  unknownLeader: {
    kind: 'internal',
    message: () => 'No registry instance is the leader at the moment; retry shortly',
  },
});

type RegistryErrorName = keyof typeof registryErrors;

/** Confluent's `error_code` of each error of the table. */
const confluentCodes = {
  subjectNotFound: 40401,
  versionNotFound: 40402,
  schemaNotFound: 40403,
  subjectNotSoftDeleted: 40405,
  versionNotSoftDeleted: 40407,
  subjectCompatibilityNotConfigured: 40408,
  subjectModeNotConfigured: 40409,
  agencyNotDeclared: 40400,
  guideNotShipped: 40400,
  unauthorized: 40101,
  writeForbidden: 40301,
  incompatibleSchema: 409,
  invalidSchema: 42201,
  invalidJson: 42201,
  invalidVersion: 42202,
  invalidCompatibilityLevel: 42203,
  invalidMode: 42204,
  operationNotPermitted: 42205,
  writeTooLarge: 41301,
  storeError: 50001,
  operationTimeout: 50002,
  forwardingError: 50003,
  unknownLeader: 50004,
} as const satisfies Record<RegistryErrorName, number>;

const byReason = new Map<string, number>(
  Object.entries(confluentCodes).map(([name, code]) => [
    // The kit names each error `<service>.<kebab-case name>` (packages/kit/src/errors.ts).
    `registry.${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    code,
  ]),
);

/** Confluent's answer body for an error: `{error_code, message}`. */
export function confluentBody(err: AppError): { error_code: number; message: string } {
  return { error_code: byReason.get(err.reason ?? '') ?? err.status, message: err.message };
}

/** The edge's words for what the domain refused. */
export function problemError(problem: RegistryProblem): AppError {
  switch (problem.code) {
    case 'subject-not-found':
      return registryErrors.subjectNotFound(problem.subject);
    case 'version-not-found':
      return registryErrors.versionNotFound(problem.subject, problem.version);
    case 'schema-not-found':
      return registryErrors.schemaNotFound(problem.id);
    case 'subject-not-soft-deleted':
      return registryErrors.subjectNotSoftDeleted(problem.subject);
    case 'version-not-soft-deleted':
      return registryErrors.versionNotSoftDeleted(problem.subject, problem.version);
    case 'subject-compatibility-not-configured':
      return registryErrors.subjectCompatibilityNotConfigured(problem.subject);
    case 'subject-mode-not-configured':
      return registryErrors.subjectModeNotConfigured(problem.subject);
    case 'incompatible-schema':
      return registryErrors.incompatibleSchema(problem.subject, problem.details);
    case 'invalid-schema':
      return registryErrors.invalidSchema(problem.reason);
    case 'invalid-version':
      return registryErrors.invalidVersion(problem.version);
    case 'invalid-compatibility-level':
      return registryErrors.invalidCompatibilityLevel(problem.level);
    case 'invalid-mode':
      return registryErrors.invalidMode(problem.mode);
    case 'read-only':
      return registryErrors.operationNotPermitted(
        `Subject ${problem.subject} is in read-only mode`,
      );
  }
}

/** The value of a domain outcome, or its refusal thrown as the registry's error. */
export function orThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw problemError(outcome.problem);
}
