// A France Services agent's journey in real headless Chromium, on the real broker and the whole
// chain (startRelais): Nadia (France Services Lyon 8e) signs in, creates a mandate with Lucienne
// present (signed attestation), grants at the counter her consent to proactive eligibility
// (channel COUNTER), and once her facts give a notice, prints its letter; Lucienne sees all of it,
// journaled, and withdraws the mandate; Nadia's next action is refused. Then the refusals, each
// journaled where a citizen is concerned: an agent of another structure, a guessed mandate, a
// guessed notice, an operator at the counter, a citizen's or anyone's token on the pages. Every
// page passes axe-core in French and English at 375 px and 1280 px.
// Screenshots: .relais/screenshots/counter-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFacts, publishIncome, type Json } from '@relais/harness';
import { checkAtWidths, launchChromium, skipBrowser, watchedPage } from '@relais/testkit/browser';
import { waitFor } from '@relais/testkit';
import { fillIdentity, refusalCounter, tick } from './support/browser.ts';
import { startWorld, type World } from './support/world.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');
let world: World;
let browser: Browser | undefined;
const problems: string[] = [];
const failures: string[] = [];
/** The refusal tests' figures: every attempt, and how many got through (must stay 0). */
/** A refused attempt answers anything but 200 (a page, a PDF). */
const { figures: refusals, attempt } = refusalCounter();

