// The shape a Relais handler sees of a Kafka record: bytes in, string headers, coordinates.
import type { IHeaders, KafkaMessage } from 'kafkajs';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values decoded as UTF-8; a repeated header keeps its last value. */
  headers: Record<string, string>;
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (last === undefined) continue;
    out[k] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return out;
}

export function toConsumedRecord(
  topic: string,
  partition: number,
  m: KafkaMessage,
): ConsumedRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ?? null,
    value: m.value ?? null,
    headers: headersToStrings(m.headers),
  };
}

/** Where a record came from, for logs and errors: never its key or value. */
export function coordinates(r: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>): string {
  return `${r.topic}/${r.partition}@${r.offset}`;
}
