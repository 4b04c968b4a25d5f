// Replays of dead letters, as operators ask them (services/console, docs/decisions.md dec-028):
// the dead letter goes back to its origin topic with its key, value and original headers, minus
// the dead-letter headers, plus headers saying it is a replay and for which consumer group. The
// runner of that group handles it again, through every check; the runners of other groups on the
// same topic skip it (counted), so a replay for the router does not make another consumer see an
// event twice. A replay that is still poison lands back in the dead letters with its attempts
// carried forward and its replay count: nothing replays by itself, so it never loops.
import { DLQ_HEADERS } from './dead-letter.ts';
import type { OutgoingRecord } from './producer.ts';
import type { ConsumedRecord } from './records.ts';

export const REPLAY_HEADERS = {
  /** The dead letter this record replays: `<topic>:<partition>:<offset>`. */
  of: 'relais_replay_of',
  /** The consumer group that dead-lettered it: the only one that handles the replay. */
  for: 'relais_replay_for',
  /** How many times operators replayed this record (1 for the first replay). */
  count: 'relais_replay_count',
  /** Attempts spent on it before this replay, carried into the next dead letter. */
  attempts: 'relais_replay_attempts',
} as const;

const dlqHeaderNames = new Set<string>(Object.values(DLQ_HEADERS));
const replayHeaderNames = new Set<string>(Object.values(REPLAY_HEADERS));

/** The group a replayed record is meant for; undefined for a record that is no replay. */
export function replayedFor(headers: Readonly<Record<string, string>>): string | undefined {
  const group = headers[REPLAY_HEADERS.for];
  return group ? group : undefined;
}

/** True when `groupId` must skip this record: a replay meant for another group. */
export function isReplayForAnotherGroup(
  headers: Readonly<Record<string, string>>,
  groupId: string,
): boolean {
  const group = replayedFor(headers);
  return group !== undefined && group !== groupId;
}

const count = (value: string | undefined): number => {
  const n = Number(value ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
};

/** How many times this record (or the dead letter holding it) was replayed already. */
export const replayCount = (headers: Readonly<Record<string, string>>): number =>
  count(headers[REPLAY_HEADERS.count]);

/** Attempts spent on this record before its latest replay (0 for a record that is no replay). */
export const attemptsBeforeReplay = (headers: Readonly<Record<string, string>>): number =>
  count(headers[REPLAY_HEADERS.attempts]);

export interface ReplayTarget {
  /** The origin topic and partition, read from the dead letter's headers. */
  topic: string;
  partition: number;
  /** The group that dead-lettered it. */
  group: string;
}

/**
 * The record to produce for a replay of `deadLetter` (read back from its dead-letter or rejects
 * topic), whose id is `id`: same key and value, the original headers without the dead-letter ones,
 * and the replay headers. Undefined when the dead letter does not say where it came from.
 */
export function replayRecord(
  deadLetter: Pick<ConsumedRecord, 'key' | 'value' | 'headers'>,
  id: string,
): { target: ReplayTarget; record: OutgoingRecord } | undefined {
  const h = deadLetter.headers;
  const topic = h[DLQ_HEADERS.topic];
  const partition = Number(h[DLQ_HEADERS.partition]);
  const group = h[DLQ_HEADERS.group];
  if (!topic || !group || !Number.isSafeInteger(partition) || partition < 0) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(h))
    if (!dlqHeaderNames.has(name) && !replayHeaderNames.has(name)) headers[name] = value;
  headers[REPLAY_HEADERS.of] = id;
  headers[REPLAY_HEADERS.for] = group;
  headers[REPLAY_HEADERS.count] = String(replayCount(h) + 1);
  // The dead letter's attempts already include those carried from earlier replays.
  headers[REPLAY_HEADERS.attempts] = String(count(h[DLQ_HEADERS.attempts]));
  return {
    target: { topic, partition, group },
    record: { key: deadLetter.key, value: deadLetter.value, headers, partition },
  };
}