beforeAll(async () => {
  if (skipBrowser) return;
  mkdirSync(SHOTS, { recursive: true });
  world = await startWorld();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  console.log(`counter refusals: ${refusals.attempts} attempts, ${refusals.successes} successes`);
  await browser?.close();
  await world?.close();
});

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${world.url}/login`);
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const share = page.getByRole('button', { name: 'Transmettre et continuer' });
  const back = await Promise.race([
    share.waitFor().then(() => false),
    page.waitForURL(`${world.url}/**`).then(() => true),
  ]);
  if (!back) await share.click();
  await page.waitForURL(`${world.url}/**`);
}

const citizenCall = (method: string, url: string, body?: unknown) =>
  world.relais.call(world.relais.consent.url, method, url, world.lucienne.token, body);

async function check(page: Page, label: string): Promise<void> {
  await checkAtWidths(page, {
    label,
    widths: [375, 1280],
    failures,
    shot: (w) => path.join(SHOTS, `counter-${label}-${w}.png`),
  });
}

describe.skipIf(skipBrowser)('an agent acts for a citizen under a mandate', () => {
  let mandateUrl = '';
  let noticeId = '';

  it('Nadia creates a mandate with Lucienne present, grants a consent at the counter and prints a letter', async () => {
    const { page } = await watchedPage(browser!, problems);
    await page.goto(`${world.url}/`);
    await check(page, 'welcome-fr');
    await signIn(page, 'Nadia Benkirane');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Les usagers pour qui je peux agir',
    );
    await check(page, 'home-empty-fr');

    await page.goto(`${world.url}/mandates/new`);
    await page.getByRole('button', { name: 'Créer le mandat' }).click();
    await check(page, 'new-errors-fr');
    await fillIdentity(page, world.lucienne.identity);
    for (const s of ['consentements', 'avis et courriers', 'préférences', 'qui a reçu ses données'])
      await tick(page, s);
    await tick(page, '31 jours');
    await tick(page, 'En présence de l’usager');
    await page.getByLabel('Numéro de l’attestation signée').fill('FS-LYON8-0001');
    await page.getByRole('button', { name: 'Créer le mandat' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Mandat créé');
    mandateUrl = page.url();
    expect(mandateUrl).toMatch(/\/mandates\/[0-9a-f-]{36}$/);
    const attestation = await page.request.get(`${mandateUrl}/attestation.pdf`);
    expect(attestation.headers()['content-type']).toBe('application/pdf');
    expect((await attestation.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('button', { name: 'Enregistrer le consentement' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Consentement enregistré');
    expect(await page.locator('#consents').textContent()).toContain('COUNTER');
    await check(page, 'citizen-fr');

    // Her facts: the move, the household, an income under the CSS ceiling.
    const r = world.relais;
    await publishFacts(r, world.lucienne, 2_500_000);
    await publishIncome(r, world.lucienne, 900_000, r.on.year());
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#notices a').count()) > 0;
      },
      { what: 'the notice Relais finds, at the counter', timeoutMs: 60_000 },
    );
    const href = (await page.locator('#notices a').first().getAttribute('href')) ?? '';
    noticeId = href.split('/')[4] ?? '';
    const letter = await page.request.get(`${world.url}${href}`);
    expect(letter.status()).toBe(200);
    expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await check(page, 'citizen-notice-fr');
    // A guessed notice id: the notifier refuses it (and journals it to Lucienne).
    expect(
      attempt((await page.request.get(`${mandateUrl}/notices/guessed-notice/letter.pdf`)).status()),
    ).toBe(404);
    await page.getByRole('link', { name: 'English' }).click();
    await check(page, 'citizen-notice-en');
    await page.goto(`${world.url}/`);
    await check(page, 'home-en');
    await page.goto(`${world.url}/mandates/new`);
    await check(page, 'new-en');
    await page.getByRole('link', { name: 'Français' }).click();
  });

  it('Lucienne sees the mandate and every action, then withdraws it; Nadia is refused after', async () => {
    const mandates = (await citizenCall('GET', '/v1/me/mandates')).body.mandates as Json[];
    expect(mandates[0]).toMatchObject({
      structure: { name: 'France Services Lyon 8e' },
      status: 'active',
    });
    const acts = (await citizenCall('GET', '/v1/me/counter-actions')).body.actions as Json[];
    const done = acts.filter((a) => a['outcome'] === 'DONE').map((a) => a['action']);
    expect(done).toEqual(
      expect.arrayContaining(['MANDATE_CREATED', 'CONSENT_GRANTED', 'LETTER_PRINTED']),
    );
    expect(acts.every((a) => a['structureName'] === 'France Services Lyon 8e')).toBe(true);
    const consents = (await citizenCall('GET', '/v1/me/consents')).body.consents as Json[];
    expect(consents.find((c) => c['purpose'] === 'proactive-eligibility')?.['channel']).toBe(
      'COUNTER',
    );

    const revoked = await citizenCall(
      'DELETE',
      `/v1/me/mandates/${String(mandates[0]?.['mandateId'])}`,
    );
    expect(revoked.body.mandate.status).toBe('revoked');

    const { page } = await watchedPage(browser!, problems);
    await signIn(page, 'Nadia Benkirane');
    expect(attempt((await page.goto(mandateUrl))?.status())).toBe(403);
    await check(page, 'refused-fr');
  });

  it('refuses another structure, guessed ids, an operator and tokens — and journals them', async () => {
    const before = ((await citizenCall('GET', '/v1/me/counter-actions')).body.actions as Json[])
      .length;
    // Julien (Vénissieux) tries Nadia's structure's mandate, a made-up one, a letter under it.
    const { page: nadia } = await watchedPage(browser!, problems);
    await signIn(nadia, 'Nadia Benkirane');
    const { page: julien } = await watchedPage(browser!, problems);
    await signIn(julien, 'Julien Moreau');
    expect(attempt((await julien.goto(mandateUrl))?.status())).toBe(404);
    expect(
      attempt(
        (await julien.goto(`${world.url}/mandates/00000000-0000-4000-8000-000000000000`))?.status(),
      ),
    ).toBe(404);
    expect(
      attempt((await julien.request.get(`${mandateUrl}/notices/${noticeId}/letter.pdf`)).status()),
    ).toBe(404);
    await check(julien, 'not-found-fr');
    // Nadia on the revoked mandate: its letters too.
    expect(
      attempt((await nadia.request.get(`${mandateUrl}/notices/${noticeId}/letter.pdf`)).status()),
    ).toBe(403);
    // An operator signs in at the counter: refused, journaled by structure.
    const { page: claire } = await watchedPage(browser!, problems);
    await signIn(claire, 'Claire Dubois');
    expect(attempt((await claire.goto(`${world.url}/`))?.status())).toBe(403);
    await check(claire, 'not-an-agent-fr');
    // A citizen's token, or any bearer token, never opens the pages.
    expect(
      attempt(
        (
          await fetch(`${world.url}/`, {
            headers: { authorization: `Bearer ${world.lucienne.token}` },
          })
        ).status,
      ),
    ).toBe(401);
    expect(
      attempt(
        (await fetch(mandateUrl, { headers: { accept: 'text/html' }, redirect: 'manual' })).status,
      ),
    ).toBe(303);
    expect(refusals.successes).toBe(0);
    const after = (await citizenCall('GET', '/v1/me/counter-actions')).body.actions as Json[];
    const refused = after.slice(0, after.length - before).filter((a) => a['outcome'] === 'REFUSED');
    expect(refused.map((a) => a['structureName'])).toEqual(
      expect.arrayContaining(['France Services Vénissieux', 'France Services Lyon 8e']),
    );
  });

  it('no page has an axe-core violation, overflows at 375 px or logs an error', () => {
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });
});
