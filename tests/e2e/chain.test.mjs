// Browser test of the whole TMPP incident chain (issue 10), with Warden sending its emails to a
// real SMTP server on loopback:
//   1. a wing officer takes a handset back, issues it again, then gets it back with a different
//      seal, and sees the quarantine and the draft incident;
//   2. the SPoC completes and reports the draft, and the SPoC's email arrives;
//   3. Security notifies the RIU (the email arrives, copying the monitoring mailbox), records
//      both sanctions and closes the incident;
//   4. the national monitoring view shows it.
// axe-core checks every page visited (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { eventually, expectAccessible, expectBanner, signIn, useWarden } from './support.mjs';

const env = useWarden({ smtp: true });

// The emails the SMTP server received that name `reference`.
function emailsAbout(reference) {
  return env.mail.messages().filter((m) => m.includes(reference));
}

async function submit(page, button) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState('domcontentloaded');
}

test('an officer quarantines a handset, the SPoC reports it, Security closes it, monitoring sees it', async () => {
  const url = env.warden.url;
  const month = new Date().toISOString().slice(0, 7);

  // ---- 1. The wing officer ----
  const officerContext = await env.browser.newContext();
  const officer = await officerContext.newPage();
  await signIn(officer, url, 'officer');
  // The demo data issues a handset to the prisoner on the SHD wing's published list.
  await officer.goto(`${url}/establishments/MDI/wings/SHD/handsets`);
  await expectAccessible(officer, 'the wing handset board');
  const row = officer.locator('tbody tr', { hasText: 'Holding' }).first();
  const number = (await row.locator('strong').first().innerText()).trim();
  const tag = (await row.locator('a[href^="/handsets/"]').innerText()).trim();
  assert.match(number, /^[A-Z]\d{4}[A-Z]{2}$/);
  await officer.goto(`${url}/handsets/${tag}`);
  await expectAccessible(officer, 'the handset page');
  const seal = (await officer.locator('dt:text-is("Seal number") + dd').innerText()).trim();
  assert.ok(seal, 'the register holds the seal');

  // Taken back as issued, then issued again from the board.
  await officer.goto(`${url}/establishments/MDI/wings/SHD/handsets`);
  await officer.getByRole('button', { name: `Take back ${tag} from ${number}` }).click();
  await officer.waitForLoadState('domcontentloaded');
  await expectAccessible(officer, 'the return form');
  await officer.getByLabel('Seal number seen on the handset').fill(seal);
  await submit(officer, 'Take back the handset');
  await expectBanner(officer, `Handset ${tag} returned: AVAILABLE`);

  await officer.getByRole('button', { name: `Issue a handset to ${number}` }).click();
  await officer.waitForLoadState('domcontentloaded');
  await expectAccessible(officer, 'the issue form');
  // A wrong seal is refused on the form, which keeps what was typed.
  await officer.getByLabel("Scan or type the handset's asset tag").fill(tag);
  await officer.getByLabel('Seal number on the handset').fill('WRONG01');
  await submit(officer, 'Issue the handset');
  assert.ok(await officer.locator('.govuk-error-summary').isVisible(), 'a wrong seal is refused');
  await expectAccessible(officer, 'the issue form refusing a wrong seal');
  await officer.getByLabel('Seal number on the handset').fill(seal);
  await submit(officer, 'Issue the handset');
  await expectBanner(officer, `Handset ${tag} issued to ${number}`);

  // Back with another seal: quarantined, with a draft SEAL_TAMPERED incident.
  await officer.getByRole('button', { name: `Take back ${tag} from ${number}` }).click();
  await officer.waitForLoadState('domcontentloaded');
  await officer.getByLabel('Seal number seen on the handset').fill('CUT0001');
  await submit(officer, 'Take back the handset');
  await expectBanner(officer, `Handset ${tag} returned: QUARANTINED`);
  await expectAccessible(officer, 'the board after a quarantine');
  const draftLink = officer.locator('.govuk-notification-banner--success a[href^="/tmpp/incidents/"]');
  const reference = (await draftLink.getAttribute('href')).split('/').pop();
  assert.match(reference, /^MDI-TMPP-\d{4}-\d{5}$/);
  await draftLink.click();
  await officer.waitForLoadState('domcontentloaded');
  assert.match(await officer.locator('h1').innerText(), new RegExp(reference));
  const draft = await officer.locator('main').innerText();
  assert.ok(draft.includes('Seal tampered') && draft.includes('seal seen CUT0001'), draft);
  await expectAccessible(officer, 'the draft incident');
  await officerContext.close();

  // ---- 2. The SPoC completes and reports the draft; their email arrives ----
  const spocContext = await env.browser.newContext();
  const spoc = await spocContext.newPage();
  await signIn(spoc, url, 'spoc');
  await spoc.goto(`${url}/tmpp/incidents/${reference}`);
  await spoc.getByLabel('What happened').fill('Seal cut on return; the prisoner says it was dropped');
  await submit(spoc, 'Report: email the TMPP SPoC');
  await expectBanner(spoc, 'Incident reported: the TMPP SPoC is emailed');
  await expectAccessible(spoc, 'the reported incident');
  const reported = await eventually(() => emailsAbout(reference)[0], 30000, 'the SPoC email');
  assert.match(reported, /^To: tmpp\.spoc\.mdi@justice\.gov\.uk/m);
  assert.ok(reported.includes(`/tmpp/incidents/${reference}`), 'a link to the incident');
  assert.ok(reported.includes(tag) && reported.includes(number), 'the handset and prison number');
  // The incident page shows the email as delivered.
  await eventually(async () => {
    await spoc.reload();
    return (await spoc.locator('main td .govuk-tag', { hasText: 'Sent' }).count()) === 1;
  }, 30000, 'the email shown as sent');
  await spocContext.close();

  // ---- 3. Security notifies the RIU, records both sanctions and closes ----
  const securityContext = await env.browser.newContext();
  const security = await securityContext.newPage();
  await signIn(security, url, 'security');
  await security.goto(`${url}/tmpp/incidents/${reference}`);
  await submit(security, 'Notify the RIU');
  await expectBanner(security, 'RIU notified');
  const riu = await eventually(() => emailsAbout(reference)[1], 30000, 'the RIU email');
  assert.match(riu, /^To: riu\./m);
  assert.match(riu, /^Cc: .*monitoring/im);

  await security.getByLabel('Prisoner', { exact: true }).selectOption(number);
  await security.getByLabel('Sanction', { exact: true }).selectOption('PLACED_ON_REPORT');
  await security.getByLabel('Adjudication reference (placed on report)').fill('MDI-000321');
  await submit(security, 'Record the sanction');
  await expectBanner(security, 'Sanction recorded');
  await security.getByLabel('Prisoner', { exact: true }).selectOption(number);
  await security.getByLabel('Sanction', { exact: true }).selectOption('WITHDRAWAL');
  await submit(security, 'Record the sanction');
  await expectBanner(security, 'Sanction recorded');
  await expectAccessible(security, 'the incident with both sanctions');
  await security.getByLabel('Outcome').fill('Adjudication proven; access withdrawn');
  await submit(security, 'Close the incident');
  await expectBanner(security, 'Incident closed');
  await expectAccessible(security, 'the closed incident');
  await securityContext.close();

  // ---- 4. The national monitoring view shows it ----
  const monitoringContext = await env.browser.newContext();
  const monitoring = await monitoringContext.newPage();
  await signIn(monitoring, url, 'monitoring');
  await monitoring.goto(`${url}/tmpp/monitoring`);
  await expectAccessible(monitoring, 'the monitoring view');
  const table = await monitoring.locator('#incidents-table').innerText();
  assert.ok(table.includes(`${month}\tMDI\tSEAL_TAMPERED`), table);
  await monitoring.goto(`${url}/tmpp/incidents?type=SEAL_TAMPERED`);
  assert.equal(await monitoring.locator(`a[href="/tmpp/incidents/${reference}"]`).count(), 1);
  await monitoring.goto(`${url}/tmpp/incidents/${reference}`);
  const closed = await monitoring.locator('main').innerText();
  assert.ok(closed.includes('Closed'), closed);
  await monitoringContext.close();
});
