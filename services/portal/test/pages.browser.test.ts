// Every page of the portal in real headless Chromium, in French and in English, at 375 px and at
// 1280 px: axe-core finds no violation (WCAG 2.1 A/AA and best practices), nothing overflows
// sideways at 375 px, the CSP blocks nothing of ours, and the weight of each page is measured.
// Screenshots: /tmp/portal-<page>-<lang>-<width>.png; measures: /tmp/portal-measures.json.
import { writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentToEligibility, publish, type Json } from '@relais/harness';
import {
  axeViolations,
  horizontalOverflow,
  launchChromium,
  skipBrowser,
} from '@relais/testkit/browser';
import { waitFor } from '@relais/testkit';
import { startWorld, type World } from './support/world.ts';

declare const document: any;
declare const performance: any;

let world: World;
let browser: Browser | undefined;
const problems: string[] = [];
/** Every violation and overflow, each named by page, language and width (all, not the first). */
const failures: string[] = [];
const measures: Array<Record<string, unknown>> = [];
let violations = 0;
let checked = 0;

beforeAll(async () => {
  if (skipBrowser) return;
  world = await startWorld();
  browser = await launchChromium();
  // Something on every page: consents, a delivery, a notice.
  const r = world.relais;
  const token = await world.devToken();
  const grant = await r.call(r.consent.url, 'POST', '/v1/me/consents', token, {
    purpose: 'address-update',
    recipient: r.id('caf'),
    categories: ['address'],
  });
  expect(grant.status).toBe(201);
  await consentToEligibility(r, token);
  const p = world.camille.pseudonyms;
  await publish(r, 'mairie-lyon', 'fr.gouv.residence.AddressChanged', p['local']!, r.facts.move());
  await publish(
    r,
    'caf',
    'fr.gouv.family.HouseholdCompositionChanged',
    p['family']!,
    r.facts.household(),
  );
  await publish(r, 'dgfip', 'fr.gouv.tax.IncomeAssessed', p['tax']!, r.facts.income(2_500_000));
  await publish(
    r,
    'dgfip',
    'fr.gouv.tax.IncomeAssessed',
    p['tax']!,
    r.facts.income(900_000, r.on.year()),
  );
  await waitFor(
    async () =>
      (
        (await r.call(r.notifier.service.url, 'GET', '/v1/me/notices', token)).body
          .notices as Json[]
      ).length > 0,
    { what: 'a notice', timeoutMs: 45_000 },
  );
}, 180_000);

afterAll(async () => {
  writeFileSync(
    '/tmp/portal-measures.json',
    JSON.stringify({ violations, checked, measures }, null, 2),
  );
  await browser?.close();
  await world?.close();
});

async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page };
}

/** The page as it stands, at both widths: axe, overflow, screenshot, weight. */
async function check(page: Page, name: string, lang: string): Promise<void> {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const found = await axeViolations(page);
    violations += found.length;
    checked += 1;
    for (const v of found) failures.push(`${name} ${lang} ${width}px: ${v}`);
    if (width === 375) {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) failures.push(`${name} ${lang}: overflows by ${overflow} px at 375 px`);
    }
    await page.screenshot({ path: `/tmp/portal-${name}-${lang}-${width}.png`, fullPage: true });
  }
  const weight = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      html: nav?.encodedBodySize ?? 0,
      transferred:
        (nav?.transferSize ?? 0) +
        resources.reduce((n: number, r: any) => n + (r.transferSize ?? 0), 0),
      resources: resources.length,
    };
  });
  measures.push({ page: name, lang, ...weight });
}

async function signIn(page: Page, level?: string): Promise<void> {
  await page.goto(`${world.url}/login${level ? `?level=${level}` : ''}`);
  await page.getByLabel('Camille Martin').check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const share = page.getByRole('button', { name: 'Transmettre et continuer' });
  const back = await Promise.race([
    share.waitFor().then(() => false),
    page.waitForURL(`${world.url}/**`).then(() => true),
  ]);
  if (!back) await share.click();
  await page.waitForURL(`${world.url}/**`);
}

describe.skipIf(skipBrowser)('every page', () => {
  it('passes axe in French and English, at 375 px and 1280 px, signed in', async () => {
    const { context, page } = await newContext();
    await signIn(page, 'eidas2');
    await page.goto(`${world.url}/access-log`);
    const accessHref = await page
      .getByRole('link', { name: 'Vérifier' })
      .first()
      .getAttribute('href');
    await page.goto(`${world.url}/notices`);
    const noticeHref = await page
      .getByRole('link', { name: 'Lire le message' })
      .first()
      .getAttribute('href');
    const pages: Array<[string, string]> = [
      ['home', '/'],
      ['consents', '/consents'],
      ['grant', '/consents/new'],
      ['receipt-verify', '/receipts/verify'],
      ['revoke-all', '/consents/revoke-all'],
      ['access-log', '/access-log'],
      ['access-proof', accessHref!],
      ['notices', '/notices'],
      ['notice', noticeHref!],
      ['preferences', '/preferences'],
      ['not-found', '/no-such-page'],
    ];
    for (const lang of ['fr', 'en']) {
      await page.goto(`${world.url}/lang/${lang}?back=/`);
      for (const [name, href] of pages) {
        await page.goto(`${world.url}${href}`);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        await check(page, name, lang);
      }
      // Forms in error: the summary first, focused, each field named.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${world.url}/consents/new`);
      await page.locator('form[action="/consents"] button[type="submit"]').click();
      await page.waitForSelector('#error-summary');
      await expect(page.evaluate(() => document.activeElement.id)).resolves.toBe('error-summary');
      await check(page, 'grant-error', lang);
      await page.goto(`${world.url}/preferences`);
      await page.locator('#email').fill('not an address');
      await page.locator('form[action="/preferences"] button[type="submit"]').click();
      await page.waitForSelector('#error-summary');
      await check(page, 'preferences-error', lang);
    }
    await page.goto(`${world.url}/lang/fr?back=/`);
    await context.close();
    expect(failures).toEqual([]);
  });

  it('passes axe signed out, signed out again, and for an identity Relais does not know', async () => {
    const { context, page } = await newContext();
    for (const lang of ['fr', 'en']) {
      await page.goto(`${world.url}/lang/${lang}?back=/`);
      await check(page, 'welcome', lang);
      await page.goto(`${world.url}/signed-out`);
      await check(page, 'signed-out', lang);
    }
    await page.goto(`${world.url}/lang/fr?back=/`);
    await page.goto(`${world.url}/login`);
    await page.getByLabel('Antoine Santoni').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Transmettre et continuer' }).click();
    await page.waitForURL(`${world.url}/auth/callback**`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Relais ne vous connaît pas encore',
    );
    expect(page.url()).not.toMatch(/Antoine|SANTONI|1962/);
    await check(page, 'unknown-identity', 'fr');
    await context.close();
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });
});
