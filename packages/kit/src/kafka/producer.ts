// The producer every service uses: acks=all, idempotent, trace context in the headers.
import { SpanKind } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import { inSpan, injectTraceHeaders } from '../telemetry/context.ts';
import { context } from '@opentelemetry/api';

export interface OutgoingRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string>;
  partition?: number;
}

export interface RelaisProducer {
  /**
   * Resolves only once every replica in the ISR acknowledged (acks=all): a caller may tell
   * its own client "accepted" after this returns (BRIEF guarantee 1).
   */
  send(topic: string, records: OutgoingRecord[]): Promise<RecordMetadata[]>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  readonly raw: Producer;
}

export interface ProducerOptions {
  /**
   * Idempotent producing (no duplicate on an internal retry). kafkajs then allows a single
   * in-flight request per broker, which costs throughput: see docs/benchmarks.md.
   */
  idempotent?: boolean;
  /** Compression is left to the broker default (none) unless set; kafkajs ships gzip only. */
  timeoutMs?: number;
}

export function createProducer(kafka: Kafka, options: ProducerOptions = {}): RelaisProducer {
  const idempotent = options.idempotent ?? true;
  const raw = kafka.producer({
    idempotent,
    allowAutoTopicCreation: false,
    // murmur2 on the key, as the Java client: a pivot lands on the same partition whichever
    // client produced it (co-partitioning of events and consents, BRIEF guarantee 3).
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  return {
    raw,
    connect: () => raw.connect(),
    disconnect: () => raw.disconnect(),
    async send(topic, records) {
      return inSpan(
        `${topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            'messaging.batch.message_count': records.length,
          },
        },
        context.active(),
        async () =>
          raw.send({
            topic,
            acks: -1,
            ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
            messages: records.map((r) => ({
              key: r.key,
              value: r.value,
              // Inside the publish span: consumers become its children.
              headers: injectTraceHeaders({ ...r.headers }),
              ...(r.partition !== undefined ? { partition: r.partition } : {}),
            })),
          }),
      );
    },
  };
}
