// Browser test of TMPP access: Security follows one prisoner from need to compact, risk
// assessment, decision, grant and a published wing list; a wing officer then sees the prisoner on
// the wing's list (and its CSV). axe-core checks every page visited (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectAccessible, expectBanner, signIn, useWarden } from './support.mjs';

const env = useWarden();

test('a prisoner goes from need to the published wing list', async () => {
  const security = await env.browser.newContext();
  const page = await security.newPage();
  await signIn(page, env.warden.url, 'security');

  // The queue: run the risk assessment, then pick a GREEN prisoner on wing A (MDI is phase 1).
  await page.goto(`${env.warden.url}/establishments/MDI/tmpp`);
  await expectAccessible(page, 'TMPP security queue');
  await page.getByRole('button', { name: 'Run risk assessment' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Risk assessment run for');
  await expectAccessible(page, 'TMPP queue after the assessment');
  await page.goto(`${env.warden.url}/establishments/MDI/tmpp?band=GREEN&wing=A&state=NONE`);
  const first = page.locator('a[href^="/prisoners/"][href$="#tmpp"]').first();
  const number = (await first.innerText()).trim();
  assert.match(number, /^[A-Z]\d{4}[A-Z]{2}$/);

  // The establishment's compact.
  await page.goto(`${env.warden.url}/establishments/MDI/tmpp/compact`);
  await page.getByLabel('Text of the compact').fill(
    'I will use the phone only to call approved numbers.\nI will not tamper with the handset, seal or SIM.');
  await page.getByRole('button', { name: 'Add version' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'added');
  await expectAccessible(page, 'TMPP compact');

  // Need.
  await page.goto(`${env.warden.url}/prisoners/${number}`);
  await expectAccessible(page, 'prisoner page before TMPP');
  await page.getByRole('link', { name: 'Record a need' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'record a need');
  await page.getByRole('button', { name: 'Record need' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok(await page.locator('.govuk-error-summary').isVisible(), 'no need chosen: error summary');
  await expectAccessible(page, 'record a need with an error');
  await page.getByLabel('Isolating (symptoms or a positive test)').check();
  await page.getByRole('button', { name: 'Record need' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Need recorded');

  // Signed compact (today's date is prefilled).
  await page.getByRole('link', { name: 'Print the compact' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok((await page.content()).includes('Prisoner&#39;s signature') ||
            (await page.content()).includes("Prisoner's signature"));
  await expectAccessible(page, 'printable compact');
  await page.emulateMedia({ media: 'print' });
  assert.ok(!(await page.locator('.govuk-template__header').isVisible()), 'no header on paper');
  assert.ok(await page.locator('.app-signature').isVisible(), 'signature lines on paper');
  await page.emulateMedia({ media: 'screen' });
  await page.goBack();
  await page.getByRole('link', { name: 'Record a signed compact' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'record a signed compact');
  await page.getByLabel('Witnessing officer').fill('Officer Brown');
  await page.getByRole('button', { name: 'Record signed compact' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Signed compact recorded');

  // Decision: confirm the recommended GREEN.
  await page.getByRole('link', { name: 'Decide risk band' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'decide the risk band');
  assert.ok(await page.getByLabel('GREEN (the recommended band)').isChecked());
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'Risk decision recorded');

  // Grant.
  await page.getByRole('link', { name: 'Grant access' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'grant task list');
  assert.equal(await page.locator('.govuk-task-list .govuk-tag--red').count(), 0, 'every condition met');
  await page.getByRole('button', { name: 'Grant access' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'TMPP access granted');
  await expectAccessible(page, 'prisoner page with a grant');
  assert.ok(await page.locator('.moj-timeline').isVisible(), 'the timeline is shown');

  // Publish wing A's list.
  await page.goto(`${env.warden.url}/establishments/MDI/wings/A/lists/current`);
  await page.getByRole('button', { name: 'Publish the wing A list' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'list published');
  assert.ok((await page.locator('table').innerText()).includes(number));
  await expectAccessible(page, 'published wing list');

  // The risk rules page.
  await page.goto(`${env.warden.url}/tmpp/rules`);
  await expectAccessible(page, 'risk rules');
  await security.close();

  // The wing officer sees the prisoner on the list, and in its CSV.
  const officer = await env.browser.newContext();
  const wing = await officer.newPage();
  await signIn(wing, env.warden.url, 'officer');
  await wing.goto(`${env.warden.url}/establishments/MDI/wings/A/lists/current`);
  await expectAccessible(wing, 'wing list as officer');
  assert.ok((await wing.locator('table').innerText()).includes(number), `${number} on the list`);
  assert.equal(await wing.getByRole('button', { name: 'Publish the wing A list' }).count(), 0);
  const csv = await wing.request.get(`${env.warden.url}/establishments/MDI/wings/A/lists/current.csv`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  assert.match(csv.headers()['content-disposition'], /^attachment; filename="tmpp-MDI-A-v1\.csv"$/);
  assert.ok((await csv.text()).includes(`,${number},`));

  // Security withdraws the access: the officer's list says so at once, before a new publication.
  const again = await env.browser.newContext();
  const sec = await again.newPage();
  await signIn(sec, env.warden.url, 'security');
  await sec.goto(`${env.warden.url}/prisoners/${number}/tmpp/withdraw`);
  await expectAccessible(sec, 'withdraw access');
  await sec.getByLabel('Reason for the withdrawal').fill('Seal found broken at return');
  await sec.getByLabel('Incident reference (optional)').fill('IR-E2E-1');
  await sec.getByRole('button', { name: 'Withdraw access' }).click();
  await sec.waitForLoadState('domcontentloaded');
  await expectBanner(sec, 'TMPP access withdrawn');
  await wing.reload();
  const stale = wing.locator('.app-stale-banner');
  assert.ok(await stale.isVisible(), 'the stale warning is shown');
  assert.ok((await stale.innerText()).includes(number));
  await expectAccessible(wing, 'stale wing list');
  await wing.emulateMedia({ media: 'print' });
  assert.ok(await stale.isVisible(), 'the stale warning is printed too');
  assert.ok(await wing.locator('table').isVisible(), 'the list is printed');
  await wing.emulateMedia({ media: 'screen' });

  // The phase page and its check-your-answers step (not confirmed).
  await sec.goto(`${env.warden.url}/establishments/MDI/tmpp/phase`);
  await expectAccessible(sec, 'TMPP phase');
  await sec.getByLabel('Phase 0: TMPP not in use').check();
  await sec.getByRole('button', { name: 'Continue' }).click();
  await sec.waitForLoadState('domcontentloaded');
  assert.ok((await sec.locator('h1').innerText()).includes('Check the phase change'));
  await expectAccessible(sec, 'check the phase change');

  // The phase table form and its check step (not saved).
  await sec.goto(`${env.warden.url}/establishments/MDI/tmpp/phase/table`);
  await expectAccessible(sec, 'phase table form');
  await sec.getByRole('button', { name: 'Continue' }).click();
  await sec.waitForLoadState('domcontentloaded');
  assert.ok((await sec.locator('h1').innerText()).includes('Check the new phase table'));
  await expectAccessible(sec, 'check the phase table');
  await again.close();
  await officer.close();
});

test('an administrator replaces the risk rules', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'admin');
  await page.goto(`${env.warden.url}/tmpp/rules`);
  await page.getByRole('button', { name: 'Replace the rules' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'replace the rules');
  // A bad file: the reason with its line number, in the error summary.
  await page.getByLabel('Or paste the rules').fill('version e2e-2\nband amber_at=10 red_at=20\nrule id=x kind=what\n');
  await page.getByRole('button', { name: 'Replace the rules' }).click();
  await page.waitForLoadState('domcontentloaded');
  const summary = page.locator('.govuk-error-summary');
  assert.ok(await summary.isVisible(), 'the error summary is shown');
  assert.ok((await summary.innerText()).includes('line 3'));
  await expectAccessible(page, 'replace the rules with an error');
  await page.getByLabel('Or paste the rules').fill(
    'version e2e-2\nband amber_at=10 red_at=20\n' +
      'rule id=xel kind=alert codes=XEL per=once points=15 description=Escape list\n');
  await page.getByRole('button', { name: 'Replace the rules' }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectBanner(page, 'e2e-2');
  await expectAccessible(page, 'risk rules after a replacement');
  await context.close();
});
