// The shape a Relais handler sees of a Kafka record: bytes in, string headers, coordinates.
// The headers Relais decides on — CloudEvents attributes (`ce_*`) and the content type — are read
// strictly (issue 13): valid UTF-8 or refused, never patched with U+FFFD (two ids that differ only
// in bytes that are not UTF-8 would read as one, and later events be taken for its duplicates),
// one value each, and all the headers of a record within a bound.
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** The most bytes of headers (names and values, every header) one record may carry. */
export const MAX_HEADER_BYTES = 8192;

/** A header that cannot be read as what it must be; the record is poison. */
export interface HeaderProblem {
  header: string;
  expected: string;
}

// ignoreBOM: a leading U+FEFF stays in the text, so that distinct bytes stay distinct strings.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const isEnvelopeHeader = (name: string): boolean =>
  name.startsWith('ce_') || name === 'content-type';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /**
   * Header values decoded as UTF-8; a repeated header keeps its last value. `ce_*` headers and
   * the content type are present only when they could be read strictly (see headerProblems).
   */
  headers: Record<string, string>;
  /** Headers that could not be read strictly, and a header total over MAX_HEADER_BYTES. */
  headerProblems?: HeaderProblem[];
}

/** Reads a record's headers: the envelope's strictly, the others leniently (trace context…). */
export function readHeaders(headers: IHeaders | undefined): {
  headers: Record<string, string>;
  problems: HeaderProblem[];
} {
  const out: Record<string, string> = {};
  const problems: HeaderProblem[] = [];
  let bytes = 0;
  for (const [name, v] of Object.entries(headers ?? {})) {
    const values = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined);
    bytes += Buffer.byteLength(name);
    for (const x of values) bytes += Buffer.isBuffer(x) ? x.length : Buffer.byteLength(String(x));
    const last = values[values.length - 1];
    if (last === undefined) continue;
    if (!isEnvelopeHeader(name)) {
      out[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
      continue;
    }
    if (values.length > 1) {
      problems.push({ header: name, expected: `one value (it appears ${values.length} times)` });
      continue;
    }
    if (!Buffer.isBuffer(last)) {
      out[name] = String(last);
      continue;
    }
    try {
      out[name] = strictUtf8.decode(last);
    } catch {
      problems.push({ header: name, expected: 'UTF-8 text (the value is not valid UTF-8)' });
    }
  }
  if (bytes > MAX_HEADER_BYTES) {
    problems.push({
      header: 'headers',
      expected: `at most ${MAX_HEADER_BYTES.toLocaleString('en-US')} bytes of headers in all, got ${bytes.toLocaleString('en-US')}`,
    });
  }
  return { headers: out, problems };
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
  const { headers, problems } = readHeaders(m.headers);
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ?? null,
    value: m.value ?? null,
    headers,
    ...(problems.length ? { headerProblems: problems } : {}),
  };
}

/** Where a record came from, for logs and errors: never its key or value. */
export function coordinates(r: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>): string {
  return `${r.topic}/${r.partition}@${r.offset}`;
}
