// The login and consent pages in a real browser (Debian's Chromium): axe-core finds nothing, the
// page reflows at 320 px, focus is visible, the error summary takes focus, the CSP blocks nothing
// of ours, and the forms' redirects to the service provider pass the CSP's form-action — including
// oidc-provider's auto-submitted form when another account signs in (its script allowed by hash).
// Screenshots go to .relais/screenshots for a person to judge.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  horizontalOverflow,
  launchChromium,
  skipBrowser,
} from '@relais/testkit/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeRequest,
  CAF,
  clients,
  relyingParty,
  RP,
  startTestIdp,
  type TestIdp,
} from './support/fixtures.ts';

// Globals of the functions run inside the page: the project compiles without the DOM library.
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');
const skip = skipBrowser;

let t: TestIdp;
let browser: Browser | undefined;
let config: client.Configuration;

beforeAll(async () => {
  if (skip) return;
  t = await startTestIdp();
  config = await relyingParty(t.idp, clients.portal);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

interface Tab {
  page: Page;
  /** Console errors, CSP violations included. */
  problems: string[];
  /** URLs the service providers received. */
  callbacks: string[];
}

async function tab(width = 1024): Promise<Tab> {
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const callbacks: string[] = [];
  page.on('console', (m) => {
    // A form refused on purpose answers 400, which Chromium reports as a failed load.
    if (m.type() === 'error' && !m.text().includes('status of 400')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // The service providers do not run here: their callbacks answer a bare page.
  for (const origin of [RP, CAF]) {
    await page.route(`${origin}/**`, async (route) => {
      callbacks.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' });
    });
  }
  return { page, problems, callbacks };
}

const overflow = horizontalOverflow;

describe.skipIf(skip)('login and consent pages in Chromium', () => {
  it('passes axe, reflows at 320 px and lands at the service provider with a code', async () => {
    const { page, problems, callbacks } = await tab();
    const req = authorizeRequest(config, clients.portal, { acr_values: 'eidas2' });
    await page.goto(req.url.href);

    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Choisissez votre compte de démonstration',
    );
    expect(await page.getByRole('radio').count()).toBeGreaterThanOrEqual(6);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-login.png'), fullPage: true });

    await page.setViewportSize({ width: 320, height: 800 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-login-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });

    // Keyboard: the skip link first, its focus visible; then the language switch.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused).toEqual({ text: 'Aller au contenu', outline: 'solid', width: '3px' });
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement.textContent)).resolves.toBe('English');
    // Then the list: one stop for the radio group, arrows move within it.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement.id)).resolves.toBe('citizen-camille');

    // Nothing chosen: the error summary, focused, links to the list.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForSelector('.error-summary');
    await expect(page.evaluate(() => document.activeElement.className)).resolves.toBe(
      'error-summary',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-login-error.png'), fullPage: true });

    await page.getByLabel('Camille Martin').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForSelector('text=Transmettre et continuer');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-consent-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-consent.png'), fullPage: true });

    await page.getByRole('button', { name: 'Transmettre et continuer' }).click();
    await page.waitForURL(`${RP}/auth/callback?**`);
    const back = new URL(callbacks.at(-1)!);
    expect(back.searchParams.get('state')).toBe(req.state);
    expect(back.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(config, back, {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.claims()!['acr']).toBe('eidas2');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('in English, and when another account steps up through the auto-submitted form', async () => {
    const { page, problems, callbacks } = await tab(375);
    await page.goto(authorizeRequest(config, clients.portal, { acr_values: 'eidas1' }).url.href);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-login-en-375.png'), fullPage: true });
    await page.getByLabel('Yanis Benali').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Share and continue' }).click();
    await page.waitForURL(`${RP}/auth/callback?**`);

    // A higher level with the same browser: another account signs in; oidc-provider ends the
    // previous session by an auto-submitted form whose script the CSP allows by its hash.
    const high = authorizeRequest(config, clients.portal, { acr_values: 'eidas3' });
    await page.goto(high.url.href);
    await expect(
      page.getByText('Your current sign-in does not reach the level asked for').count(),
    ).resolves.toBe(1);
    await page.getByLabel('Awa Diop').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Share and continue' }).click();
    await page.waitForURL(`${RP}/auth/callback?**`);
    const back = new URL(callbacks.at(-1)!);
    expect(back.searchParams.get('state')).toBe(high.state);
    const tokens = await client.authorizationCodeGrant(config, back, {
      expectedState: high.state,
      expectedNonce: high.nonce,
    });
    expect(tokens.claims()!['acr']).toBe('eidas3');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the sign-out confirmation passes axe and returns to the service provider', async () => {
    const { page, problems, callbacks } = await tab();
    const req = authorizeRequest(config, clients.portal);
    await page.goto(req.url.href);
    await page.getByLabel('Lucas Moreau').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Transmettre et continuer' }).click();
    await page.waitForURL(`${RP}/auth/callback?**`);
    const tokens = await client.authorizationCodeGrant(config, new URL(callbacks.at(-1)!), {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const state = client.randomState();
    await page.goto(
      client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `${RP}/signed-out`,
        state,
      }).href,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idp-logout.png'), fullPage: true });
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    await page.waitForURL(`${RP}/signed-out?**`);
    expect(new URL(callbacks.at(-1)!).searchParams.get('state')).toBe(state);
    expect(problems).toEqual([]);
    await expect(page.evaluate(() => window.location.origin)).resolves.toBe(RP);
    await page.close();
  });
});
