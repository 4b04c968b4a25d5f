// relais.mandates → a citizen's mandates per pivot (Avro fr.gouv.relais.MandatesChanged, the whole
// list after each change, key = pivot). Read by the consent service and, with its own group and
// files, by the notifier: each checks a counter agent's call against its own copy (dec-040).
// Unreadable records go to relais.dlq.<service> and the partition moves on.
import type { Kafka } from 'kafkajs';
import {
  mandateScopes,
  topics,
  type MandateRecord,
  type MandateScope,
  type MandatesState,
} from '@relais/contracts';
import type { MandatesChanged } from '@relais/contracts/generated';
import { asPivot, type Pivot } from '@relais/identity';
import {
  materialiseTopic,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { mandatePartition, type MandatePartition } from '../adapters/mandates-store.ts';

export const MANDATES_CHANGED = 'fr.gouv.relais.MandatesChanged';

const known = (s: string): s is MandateScope => (mandateScopes as readonly string[]).includes(s);

/** The Avro value of a state (what the writer encodes). */
export function mandatesToAvro(state: MandatesState): MandatesChanged {
  return {
    ...state,
    mandates: state.mandates.map((m) => ({ ...m, revokedScopes: [...m.revokedScopes] })),
  };
}

/**
 * A decoded value to the state. A scope, mode or confirmation this reader does not know (an
 * `UNKNOWN` read from a newer writer) grants nothing: unknown scopes are dropped, and a mandate of
 * an unknown mode or confirmation is kept for the citizen's history with no scope at all.
 */
export function mandatesFromAvro(value: MandatesChanged): MandatesState {
  if (value.kind === 'UNKNOWN' || value.changedBy === 'UNKNOWN')
    throw new PoisonRecordError(
      'mandates.unknown-change',
      'value: kind and changedBy must be known to this reader',
    );
  const mandates: MandateRecord[] = value.mandates.map((m) => {
    const usable = m.mode !== 'UNKNOWN' && m.confirmation !== 'UNKNOWN';
    return {
      ...m,
      mode: m.mode === 'UNKNOWN' ? 'IN_PERSON' : m.mode,
      confirmation: m.confirmation === 'UNKNOWN' ? 'ATTESTATION' : m.confirmation,
      scopes: usable ? m.scopes.filter(known) : [],
      revokedScopes: m.revokedScopes.flatMap((r) =>
        known(r.scope)
          ? [
              {
                scope: r.scope,
                revokedAt: r.revokedAt,
                revokedBy: r.revokedBy === 'CITIZEN' ? 'CITIZEN' : 'AGENT',
              },
            ]
          : [],
      ),
    };
  });
  return { ...value, kind: value.kind, changedBy: value.changedBy, mandates };
}

export interface MandatesChange {
  pivot: Pivot;
  state: MandatesState | null;
}

export async function decodeMandatesChange(
  record: Pick<ConsumedRecord, 'key' | 'value'>,
  deps: { serde: Pick<AvroSerde, 'decode'> },
): Promise<MandatesChange> {
  if (!record.key?.length)
    throw new PoisonRecordError('mandates.no-key', "key: expected the citizen's pivot");
  const pivot = asPivot(record.key.toString());
  if (!record.value) return { pivot, state: null };
  const { value } = await deps.serde.decode<MandatesChanged>(record.value);
  if (!value || !Array.isArray(value.mandates))
    throw new PoisonRecordError(
      'mandates.not-mandates-changed',
      'value: expected a MandatesChanged',
    );
  return { pivot, state: mandatesFromAvro(value) };
}

export function applyMandatesChange({
  event,
  deps,
}: {
  event: MandatesChange;
  deps: { mandates: Pick<MandatePartition, 'put' | 'delete'> };
}): void {
  if (event.state) deps.mandates.put(event.pivot, event.state);
  else deps.mandates.delete(event.pivot);
}

export interface MandatesConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  serde: AvroSerde;
  topic: string;
  group: string;
  /** Whose dead letters (`consent`, `notifier`). */
  service: string;
}

export function mandatesConsumer(deps: MandatesConsumerDeps): MaterialisedTopic<MandatePartition> {
  return materialiseTopic<MandatePartition, MandatesChange>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'mandates',
    deadLetter: { topic: topics.deadLetters.name(deps.service), producer: deps.producer },
    open: mandatePartition,
    decode: (record) => decodeMandatesChange(record, deps),
    apply: (mandates, _record, event) => applyMandatesChange({ event, deps: { mandates } }),
  });
}
