// Real headless Chromium for the tests of web pages: Debian's `chromium` (or RELAIS_CHROMIUM)
// driven by playwright-core. A missing browser fails with what to install; RELAIS_SKIP_BROWSER=1
// is the only way to skip. And what every page test checks: axe-core, and reflow at 375 px.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['RELAIS_CHROMIUM'] ?? '/usr/bin/chromium';
export const skipBrowser = process.env['RELAIS_SKIP_BROWSER'] === '1';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium, or set RELAIS_CHROMIUM`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Globals of the functions run inside the page: the project compiles without the DOM library.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare const axe: { run(context: unknown, options: unknown): Promise<AxeResult> };
interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>;
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The rules every Relais page is held to: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/**
 * axe-core's violations on the page as it stands, one line each (rule, help, where). Injected
 * through the DevTools protocol, as an extension would: the page's CSP does not apply.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    [...AXE_TAGS],
  );
  return found.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/** How many pixels the page overflows sideways (0 when it reflows). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A new page in its own context (French, 1280 px) whose console errors and uncaught exceptions
 * are kept in `problems` — but for the failed loads of pages refused on purpose (`ignore`).
 */
export async function watchedPage(
  browser: Browser,
  problems: string[],
  ignore: RegExp = /status of 4\d\d/,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page };
}

/**
 * The page as it stands at each width: axe-core's violations and, at the narrowest, any sideways
 * overflow — each pushed to `failures` named by `label` and width — and a full-page screenshot
 * when `shot` names its file. Answers the number of violations at each width.
 */
export async function checkAtWidths(
  page: Page,
  o: {
    label: string;
    widths: readonly number[];
    failures: string[];
    shot?: (width: number) => string;
  },
): Promise<number[]> {
  const counts: number[] = [];
  const narrowest = Math.min(...o.widths);
  for (const width of o.widths) {
    await page.setViewportSize({ width, height: 900 });
    const found = await axeViolations(page);
    counts.push(found.length);
    for (const v of found) o.failures.push(`${o.label} ${width}px: ${v}`);
    if (width === narrowest) {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) o.failures.push(`${o.label}: overflows by ${overflow} px at ${width} px`);
    }
    if (o.shot) await page.screenshot({ path: o.shot(width), fullPage: true });
  }
  return counts;
}
