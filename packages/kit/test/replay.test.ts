// Replays of dead letters (kafka/replay.ts): which group handles one, what it carries, and how a
// replay that fails again counts its attempts. Pure: no broker.
import { describe, expect, it } from 'vitest';
import {
  attemptsBeforeReplay,
  deadLetterOrigin,
  deadLetterRecord,
  DLQ_HEADERS,
  isReplayForAnotherGroup,
  REPLAY_HEADERS,
  replayCount,
  replayRecord,
  type ConsumedRecord,
} from '../src/index.ts';

const at = new Date('2030-01-02T03:04:05.000Z');
const original: ConsumedRecord = {
  topic: 'relais.events.residence',
  partition: 2,
  offset: '41',
  timestamp: '1893553445000',
  key: Buffer.from('pivot-key'),
  value: Buffer.from('bytes'),
  headers: { ce_id: 'evt-1', ce_type: 'fr.gouv.residence.AddressChanged', traceparent: 'tp' },
};
const asConsumed = (
  topic: string,
  offset: string,
  r: { key: unknown; value: unknown; headers?: Record<string, string> },
): ConsumedRecord => ({
  topic,
  partition: 0,
  offset,
  timestamp: '0',
  key: r.key as Buffer,
  value: r.value as Buffer,
  headers: r.headers ?? {},
});

describe('replays of dead letters', () => {
  it('goes back to its origin with its key, value and headers, minus the dead-letter ones', () => {
    const dead = deadLetterRecord(original, {
      reason: 'event.unknown-contract',
      error: 'ce_type: not in the catalog',
      attempts: 1,
      group: 'relais-router.events',
      at,
    });
    const replay = replayRecord(
      asConsumed('relais.dlq.router', '7', dead),
      'relais.dlq.router:0:7',
    );
    expect(replay?.target).toEqual({
      topic: 'relais.events.residence',
      partition: 2,
      group: 'relais-router.events',
    });
    expect(replay?.record).toEqual({
      key: original.key,
      value: original.value,
      partition: 2,
      headers: {
        ...original.headers,
        [REPLAY_HEADERS.of]: 'relais.dlq.router:0:7',
        [REPLAY_HEADERS.for]: 'relais-router.events',
        [REPLAY_HEADERS.count]: '1',
        [REPLAY_HEADERS.attempts]: '1',
      },
    });
  });

  it('is handled by the group that dead-lettered it, skipped by every other', () => {
    const headers = { [REPLAY_HEADERS.for]: 'relais-router.events' };
    expect(isReplayForAnotherGroup(headers, 'relais-router.events')).toBe(false);
    expect(isReplayForAnotherGroup(headers, 'relais-eligibility.deliveries')).toBe(true);
    // A record that is no replay is everyone's.
    expect(isReplayForAnotherGroup({ ce_id: 'e' }, 'relais-eligibility.deliveries')).toBe(false);
    expect(isReplayForAnotherGroup({ [REPLAY_HEADERS.for]: '' }, 'any')).toBe(false);
  });

  it('poison again, lands back with every attempt counted and its replay count; replayed again, counts on', () => {
    const first = deadLetterRecord(original, {
      reason: 'retries-exhausted',
      error: 'Error: down',
      attempts: 5,
      group: 'g',
      at,
    });
    const replay1 = replayRecord(asConsumed('relais.dlq.x', '0', first), 'relais.dlq.x:0:0');
    if (!replay1) throw new Error('no replay');
    // Consumed again from the origin topic, it fails once more (poison this time: 1 attempt).
    const consumed = asConsumed(original.topic, '99', replay1.record);
    const second = deadLetterRecord(consumed, {
      reason: 'event.unknown-contract',
      error: 'ce_type: not in the catalog',
      attempts: 1,
      group: 'g',
      at,
    });
    expect(deadLetterOrigin(second.headers ?? {})).toMatchObject({
      attempts: 6,
      offset: '99',
      reason: 'event.unknown-contract',
    });
    expect(replayCount(second.headers ?? {})).toBe(1);
    expect(second.headers?.[REPLAY_HEADERS.of]).toBe('relais.dlq.x:0:0');
    const replay2 = replayRecord(asConsumed('relais.dlq.x', '1', second), 'relais.dlq.x:0:1');
    expect(replay2?.record.headers).toMatchObject({
      [REPLAY_HEADERS.of]: 'relais.dlq.x:0:1',
      [REPLAY_HEADERS.count]: '2',
      [REPLAY_HEADERS.attempts]: '6',
    });
    expect(attemptsBeforeReplay(replay2?.record.headers ?? {})).toBe(6);
  });

  it('cannot be replayed when the dead letter does not say where it came from', () => {
    expect(replayRecord({ key: null, value: null, headers: {} }, 'relais.dlq.x:0:0')).toBe(
      undefined,
    );
    expect(
      replayRecord(
        { key: null, value: null, headers: { [DLQ_HEADERS.topic]: 't', [DLQ_HEADERS.group]: 'g' } },
        'relais.dlq.x:0:0',
      ),
    ).toBe(undefined);
  });
});
