// The Relais client of an agency: one Kafka producer, one registry client, its subscriptions.
import {
  AppError,
  AvroSerde,
  createKafka,
  createLogger,
  createProducer,
  systemClock,
  uuidGenerator,
  validationError,
  type FieldProblem,
} from '@relais/kit';
import { startSubscription } from './consume.ts';
import { createPublisher } from './publish.ts';
import { agencyUrn, deliveriesTopic, ingressTopic } from './topics.ts';
import type {
  ConsumeOptions,
  ContractName,
  DeliveryHandler,
  PublishInput,
  PublishReceipt,
  RelaisClientOptions,
  Subscription,
} from './types.ts';

export interface RelaisClient {
  readonly agency: string;
  /** `relais.ingress.<agency>`: where `publish` writes. */
  readonly ingressTopic: string;
  /** `relais.deliveries.<agency>`: what `consume` reads. */
  readonly deliveriesTopic: string;
  /** Connects the producer; idempotent. */
  connect(): Promise<void>;
  /**
   * Validates `data` against the contract, encodes it with the contract's registered schema and
   * resolves once Kafka acknowledged the record (acks=all). Throws an AppError (`validation`)
   * naming each bad field (`/subject`, `/data/postcode`, ...) before anything is sent.
   */
  publish<N extends ContractName>(contract: N, input: PublishInput<N>): Promise<PublishReceipt<N>>;
  /** Starts consuming the agency's deliveries; resolves once the consumer is running. */
  consume(handler: DeliveryHandler, options?: ConsumeOptions): Promise<Subscription>;
  /** Stops every subscription (finishing the delivery in flight), then the producer. */
  disconnect(): Promise<void>;
}

/** Kafka topic names allow [a-zA-Z0-9._-]; Relais agency ids are kebab-case. */
const agencyId = /^[a-z0-9][a-z0-9-]{0,99}$/;

function optionProblems(options: RelaisClientOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof options.agency !== 'string' || !agencyId.test(options.agency)) {
    problems.push({ field: '/agency', expected: 'an agency id such as mairie-lyon' });
  }
  if (
    !Array.isArray(options.brokers) ||
    options.brokers.length === 0 ||
    !options.brokers.every((b) => typeof b === 'string' && /^[^\s:]+:\d+$/.test(b))
  ) {
    problems.push({ field: '/brokers', expected: 'a non-empty list of host:port' });
  }
  let url: URL | undefined;
  try {
    url = new URL(options.registryUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push({ field: '/registryUrl', expected: 'an http(s) URL of the Relais registry' });
  }
  return problems;
}

export function createRelaisClient(options: RelaisClientOptions): RelaisClient {
  const problems = optionProblems(options);
  if (problems.length) throw validationError(problems);
  const { agency } = options;
  const logger = (options.logger ?? createLogger({ service: 'relais-sdk', level: 'warn' })).child({
    component: 'relais-sdk',
    agency,
  });
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: options.clientId ?? `relais-sdk-${agency}`,
    logger,
    sasl: options.sasl,
    ...(options.kafka ? { overrides: options.kafka } : {}),
  });
  const serde = new AvroSerde(options.registryUrl);
  const producer = createProducer(kafka);
  const subscriptions = new Set<Subscription>();
  let state: 'idle' | 'connected' | 'closed' = 'idle';
  let connecting: Promise<void> | undefined;

  const publisher = createPublisher({
    source: agencyUrn(agency),
    topic: ingressTopic(agency),
    serde,
    producer,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? uuidGenerator,
  });

  const requireConnected = (): void => {
    if (state !== 'connected') {
      throw new AppError(
        'unavailable',
        state === 'closed'
          ? 'the Relais client is disconnected'
          : 'the Relais client is not connected: await connect() first',
      );
    }
  };

  return {
    agency,
    ingressTopic: ingressTopic(agency),
    deliveriesTopic: deliveriesTopic(agency),
    connect() {
      if (state === 'closed') {
        return Promise.reject(new AppError('unavailable', 'the Relais client is disconnected'));
      }
      connecting ??= producer.connect().then(
        () => {
          state = 'connected';
        },
        (err: unknown) => {
          connecting = undefined;
          throw err;
        },
      );
      return connecting;
    },
    async publish(contract, input) {
      requireConnected();
      return publisher(contract, input);
    },
    async consume(handler, consumeOptions) {
      requireConnected();
      const subscription = await startSubscription(
        { agency, kafka, producer, serde, logger },
        handler,
        consumeOptions,
      );
      const tracked: Subscription = {
        topic: subscription.topic,
        groupId: subscription.groupId,
        deadLetterTopic: subscription.deadLetterTopic,
        stats: subscription.stats,
        async stop() {
          subscriptions.delete(tracked);
          await subscription.stop();
        },
      };
      subscriptions.add(tracked);
      return tracked;
    },
    async disconnect() {
      if (state === 'closed') return;
      const wasConnected = connecting !== undefined;
      state = 'closed';
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (wasConnected) await connecting?.catch(() => undefined);
      if (wasConnected) await producer.disconnect();
    },
  };
}
