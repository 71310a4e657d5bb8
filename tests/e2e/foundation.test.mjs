// Browser tests of the foundation: sign in as each demo role, import a CSV as Security, find the
// prisoner, and check every page visited with axe-core (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { expectAccessible, signIn, signOut, useWarden } from './support.mjs';

const env = useWarden();

test('the sign-in page is accessible and rejects a wrong password', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.warden.url}/sign-in`);
  await expectAccessible(page, 'sign in');
  await page.getByLabel('Username').fill('security');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
  assert.ok(page.url().includes('/sign-in'));
  assert.ok(await page.locator('.govuk-error-summary').isVisible(), 'error summary shown');
  await expectAccessible(page, 'sign in with an error');
  await page.close();
});

test('every demo role signs in and sees only what it may', async () => {
  const expectations = {
    admin: { sees: ['/admin/users'], not: ['/establishments/MDI/prisoners'] },
    officer: { sees: ['/establishments/MDI/prisoners'], not: ['/admin/users'] },
    spoc: { sees: ['/establishments/MDI/prisoners'], not: ['/admin/users'] },
    security: { sees: ['/establishments/MDI/import'], not: ['/admin/users'] },
    governor: { sees: ['/establishments/MDI/prisoners'], not: ['/admin/users', '/establishments/MDI/import'] },
    monitoring: { sees: ['/audit'], not: ['/admin/users', '/establishments/MDI/prisoners'] },
    reviewer: { sees: [], not: ['/admin/users', '/establishments/MDI/prisoners', '/audit'] },
  };
  for (const [username, rule] of Object.entries(expectations)) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await signIn(page, env.warden.url, username);
    await expectAccessible(page, `home of ${username}`);
    for (const href of rule.sees) {
      assert.ok(await page.locator(`a[href="${href}"]`).count() > 0, `${username} has a link to ${href}`);
      const response = await page.goto(`${env.warden.url}${href}`);
      assert.equal(response.status(), 200, `${username} may open ${href}`);
      await expectAccessible(page, `${href} as ${username}`);
      await page.goBack();
    }
    for (const href of rule.not) {
      assert.equal(await page.locator(`a[href="${href}"]`).count(), 0, `${username} has no link to ${href}`);
      const response = await page.goto(`${env.warden.url}${href}`);
      assert.ok([403, 404].includes(response.status()), `${username} may not open ${href}`);
    }
    await context.close();
  }
});

test('security imports a CSV, sees the rejected line, and finds the prisoner', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'security');

  const csv = path.join(env.warden.dir, 'import.csv');
  writeFileSync(csv, [
    'prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,' +
      'security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m',
    'Z9876ZY,Quentin,Zebedee,1988-03-04,MDI,A,A-1-042,REMAND,C,XOCGN,1,0,2',
    'Z9877ZY,Bad,Row,1988-02-30,MDI,A,A-1-043,SENTENCED,C,,0,0,0',
    '',
  ].join('\n'));

  await page.goto(`${env.warden.url}/establishments/MDI/import`);
  await expectAccessible(page, 'import form');
  await page.locator('input[type=file]').setInputFiles(csv);
  await page.getByLabel(/partial/i).check();
  await page.getByRole('button', { name: /import/i }).click();
  await page.waitForLoadState('domcontentloaded');
  const body = await page.locator('main').innerText();
  assert.match(body, /New prisoners\s+1\b/, body);
  assert.match(body, /Rejected lines\s+1\b/, body);
  assert.match(body, /\n3\s+date_of_birth/, 'the rejected line is numbered as in the file (header = 1)');
  assert.match(body, /not a real date/, 'the rejected line says why');
  await expectAccessible(page, 'import result');

  await page.goto(`${env.warden.url}/establishments/MDI/prisoners`);
  await page.getByLabel('Name or prison number').fill('Zebedee');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page, 'prisoner search');
  await page.getByRole('link', { name: 'Z9876ZY' }).click();
  await page.waitForLoadState('domcontentloaded');
  const record = await page.locator('main').innerText();
  assert.match(record, /Quentin/);
  assert.match(record, /XOCGN/);
  await expectAccessible(page, 'prisoner record');

  await signOut(page);
  assert.ok(page.url().includes('/sign-in') || (await page.locator('h1').innerText()).match(/sign/i));
  await context.close();
});

test('a prisoner outside the caseload is not found', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.warden.url, 'officer');
  const response = await page.goto(`${env.warden.url}/establishments/BWI/prisoners`);
  assert.equal(response.status(), 404);
  await expectAccessible(page, 'not found page');
  await context.close();
});
