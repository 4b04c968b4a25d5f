// The notice's HTML and the /preferences page in a real browser (Debian's Chromium): languages
// marked, headings and links there, nothing wider than a phone, text from the rules escaped, the
// page's headers. Screenshots go to /tmp for a person to judge readability.
import { createHttpApp, createLogger } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, skipBrowser } from '@relais/testkit/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBilingual } from '../src/domain/notice.ts';
import type { Entitlement, NoticeLinks } from '../src/domain/types.ts';
import { registerPreferencesPage } from '../src/routes/preferences-page.ts';
import { cssFree, cssWithContribution, links } from './support/fixtures.ts';

// Debian's chromium; `npm test` and .ci/run install it when it is missing.
// Only an explicit opt-out skips the browser: a missing Chromium is a failure, not a skip.
const skip = skipBrowser;

// Globals of the functions run inside the page: the project compiles without the DOM library.
declare const document: any;
declare const window: any;
declare const NodeFilter: any;
declare function getComputedStyle(element: unknown): any;

/** A phone's width, as a mobile mail client shows an e-mail. */
const MOBILE = { width: 375, height: 812 };
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const OPEN_URL = 'https://relais.example.gouv.fr/v1/notices/dec-css-free-0001/opened.gif?t=tok';
const withBeacon: NoticeLinks = { ...links, openUrl: OPEN_URL };

/** No-break spaces (French money) read as plain spaces, lines joined. */
const plain = (s: string | null) => (s ?? '').replace(/\s+/g, ' ');

let browser: Browser | undefined;

beforeAll(async () => {
  if (skip) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * A phone-sized page that never reaches the network: the beacon answers a 1×1 GIF, anything
 * else is refused (an e-mail must not need a remote resource to read well).
 */
async function mobilePage(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser!.newPage({ viewport: MOBILE });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url === OPEN_URL) await route.fulfill({ status: 200, contentType: 'image/gif', body: GIF });
    else await route.abort();
  });
  return { page, requests, errors };
}

async function overflowing(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el: any) => el.getBoundingClientRect().right > width + 0.5)
      .map((el: any) => `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').slice(0, 60)}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

describe.skipIf(skip)('the notice e-mail in Chromium, 375 px wide', () => {
  const cases: {
    name: string;
    entitlement: Entitlement;
    amount: { fr: string; en: string };
    ceilings: { fr: string[]; en: string[] };
    screenshot: string;
  }[] = [
    {
      name: 'CSS free',
      entitlement: cssFree,
      amount: {
        fr: 'La CSS serait gratuite pour vous : vous ne paieriez rien.',
        en: 'The CSS would be free for you: you would pay nothing.',
      },
      ceilings: {
        fr: ['plafond de la CSS gratuite : 10 339 € pour 1 personne'],
        en: ['the ceiling of the free CSS: €10,339 for 1 person'],
      },
      screenshot: '/tmp/notice-fr.png',
    },
    {
      name: 'CSS with a contribution',
      entitlement: cssWithContribution,
      amount: {
        fr: 'Vous paieriez une participation d’environ 28 € par mois pour votre foyer.',
        en: 'You would pay a contribution of about €28 a month for your household.',
      },
      ceilings: {
        fr: [
          'dépassent le plafond de la CSS gratuite : 15 508,50 € pour 2 personnes',
          'ne dépassent pas le plafond de la CSS avec participation : 20 936,47 € pour 2 personnes',
        ],
        en: [
          'are above the ceiling of the free CSS: €15,508.50 for 2 people',
          'are not above the ceiling of the CSS with a contribution: €20,936.47 for 2 people',
        ],
      },
      screenshot: '/tmp/notice-fr-contribution.png',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: both languages, amount, ceilings, links, no overflow, hidden beacon`, async () => {
      const notice = composeBilingual(c.entitlement, 'FR', withBeacon);
      const { page, requests, errors } = await mobilePage();
      try {
        await page.setContent(notice.html, { waitUntil: 'load' });

        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
        for (const [lang, subject] of [
          ['fr', notice.notices[0].subject],
          ['en', notice.notices[1].subject],
        ] as const) {
          const part = page.locator(`article[lang="${lang}"]`);
          await expect(part.count()).resolves.toBe(1);
          const h1 = part.locator('h1');
          await expect(h1.isVisible()).resolves.toBe(true);
          await expect(h1.textContent()).resolves.toBe(subject);
          await expect(part.locator('h2').count()).resolves.toBe(6);

          const text = plain(await part.innerText());
          expect(text).toContain(plain(c.amount[lang]));
          for (const ceiling of c.ceilings[lang]) expect(text).toContain(plain(ceiling));

          // The claim link and the preferences link are real, visible links.
          const claim = part.locator(`a[href="${links.claimUrl}"]`);
          await expect(claim.count()).resolves.toBe(1);
          await expect(claim.isVisible()).resolves.toBe(true);
          expect(await claim.getAttribute('href')).toMatch(/^https:\/\//);
          const prefs = part.locator(`a[href="${links.preferencesUrl}"]`);
          await expect(prefs.count()).resolves.toBe(1);
          await expect(prefs.isVisible()).resolves.toBe(true);
        }
        // The pointer to the other language is marked English, and leads to it.
        const pointer = page.locator('body > p[lang="en"] a');
        await expect(pointer.getAttribute('href')).resolves.toBe('#notice-en');

        // Nothing wider than the phone: no sideways scrolling in a mail client.
        const { scrollWidth, wide } = await overflowing(page);
        expect(wide, `elements wider than ${MOBILE.width} px`).toEqual([]);
        expect(scrollWidth).toBeLessThanOrEqual(MOBILE.width);

        // The opened-notice beacon: loaded, 1×1, silent for a screen reader.
        const beacon = page.locator(`img[src="${OPEN_URL}"]`);
        await expect(beacon.count()).resolves.toBe(1);
        await expect(beacon.getAttribute('alt')).resolves.toBe('');
        const size = await beacon.evaluate((img: any) => ({
          natural: [img.naturalWidth, img.naturalHeight],
          shown: [img.getBoundingClientRect().width, img.getBoundingClientRect().height],
        }));
        expect(size).toEqual({ natural: [1, 1], shown: [1, 1] });
        expect(requests).toEqual([OPEN_URL]);
        expect(errors).toEqual([]);

        await page.screenshot({ path: c.screenshot, fullPage: true });
      } finally {
        await page.close();
      }
    });
  }

  it('without openUrl there is no image at all', async () => {
    const notice = composeBilingual(cssFree, 'FR', links);
    const { page, requests } = await mobilePage();
    try {
      await page.setContent(notice.html, { waitUntil: 'load' });
      await expect(page.locator('img').count()).resolves.toBe(0);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows HTML from a condition label, a source or a caveat as text, never runs it', async () => {
    const script = '<script>window.__injected = 1; alert(1)</script>';
    const hostile: Entitlement = {
      ...cssFree,
      decisionId: 'dec-hostile-0003',
      conditions: [
        ...cssFree.conditions,
        {
          // An unknown id: the notice says the label as it is.
          id: 'css.new-rule',
          label: `resident ${script}<b id="label-b">bold</b>`,
          satisfied: true,
          source: `décret <img src=x onerror="window.__injected = 2">`,
        },
      ],
      caveats: [
        {
          fr: `Attention ${script}<i id="caveat-i">fr</i>`,
          en: `Careful ${script}<i id="caveat-i">en</i>`,
        },
        `An English caveat <a href="javascript:window.__injected=3">here</a> ${script}`,
      ],
    };
    const notice = composeBilingual(hostile, 'FR', links);
    const { page, requests, errors } = await mobilePage();
    try {
      await page.setContent(notice.html, { waitUntil: 'load' });

      await expect(page.locator('script').count()).resolves.toBe(0);
      await expect(page.locator('#label-b, #caveat-i, img').count()).resolves.toBe(0);
      await expect(page.locator('a[href^="javascript:"]').count()).resolves.toBe(0);
      await expect(page.evaluate(() => window.__injected)).resolves.toBeUndefined();
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);

      const fr = plain(await page.locator('article[lang="fr"]').innerText());
      expect(fr).toContain(`Condition remplie : resident ${script}<b id="label-b">bold</b>.`);
      expect(fr).toContain('décret <img src=x onerror="window.__injected = 2">');
      expect(fr).toContain(`Attention ${script}<i id="caveat-i">fr</i>`);
      const en = plain(await page.locator('article[lang="en"]').innerText());
      expect(en).toContain(`Condition met: resident ${script}<b id="label-b">bold</b>.`);
      expect(en).toContain(`Careful ${script}<i id="caveat-i">en</i>`);
      expect(en).toContain(
        `An English caveat <a href="javascript:window.__injected=3">here</a> ${script}`,
      );
    } finally {
      await page.close();
    }
  });
});

