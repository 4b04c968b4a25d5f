// The operator's journey of issue 12, in real headless Chromium on the whole chain (real broker,
// every service, the local provider): an operator signs in as an agent with the operator role,
// takes the id of an event an agency published, sees its whole path and the link to its trace,
// finds the rejected native record in the dead letters, replays it (still poison: it comes back
// with its attempts counted), discards the new one with a reason, and finds both actions in the
// journal under their name. Every screen passes axe; screenshots of each step are written to
// .relais/screenshots/console-journey-<step>.png (docs/operations.md shows them).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@relais/contracts';
import { publish } from '@relais/harness';
import { waitFor } from '@relais/testkit';
import { checkAtWidths, launchChromium, skipBrowser, watchedPage } from '@relais/testkit/browser';
import { nativeRecord, startWorld, type World } from './support.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');
const ADDRESS = 'fr.gouv.residence.AddressChanged';

let w: World;
let browser: Browser | undefined;
const problems: string[] = [];
const failures: string[] = [];

beforeAll(async () => {
  if (skipBrowser) return;
  mkdirSync(SHOTS, { recursive: true });
  w = await startWorld({}, { web: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function screen(page: Page, step: string): Promise<void> {
  await checkAtWidths(page, {
    label: `journey ${step}`,
    widths: [1280, 375],
    failures,
    shot: (width) => path.join(SHOTS, `console-journey-${step}${width === 375 ? '-375' : ''}.png`),
  });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(skipBrowser)(
  'an operator, from an event id to a replayed and discarded reject',
  () => {
    it('follows the path, the trace, and acts on the dead letters under their name', async () => {
      const { relais } = w;
      // An agency publishes over HTTP; another agency's native producer writes JSON, not Avro.
      const c = await relais.citizen(['local', 'family']);
      const eventId = await publish(
        relais,
        'mairie-lyon',
        ADDRESS,
        c.pseudonyms['local'] as string,
        relais.facts.move(),
      );
      const agency = relais.id('mairie-lyon');
      const poison = nativeRecord(
        relais,
        'mairie-lyon',
        ADDRESS,
        'a-pseudonym',
        Buffer.from(JSON.stringify({ street: 'not Avro' })),
      );
      await w.producer.send(topics.ingress.name(agency), [poison]);
      // The index has both before the operator looks (what the page shows is read from it).
      const rejected = await waitFor(
        async () =>
          (await w.console.reads.deadLetters({ limit: 50 })).find((d) => d.eventId === poison.id),
        { what: 'the reject in the index', timeoutMs: 30_000 },
      );
      await waitFor(
        async () => {
          const f = await w.console.reads.flow(eventId);
          return f?.canonical && f.decisions.length > 0 && f.accessRecords.length > 0
            ? f
            : undefined;
        },
        { what: 'the flow in the index', timeoutMs: 30_000 },
      );

      const { context, page } = await watchedPage(browser!, problems);
      const origin = w.console.url;
      // Signed in through the provider's agents' page, as an operator.
      await page.goto(`${origin}/`);
      await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
      await page.getByLabel('Claire Dubois').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${origin}/**`);
      await screen(page, '1-home');

      // The event id, typed in the lookup: its whole path, and the link to its trace.
      await page.goto(`${origin}/flows`);
      await page.locator('#eventId').fill(eventId);
      await page.locator('form:has(#eventId) button[type="submit"]').click();
      await page.waitForSelector(`a[href="/flows/${eventId}"]`);
      await screen(page, '2-lookup');
      await page.locator(`a[href="/flows/${eventId}"]`).click();
      await page.waitForURL(`${origin}/flows/${eventId}`);
      const flow = await w.console.reads.flow(eventId);
      const body = await page.locator('main').innerText();
      expect(body).toContain(eventId);
      expect(body).toContain(flow!.canonical!.topic);
      for (const d of flow!.decisions) expect(body).toContain(d.agency);
      expect(flow!.traceId).toMatch(/^[0-9a-f]{32}$/);
      await expect(
        page.locator(`a[href="http://zipkin.test/zipkin/traces/${flow!.traceId}"]`).count(),
      ).resolves.toBe(1);
      // No pivot on the page: the citizen's pivot never reaches the console.
      expect(await page.content()).not.toContain(c.pivot);
      await screen(page, '3-flow');

      // The rejected record among the dead letters: replayed, it is judged again and comes back.
      await page.goto(`${origin}/dead-letters`);
      await expect(page.locator('main').innerText()).resolves.toContain(rejected.id);
      await screen(page, '4-dead-letters');
      await page
        .getByRole('checkbox', { name: `Sélectionner ${rejected.id}` })
        .check({ force: true });
      await page.getByRole('button', { name: 'Rejouer la sélection' }).click();
      await screen(page, '5-replay-confirm');
      await page.getByRole('button', { name: 'Confirmer le rejeu' }).click();
      await page.waitForURL(`${origin}/journal`);
      const again = await waitFor(
        async () =>
          (await w.console.reads.deadLetters({ limit: 50 })).find(
            (d) => d.eventId === poison.id && d.id !== rejected.id,
          ),
        { what: 'the replayed reject, back', timeoutMs: 30_000 },
      );
      expect(again).toMatchObject({ attempts: 2, replays: 1, status: 'open' });

      // The new one, discarded with a reason.
      await page.goto(`${origin}/dead-letters`);
      await page.getByRole('checkbox', { name: `Sélectionner ${again.id}` }).check({ force: true });
      await page.getByRole('button', { name: 'Écarter la sélection' }).click();
      await page
        .locator('#discardReason')
        .fill('JSON au lieu d’Avro : la mairie corrige son client');
      await screen(page, '6-discard-confirm');
      await page.getByRole('button', { name: 'Écarter définitivement' }).click();
      await page.waitForURL(`${origin}/journal`);
      await waitFor(
        async () => (await w.console.reads.journal(10)).filter((a) => a.targets.includes(again.id)),
        { what: 'the discard in the journal', timeoutMs: 30_000 },
      );
      await page.reload();
      const journal = await page.locator('main').innerText();
      expect(journal).toContain('Claire Dubois');
      expect(journal).toContain('JSON au lieu d’Avro');
      // Each target's outcome in the operator's language, not as the journal stores it.
      expect(journal).toContain('rejoué vers');
      expect(journal).toContain('écarté');
      expect(journal).not.toMatch(/replayed to|\bdiscarded\b/);
      await screen(page, '7-journal');
      const statuses = (await w.console.reads.deadLetters({ limit: 50 }))
        .filter((d) => d.eventId === poison.id)
        .map((d) => [d.id, d.status]);
      expect(Object.fromEntries(statuses)).toEqual({
        [rejected.id]: 'replayed',
        [again.id]: 'discarded',
      });
      await context.close();
      expect(failures).toEqual([]);
      expect(problems).toEqual([]);
    });
  },
);
