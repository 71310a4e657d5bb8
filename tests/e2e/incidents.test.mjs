// Browser test of TMPP incidents: Security raises an incident, notifies the RIU and closes it;
// the list filters by type. axe-core checks every page visited (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { expectAccessible, launchBrowser, signIn, startWarden } from './support.mjs';

let warden;
let browser;

before(async () => {
  warden = await startWarden();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (warden) assert.equal(await warden.stop(), 0, 'warden serve must exit 0 on SIGTERM');
});

async function expectBanner(page, text) {
  const banner = page.locator('.govuk-notification-banner--success');
  assert.ok(await banner.isVisible(), `a success banner after ${page.url()}`);
  assert.ok((await banner.innerText()).includes(text), `banner says "${text}"`);
}

test('security raises an incident, notifies the RIU and closes it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, warden.url, 'security');

  await page.goto(`${warden.url}/tmpp/incidents`);
  await expectAccessible(page, 'incident list');
  await page.getByRole('button', { name: 'Raise an incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'raise an incident');

  // Nothing filled in: the error summary names the fields.
  await page.getByRole('button', { name: 'Raise and report the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok(await page.locator('.govuk-error-summary').isVisible(), 'an error summary');
  await expectAccessible(page, 'raise an incident with errors');

  await page.getByLabel('Type of incident').selectOption('MISUSE');
  await page.getByLabel('What happened').fill('Calls to a number not on the approved list');
  await page.getByRole('button', { name: 'Raise and report the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Incident raised and reported');
  await expectAccessible(page, 'the reported incident');
  assert.match(await page.locator('h1').innerText(), /Incident [A-Z]{3}-TMPP-\d{4}-\d{5}/);

  await page.getByRole('button', { name: 'Notify the RIU' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'RIU notified');
  await expectAccessible(page, 'the incident after the RIU notification');

  await page.getByLabel('Outcome').fill('Words of advice; numbers checked');
  await page.getByRole('button', { name: 'Close the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Incident closed');
  await expectAccessible(page, 'the closed incident');

  await page.goto(`${warden.url}/tmpp/incidents?type=MISUSE`);
  await expectAccessible(page, 'incident list filtered by type');
  assert.equal(await page.locator('a[href^="/tmpp/incidents/"]').count() >= 1, true);
  await context.close();
});
