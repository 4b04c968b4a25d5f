// Schemathesis over every Relais service's OpenAPI document (issue 13): each service as `npm
// start` wires it, on the run's broker, fuzzed with bounded examples (a fixed seed, a few examples
// per operation, a time budget) by the pinned Schemathesis, valid credentials handed per security
// scheme. Every check must pass with 0 failures: no server error, every status and content type
// documented, every body matching its schema, and no authenticated operation answering without
// (or with a wrong) credential. One test per service, so the count says which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, type FuzzOptions } from './schemathesis.ts';
import { SCRAPE_TOKEN, startWorld, type World } from './world.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);

afterAll(async () => {
  await world?.close();
});

/** The credential a cookie-session scheme is handed: the cookie's value. */
const cookieValue = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1);

const cases: Array<[string, () => Promise<FuzzOptions>]> = [
  [
    'registry',
    async () => ({
      url: world.relais.registry.url,
      auth: {
        writerToken: { bearer: world.relais.operatorToken() },
        scrapeToken: { bearer: world.relais.scrapeToken },
      },
    }),
  ],
  [
    'gateway',
    async () => ({
      url: world.relais.gateway.url,
      auth: {
        agencyToken: { bearer: await world.relais.agencyToken('caf') },
        operatorToken: { bearer: world.relais.operatorToken() },
        scrapeToken: { bearer: world.relais.scrapeToken },
      },
      fixed: [
        {
          operation: 'GET /v1/inbox',
          parameters: { 'query.wait': 0 },
          why: 'a long poll on an empty inbox holds each request up to 30 s: no wait keeps the run bounded',
        },
      ],
    }),
  ],
  [
    'consent',
    async () => ({
      url: world.relais.consent.url,
      auth: {
        citizenToken: { bearer: (await world.relais.citizen(['family', 'tax'])).token },
        scrapeToken: { bearer: world.relais.scrapeToken },
      },
    }),
  ],
  [
    'router',
    async () => ({
      url: world.relais.router.service.url,
      auth: { scrapeToken: { bearer: world.relais.scrapeToken } },
    }),
  ],
  [
    'eligibility',
    async () => ({
      url: world.relais.eligibility.service.url,
      auth: {
        operatorToken: { bearer: world.relais.operatorToken() },
        scrapeToken: { bearer: world.relais.scrapeToken },
      },
    }),
  ],
  [
    'notifier',
    async () => ({
      url: world.relais.notifier.service.url,
      auth: {
        citizenToken: { bearer: (await world.relais.citizen(['family', 'tax'])).token },
        operatorToken: { bearer: world.relais.operatorToken() },
        scrapeToken: { bearer: world.relais.scrapeToken },
      },
    }),
  ],
  [
    'portal',
    async () => ({
      url: world.portal.url,
      auth: {
        portalSession: { api_key: cookieValue(await world.portalSession()) },
        scrapeToken: { bearer: SCRAPE_TOKEN },
      },
    }),
  ],
  [
    'console',
    async () => ({
      url: world.console.url,
      auth: {
        consoleSession: { api_key: cookieValue(await world.consoleSession()) },
        scrapeToken: { bearer: SCRAPE_TOKEN },
      },
    }),
  ],
  [
    'counter',
    async () => ({
      url: world.counter.url,
      auth: {
        counterSession: { api_key: cookieValue(await world.counterSession()) },
        scrapeToken: { bearer: SCRAPE_TOKEN },
      },
    }),
  ],
];

describe('Schemathesis over /openapi.json', () => {
  it.each(cases)(
    '%s: no server error, no undocumented status or body, no ignored credential',
    async (service, options) => {
      const result = await fuzz(await options());
      console.log(
        `schemathesis ${service}: ${result.operations} operations, ${result.generated} test cases, ` +
          `${result.failures} failures, ${result.errors} errors, ${result.seconds} s`,
      );
      expect(result.operations, result.output).toBeGreaterThan(0);
      expect(result.ok, result.output).toBe(true);
    },
    240_000,
  );
});
