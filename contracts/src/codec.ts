// A contract's codec: validation naming fields, and Avro bytes (without the wire-format prefix,
// which @relais/kit's AvroSerde adds with the registry's schema id).
import { avroType, validateAvro, validationError, type FieldProblem } from '@relais/kit';
import type avro from 'avsc';

export interface Codec<T> {
  name: string;
  schema: unknown;
  type(): avro.Type;
  validate(value: unknown): FieldProblem[];
  /** Throws a validation AppError naming every bad field. */
  toBuffer(value: T): Buffer;
  fromBuffer(buffer: Buffer): T;
}

export function createCodec<T>(name: string, schema: unknown): Codec<T> {
  let type: avro.Type | undefined;
  const get = (): avro.Type => (type ??= avroType(JSON.parse(JSON.stringify(schema)) as object));
  return {
    name,
    schema,
    type: get,
    validate: (value) => validateAvro(get(), value),
    toBuffer(value) {
      const problems = validateAvro(get(), value);
      if (problems.length) throw validationError(problems);
      return get().toBuffer(value);
    },
    fromBuffer: (buffer) => get().fromBuffer(buffer) as T,
  };
}
