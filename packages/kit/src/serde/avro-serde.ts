// Avro values in the Confluent wire format: magic byte 0, 4-byte big-endian schema id, body.
// https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { validationError } from '../errors.ts';
import { PoisonRecordError } from '../kafka/dead-letter.ts';
import { avroType, logicalTypes } from './logical-types.ts';
import { validateAvro } from './validate.ts';

export const MAGIC_BYTE = 0;

/** Reads the wire-format prefix, or throws a PoisonRecordError saying what is wrong. */
export function readWireHeader(buffer: Buffer | null): { schemaId: number } {
  if (!buffer || buffer.length < 5) {
    throw new PoisonRecordError(
      'serde.wire-format',
      `value: expected the Confluent wire format (magic byte 0, 4-byte schema id, Avro body), got ${buffer ? `${buffer.length} byte(s)` : 'no value'}`,
    );
  }
  if (buffer[0] !== MAGIC_BYTE) {
    throw new PoisonRecordError(
      'serde.wire-format',
      `value: expected magic byte 0 of the Confluent wire format, got ${buffer[0]}`,
    );
  }
  return { schemaId: buffer.readUInt32BE(1) };
}

class UnknownSchemaError extends Error {
  override readonly name = 'UnknownSchemaError';
  constructor(schemaId: number) {
    super(`value: schema id ${schemaId} is not in the registry`);
  }
}

export interface Decoded<T = unknown> {
  schemaId: number;
  value: T;
}

/**
 * The credential a schema writer sends (HTTP Basic, as Confluent's `basic.auth.user.info`): the
 * registry takes writes only from the operator and contract stewards. Readers need none.
 */
export interface RegistryCredentials {
  username: string;
  password: string;
}

export class AvroSerde {
  readonly registry: SchemaRegistry;
  private readonly types = new Map<number, avro.Type>();

  private readonly base: string;

  readonly registryUrl: string;

  constructor(registryUrl: string, options: { auth?: RegistryCredentials | undefined } = {}) {
    this.registryUrl = registryUrl;
    this.base = registryUrl.endsWith('/') ? registryUrl : `${registryUrl}/`;
    this.registry = new SchemaRegistry(
      options.auth
        ? { host: registryUrl, retry: { retries: 3 }, auth: { ...options.auth } }
        : { host: registryUrl, retry: { retries: 3 } },
      { [SchemaType.AVRO]: { logicalTypes } },
    );
  }

  /** Registers (or finds) a schema under a subject; returns its global id. */
  async register(subject: string, schema: object): Promise<number> {
    const { id } = await this.registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    );
    return id;
  }

  async latestId(subject: string): Promise<number> {
    return this.registry.getLatestSchemaId(subject);
  }

  /** The id of exactly this schema under a subject (Confluent lookup, `POST /subjects/{s}`). */
  async idOf(subject: string, schema: object): Promise<number> {
    return this.registry.getRegistryIdBySchema(subject, {
      type: SchemaType.AVRO,
      schema: JSON.stringify(schema),
    });
  }

  /** The writer schema for an id, by `GET /schemas/ids/{id}` (Confluent API), cached forever:
   * a schema id never changes meaning. */
  async typeOf(schemaId: number): Promise<avro.Type> {
    let type = this.types.get(schemaId);
    if (!type) {
      const res = await fetch(new URL(`schemas/ids/${schemaId}`, this.base), {
        headers: { accept: 'application/vnd.schemaregistry.v1+json' },
      });
      if (res.status === 404) throw new UnknownSchemaError(schemaId);
      if (!res.ok)
        throw new Error(`schema registry answered ${res.status} for schema id ${schemaId}`);
      const body = (await res.json()) as { schema: string; schemaType?: string };
      if (body.schemaType && body.schemaType !== 'AVRO') {
        throw new PoisonRecordError(
          'serde.not-avro',
          `value: schema id ${schemaId} is ${body.schemaType}, expected AVRO`,
        );
      }
      type = avroType(JSON.parse(body.schema) as object);
      this.types.set(schemaId, type);
    }
    return type;
  }

  /** Validates, then encodes. A bad value throws a 400-class AppError naming each field. */
  async encode(
    schemaId: number,
    value: unknown,
    options: { validated?: boolean } = {},
  ): Promise<Buffer> {
    const type = await this.typeOf(schemaId);
    // `validated`: the caller already checked the value against this same schema (a contract's
    // codec) and reported the problems its own way; checking again would only cost time.
    if (!options.validated) {
      const problems = validateAvro(type, value);
      if (problems.length) throw validationError(problems);
    }
    const body = type.toBuffer(value);
    const header = Buffer.alloc(5);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeUInt32BE(schemaId, 1);
    return Buffer.concat([header, body]);
  }

  /**
   * Decodes a wire-format value with the schema it was written with, or resolved to
   * `readerSchemaId` when given. Bad bytes or an unknown schema id are poison; an unreachable
   * registry is not (it is retried).
   */
  async decode<T = unknown>(buffer: Buffer | null, readerSchemaId?: number): Promise<Decoded<T>> {
    const { schemaId } = readWireHeader(buffer);
    let writer: avro.Type;
    try {
      writer = await this.typeOf(schemaId);
    } catch (err) {
      if (err instanceof UnknownSchemaError) {
        throw new PoisonRecordError('serde.unknown-schema', err.message, { cause: err });
      }
      throw err;
    }
    const body = (buffer as Buffer).subarray(5);
    try {
      if (readerSchemaId !== undefined && readerSchemaId !== schemaId) {
        const reader = await this.typeOf(readerSchemaId);
        const resolver = reader.createResolver(writer);
        return { schemaId, value: reader.fromBuffer(body, resolver) as T };
      }
      return { schemaId, value: writer.fromBuffer(body) as T };
    } catch (err) {
      throw new PoisonRecordError(
        'serde.invalid-body',
        `value: Avro body does not match schema id ${schemaId} (${(err as Error).message.slice(0, 200)})`,
        { cause: err },
      );
    }
  }
}
