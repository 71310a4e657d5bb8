// Browser test of the TMPP stocktake and the national monitoring view: the SPoC records a
// stocktake (a bad line is named first) and reads its result; MONITORING opens the monitoring
// view, sees the incidents (the stocktake's draft among them) and the overdue table, and
// downloads each table as CSV. axe-core checks every page visited (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { expectAccessible, signIn, useWarden } from './support.mjs';

const env = useWarden();

test('the SPoC records a stocktake and reads its result', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'spoc');

  // Two available handsets of MDI with their seals, from the register.
  await page.goto(`${env.warden.url}/establishments/MDI/handsets?status=AVAILABLE`);
  await expectAccessible(page, 'the available handsets');
  const rows = page.locator('tbody tr');
  assert.ok(await rows.count() >= 2, 'the demo data has at least two available handsets at MDI');
  const handset = async (n) => ({
    tag: (await rows.nth(n).locator('td').nth(0).innerText()).trim(),
    seal: (await rows.nth(n).locator('td').nth(2).innerText()).trim(),
  });
  const kept = await handset(0);
  const cut = await handset(1);
  assert.ok(kept.tag && kept.seal && cut.tag && cut.seal, 'tags and seals in the register');

  await page.locator('main a[href="/establishments/MDI/stocktakes"]').click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'the stocktakes');
  await page.getByRole('button', { name: 'Take a stocktake' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.match(await page.locator('h1').innerText(), /Take a stocktake/);
  await expectAccessible(page, 'take a stocktake');

  // A line with more than a tag and a seal is named, and the lines are kept.
  const seen = page.getByLabel('Handsets on the shelf');
  await seen.fill(`${kept.tag} ${kept.seal}\nT 1 S2`);
  await page.getByRole('button', { name: 'Record the stocktake' }).click();
  await page.waitForLoadState('domcontentloaded');
  const summary = page.locator('.govuk-error-summary');
  assert.ok(await summary.isVisible(), 'an error summary');
  assert.ok((await summary.innerText()).includes('Line 2'), 'the bad line is named');
  assert.ok((await seen.inputValue()).includes(kept.tag), 'the lines are kept');
  await expectAccessible(page, 'a stocktake with an error');

  // One handset as recorded, one with another seal, one not in the register; the other
  // available handsets are not listed and become LOST.
  await seen.fill(`${kept.tag} ${kept.seal}\n${cut.tag} CUT0001\nZZ9`);
  await page.getByRole('button', { name: 'Record the stocktake' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.match(page.url(), /\/establishments\/MDI\/stocktakes\/\d+$/);
  assert.match(await page.locator('h1').innerText(), /^Stocktake of /);
  await expectAccessible(page, 'the stocktake result');
  const summaryList = await page.locator('main .govuk-summary-list').first().innerText();
  assert.ok(summaryList.includes('spoc'), 'taken by the SPoC');
  assert.match(summaryList, /Seen with the recorded seal\s+1/);
  const mismatches = await page.locator('#mismatches + p + table').innerText();
  assert.ok(mismatches.includes(cut.tag) && mismatches.includes('CUT0001'), mismatches);
  assert.match(mismatches, /MDI-TMPP-\d{4}-\d{5}/, 'a draft SEAL_TAMPERED incident');
  assert.match(await page.locator('#unknown + p + ul').innerText(), /ZZ9/);
  assert.match(await page.locator('#missing').innerText(), /Missing \(\d+\)/);

  // The register agrees: the seal mismatch is quarantined.
  await page.goto(`${env.warden.url}/handsets/${cut.tag}`);
  assert.ok((await page.locator('main').innerText()).toUpperCase().includes('QUARANTINED'));
  await page.goto(`${env.warden.url}/establishments/MDI/stocktakes`);
  assert.ok(await page.locator('a[href^="/establishments/MDI/stocktakes/"]').count() >= 1);
  await context.close();
});

test('monitoring sees the incidents and the overdue steps and downloads each table', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'monitoring');
  await page.goto(`${env.warden.url}/tmpp/monitoring`);
  assert.equal(await page.locator('h1').innerText(), 'TMPP monitoring');
  await expectAccessible(page, 'the monitoring view');
  assert.ok(await page.locator('svg.app-bar-chart').isVisible(), 'the chart');
  assert.ok(Number(await page.locator('#total-incidents').innerText()) > 0, 'incidents counted');

  // The stocktake's drafts are counted this month at MDI.
  const month = new Date().toISOString().slice(0, 7);
  const incidents = await page.locator('#incidents-table').innerText();
  assert.ok(incidents.includes(`${month}\tMDI\tSEAL_TAMPERED`), incidents);

  // The demo data's DAMAGE incidents were reported days ago and the RIU was never notified.
  assert.ok(Number(await page.locator('#total-overdue').innerText()) >= 1, 'overdue counted');
  const overdue = page.locator('#overdue-table');
  assert.ok(await overdue.isVisible(), 'the overdue table');
  assert.ok(await overdue.locator('tbody tr').count() >= 1);
  assert.match(await overdue.locator('tbody').innerText(), /RIU notification, due by/);
  assert.ok(await overdue.locator('a[href^="/tmpp/incidents/"]').count() >= 1);

  // Every CSV link downloads a CSV file.
  const links = page.locator('a[href^="/tmpp/monitoring/"][href$=".csv"]');
  assert.equal(await links.count(), 5);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    const response = await page.request.get(`${env.warden.url}${href}`);
    assert.equal(response.status(), 200, href);
    assert.equal(response.headers()['content-type'], 'text/csv; charset=utf-8', href);
  }
  // Clicking one saves the file, and its first line is the header.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the open incidents with an overdue step (CSV)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'tmpp-monitoring-overdue.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  const [header, ...lines] = csv.split('\r\n');
  assert.equal(header, 'reference,type,establishment,status,reported_at,due_by,overdue_step');
  assert.ok(lines.some((l) => l.endsWith(',RIU_NOTIFICATION')), csv);
  await context.close();
});
