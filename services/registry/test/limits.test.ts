// Bad input gets a 4xx naming the limit (issue 13, hole 4): a schema whose records would not fit
// in one write to the storage topic (the topic's max.message.bytes, read from the broker at
// start), and a body over the HTTP body limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningRegistry } from '../src/index.ts';
import { call, CT, credentials, registryFactory } from './support.ts';

const factory = registryFactory('limits');
let r: RunningRegistry;
beforeAll(async () => {
  r = await factory.start();
});
afterAll(() => factory.closeAll());

const withDoc = (name: string, docBytes: number) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'fr.gouv.limits',
    doc: 'x'.repeat(docBytes),
    fields: [{ name: 'a', type: 'string' }],
  });

it("refuses a schema too large for one storage record with 413 naming the topic's limit", async () => {
  // ~700 KB: under the body limit, but stored twice (by subject and by id) in one Kafka batch.
  const res = await call(r, 'POST', '/subjects/fr.gouv.limits.Big/versions', {
    schema: withDoc('Big', 700_000),
  });
  expect(res.status).toBe(413);
  const body = res.body as { error_code: number; message: string };
  expect(body.error_code).toBe(41301);
  expect(body.message).toMatch(/max\.message\.bytes/);
  expect(body.message).toMatch(/at most 1,048,588 bytes/);
  const stored = Number(/takes ([\d,]+) bytes/.exec(body.message)?.[1]?.replace(/,/g, ''));
  expect(stored).toBeGreaterThan(1_048_588);
  // Nothing was registered; a schema that fits still is.
  expect((await call(r, 'GET', '/subjects/fr.gouv.limits.Big/versions')).status).toBe(404);
  const fits = await call(r, 'POST', '/subjects/fr.gouv.limits.Fits/versions', {
    schema: withDoc('Fits', 100_000),
  });
  expect(fits.status).toBe(200);
});

it('refuses a body over the HTTP limit with 413 naming the limit and the size', async () => {
  const payload = JSON.stringify({ schema: withDoc('Huge', 1_200_000) });
  const res = await r.app.inject({
    method: 'POST',
    url: '/subjects/fr.gouv.limits.Huge/versions',
    headers: { 'content-type': CT, authorization: credentials.steward },
    payload,
  });
  expect(res.statusCode).toBe(413);
  expect(res.json()).toMatchObject({ error_code: 413 });
  expect(res.json().message).toMatch(/at most 1,048,576 bytes/);
  expect(res.json().message).toMatch(new RegExp(`${payload.length.toLocaleString('en-US')} bytes`));
});
