/**
 * Debian's Chromium, headless, driven by playwright-core: the HTML reports are checked in a real
 * browser. Never skipped: a missing browser fails with the command that installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const INSTALL_CHROMIUM = 'apt-get update && apt-get install -y chromium';

export async function launchChromium(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => Boolean(p && existsSync(p)),
  );
  if (!executablePath) throw new Error(`Chromium is not installed; install it with: ${INSTALL_CHROMIUM}`);
  // --no-sandbox: tests may run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}