describe.skipIf(skip)('GET /preferences in Chromium', () => {
  let app: FastifyInstance | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('answers 200 with a strict CSP, both languages visible, no console error', async () => {
    app = await createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      service: 'notifier',
    });
    registerPreferencesPage(app);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    for (const viewport of [{ width: 1280, height: 900 }, MOBILE]) {
      const page = await browser!.newPage({ viewport });
      const errors: string[] = [];
      page.on('console', (m) => {
        // Chromium asks for /favicon.ico by itself; the service has none (a 404, not the page's).
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
          errors.push(`${m.text()} ${m.location().url}`);
      });
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        const response = await page.goto(`${base}/preferences`);
        expect(response?.status()).toBe(200);
        const headers = response!.headers();
        expect(headers['content-type']).toBe('text/html; charset=utf-8');
        const csp = headers['content-security-policy'] ?? '';
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toMatch(/script-src/);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['referrer-policy']).toBe('no-referrer');

        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
        const h1 = page.locator('h1');
        await expect(h1.isVisible()).resolves.toBe(true);
        await expect(h1.textContent()).resolves.toBe('Choisir ou arrêter les messages de Relais');
        const en = page.locator('h2[lang="en"]');
        await expect(en.isVisible()).resolves.toBe(true);
        await expect(en.textContent()).resolves.toBe('Choosing or stopping Relais notices');
        const enBody = page.locator('div[lang="en"]');
        await expect(enBody.isVisible()).resolves.toBe(true);
        expect(plain(await enBody.innerText())).toContain('Stop entirely');
        // French punctuation holds to its word: no line starting with ":" or "»" on a phone.
        const french = await page.evaluate(() => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          let out = '';
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (!n.parentElement?.closest('[lang="en"], code')) out += n.textContent;
          return out.replace(/\s+/g, (ws) => (ws.includes('\u00a0') ? '\u00a0' : ' '));
        });
        expect(french).toContain('Choisir ou arrêter');
        expect(french).not.toMatch(/ [:;!?»]|« /);
        // The inline style applied (the CSP allows it): the text column is narrow.
        const font = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
        expect(font).not.toBe('none');

        const { scrollWidth, wide } = await overflowing(page);
        expect(wide, `elements wider than ${viewport.width} px`).toEqual([]);
        expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
        expect(errors).toEqual([]);

        if (viewport === MOBILE) {
          await page.screenshot({ path: '/tmp/preferences-mobile.png', fullPage: true });
        } else {
          await page.screenshot({ path: '/tmp/preferences.png', fullPage: true });
        }
      } finally {
        await page.close();
      }
    }
  });
});
