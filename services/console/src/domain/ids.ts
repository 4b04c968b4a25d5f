// The ids an operator hands the console, read strictly: a dead letter's `<topic>:<partition>:
// <offset>` (on a dead-letter or rejects topic only, every part bounded), an event id, a trace id,
// an agency id; and the trace id inside a W3C `traceparent` header. Pure.
import { topics } from '@relais/contracts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/** Where a dead letter (or a reject) is: its own topic, partition and offset. */
export interface DeadLetterId {
  topic: string;
  partition: number;
  offset: string;
}

export const MAX_PARTITION = 9_999;
const MAX_OFFSET = 9_223_372_036_854_775_807n;

export const DEAD_LETTER_ID_EXPECTED =
  '<topic>:<partition>:<offset> of a dead letter (relais.dlq.<service>) or a reject (relais.rejects.<agency>)';

/** `relais.dlq.router:0:42` → its parts; anything else → what was expected. */
export function parseDeadLetterId(text: string): Parsed<DeadLetterId> {
  const no = { ok: false, expected: DEAD_LETTER_ID_EXPECTED } as const;
  const m = /^([a-zA-Z0-9._-]{1,249}):(\d{1,4}):(\d{1,19})$/.exec(text);
  if (!m) return no;
  const [, topic = '', partition = '', offset = ''] = m;
  if (!isDeadLetterTopic(topic)) return no;
  const p = Number(partition);
  if (p > MAX_PARTITION || BigInt(offset) > MAX_OFFSET) return no;
  return { ok: true, value: { topic, partition: p, offset: String(BigInt(offset)) } };
}

export const deadLetterIdOf = (c: DeadLetterId): string => `${c.topic}:${c.partition}:${c.offset}`;

/** A dead-letter topic (`relais.dlq.<service>`) or an agency's rejects (`relais.rejects.<agency>`). */
export const isDeadLetterTopic = (topic: string): boolean =>
  topics.deadLetters.partOf(topic) !== undefined || topics.rejects.partOf(topic) !== undefined;

/** CloudEvents ids as the envelope accepts them, visible ASCII without spaces. */
export const EVENT_ID_PATTERN = '^[\\x21-\\x7e]{1,128}$';
export const TRACE_ID_PATTERN = '^[0-9a-f]{32}$';
export const AGENCY_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

/** The trace id of a W3C `traceparent` header (version 00); null when absent or malformed. */
export function traceIdOf(traceparent: string | undefined): string | null {
  if (!traceparent) return null;
  const m = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent.trim());
  const id = m?.[1];
  return id && !/^0+$/.test(id) ? id : null;
}

/** The agency id of a CloudEvents source `urn:relais:agency:<id>`; null for another source. */
export function agencyOfSource(source: string | undefined): string | null {
  const m = /^urn:relais:agency:([a-z0-9][a-z0-9-]{0,63})$/.exec(source ?? '');
  return m?.[1] ?? null;
}
