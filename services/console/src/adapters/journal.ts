// The operators' journal: every action (replay, discard, redeliver) appended to
// relais.operator-actions as an `OperatorActed` record — the operator's subject and name, the
// targets and what happened to each, the reason — then awaited in the flow index, so the
// journal page and each dead letter's status show it as soon as the action answers.
import { randomUUID } from 'node:crypto';
import type { OperatorActed } from '@relais/contracts/generated';
import type { RecordMetadata } from 'kafkajs';
import type { AvroSerde, Clock, RelaisProducer } from '@relais/kit';
import type { ActionRow } from '../domain/records.ts';
import type { Operator, OperatorAction, OperatorActionKind } from '../domain/views.ts';
import { consoleErrors } from '../errors.ts';
import type { FlowIndexer } from './indexer.ts';
import { actionView } from './reads.ts';

export const OPERATOR_ACTED = 'fr.gouv.relais.OperatorActed';

export interface JournalEntry {
  kind: OperatorActionKind;
  operator: Operator;
  targets: Array<{ target: string; outcome: string }>;
  reason: string | null;
}

export interface JournalWriter {
  write(entry: JournalEntry): Promise<OperatorAction>;
}

const kinds = { replay: 'REPLAY', discard: 'DISCARD', redeliver: 'REDELIVER' } as const;

export function journalWriter(deps: {
  producer: Pick<RelaisProducer, 'send'>;
  serde: Pick<AvroSerde, 'encode' | 'latestId'>;
  topic: string;
  indexer: Pick<FlowIndexer, 'waitFor'>;
  clock: Clock;
  newId?: () => string;
}): JournalWriter {
  let schemaId: Promise<number> | undefined;
  return {
    async write(entry) {
      const actedAt = deps.clock.now();
      const actionId = (deps.newId ?? randomUUID)();
      const value: OperatorActed = {
        actionId,
        kind: kinds[entry.kind],
        operatorSub: entry.operator.sub,
        operatorName: entry.operator.displayName,
        targets: entry.targets,
        reason: entry.reason,
        actedAt,
      };
      let written: RecordMetadata | undefined;
      try {
        schemaId ??= deps.serde.latestId(OPERATOR_ACTED);
        const bytes = await deps.serde.encode(await schemaId, value);
        [written] = await deps.producer.send(deps.topic, [
          { key: actionId, value: bytes, partition: 0 },
        ]);
      } catch (err) {
        schemaId = undefined;
        throw Object.assign(
          consoleErrors.journalUnavailable(err instanceof Error ? err.name : 'error'),
          { cause: err },
        );
      }
      // Written (acks=all): the statuses follow once the index has read it back.
      if (written?.baseOffset !== undefined)
        await deps.indexer
          .waitFor(deps.topic, written.partition, Number(written.baseOffset))
          .catch(() => undefined);
      const row: ActionRow = {
        topic: deps.topic,
        partition: 0,
        offset: '',
        at: actedAt.getTime(),
        actionId,
        kind: entry.kind,
        operatorSub: entry.operator.sub,
        operatorName: entry.operator.displayName,
        targets: entry.targets,
        reason: entry.reason,
        actedAt: actedAt.getTime(),
      };
      return actionView(row);
    },
  };
}
