// The producer every service uses: acks=all, idempotent, trace context in the headers.
import { SpanKind } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { inSpan, injectTraceHeaders, tracer } from '../telemetry/context.ts';
import { serviceAttribute } from '../telemetry/service-name.ts';
import { kafkaService } from './client.ts';

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
  /**
   * The same guarantee as `send` (resolves once acks=all), with group commit: calls made while
   * a request is in flight are sent together in the next one (one request for many callers).
   * What a server with many concurrent callers should use; resolves without record metadata.
   */
  publish(topic: string, records: OutgoingRecord[]): Promise<void>;
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
  /** Named on its spans; by default the service the Kafka client was created for. */
  service?: string;
}

interface Pending {
  topic: string;
  records: OutgoingRecord[];
  done: (err?: unknown) => void;
}

const MAX_REQUEST_BYTES = 512 * 1024;
const MAX_REQUEST_RECORDS = 1000;

const sizeOf = (r: OutgoingRecord): number =>
  (r.key?.length ?? 0) +
  (r.value?.length ?? 0) +
  Object.entries(r.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0) +
  32;

/** Splits queued records, in order, into requests of bounded size. */
function* chunks(batch: Pending[]): Generator<Map<string, OutgoingRecord[]>> {
  let current = new Map<string, OutgoingRecord[]>();
  let bytes = 0;
  let count = 0;
  for (const p of batch) {
    for (const r of p.records) {
      const size = sizeOf(r);
      if (count > 0 && (bytes + size > MAX_REQUEST_BYTES || count >= MAX_REQUEST_RECORDS)) {
        yield current;
        current = new Map();
        bytes = 0;
        count = 0;
      }
      const list = current.get(p.topic) ?? [];
      list.push(r);
      current.set(p.topic, list);
      bytes += size;
      count += 1;
    }
  }
  if (count > 0) yield current;
}

/**
 * The broker's answers after which kafkajs' idempotent producer never recovers: its sequence
 * numbers (or producer id) no longer match the partition's, and every later send fails the same
 * way. Seen under leader failovers by the fault campaign (test/faults): the router's consumer
 * crashed for good on OUT_OF_ORDER_SEQUENCE_NUMBER, its process alive and ready.
 */
const FENCED = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** The broker's error type when `err` (or what it wraps) says the producer's state is lost. */
export function producerStateLost(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth += 1) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && FENCED.has(type)) return type;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What the callers of a send the producer could not make get: retriable (a consumer whose batch
 * failed with it starts again from its last commit, as kafkajs restarts on retriable errors), and
 * without the broker's non-retriable error as its cause (kafkajs looks at the original cause).
 */
export class ProducerReset extends Error {
  override readonly name = 'KafkaJSProducerReset';
  readonly retriable = true;
  constructor(type: string) {
    super(`the producer's sequence state was lost (${type}); it was replaced, send again`);
  }
}

export function createProducer(kafka: Kafka, options: ProducerOptions = {}): RelaisProducer {
  const idempotent = options.idempotent ?? true;
  const service = serviceAttribute(options.service ?? kafkaService(kafka));
  const make = (): Producer =>
    kafka.producer({
      idempotent,
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client: a pivot lands on the same partition whichever
      // client produced it (co-partitioning of events and consents, BRIEF guarantee 3).
      createPartitioner: Partitioners.DefaultPartitioner,
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
    });
  let raw = make();
  let connected = false;
  let replacing: Promise<void> | undefined;
  /**
   * A new kafkajs producer (a new producer id, sequences from 0) in place of one whose state is
   * lost; what it had not sent is the callers' to send again (at least once, as after any failure).
   */
  const replaced = async (err: unknown): Promise<unknown> => {
    const type = producerStateLost(err);
    if (!type) return err;
    replacing ??= (async () => {
      const old = raw;
      raw = make();
      if (connected) await raw.connect();
      await old.disconnect().catch(() => undefined);
    })().finally(() => {
      replacing = undefined;
    });
    await replacing;
    return new ProducerReset(type);
  };
  let queue: Pending[] = [];
  let flushing = false;
  let scheduled = false;
  const flush = async (): Promise<void> => {
    if (flushing) return;
    flushing = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        // Requests stay under the broker's message.max.bytes (1 MiB by default): a record batch
        // of one partition holds every record of it in a request.
        for (const chunk of chunks(batch)) {
          await raw.sendBatch({
            acks: -1,
            ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
            topicMessages: [...chunk].map(([topic, records]) => ({
              topic,
              messages: records.map((r) => ({
                key: r.key,
                value: r.value,
                ...(r.headers ? { headers: r.headers } : {}),
                ...(r.partition !== undefined ? { partition: r.partition } : {}),
              })),
            })),
          });
        }
        for (const p of batch) p.done();
      } catch (err) {
        const answer = await replaced(err);
        for (const p of batch) p.done(answer);
      }
    }
    flushing = false;
  };

  return {
    get raw() {
      return raw;
    },
    async connect() {
      await raw.connect();
      connected = true;
    },
    publish(topic, records) {
      // One PRODUCER span per caller, its context in the caller's records; ended at the ack.
      const span = tracer().startSpan(`${topic} publish`, {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.batch.message_count': records.length,
          ...service,
        },
      });
      const ctx = trace.setSpan(context.active(), span);
      const withTrace = records.map((r) => ({
        ...r,
        headers: injectTraceHeaders({ ...r.headers }, ctx),
      }));
      return new Promise<void>((resolve, reject) => {
        queue.push({
          topic,
          records: withTrace,
          done: (err) => {
            if (err)
              span.setStatus({
                code: SpanStatusCode.ERROR,
                message: err instanceof Error ? err.name : 'error',
              });
            span.end();
            if (err) reject(err);
            else resolve();
          },
        });
        // Started after the current task's synchronous code: publishes made together (several
        // topics of one batch) leave in one request rather than the first alone.
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(() => {
            scheduled = false;
            void flush();
          });
        }
      });
    },
    async disconnect() {
      connected = false;
      await replacing?.catch(() => undefined);
      await raw.disconnect();
    },
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
            ...service,
          },
        },
        context.active(),
        async () =>
          raw
            .send({
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
            })
            .catch(async (err: unknown) => {
              throw await replaced(err);
            }),
      );
    },
  };
}
