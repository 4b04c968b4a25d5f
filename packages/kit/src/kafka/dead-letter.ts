// Poison records go to a dead-letter topic with their reason and origin, unchanged otherwise:
// same key (so a replay lands on the same partition), same value bytes, original headers kept.
import type { ConsumedRecord } from './records.ts';
import type { OutgoingRecord } from './producer.ts';

// The replay headers (kafka/replay.ts), named here too: a dead letter of a replayed record
// carries its earlier attempts forward.
const REPLAY_ATTEMPTS_HEADER = 'relais_replay_attempts';

/** Thrown by a decoder or a handler for a record that will never succeed: no retry, DLQ now. */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';
  /** A stable, machine-readable reason: `envelope.invalid`, `serde.unknown-schema`, ... */
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Thrown by a handler for a condition that should clear by itself (a dependency is down). */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

export const DLQ_HEADERS = {
  reason: 'relais_dlq_reason',
  error: 'relais_dlq_error',
  topic: 'relais_dlq_topic',
  partition: 'relais_dlq_partition',
  offset: 'relais_dlq_offset',
  timestamp: 'relais_dlq_timestamp',
  group: 'relais_dlq_group',
  attempts: 'relais_dlq_attempts',
  deadLetteredAt: 'relais_dlq_at',
} as const;

export interface DeadLetter {
  reason: string;
  /** The error message: written by Relais code, naming fields and expectations, never values. */
  error: string;
  /** Attempts of this consumer; those spent before an operator's replay are added to them. */
  attempts: number;
  group: string;
  at: Date;
}

/**
 * The dead letter of `record`. A replayed record that fails again keeps its replay headers (how
 * many times it was replayed, which dead letter it replayed) and counts every attempt made on it,
 * before the replay and after.
 */
export function deadLetterRecord(record: ConsumedRecord, dl: DeadLetter): OutgoingRecord {
  const before = Number(record.headers[REPLAY_ATTEMPTS_HEADER] ?? 0);
  const attempts = dl.attempts + (Number.isSafeInteger(before) && before > 0 ? before : 0);
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DLQ_HEADERS.reason]: dl.reason,
      [DLQ_HEADERS.error]: dl.error.slice(0, 2000),
      [DLQ_HEADERS.topic]: record.topic,
      [DLQ_HEADERS.partition]: String(record.partition),
      [DLQ_HEADERS.offset]: record.offset,
      [DLQ_HEADERS.timestamp]: record.timestamp,
      [DLQ_HEADERS.group]: dl.group,
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.deadLetteredAt]: dl.at.toISOString(),
    },
  };
}

/** Reads the origin of a dead letter back (operators' tools, replays). */
export function deadLetterOrigin(headers: Record<string, string>): {
  reason: string;
  error: string;
  topic: string;
  partition: number;
  offset: string;
  attempts: number;
} {
  return {
    reason: headers[DLQ_HEADERS.reason] ?? '',
    error: headers[DLQ_HEADERS.error] ?? '',
    topic: headers[DLQ_HEADERS.topic] ?? '',
    partition: Number(headers[DLQ_HEADERS.partition] ?? -1),
    offset: headers[DLQ_HEADERS.offset] ?? '',
    attempts: Number(headers[DLQ_HEADERS.attempts] ?? 0),
  };
}
