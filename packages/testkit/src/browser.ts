// Real headless Chromium for the tests of web pages: Debian's `chromium` (or RELAIS_CHROMIUM)
// driven by playwright-core. A missing browser fails with what to install; RELAIS_SKIP_BROWSER=1
// is the only way to skip.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
