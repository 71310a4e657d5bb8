// Browser test of TMPP incidents: Security raises an incident naming a prisoner, notifies the RIU,
// records both sanctions (withdrawal and placed on report) and closes it; the list filters by
// type; the national monitoring view counts it. axe-core checks every page visited (WCAG 2.2 A
// and AA).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectAccessible, expectBanner, signIn, useWarden } from './support.mjs';

const env = useWarden();

// The MISUSE incidents the monitoring view counts this month, by establishment (its incidents
// CSV: month,establishment,type,incidents).
async function misuseThisMonth(monitoring) {
  const response = await monitoring.request.get(`${env.warden.url}/tmpp/monitoring/incidents.csv`);
  assert.equal(response.status(), 200);
  const month = new Date().toISOString().slice(0, 7);
  const counts = {};
  for (const line of (await response.text()).split('\r\n')) {
    const [m, establishment, type, n] = line.split(',');
    if (m === month && type === 'MISUSE') counts[establishment] = Number(n);
  }
  return counts;
}

test('security raises an incident, notifies the RIU, records both sanctions and closes it', async () => {
  // MONITORING, in a context of their own, counts the incidents before.
  const monitoringContext = await env.browser.newContext();
  const monitoring = await monitoringContext.newPage();
  await signIn(monitoring, env.warden.url, 'monitoring');
  const before = await misuseThisMonth(monitoring);

  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'security');

  // A prisoner of MDI to name on the incident.
  await page.goto(`${env.warden.url}/establishments/MDI/prisoners`);
  const first = page.locator('a[href^="/prisoners/"]').first();
  const number = (await first.innerText()).trim();
  assert.match(number, /^[A-Z]\d{4}[A-Z]{2}$/);

  await page.goto(`${env.warden.url}/tmpp/incidents`);
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
  // The prisoner is MDI's, and an incident names only its establishment's prisoners.
  await page.locator('select[name="establishment"]').selectOption('MDI');
  await page.getByLabel('Prison numbers of the prisoners involved (optional)').fill(number);
  await page.getByLabel('What happened').fill('Calls to a number not on the approved list');
  await page.getByRole('button', { name: 'Raise and report the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Incident raised and reported');
  await expectAccessible(page, 'the reported incident');
  const heading = await page.locator('h1').innerText();
  assert.match(heading, /Incident [A-Z]{3}-TMPP-\d{4}-\d{5}/);
  const establishment = heading.match(/([A-Z]{3})-TMPP-/)[1];

  await page.getByRole('button', { name: 'Notify the RIU' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'RIU notified');
  await expectAccessible(page, 'the incident after the RIU notification');

  // MISUSE closes only with both sanctions: closing now names what is missing.
  await page.getByLabel('Outcome').fill('Adjudication proven; numbers checked');
  await page.getByRole('button', { name: 'Close the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok(await page.locator('.govuk-error-summary').isVisible(), 'closing refused');
  assert.ok((await page.locator('.govuk-error-summary').innerText()).includes(`${number} has no`));
  await expectAccessible(page, 'the incident refusing to close');

  // Placed on report with a bad adjudication reference: the field is named.
  await page.getByLabel('Prisoner', { exact: true }).selectOption(number);
  await page.getByLabel('Sanction', { exact: true }).selectOption('PLACED_ON_REPORT');
  await page.getByLabel('Adjudication reference (placed on report)').fill('123');
  await page.getByRole('button', { name: 'Record the sanction' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok((await page.locator('.govuk-error-summary').innerText()).includes('MDI-000123'));
  await expectAccessible(page, 'a sanction with an error');
  await page.getByLabel('Adjudication reference (placed on report)').fill('MDI-000123');
  await page.getByRole('button', { name: 'Record the sanction' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Sanction recorded');

  await page.getByLabel('Prisoner', { exact: true }).selectOption(number);
  await page.getByLabel('Sanction', { exact: true }).selectOption('WITHDRAWAL');
  await page.getByRole('button', { name: 'Record the sanction' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Sanction recorded');
  await expectAccessible(page, 'the incident with both sanctions');
  const sanctions = await page.locator('#sanctions').innerText();
  assert.ok(sanctions.includes('Placed on report') && sanctions.includes('Withdrawal from TMPP'));

  await page.getByLabel('Outcome').fill('Adjudication proven; numbers checked');
  await page.getByRole('button', { name: 'Close the incident' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Incident closed');
  await expectAccessible(page, 'the closed incident');

  await page.goto(`${env.warden.url}/tmpp/incidents?type=MISUSE`);
  await expectAccessible(page, 'incident list filtered by type');
  assert.equal(await page.locator('a[href^="/tmpp/incidents/"]').count() >= 1, true);
  await context.close();

  // The national monitoring view counts the incident: one more MISUSE at its establishment this
  // month, in the CSV and on the page.
  const count = (before[establishment] ?? 0) + 1;
  assert.deepEqual(await misuseThisMonth(monitoring), { ...before, [establishment]: count });
  await monitoring.goto(`${env.warden.url}/tmpp/monitoring`);
  await expectAccessible(monitoring, 'the monitoring view after the incident');
  const month = new Date().toISOString().slice(0, 7);
  const table = await monitoring.locator('#incidents-table').innerText();
  assert.ok(table.includes(`${month}\t${establishment}\tMISUSE\t${count}`), table);
  await monitoringContext.close();
});
