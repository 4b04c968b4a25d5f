// For the services that act on a citizen's consent to one purpose (eligibility, notifier): every
// change of a consent document on `relais.consents`, in order per citizen, judged for that purpose
// and handed over under the service's sector pseudonym. Creating the topic if missing uses the
// one topic configuration (compaction lag, broker time) the router's replay depends on.
import type { Kafka } from 'kafkajs';
import {
  decideConsent,
  parseConsentDocument,
  topics,
  type ConsentDecision,
  type ConsentDocument,
} from '@relais/contracts';
import { asPivot, derivePseudonym, type Pivot, type Pseudonym } from '@relais/identity';
import {
  createConsumerRunner,
  DEFAULT_PARTITIONS,
  ensureTopics,
  PoisonRecordError,
  type Clock,
  type Logger,
  type RelaisProducer,
  type ServiceMetrics,
} from '@relais/kit';

export interface WatchPurposeOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  clock: Clock;
  groupId: string;
  deadLetterTopic: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS), should the topic not exist yet. */
  partitions?: number;
  fromBeginning?: boolean;
  /** The purpose and the recipient agency the consent must name. */
  purpose: string;
  agency: string;
  /** Pseudonyms of the watching service's sector (its records are keyed by them). */
  sector: string;
  key: Buffer;
  /** A valid consent for the purpose: facts and notices are welcome. */
  onGranted: (pseudonym: Pseudonym) => Promise<void> | void;
  /** Withdrawn, expired or erased; never called for a citizen who never gave this consent. */
  onWithdrawn: (
    pseudonym: Pseudonym,
    reason: Exclude<ConsentDecision, { ok: true }>['reason'] | 'erased',
  ) => Promise<void> | void;
  /** The watching service's metrics: the group's records, dead letters and lag. */
  metrics?: ServiceMetrics;
}

export function watchPurposeConsent(options: WatchPurposeOptions) {
  const topic = options.topic ?? topics.consents.name;
  const runner = createConsumerRunner<{ pivot: Pivot; doc: ConsentDocument | undefined }>({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [topic],
    deadLetterTopic: options.deadLetterTopic,
    producer: options.producer,
    logger: options.logger,
    fromBeginning: options.fromBeginning ?? true,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    decode: (record) => {
      if (!record.key?.length)
        throw new PoisonRecordError('consent.no-key', 'key: expected the citizen pivot');
      const json = record.value?.toString();
      try {
        return {
          pivot: asPivot(record.key.toString()),
          doc: json ? parseConsentDocument(json) : undefined,
        };
      } catch (err) {
        throw new PoisonRecordError(
          'consent.invalid',
          err instanceof Error ? err.message : 'expected a consent document',
        );
      }
    },
    handle: async ({ pivot, doc }) => {
      const pseudonym = derivePseudonym(options.key, options.sector, pivot);
      if (!doc) return options.onWithdrawn(pseudonym, 'erased');
      const decision = decideConsent(
        doc,
        {
          purpose: options.purpose,
          agency: options.agency,
          sector: options.sector,
          categories: [],
        },
        options.clock.now(),
      );
      if (decision.ok) return options.onGranted(pseudonym);
      if (decision.reason !== 'no-consent') return options.onWithdrawn(pseudonym, decision.reason);
    },
  });
  return {
    async start(): Promise<void> {
      const admin = options.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [
          topics.consents.spec(topic, options.partitions ?? DEFAULT_PARTITIONS),
        ]);
      } finally {
        await admin.disconnect();
      }
      await runner.start();
    },
    stop: () => runner.stop(),
  };
}
