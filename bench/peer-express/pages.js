'use strict';
// The peer for issue 9, item 2: Express 4 + Nunjucks serving the three other pages officers and
// Security use most, the way an HMPPS TypeScript UI would, from the same SQLite file with the same
// queries as Warden and the same HTML (views/<page>.njk are made by make_pages.py from pages that
// Warden served, around the hand-written views/<page>-main.njk of this folder):
//   GET /establishments/:code/wings/:wing/lists/current   the officer's wing list page
//   GET /prisoners/:number                                 the prisoner page (officer)
//   GET /establishments/:code/tmpp                         the Security queue, first page
// Each read writes the audit entry Warden writes for it (one a page: ADR 0033 for the prisoner's),
// hash-chained with HMAC-SHA-256 as Warden's are. It is generous to the peer: sql.js keeps the
// database in memory, so its audit writes never reach a disk; sessions are an in-memory Map; there
// is no CSRF check, helmet or logging. It renders what the bench's data holds: the prisoner page
// for prisoners with no TMPP access record (pages.sh sends only those to both servers), the queue
// in its default order.
//
// usage: NODE_ENV=production node pages.js PORT DB_FILE [WORKERS=1]
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { STATUS, serve } = require('./peer_common.js');

const STATE = {
  NONE: ['No access', 'govuk-tag--grey'], REQUESTED: ['Requested', 'govuk-tag--blue'],
  COMPACT_SIGNED: ['Compact signed', 'govuk-tag--light-blue'], ASSESSED: ['Assessed', 'govuk-tag--purple'],
  GRANTED: ['Granted', 'govuk-tag--green'], WITHDRAWN: ['Withdrawn', 'govuk-tag--red'], ENDED: ['Ended', 'govuk-tag--grey'],
};
const BAND = { GREEN: 'govuk-tag--green', AMBER: 'govuk-tag--orange', RED: 'govuk-tag--red' };
const CONDITIONS = { '': 'None' };
const PHASE = { 1: 'Phase 1', 2: 'Phase 2', 3: 'Phase 3' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const PAGE_SIZE = 50;

// Warden's escaping (&apos; for the quote, where Nunjucks' own writes &#39;).
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function escapeHtml(s) { return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]); }
function day(iso) { // 2026-12-05 -> 5 December 2026
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}
function moment(iso) { // 2026-12-05T06:01:56Z -> 5 December 2026 at 06:01 UTC
  return `${day(iso)} at ${iso.slice(11, 16)} UTC`;
}
function band(b) { return { cls: BAND[b], text: b }; }

