// Debian's Chromium for browser tests, launched headless by playwright-core (which never downloads a browser).

import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, installed by `.ci/install-components`; CHROMIUM overrides it. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why Chromium cannot be launched here, or null when it can. */
export function chromiumUnavailableReason(): string | null {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return null;
  } catch {
    return `${CHROMIUM} not found (install Debian's chromium: .ci/install-components, or set CHROMIUM)`;
  }
}

/**
 * Starts headless Chromium with a fresh user data dir.
 *
 * The flags keep it working as root, without a GPU and without network access: no sandbox (root),
 * and none of the background traffic (updates, sync, QUIC probes) that would wait on a network.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await browser.close();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
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
