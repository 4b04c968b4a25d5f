// One trace follows an event: HTTP request → produce → consume, asserted on exported spans.
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { context, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTopic, uniqueName, waitFor } from '@relais/testkit';
import {
  createConsumerRunner,
  createHttpApp,
  startTelemetry,
  type Telemetry,
} from '../src/index.ts';
import { kafkaFixture } from './support.ts';

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
let fx: Awaited<ReturnType<typeof kafkaFixture>>;

beforeAll(async () => {
  telemetry = startTelemetry({
    serviceName: 'trace-test',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  fx = await kafkaFixture();
});
afterAll(async () => {
  await fx.close();
  await telemetry.shutdown();
});

const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

it('carries one trace from an HTTP request through Kafka into the consumer', async () => {
  const topic = await createTopic(fx.admin, 'trace');
  const app = await createHttpApp({ logger: fx.logger, service: 'trace-test' });
  app.post('/v1/publish', async (_req, reply) => {
    await fx.producer.send(topic, [{ key: 'k', value: 'v', headers: { ce_id: 'evt-trace' } }]);
    return reply.status(202).send({ accepted: true });
  });
  await app.ready();

  const seenTraceIds: string[] = [];
  const runner = createConsumerRunner<string>({
    kafka: fx.kafka,
    groupId: uniqueName('group-trace'),
    topics: [topic],
    deadLetterTopic: uniqueName('relais.dlq.test'),
    producer: fx.producer,
    logger: fx.logger,
    decode: (r) => r.value?.toString() ?? '',
    handle: async () => {
      seenTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
    },
  });
  await runner.start();

  // The caller (an agency's system) already has a trace: Relais continues it.
  const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await app.inject({
    method: 'POST',
    url: '/v1/publish',
    headers: { traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01` },
  });
  expect(res.statusCode).toBe(202);
  await waitFor(() => seenTraceIds.length === 1, { what: 'the consumer handling the event' });
  await runner.stop();
  await app.close();

  expect(seenTraceIds).toEqual([callerTraceId]);
  const spans = exporter
    .getFinishedSpans()
    .filter((s) => s.spanContext().traceId === callerTraceId);
  const server = spans.find((s) => s.kind === SpanKind.SERVER);
  const publish = spans.find((s) => s.kind === SpanKind.PRODUCER && s.name === `${topic} publish`);
  const processSpan = spans.find(
    (s) => s.kind === SpanKind.CONSUMER && s.name === `${topic} process`,
  );
  expect(server, 'HTTP server span').toBeDefined();
  expect(publish, 'publish span').toBeDefined();
  expect(processSpan, 'process span').toBeDefined();
  expect(parentOf(server!)).toBe('00f067aa0ba902b7');
  // publish happens inside the request (possibly under a handler span of the same trace) ...
  const ancestors = (s: ReadableSpan): string[] => {
    const out: string[] = [];
    let cur: ReadableSpan | undefined = s;
    while (cur && parentOf(cur)) {
      const pid: string = parentOf(cur)!;
      out.push(pid);
      cur = spans.find((x) => x.spanContext().spanId === pid);
    }
    return out;
  };
  expect(ancestors(publish!)).toContain(server!.spanContext().spanId);
  // ... and the consumer's span is the child of the publish span, across Kafka.
  expect(parentOf(processSpan!)).toBe(publish!.spanContext().spanId);
  expect(processSpan!.attributes['messaging.destination.name']).toBe(topic);
  expect(processSpan!.attributes['messaging.kafka.offset']).toBe(0);
});

it('a batch handler continues the trace of a single record, and links to each of several', async () => {
  const topic = await createTopic(fx.admin, 'trace-batch');
  const seen: Array<{ traceId: string; size: number }> = [];
  const runner = createConsumerRunner<string>({
    kafka: fx.kafka,
    groupId: uniqueName('group-trace-batch'),
    topics: [topic],
    deadLetterTopic: uniqueName('relais.dlq.test'),
    producer: fx.producer,
    logger: fx.logger,
    decode: (r) => r.value?.toString() ?? '',
    handle: async () => undefined,
    handleBatch: async (items) => {
      seen.push({
        traceId: trace.getActiveSpan()?.spanContext().traceId ?? 'none',
        size: items.length,
      });
    },
  });
  const one = '11111111111111111111111111111111';
  const others = ['22222222222222222222222222222222', '33333333333333333333333333333333'];
  // Each record is produced inside its own caller's trace.
  const within = <T>(traceId: string, fn: () => Promise<T>) =>
    context.with(
      trace.setSpanContext(context.active(), {
        traceId,
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      }),
      fn,
    );
  // The single record first, alone in its batch; then two more.
  await within(one, () => fx.producer.send(topic, [{ key: 'a', value: '1' }]));
  await runner.start();
  await waitFor(() => seen.length === 1, { what: 'the single-record batch' });
  await Promise.all(
    others.map((t, i) =>
      within(t, () => fx.producer.send(topic, [{ key: `b${i}`, value: String(i) }])),
    ),
  );
  await waitFor(() => seen.reduce((n, s) => n + s.size, 0) === 3, { what: 'the other records' });
  await runner.stop();
  expect(seen[0]).toEqual({ traceId: one, size: 1 });
  const spans = exporter
    .getFinishedSpans()
    .filter((s) => s.name === `${topic} process` && s.kind === SpanKind.CONSUMER);
  expect(spans.some((s) => s.spanContext().traceId === one)).toBe(true);
  // However the two later records were batched, each one's trace is reachable from a span.
  const reachable = new Set(
    spans.flatMap((s) => [s.spanContext().traceId, ...s.links.map((l) => l.context.traceId)]),
  );
  for (const t of others) expect(reachable.has(t)).toBe(true);
});
