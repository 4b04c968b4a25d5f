// Confluent Schema Registry error codes, with small factories; the HTTP status is the code's
// first three digits (https://docs.confluent.io/platform/current/schema-registry/develop/api.html).
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly errorCode: number;
  constructor(errorCode: number, message: string) {
    super(message);
    this.errorCode = errorCode;
  }

  get status(): number {
    return this.errorCode < 1000 ? this.errorCode : Number(String(this.errorCode).slice(0, 3));
  }
}

export const subjectNotFound = (s: string) => new RegistryError(40401, `Subject '${s}' not found.`);
export const versionNotFound = (s: string, v: string | number) =>
  new RegistryError(40402, `Version ${v} not found for subject '${s}'.`);
export const schemaNotFound = (detail = 'Schema not found') => new RegistryError(40403, detail);
export const subjectSoftDeleted = (s: string) =>
  new RegistryError(
    40404,
    `Subject '${s}' was soft deleted. Set permanent=true to delete permanently`,
  );
export const subjectNotSoftDeleted = (s: string) =>
  new RegistryError(40405, `Subject '${s}' was not deleted first before being permanently deleted`);
export const versionSoftDeleted = (s: string, v: number) =>
  new RegistryError(
    40406,
    `Subject '${s}' Version ${v} was soft deleted. Set permanent=true to delete permanently`,
  );
export const versionNotSoftDeleted = (s: string, v: number) =>
  new RegistryError(
    40407,
    `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`,
  );
export const subjectLevelCompatibilityNotConfigured = (s: string) =>
  new RegistryError(40408, `Subject '${s}' does not have subject-level compatibility configured`);
export const subjectLevelModeNotConfigured = (s: string) =>
  new RegistryError(40409, `Subject '${s}' does not have subject-level mode configured`);
export const incompatibleSchema = (message: string) => new RegistryError(409, message);
export const invalidSchema = (message: string) =>
  new RegistryError(42201, `Invalid schema: ${message}`);
export const invalidVersion = (v: string) =>
  new RegistryError(
    42202,
    `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );
export const invalidCompatibilityLevel = (level: unknown) =>
  new RegistryError(
    42203,
    `Invalid compatibility level ${JSON.stringify(level)}. Valid values are none, backward, backward_transitive, forward, forward_transitive, full, full_transitive`,
  );
export const invalidMode = (mode: unknown) =>
  new RegistryError(
    42204,
    `Invalid mode ${JSON.stringify(mode)}. Valid values are READWRITE, READONLY`,
  );
export const operationNotPermitted = (message: string) => new RegistryError(42205, message);
export const storeError = (message: string) =>
  new RegistryError(50001, `Error in the backend data store: ${message}`);
export const operationTimeout = (message: string) =>
  new RegistryError(50002, `Operation timed out: ${message}`);
export const forwardingError = (message: string) =>
  new RegistryError(50003, `Error while forwarding the request to the leader: ${message}`);
export const unknownLeader = () =>
  new RegistryError(50004, 'No registry instance is the leader at the moment; retry shortly');