async function main(PORT, DB) {
  const express = require('express');
  const nunjucks = require('nunjucks');
  const SQL = await require('sql.js')();
  const db = new SQL.Database(fs.readFileSync(DB));
  const q = (sql) => db.prepare(sql);
  const all = (stmt, params) => {
    const rows = [];
    stmt.bind(params);
    while (stmt.step()) rows.push(stmt.get());
    stmt.reset();
    return rows;
  };
  const one = (stmt, params) => all(stmt, params)[0];
  const sql = {
    establishment: q('SELECT code, name, phase FROM establishments WHERE code = ?'),
    wings: q('SELECT code FROM locations WHERE establishment = ? ORDER BY code'),
    rules: q('SELECT version FROM tmpp_risk_rules ORDER BY id DESC LIMIT 1'),
    latestList: q('SELECT version, published_by, published_at, added, removed FROM tmpp_wing_lists ' +
      'WHERE establishment = ? AND wing = ? ORDER BY version DESC LIMIT 1'),
    entries: q('SELECT prison_number, first_name, last_name, cell, band, conditions, review_on ' +
      'FROM tmpp_wing_list_entries WHERE establishment = ? AND wing = ? AND version = ? ORDER BY prison_number'),
    endedSince: q('SELECT g.prison_number, g.ended_at FROM tmpp_grants AS g WHERE g.establishment = ?1 ' +
      'AND NOT g.active AND g.ended_at >= ?3 AND EXISTS (SELECT 1 FROM tmpp_wing_list_entries AS e ' +
      'WHERE e.establishment = g.establishment AND e.wing = ?2 AND e.prison_number = g.prison_number) ' +
      'ORDER BY g.ended_at, g.id'),
    prisoner: q('SELECT prison_number, first_name, last_name, date_of_birth, establishment, wing, cell, ' +
      'legal_status, security_category, alerts, phone_finds_12m, phone_adjudications_12m, ' +
      'phone_intel_12m, gone, updated_at FROM prisoners WHERE prison_number = ?'),
    access: q('SELECT state, ended_need_id FROM tmpp_access WHERE prison_number = ? AND establishment = ?'),
    needs: q('SELECT kind, detail, recorded_at, recorded_by FROM tmpp_needs WHERE prison_number = ? ' +
      'AND establishment = ? ORDER BY id'),
    grant: q('SELECT band FROM tmpp_grants WHERE prison_number = ? AND establishment = ? AND active'),
    events: q('SELECT what FROM tmpp_events WHERE prison_number = ? AND establishment = ? ORDER BY id'),
    recommendation: q('SELECT assessed_at, assessed_by, rules_version, score, band, fired ' +
      'FROM tmpp_recommendations WHERE prison_number = ? AND establishment = ? ORDER BY id DESC LIMIT 1'),
    decision: q('SELECT band FROM tmpp_decisions WHERE prison_number = ? AND establishment = ?'),
    queueTotal: q('SELECT COALESCE(SUM(prisoner_count), 0) FROM locations WHERE establishment = ?'),
    queuePage: q('SELECT p.prison_number, p.first_name, p.last_name, p.wing, p.cell, a.state, ' +
      'r.score, r.band, d.band FROM prisoners AS p ' +
      'LEFT JOIN tmpp_access AS a ON a.prison_number = p.prison_number AND a.establishment = p.establishment ' +
      'LEFT JOIN tmpp_recommendations AS r ON r.id = (SELECT MAX(r2.id) FROM tmpp_recommendations AS r2 ' +
      'WHERE r2.prison_number = p.prison_number AND r2.establishment = p.establishment) ' +
      'LEFT JOIN tmpp_decisions AS d ON d.prison_number = p.prison_number AND d.establishment = p.establishment ' +
      'WHERE p.prison_number IN (SELECT p.prison_number FROM prisoners AS p WHERE p.establishment = ?1 ' +
      'AND NOT p.gone ORDER BY p.prison_number LIMIT ?2 OFFSET ?3) ORDER BY p.prison_number'),
    lastHash: q('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    audit: q('INSERT INTO audit_log (at, actor, source, action, subject, detail, prev_hash, hash, establishment) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const key = crypto.randomBytes(32);
  let prev = (one(sql.lastHash, []) || [''])[0];
  function audit(user, ip, action, subject, detail, est) {
    const at = new Date().toISOString().slice(0, 19) + 'Z';
    const hash = crypto.createHmac('sha256', key)
      .update([prev, at, user, ip, action, subject, detail].join('\n')).digest('hex');
    db.run('BEGIN');
    sql.audit.run([at, user, ip, action, subject, detail, prev, hash, est]);
    db.run('COMMIT');
    prev = hash;
  }

  const sessions = new Map([
    ['peer-officer', { user: 'officer', caseload: ['MDI'], csrf: process.env.PEER_CSRF_OFFICER || '' }],
    ['peer-security', { user: 'security', caseload: ['MDI'], csrf: process.env.PEER_CSRF_SECURITY || '' }],
  ]);
  function session(req, res) {
    const sid = (req.headers.cookie || '').match(/warden_session=([^;]+)/);
    const s = sid && sessions.get(sid[1]);
    if (!s) res.status(404).send('not found');
    return s;
  }
  const server = express();
  const env = nunjucks.configure(path.join(__dirname, 'views'), { autoescape: true, lstripBlocks: true, express: server });
  env.addFilter('h', (v) => new nunjucks.runtime.SafeString(escapeHtml(v)));

  server.get('/establishments/:code/wings/:wing/lists/current', (req, res) => {
    const s = session(req, res); if (!s) return;
    const { code, wing } = req.params;
    if (!s.caseload.includes(code)) return res.status(404).send('not found');
    const e = one(sql.establishment, [code]);
    const list = one(sql.latestList, [code, wing]);
    const page = { title: `TMPP list for wing ${wing} at ${e[1]}`, est_code: code, est_name: e[1], wing };
    if (list) {
      const withdrawn = all(sql.endedSince, [code, wing, list[2]]).map((g) => g[0]);
      page.list = {
        version: list[0], published_at: moment(list[2]), published_by: list[1],
        added: list[3] ? list[3].split(',') : [], removed: list[4] ? list[4].split(',') : [],
      };
      page.rows = all(sql.entries, [code, wing, list[0]]).map((r) => ({
        number: r[0], name: `${r[2]}, ${r[1]}`, cell: r[3], band: band(r[4]),
        conditions: CONDITIONS[r[5]] || r[5], review_on: day(r[6]), withdrawn: withdrawn.includes(r[0]),
      }));
    }
    audit(s.user, req.ip, 'tmpp.wing_list.read', `wing:${code}/${wing}`,
      `format=page version=${list ? list[0] : 0} count=${page.rows ? page.rows.length : 0} stale=false`, code);
    res.render('wing.njk', page);
  });

  server.get('/prisoners/:number', (req, res) => {
    const s = session(req, res); if (!s) return;
    const p = one(sql.prisoner, [req.params.number]);
    if (!p || !s.caseload.includes(p[4])) return res.status(404).send('not found');
    const est = p[4];
    const access = one(sql.access, [p[0], est]);
    const needs = all(sql.needs, [p[0], est]);
    const grant = one(sql.grant, [p[0], est]);
    const events = all(sql.events, [p[0], est]);
    const state = access ? access[0] : 'NONE';
    const rec = one(sql.recommendation, [p[0], est]);
    const decision = one(sql.decision, [p[0], est]);
    audit(s.user, req.ip, 'prisoner.read', `prisoner:${p[0]}`,
      `establishment=${est} tmpp_state=${state} needs=${needs.length} events=${events.length} ` +
      `recommendation=${rec ? 'yes' : 'no'} decision=${decision ? 'yes' : 'no'}`, est);
    const page = {
      title: `${p[1]} ${p[2]} (${p[0]})`, number: p[0], name: `${p[1]} ${p[2]}`, first_name: p[1],
      last_name: p[2], date_of_birth: day(p[3]), establishment: est, wing: p[5], cell: p[6],
      legal_status: STATUS[p[7]] || p[7], category: p[8] === 'U' ? 'U (not yet categorised)' : p[8], alerts: p[9] ? p[9].split(';') : [],
      phone_finds: p[10], phone_adjudications: p[11], phone_intel: p[12], gone: p[13] !== 0,
      updated_at: moment(p[14]), state: { code: state, text: STATE[state][0], cls: STATE[state][1] },
      grant: !!grant,
    };
    if (rec) {
      page.rec = {
        at: moment(rec[0]), by: rec[1], version: rec[2], score: rec[3], band: band(rec[4]),
        fired: rec[5] ? rec[5].split('\n').map((l) => l.split('\t')).map((f) => ({ rule: f[0], points: f[2] === '1' ? 'RED' : f[1], evidence: f[3] })) : [],
      };
    }
    res.render('prisoner.njk', page);
  });

  server.get('/establishments/:code/tmpp', (req, res) => {
    const s = session(req, res); if (!s) return;
    const { code } = req.params;
    if (!s.caseload.includes(code)) return res.status(404).send('not found');
    const e = one(sql.establishment, [code]);
    const wings = all(sql.wings, [code]).map((w) => w[0]);
    const total = one(sql.queueTotal, [code])[0];
    const rows = all(sql.queuePage, [code, PAGE_SIZE, 0]).map((r) => ({
      number: r[0], name: `${r[2]}, ${r[1]}`, wing: r[3], cell: r[4],
      state: { text: STATE[r[5] || 'NONE'][0], cls: STATE[r[5] || 'NONE'][1] },
      rec: r[7] === null ? null : { band: band(r[7]), score: r[6] },
      decision: r[8] === null ? null : { band: band(r[8]) },
      selectable: r[7] !== null && r[8] === null,
    }));
    audit(s.user, req.ip, 'tmpp.queue.read', `establishment:${code}`,
      `sort=number dir=asc offset=0 limit=${PAGE_SIZE} count=${rows.length} total=${total}`, code);
    res.render('queue.njk', {
      title: `TMPP security queue at ${e[1]}`, est_code: code, est_name: e[1], phase: PHASE[e[2]] || e[2],
      rules_version: (one(sql.rules, []) || ['default-1'])[0], wings, rows, csrf: s.csrf,
      wing_choices: [['', 'All wings']].concat(wings.map((w) => [w, w])), total: total.toLocaleString('en-GB'),
      pages: Math.ceil(total / PAGE_SIZE), can_confirm: rows.some((r) => r.selectable),
    });
  });
  server.listen(PORT, '127.0.0.1');
}

serve(8096, main);
