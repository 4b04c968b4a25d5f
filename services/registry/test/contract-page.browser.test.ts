// The contract pages in a real browser: links work, tables render, and a screenshot is kept
// for a person to judge readability.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHttpApp, createLogger } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchChromium, skipBrowser } from '@relais/testkit/browser';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogRoutes } from '../src/routes/catalog.ts';
import { fixtureCatalog } from './fixtures/catalog-fixture.ts';

// Debian's chromium; `npm test` and .ci/run install it when it is missing.
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');
// Only an explicit opt-out skips the browser: a missing Chromium is a failure, not a skip.
const skip = skipBrowser;

describe('contract pages in Chromium', () => {
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.skipIf(skip)('navigates from the index to a contract page', async () => {
    const catalog = fixtureCatalog();
    app = await createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      service: 'registry',
    });
    await app.register(
      catalogRoutes({
        catalog,
        registered: (name) =>
          name === 'fr.gouv.residence.AddressChanged' ? { id: 7, version: 2 } : undefined,
        registryUrl: 'http://registry.test:8081',
      }),
    );
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(`${base}/contracts`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Contracts');
    await page.getByRole('link', { name: 'AddressChanged' }).click();
    await page.waitForURL(`${base}/contracts/fr.gouv.residence.AddressChanged`);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'AddressChanged',
    );
    const contract = catalog.contracts.find((c) => c.name === 'AddressChanged')!;
    await expect(page.locator('#fields tbody tr').count()).resolves.toBe(contract.fields.length);
    await expect(page.locator('#subscriptions tbody tr').count()).resolves.toBe(1);
    // The doc's <script> is text on the page, never run.
    await expect(page.locator('p.lead').textContent()).resolves.toContain('<script>');
    expect(dialogs).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-page.png'), fullPage: true });
  });
});
