// One trace follows an event: HTTP request → produce → consume, asserted on exported spans.
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { context, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTopic, kafkaBrokers, uniqueName, waitFor } from '@relais/testkit';
import {
  createConsumerRunner,
  createHttpApp,
  createKafka,
  createProducer,
  startTelemetry,
  tracer,
  type Telemetry,
} from '../src/index.ts';
import { kafkaFixture, silentLogger } from './support.ts';

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

it('every span names the service that made it, though all run in one process', async () => {
  const topic = await createTopic(fx.admin, 'trace-services');
  // The gateway's side: an HTTP app and a producer of the gateway's Kafka client.
  const gatewayKafka = createKafka({
    brokers: kafkaBrokers(),
    clientId: 'kit-test-gateway',
    logger: silentLogger('gateway'),
  });
  const gatewayProducer = createProducer(gatewayKafka);
  await gatewayProducer.connect();
  const app = await createHttpApp({ logger: silentLogger('gateway'), service: 'gateway' });
  app.post('/v1/publish', async (_req, reply) => {
    await gatewayProducer.publish(topic, [{ key: 'k', value: 'v' }]);
    return reply.status(202).send({ accepted: true });
  });
  await app.ready();
  // The router's side: its client named explicitly; a span of its own code inside the handler.
  const routerKafka = createKafka({
    brokers: kafkaBrokers(),
    clientId: 'kit-test-router',
    logger: fx.logger,
    service: 'router',
  });
  let handled = 0;
  const runner = createConsumerRunner<string>({
    kafka: routerKafka,
    groupId: uniqueName('group-trace-services'),
    topics: [topic],
    deadLetterTopic: uniqueName('relais.dlq.test'),
    producer: fx.producer,
    logger: fx.logger,
    decode: (r) => r.value?.toString() ?? '',
    handle: async () => {
      tracer().startSpan('routing decision').end();
      handled += 1;
    },
  });
  await runner.start();

  const traceId = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6';
  const res = await app.inject({
    method: 'POST',
    url: '/v1/publish?note=not-in-the-span',
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  });
  expect(res.statusCode).toBe(202);
  await waitFor(() => handled === 1, { what: 'the router handling the event' });
  await runner.stop();
  await app.close();
  await gatewayProducer.disconnect();

  const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const serviceOfSpan = Object.fromEntries(
    spans.map((s) => [`${s.kind}:${s.name}`, s.attributes['service.name']]),
  );
  expect(serviceOfSpan).toMatchObject({
    [`${SpanKind.SERVER}:POST /v1/publish`]: 'gateway',
    [`${SpanKind.INTERNAL}:handler POST /v1/publish`]: 'gateway',
    [`${SpanKind.PRODUCER}:${topic} publish`]: 'gateway',
    [`${SpanKind.CONSUMER}:${topic} process`]: 'router',
    [`${SpanKind.INTERNAL}:routing decision`]: 'router',
  });
  // fastify's hook and handler spans too; none is left without a service.
  expect(spans.length).toBeGreaterThan(4);
  expect(spans.filter((s) => !s.attributes['service.name']).map((s) => s.name)).toEqual([]);
  // The path, never the query string.
  const request = spans.find((s) => s.kind === SpanKind.SERVER);
  expect(request?.attributes['url.path']).toBe('/v1/publish');
});
