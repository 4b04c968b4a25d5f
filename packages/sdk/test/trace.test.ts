// Trace context: publish carries the caller's trace in `traceparent`; the handler runs inside
// the runner's CONSUMER span, child of the producer's.
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '@relais/kit';
import { kafkaBrokers, readTopic, waitFor } from '@relais/testkit';
import { createRelaisClient, type RelaisClient } from '../src/index.ts';
import { fakeAgency, fixture, type Fixture } from './support.ts';

let telemetry: Telemetry;
let fx: Fixture;
let client: RelaisClient;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'sdk-trace-test' });
  fx = await fixture();
  const agency = fakeAgency();
  await fx.agencyTopics(agency);
  client = createRelaisClient({
    agency,
    brokers: kafkaBrokers(),
    registryUrl: fx.registry.url,
    logger: fx.logger,
  });
  await client.connect();
});
afterAll(async () => {
  await client?.disconnect();
  await fx?.close();
  await telemetry?.shutdown();
});

it('propagates the caller’s trace through publish and into the handler', async () => {
  const data = {
    street: '1 place Bellecour',
    additionalLine: null,
    postcode: '69002',
    cityCode: '69123',
    city: 'LYON',
    countryCode: 'FR',
    effectiveDate: '2025-03-01',
    moveKind: 'ARRIVAL' as const,
    declaredAt: new Date('2025-03-02T09:30:00.000Z'),
  };
  const { traceId, receipt } = await trace
    .getTracer('sdk-test')
    .startActiveSpan('agency request', async (span) => {
      try {
        const r = await client.publish('fr.gouv.residence.AddressChanged', {
          subject: 'pseudo-trace',
          data,
        });
        return { traceId: span.spanContext().traceId, receipt: r };
      } finally {
        span.end();
      }
    });
  const [record] = await readTopic(fx.kafka, receipt.topic, 1);
  const traceparent = record!.headers['traceparent'];
  expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  const producerSpanId = traceparent!.split('-')[2];

  // Relais would route it; here the record is copied to the deliveries topic as it is.
  const producer = fx.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: client.deliveriesTopic,
    messages: [{ key: 'pseudo-recipient', value: record!.value, headers: record!.headers }],
  });
  await producer.disconnect();

  const seen: Array<{ traceId: string; spanId: string }> = [];
  const subscription = await client.consume(() => {
    const ctx = trace.getActiveSpan()?.spanContext();
    seen.push({ traceId: ctx?.traceId ?? 'none', spanId: ctx?.spanId ?? 'none' });
  });
  await waitFor(() => seen.length === 1, { what: 'the delivery', timeoutMs: 30_000 });
  expect(seen[0]!.traceId).toBe(traceId);
  expect(seen[0]!.spanId).not.toBe(producerSpanId);
  await subscription.stop();
});
