// Avro logical types Relais uses, one representation each (docs/contracts.md):
// - `date` (int, days since 1970-01-01)      ↔ "YYYY-MM-DD" string: a calendar date has no time zone;
// - `timestamp-millis` (long, ms since epoch) ↔ Date; an RFC 3339 string is accepted on write.
// Money is a `long` count of euro cents, not a logical type: exact, and readable by any consumer.
import avro from 'avsc';

const DAY_MS = 86_400_000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export class DateType extends avro.types.LogicalType {
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }

  protected override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const m = isoDate.exec(value);
    if (!m) return undefined;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Rejects 2024-02-30 and friends, which Date.UTC would roll over.
    if (new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return ms / DAY_MS;
  }

  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    // A writer of the same logical type hands over the already converted value.
    if (avro.Type.isType(type, 'logical:date')) return (v) => v;
    if (avro.Type.isType(type, 'int')) return (v) => this._fromValue(v as number);
    return undefined;
  }
}

export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(ms: number): Date {
    return new Date(ms);
  }

  protected override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
  }

  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'logical:timestamp-millis')) return (v) => v;
    if (avro.Type.isType(type, 'long', 'int')) return (v) => this._fromValue(v as number);
    return undefined;
  }
}

export const logicalTypes = {
  date: DateType,
  'timestamp-millis': TimestampMillisType,
} as unknown as Record<string, new (schema: avro.Schema, opts?: unknown) => avro.types.LogicalType>;

/** Parses an Avro schema with Relais' logical types. */
export function avroType(
  schema: object | string,
  registry: Record<string, avro.Type> = {},
): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { logicalTypes, registry });
}
