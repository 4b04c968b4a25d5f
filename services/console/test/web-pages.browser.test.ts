// The console's pages in real headless Chromium, the ports faked, the real local provider: an
// operator signs in through the provider's pages; every page, in French and in English, at 375 px
// and at 1280 px, passes axe-core (WCAG 2.1 A/AA and best practices) and does not overflow sideways
// at 375 px; forms in error too; a replay picked, confirmed and journaled with the keyboard-free
// path a mouse takes; the lag page's refresh script (off by default) swaps the figures in place;
// a steward is refused. Screenshots: .relais/screenshots/console-<page>-<lang>-<width>.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAtWidths, launchChromium, skipBrowser, watchedPage } from '@relais/testkit/browser';
import { EVENT, freePort, POISON, REJECTED, startWebEnv, type WebEnv } from './web-support.ts';

declare const document: any;
const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');

let env: WebEnv;
let origin: string;
let browser: Browser | undefined;
const problems: string[] = [];
/** Every violation and overflow, each named by page, language and width. */
const failures: string[] = [];
/** Violations per page, language and width: the report's figures. */
const figures: Array<{ page: string; lang: string; width: number; violations: number }> = [];

beforeAll(async () => {
  if (skipBrowser) return;
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  env = await startWebEnv({ origin, refreshSeconds: 5 });
  await env.app.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  if (figures.length > 0) {
    writeFileSync(path.join(SHOTS, 'console-axe.json'), JSON.stringify(figures, null, 2));
  }
  await browser?.close();
  await env?.close();
});

const newContext = () => watchedPage(browser!, problems);

/** The page as it stands, at 375 px and desktop width: axe, overflow, screenshot. */
async function check(page: Page, name: string, lang: string): Promise<void> {
  const widths = [375, 1280] as const;
  const counts = await checkAtWidths(page, {
    label: `${name} ${lang}`,
    widths,
    failures,
    shot: (w) => path.join(SHOTS, `console-${name}-${lang}-${w === 375 ? 375 : 'desktop'}.png`),
  });
  counts.forEach((violations, i) =>
    figures.push({ page: name, lang, width: widths[i]!, violations }),
  );
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** From the welcome page through the provider's agents' login, back signed in. */
async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${origin}/**`);
}

describe.skipIf(skipBrowser)('the console in Chromium', () => {
  it('signs an operator in through the provider, and every page passes axe in both languages at both widths', async () => {
    const { context, page } = await newContext();
    await signIn(page, 'Claire Dubois');
    await expect(
      page.getByText('Connecté·e\u00a0: Claire Dubois (Relais — exploitation)').count(),
    ).resolves.toBe(1);
    const pages: Array<[string, string]> = [
      ['home', '/'],
      ['flows', '/flows'],
      [
        'flows-results',
        `/flows?by=agency&agency=mairie-lyon&from=2026-11-02T08:00&to=2026-11-02T11:00`,
      ],
      ['flow', `/flows/${EVENT}`],
      ['flow-rejected', `/flows/${REJECTED}`],
      ['lag', '/lag'],
      ['dead-letters', '/dead-letters?status='],
      ['webhooks', '/webhooks'],
      ['audit', '/audit'],
      ['journal', '/journal'],
      ['not-found', '/no-such-page'],
    ];
    for (const lang of ['fr', 'en']) {
      await page.goto(`${origin}/lang/${lang}?back=/`);
      for (const [name, href] of pages) {
        await page.goto(`${origin}${href}`);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        await check(page, name, lang);
      }
      // Forms in error: the summary first, focused, each link to its field.
      await page.goto(`${origin}/flows`);
      await page.locator('#traceId').fill('not-a-trace');
      await page.locator('form:has(#traceId) button[type="submit"]').click();
      await page.waitForSelector('#error-summary');
      await expect(page.evaluate(() => document.activeElement.id)).resolves.toBe('error-summary');
      await check(page, 'flows-error', lang);

      await page.goto(`${origin}/dead-letters`);
      await page.locator('button[name="action"][value="replay"]').click();
      await page.waitForSelector('#error-summary');
      await check(page, 'dead-letters-error', lang);

      await page.goto(`${origin}/dead-letters`);
      // A DSFR checkbox is drawn by its label: the label takes the click.
      await page.locator(`input[name="ids"][value="${POISON}"]`).check({ force: true });
      await page.locator('button[name="action"][value="discard"]').click();
      await page.waitForSelector('#discardReason');
      await check(page, 'discard-confirm', lang);
      await page.locator('form[action="/dead-letters/discard"] button[type="submit"]').click();
      await page.waitForSelector('#error-summary');
      await check(page, 'discard-error', lang);

      await page.goto(`${origin}/webhooks`);
      await page.locator('input[name="ids"]').first().check({ force: true });
      await page.locator('form[action="/webhooks/confirm"] button[type="submit"]').click();
      await page.waitForSelector('form[action="/webhooks/redeliver"]');
      await check(page, 'redeliver-confirm', lang);
    }
    await page.goto(`${origin}/lang/fr?back=/`);
    await context.close();
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('replays the poison record: pick it, confirm, and the journal shows who did it', async () => {
    const { context, page } = await newContext();
    await signIn(page, 'Mehdi Haddad');
    await page.goto(`${origin}/dead-letters`);
    await page.getByRole('checkbox', { name: `Sélectionner ${POISON}` }).check({ force: true });
    await page.getByRole('button', { name: 'Rejouer la sélection' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Rejouer 1 lettre morte\u00a0?',
    );
    await check(page, 'replay-confirm', 'fr');
    await page.getByRole('button', { name: 'Confirmer le rejeu' }).click();
    await page.waitForURL(`${origin}/journal`);
    await expect(page.getByRole('status').innerText()).resolves.toContain('Rejeu demandé');
    await check(page, 'journal-after-replay', 'fr');
    expect(env.ports.acted.at(-1)).toMatchObject({
      kind: 'replay',
      ids: [POISON],
      operator: { displayName: 'Mehdi Haddad (Relais — exploitation)' },
    });
    await context.close();
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('refreshes the lag figures in place when asked, and not before', async () => {
    const { context, page } = await newContext();
    await signIn(page, 'Claire Dubois');
    await page.goto(`${origin}/lag`);
    const toggle = page.getByLabel(/Actualiser automatiquement toutes les 5/);
    await expect(toggle.isVisible()).resolves.toBe(true);
    await expect(toggle.isChecked()).resolves.toBe(false);
    const first = await page.locator('#refreshed').innerText();
    await page.waitForTimeout(100);
    await toggle.check({ force: true });
    await page.waitForFunction(
      (before: string) => document.getElementById('refreshed')?.innerText !== before,
      first,
      { timeout: 15_000 },
    );
    await expect(page.locator('#lag-data').count()).resolves.toBe(1);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('passes axe signed out, refused, and signed out again', async () => {
    const { context, page } = await newContext();
    for (const lang of ['fr', 'en']) {
      await page.goto(`${origin}/lang/${lang}?back=/`);
      await check(page, 'welcome', lang);
      await page.goto(`${origin}/signed-out`);
      await check(page, 'signed-out', lang);
    }
    await page.goto(`${origin}/lang/fr?back=/`);
    await signIn(page, 'Sophie Lefèvre');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Accès réservé aux opérateurs',
    );
    await check(page, 'refused', 'fr');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    await page.waitForURL(`${origin}/signed-out**`);
    await context.close();
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });
});
