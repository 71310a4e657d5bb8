// Shared helpers for the browser tests: a real `warden serve` on a fresh SQLite database with the
// demo data, Debian's Chromium driven by playwright-core, and axe-core accessibility checks.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
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
 * whose `warden` and `browser` are set once `before` has run. With `{ smtp: true }` it first starts
 * a real SMTP server on loopback (tests/support/smtp_sink.py) and Warden sends its emails there:
 * `env.mail.messages()` reads what arrived.
 */
export function useWarden({ smtp = false } = {}) {
  const env = { warden: undefined, browser: undefined, mail: undefined };
  before(async () => {
    let extra = {};
    if (smtp) {
      env.mail = await startSmtpSink();
      extra = { WARDEN_SMTP_URL: `smtp://127.0.0.1:${env.mail.port}`, WARDEN_MAIL_FROM: 'warden@e2e.example' };
    }
    env.warden = await startWarden(extra);
    env.browser = await launchBrowser();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.warden) assert.equal(await env.warden.stop(), 0, 'warden serve must exit 0 on SIGTERM');
    if (env.mail) await env.mail.stop();
  });
  return env;
}

/** A free TCP port on loopback. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The loopback SMTP server of the integration tests; `messages()` are the emails received. The
 * free port it is given may be taken by another process before it binds it: it is tried again
 * on another port then.
 */
export async function startSmtpSink(attempts = 3) {
  for (let attempt = 1; ; ++attempt) {
    try {
      return await startSmtpSinkOnce();
    } catch (e) {
      if (attempt >= attempts) throw e;
    }
  }
}

async function startSmtpSinkOnce() {
  const home = process.env.WARDEN_HOME;
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-e2e-mail-'));
  const port = await freePort();
  // Debian's python3, whose python3-aiosmtpd scripts/install-deps.sh installs.
  const child = spawn('/usr/bin/python3', [path.join(home, 'tests/support/smtp_sink.py'), '--port', String(port), '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the SMTP sink did not start:\n${output}`)), 15000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`the SMTP sink exited ${code}:\n${output}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    port,
    messages() {
      if (!existsSync(dir)) return [];
      return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
        .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits up to `ms` for `predicate()` to return a truthy value, and returns it. */
export async function eventually(predicate, ms = 20000, what = 'the condition') {
  const until = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    assert.ok(Date.now() < until, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The page shows a success banner that says `text`. */
export async function expectBanner(page, text) {
  const banner = page.locator('.govuk-notification-banner--success');
  assert.ok(await banner.isVisible(), `a success banner after ${page.url()}`);
  assert.ok((await banner.innerText()).includes(text), `banner says "${text}"`);
}

/** A running Warden with the demo data and the `extra` environment; `url` is its base URL. */
export async function startWarden(extra = {}) {
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
    ...extra,
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
