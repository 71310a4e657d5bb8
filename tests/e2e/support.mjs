// Shared helpers for the browser tests: a real `warden serve` on a fresh SQLite database with the
// demo data, Debian's Chromium driven by playwright-core, and axe-core accessibility checks.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const kPassword = 'e2e-demo-password-2026';
const kWcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * The harness of a test file: registers its `before` (a Warden with the demo data, then a
 * browser) and `after` (both stopped; `warden serve` must exit 0 on SIGTERM). Returns an object
 * whose `warden` and `browser` are set once `before` has run.
 */
export function useWarden() {
  const env = { warden: undefined, browser: undefined };
  before(async () => {
    env.warden = await startWarden();
    env.browser = await launchBrowser();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.warden) assert.equal(await env.warden.stop(), 0, 'warden serve must exit 0 on SIGTERM');
  });
  return env;
}

/** The page shows a success banner that says `text`. */
export async function expectBanner(page, text) {
  const banner = page.locator('.govuk-notification-banner--success');
  assert.ok(await banner.isVisible(), `a success banner after ${page.url()}`);
  assert.ok((await banner.innerText()).includes(text), `banner says "${text}"`);
}

/** A running Warden with the demo data; `url` is its base URL. */
export async function startWarden() {
  const bin = process.env.WARDEN_BIN;
  const home = process.env.WARDEN_HOME;
  assert.ok(bin && home, 'WARDEN_BIN and WARDEN_HOME must be set (CTest sets them)');
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-e2e-'));
  const env = {
    ...process.env,
    WARDEN_DATABASE_URL: `sqlite:${dir}/warden.db`,
    WARDEN_HOME: home,
    WARDEN_LISTEN: '127.0.0.1:0',
    WARDEN_DEMO_PASSWORD: kPassword,
    WARDEN_THREADS: '2',
  };
  execFileSync(bin, ['demo'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`warden serve did not start:\n${output}`)), 30000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => reject(new Error(`warden serve exited ${code}:\n${output}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Debian's Chromium, headless, with no background network traffic. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Fails with every WCAG 2.2 A/AA violation axe-core finds on the current page. */
export async function expectAccessible(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), kWcagTags);
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(problems, [], `accessibility problems on ${label} (${page.url()})`);
}

/** Signs in through the form and checks the home page loads. */
export async function signIn(page, baseUrl, username, password = kPassword) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok(!page.url().includes('/sign-in'), `${username} should be signed in, at ${page.url()}`);
}

/** Signs out with the header's sign-out button. */
export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForLoadState('domcontentloaded');
}
