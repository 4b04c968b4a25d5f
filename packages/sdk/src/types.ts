// The public shapes of the SDK: what a publisher hands in, what a subscriber is handed.
import type { ContractName, ContractTypes } from '@relais/contracts/generated';
import type { Clock, Envelope, IdGenerator, KafkaSasl, Logger, RetryPolicy } from '@relais/kit';
import type { KafkaConfig } from 'kafkajs';

export type { ContractName, ContractTypes };

export interface RelaisClientOptions {
  /** The agency's id (`mairie-lyon`): names its topics and its CloudEvents source. */
  agency: string;
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** The Relais registry (Confluent Schema Registry API), e.g. `http://127.0.0.1:8081`. */
  registryUrl: string;
  /** A pino logger; by default warnings and errors go to stdout as JSON lines. */
  logger?: Logger;
  /** Kafka client id; `relais-sdk-<agency>` by default. */
  clientId?: string;
  /**
   * The agency's Kafka principal: `{ mechanism: 'scram-sha-512', username: 'agency.<id>',
   * password }`. Relais' brokers authenticate every client and allow an agency only its own
   * topics and consumer groups (dec-031). Without it, the process's KAFKA_SASL_* are used.
   */
  sasl?: KafkaSasl | undefined;
  /** Extra kafkajs settings: `ssl` (SASL_SSL in production), timeouts. */
  kafka?: Partial<KafkaConfig>;
  /** For tests: the clock of `ce_time` and the generator of `ce_id`. */
  clock?: Clock;
  ids?: IdGenerator;
}

/** `consent` needs the consent it relies on; the other legal bases take none. */
export type LegalBasisInput =
  | { legalBasis: 'consent'; consentId: string }
  | { legalBasis?: 'legal-obligation' | 'public-task'; consentId?: undefined };

export type PublishInput<N extends ContractName> = {
  /** The citizen, as the publisher's pseudonym in its own sector: the Kafka key, never a header. */
  subject: string;
  /** The event, as the contract's generated type. */
  data: ContractTypes[N];
  /** Why the data moves, kebab-case (`address-update`). */
  purpose?: string;
  /** When the fact happened; now by default. */
  time?: Date;
} & LegalBasisInput;

/** What `publish` resolves with, once every in-sync replica acknowledged the record. */
export interface PublishReceipt<N extends ContractName = ContractName> {
  /** The CloudEvents id (`ce_id`) given to the event. */
  id: string;
  contract: N;
  /** The registry id the value was written with. */
  schemaId: number;
  topic: string;
  partition: number;
  offset: string;
}

/** One delivery of contract N. Deliveries are projected to the subscription's fields. */
export interface ContractDelivery<N extends ContractName> {
  /** The CloudEvents id: the same for every copy of one event. */
  id: string;
  type: N;
  /** The citizen, as the recipient's pseudonym in its sector (the record key). */
  subject: string;
  data: Partial<ContractTypes[N]>;
  envelope: Envelope;
  topic: string;
  partition: number;
  offset: string;
}

/** A delivery, discriminated on `type`: `Delivery` is any contract, `Delivery<N>` one of them. */
export type Delivery<N extends ContractName = ContractName> = {
  [K in N]: ContractDelivery<K>;
}[N];

export type DeliveryHandler = (delivery: Delivery) => Promise<void> | void;

export interface ConsumeOptions {
  /** Consumer group; `relais-sdk.<agency>` by default. */
  groupId?: string;
  /** Where a new group starts: the beginning of the topic by default. */
  fromBeginning?: boolean;
  /** How many recent event ids are remembered to skip duplicates (10,000 by default). */
  dedupCapacity?: number;
  /** Retries of a failing handler before the delivery goes to the dead-letter topic. */
  retry?: Partial<RetryPolicy>;
}

export interface SubscriptionStats {
  /** Deliveries the handler completed. */
  handled: number;
  /** Copies of an already handled event, skipped. */
  duplicates: number;
  /** Records sent to the dead-letter topic. */
  deadLettered: number;
  /** Handler attempts that failed and were retried. */
  retried: number;
}

export interface Subscription {
  readonly topic: string;
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly stats: Readonly<SubscriptionStats>;
  /** Finishes the delivery in flight, commits, leaves the group. */
  stop(): Promise<void>;
}
