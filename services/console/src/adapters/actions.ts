// ConsoleActions on the real parts. A replay reads each dead letter back from its topic and sends
// it to its origin (kit replayRecord: same key, value and headers, minus the dead-letter ones,
// plus the replay headers naming the one consumer group that handles it), where that group's
// runner judges it again through every check, at its new position (docs/decisions.md dec-028).
// Every action is journaled with its operator. Everything is checked before anything is sent:
// ids, statuses (a replayed or discarded dead letter only with `again`), origins.
import type { Kafka } from 'kafkajs';
import {
  replayRecord,
  type ConsumedRecord,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import { parseDeadLetterId, type DeadLetterId } from '../domain/ids.ts';
import { mayReplay } from '../domain/journal.ts';
import type { ConsoleActions, DeadLetterStatus, Operator } from '../domain/views.ts';
import { consoleErrors } from '../errors.ts';
import { fetchRecords } from './fetch-records.ts';
import type { GatewayOperatorApi } from './gateway.ts';
import type { IndexStore } from './index-store.ts';
import type { JournalWriter } from './journal.ts';

export interface ActionsDeps {
  kafka: Kafka;
  producer: Pick<RelaisProducer, 'send'>;
  store: Pick<IndexStore, 'deadLetter'>;
  journal: JournalWriter;
  gateway: Pick<GatewayOperatorApi, 'redeliver'>;
  /** Topics a dead letter may go back to (events, ingress, deliveries, entitlements): no state topic. */
  replayable: (topic: string) => boolean;
  /** Names the groups that read dead letters back. */
  group: string;
}

/** The request field an id came from, for 4xx answers naming it. */
const field = (i: number): string => `/body/ids/${i}`;

export function consoleActions(deps: ActionsDeps): ConsoleActions {
  // One action at a time in this console: two operators' clicks cannot replay one record twice.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  function known(
    ids: readonly string[],
    check: (status: DeadLetterStatus, i: number, id: string) => void,
  ) {
    return ids.map(
      (id, i): DeadLetterId & { id: string; group: string | null; origin: string | null } => {
        const parsed = parseDeadLetterId(id);
        if (!parsed.ok)
          throw consoleErrors.invalidRequest([{ field: field(i), expected: parsed.expected }]);
        const row = deps.store.deadLetter(id);
        if (!row) throw consoleErrors.deadLetterNotFound(field(i), id);
        check(row.status, i, id);
        return { ...parsed.value, id, group: row.group, origin: row.originTopic };
      },
    );
  }

  return {
    replay(operator: Operator, ids: string[], options: { again?: boolean } = {}) {
      return serial(async () => {
        const targets = known(ids, (status, i, id) => {
          const may = mayReplay(status, options.again === true);
          if (!may.ok) throw consoleErrors.replayRefused(field(i), id, may.refusal.status);
        });
        targets.forEach((t, i) => {
          if (!t.origin || !t.group) throw consoleErrors.deadLetterNoOrigin(field(i), t.id);
          if (!deps.replayable(t.origin))
            throw consoleErrors.stateTopicNotReplayed(field(i), t.id, t.origin);
        });
        const records = await fetchRecords(deps.kafka, `${deps.group}.replay`, targets);
        const sends: Array<{ id: string; topic: string; record: OutgoingRecord }> = [];
        targets.forEach((t, i) => {
          const dead: ConsumedRecord | undefined = records.get(t.id);
          if (!dead) throw consoleErrors.deadLetterGone(field(i), t.id);
          const replay = replayRecord(dead, t.id);
          if (!replay) throw consoleErrors.deadLetterNoOrigin(field(i), t.id);
          sends.push({ id: t.id, topic: replay.target.topic, record: replay.record });
        });
        const results: Array<{ target: string; outcome: string }> = [];
        for (const s of sends) {
          const [meta] = await deps.producer.send(s.topic, [s.record]);
          results.push({
            target: s.id,
            outcome: `replayed to ${s.topic}/${meta?.partition ?? s.record.partition}@${meta?.baseOffset ?? '?'}`,
          });
        }
        return deps.journal.write({ kind: 'replay', operator, targets: results, reason: null });
      });
    },

    discard(operator, ids, reason) {
      return serial(async () => {
        const targets = known(ids, (status, i, id) => {
          if (status !== 'open') throw consoleErrors.discardRefused(field(i), id, status);
        });
        return deps.journal.write({
          kind: 'discard',
          operator,
          targets: targets.map((t) => ({ target: t.id, outcome: 'discarded' })),
          reason,
        });
      });
    },

    redeliverWebhook(operator, deliveryIds) {
      return serial(async () => {
        const results: Array<{ target: string; outcome: string }> = [];
        for (const id of deliveryIds) {
          const done = await deps.gateway.redeliver(id);
          results.push({
            target: id,
            outcome: done === 'queued' ? 'redelivery queued' : 'not found',
          });
        }
        const missing = results.findIndex((r) => r.outcome === 'not found');
        if (results.every((r) => r.outcome === 'not found'))
          throw consoleErrors.webhookDeliveryNotFound(
            `/body/ids/${missing}`,
            deliveryIds[missing] ?? '',
          );
        return deps.journal.write({ kind: 'redeliver', operator, targets: results, reason: null });
      });
    },
  };
}
