// Opens a local HTML file in Debian's chromium (driven by playwright-core, nothing downloaded) and
// records what a report must never do: network requests, console errors, page errors. Shared by
// the report's browser test and the README screenshot script.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.BASELINR_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Opens `file` and runs `inspect(page)`. Every request other than the file itself is aborted and
 * recorded in `requests`; console errors and uncaught page errors in `errors`. A fresh profile
 * directory each time (playwright passes it as --user-data-dir), removed afterwards. Types: headless-chromium.d.mts.
 */
export async function inspectInChromium(file, inspect, viewport = { width: 1280, height: 900 }) {
  const profile = mkdtempSync(join(tmpdir(), 'baselinr-chromium-'));
  const url = pathToFileURL(file).href;
  const requests = [];
  const errors = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport,
    offline: true,
  });
  try {
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    context.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    const result = await inspect(page);
    return { result, requests, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
