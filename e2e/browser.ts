import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.HEARKEN_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, driven by playwright-core: no browser is downloaded. */
export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** In CI a missing browser is a failure; on a laptop without Chromium the e2e suite is skipped. */
export function requireChromium(): boolean {
  if (chromiumAvailable()) return true;
  if (process.env.CI)
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  process.stderr.write(`e2e skipped: no Chromium at ${chromiumPath} (apt-get install chromium)\n`);
  return false;
}
