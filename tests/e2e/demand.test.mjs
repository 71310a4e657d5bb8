// Browser test of digital demand: a governor drafts a biometrics proposal through the task list,
// sees its flags on check your answers and submits it; a reviewer opens the week's agenda,
// records advice and issues the week's advice; the governor sees the advice on the proposal's
// page; both open the demand dashboard. The governor sees the related proposal of another
// establishment before submitting; the reviewer opens the estate view and joins the similar
// proposals into a group led by LEI, which the governor then sees. axe-core checks every page
// visited (WCAG 2.2 A and AA).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectAccessible, expectBanner, signIn, useWarden } from './support.mjs';

const env = useWarden();

/** The ISO week ("2026-W49") of the next Wednesday (the default review day) on or after today. */
function nextReviewWeek() {
  const day = new Date();
  const today = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const kDay = 86400000;
  const weekday = new Date(today).getUTCDay(); // Sunday 0
  const review = today + ((3 - weekday + 7) % 7) * kDay;
  const isoDay = (new Date(review).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(review + (3 - isoDay) * kDay);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * kDay;
  const week = Math.floor((thursday.getTime() - week1) / (7 * kDay)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

async function go(page, action) {
  await action();
  await page.waitForLoadState('domcontentloaded');
}

const kTitle = 'E2E biometric visitor enrolment';

test('a biometrics proposal goes from draft to advice seen by its proposer', async () => {
  // The governor drafts it through the task list.
  const governorContext = await env.browser.newContext();
  const gov = await governorContext.newPage();
  await signIn(gov, env.warden.url, 'governor');
  await gov.goto(`${env.warden.url}/proposals`);
  await expectAccessible(gov, 'proposals list');
  await go(gov, () => gov.getByRole('button', { name: 'Start a new proposal' }).click());
  await expectAccessible(gov, 'start a proposal');
  await go(gov, () => gov.getByRole('button', { name: 'Save and continue' }).click());
  assert.ok(await gov.locator('.govuk-error-summary').isVisible(), 'no title: error summary');
  await expectAccessible(gov, 'start a proposal with errors');
  await gov.getByLabel('Title', { exact: true }).fill(kTitle);
  await gov.getByLabel('What need does it meet?').fill('Visitors queue for an hour to be identified.');
  await go(gov, () => gov.getByRole('button', { name: 'Save and continue' }).click());
  const match = gov.url().match(/\/proposals\/(\d+)\/tasks$/);
  assert.ok(match, `the task list after creating, at ${gov.url()}`);
  const id = match[1];
  assert.ok(await gov.locator('.govuk-task-list').isVisible());
  await expectAccessible(gov, 'task list');

  await go(gov, () => gov.getByRole('link', { name: 'About the proposal' }).click());
  await expectAccessible(gov, 'about the proposal');
  await gov.getByLabel('Summary').fill('Fingerprint enrolment of visitors at the gate.');
  await gov.getByLabel('Category').selectOption('BIOMETRICS');
  await go(gov, () => gov.getByRole('button', { name: 'Save and return to the task list' }).click());
  await expectBanner(gov, 'saved');

  await go(gov, () => gov.getByRole('link', { name: 'Users and supplier' }).click());
  await expectAccessible(gov, 'users and supplier');
  await gov.getByLabel('Staff').check();
  await gov.getByLabel('Supplier').fill('Acme Biometrics');
  await gov.getByLabel('Day').fill('1');
  await gov.getByLabel('Month').fill('4');
  await gov.getByLabel('Year').fill('2027');
  await go(gov, () => gov.getByRole('button', { name: 'Save and return to the task list' }).click());

  await go(gov, () => gov.getByRole('link', { name: 'Assurance and data' }).click());
  await expectAccessible(gov, 'assurance and data');
  await gov.getByLabel('It processes personal data').check();
  await gov.getByLabel('It connects to the HMPPS network').check();
  await go(gov, () => gov.getByRole('button', { name: 'Save and return to the task list' }).click());

  await go(gov, () => gov.getByRole('link', { name: 'Costs', exact: true }).click());
  await expectAccessible(gov, 'costs');
  await gov.getByLabel('One-off hardware and software (£)').fill('lots');
  await go(gov, () => gov.getByRole('button', { name: 'Save and return to the task list' }).click());
  assert.ok(await gov.locator('.govuk-error-summary').isVisible(), 'a bad amount: error summary');
  await expectAccessible(gov, 'costs with an error');
  await gov.getByLabel('One-off hardware and software (£)').fill('12000');
  await gov.getByLabel('Yearly support (£)').fill('1500.50');
  await gov.getByLabel('Contract term in years').fill('3');
  await go(gov, () => gov.getByRole('button', { name: 'Save and return to the task list' }).click());
  assert.ok((await gov.locator('#progress').innerText()).includes('4 of 4'));

  // Before submitting, the proposal's page shows the similar proposal of another establishment
  // (the demo's LEI fingerprint proposal) and why it matched.
  await gov.goto(`${env.warden.url}/proposals/${id}`);
  const related = await gov.locator('#related').innerText();
  assert.ok(related.includes('Fingerprint identity checks for property collection'), related);
  assert.ok(related.includes('LEI'), 'the related proposal names its establishment');
  assert.ok(related.includes('fingerprint'), 'and the shared term');
  await expectAccessible(gov, 'the draft with its related proposal');
  await gov.goto(`${env.warden.url}/proposals/${id}/tasks`);

  // Check your answers: the whole-life cost and the flags, then submit.
  await go(gov, () => gov.getByRole('button', { name: 'Check your answers' }).click());
  assert.ok(gov.url().endsWith(`/proposals/${id}/check`), gov.url());
  assert.equal((await gov.locator('#whole-life-cost').innerText()).trim(), '£16,501.50');
  const flags = await gov.locator('#flags').innerText();
  for (const code of ['MULTI_YEAR', 'UNASSURED', 'DATA_PROTECTION_REVIEW', 'NETWORK_SECURITY_REVIEW']) {
    assert.ok(flags.includes(code), `flag ${code} on check your answers`);
  }
  await expectAccessible(gov, 'check your answers');
  await go(gov, () => gov.getByRole('button', { name: 'Submit proposal' }).click());
  assert.ok(await gov.locator('.govuk-panel--confirmation').isVisible(), 'the confirmation panel');
  assert.equal((await gov.locator('#reference').innerText()).trim(), id);
  await expectAccessible(gov, 'proposal submitted');

  // The reviewer opens the week's agenda, records advice and issues it.
  const reviewerContext = await env.browser.newContext();
  const rev = await reviewerContext.newPage();
  await signIn(rev, env.warden.url, 'reviewer');
  const week = nextReviewWeek();
  await rev.goto(`${env.warden.url}/reviews`);
  assert.ok((await rev.locator('h1').innerText()).includes(week), `this week's agenda is ${week}`);
  await rev.goto(`${env.warden.url}/reviews?week=${week}`);
  assert.ok((await rev.locator('#agenda').innerText()).includes(kTitle), 'the proposal is on the agenda');
  await expectAccessible(rev, "the week's agenda");
  await go(rev, () => rev.getByRole('link', { name: kTitle }).click());
  assert.ok(rev.url().endsWith(`/proposals/${id}`), rev.url());
  await expectAccessible(rev, 'the proposal as reviewer');
  await go(rev, () => rev.getByRole('button', { name: 'Take into review' }).click());
  await expectBanner(rev, 'Proposal taken into review');
  assert.ok((await rev.locator('#timeline').innerText()).includes('Taken into review'));
  await expectAccessible(rev, 'the proposal in review');
  await rev.getByLabel('Outcome').selectOption('SUPPORTED_WITH_CONDITIONS');
  await rev.getByLabel('Advice to the proposer').fill('Join the national biometrics pilot before signing a contract.');
  await go(rev, () => rev.getByRole('button', { name: 'Record advice' }).click());
  await expectBanner(rev, 'Advice recorded');
  await expectAccessible(rev, 'the proposal with advice recorded');
  await rev.goto(`${env.warden.url}/reviews?week=${week}`);
  await go(rev, () => rev.getByRole('button', { name: "Issue this week's advice" }).click());
  await expectBanner(rev, 'will be emailed to the proposer');
  await expectAccessible(rev, 'the agenda after issuing');

  // The reviewer's dashboard: the estate, with the new proposal's cost in it.
  await rev.goto(`${env.warden.url}/proposals/dashboard`);
  assert.equal(await rev.locator('svg.app-bar-chart[role="img"]').count(), 4, 'four charts');
  assert.ok((await rev.locator('#by-category-table').innerText()).includes('Biometrics'));
  await expectAccessible(rev, 'the dashboard as reviewer');
  const csv = await rev.request.get(`${env.warden.url}/proposals/dashboard/by-category.csv`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  assert.ok((await csv.text()).startsWith('category,name,proposals,whole_life_cost_pence,'));

  // The estate view groups the biometrics proposals of MDI and LEI; the reviewer joins them into
  // a group led by LEI.
  await rev.goto(`${env.warden.url}/proposals/estate`);
  const estate = await rev.locator('#estate-table').innerText();
  assert.ok(estate.includes('2 establishments propose biometrics from 2 suppliers'), estate);
  assert.ok(estate.includes(kTitle), 'the new proposal is in the group');
  await expectAccessible(rev, 'the estate view');
  const estateCsv = await rev.request.get(`${env.warden.url}/proposals/estate.csv`);
  assert.equal(estateCsv.status(), 200);
  assert.ok((await estateCsv.text()).startsWith('group,headline,category,lead_proposal,'));
  await go(rev, () => rev.getByRole('link', { name: /Join these into a group/ }).first().click());
  await expectAccessible(rev, 'joining proposals into a group');
  await rev.getByLabel('Lead establishment').selectOption('LEI');
  await go(rev, () => rev.getByRole('button', { name: 'Create the group' }).click());
  await expectBanner(rev, 'Group created');
  assert.ok((await rev.locator('#group-members').innerText()).includes(kTitle));
  assert.ok((await rev.locator('.govuk-caption-l').innerText()).includes('Led by LEI'));
  await expectAccessible(rev, 'the group');
  await reviewerContext.close();

  // The governor sees the advice on the proposal's page, and their own dashboard.
  await gov.goto(`${env.warden.url}/proposals/${id}`);
  assert.equal((await gov.locator('#advice-outcome').innerText()).trim(), 'Supported with conditions');
  assert.ok((await gov.locator('#advice-text').innerText()).includes('national biometrics pilot'));
  assert.ok((await gov.locator('#timeline').innerText()).includes('Advice emailed to the proposer'));
  assert.ok((await gov.locator('#group-lead').innerText()).includes('LEI'), 'the group and its lead');
  await expectAccessible(gov, 'the proposal with its advice');
  await gov.goto(`${env.warden.url}/proposals/dashboard`);
  assert.ok((await gov.locator('.govuk-caption-l').first().innerText()).includes('Your establishments: MDI'));
  assert.ok(!(await gov.locator('#by-establishment-table').innerText()).includes('(LEI)'),
    'only the caseload');
  await expectAccessible(gov, 'the dashboard as governor');

  // The governor withdraws it after a confirmation page.
  await gov.goto(`${env.warden.url}/proposals/${id}`);
  await go(gov, () => gov.getByRole('button', { name: 'Withdraw the proposal' }).click());
  assert.ok(gov.url().endsWith(`/proposals/${id}/withdraw`), gov.url());
  await expectAccessible(gov, 'withdrawing a proposal');
  await go(gov, () => gov.getByRole('button', { name: 'Yes, withdraw the proposal' }).click());
  await expectBanner(gov, 'Proposal withdrawn');
  await expectAccessible(gov, 'the proposals after withdrawing');
  await governorContext.close();
});
