#include "storage/demand/sql_proposals.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>
#include <utility>

#include "core/strings.hpp"
#include "storage/demand/search_sql.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::Proposal;
using domain::ProposalEvent;
using domain::ProposalScope;

namespace {

constexpr const char* kColumns =
    "p.id, p.establishment, p.proposer, p.title, p.summary, p.need, p.category, p.users, "
    "p.supplier, p.assured, p.free_offer, p.personal_data, p.hmpps_network, "
    "p.central_funding_assumed, p.wanted_start, p.one_off_hardware_software_pence, "
    "p.one_off_labour_pence, p.internal_staff_pence, p.yearly_support_pence, "
    "p.yearly_live_service_pence, p.contract_years, p.state, p.created_at, p.updated_at, "
    "p.submitted_at, p.advice_outcome, p.advice_text, p.advice_by, p.advice_at, "
    "p.advice_issued_at";

Result<TimePoint> Time(std::string_view text) {
    auto t = ParseRfc3339(text);
    if (!t) return Error::Internal("a demand proposal has a bad time");
    return *t;
}

std::string JoinUsers(const std::vector<std::string>& users) {
    std::string out;
    for (const auto& u : users) {
        if (!out.empty()) out += ',';
        out += u;
    }
    return out;
}

Status ReadProposal(const SqlRow& row, Proposal& p) {
    auto& f = p.fields;
    p.id = row.Int(0);
    f.establishment = row.String(1);
    p.proposer = row.String(2);
    f.title = row.String(3);
    f.summary = row.String(4);
    f.need = row.String(5);
    f.category = row.String(6);
    f.users.clear();
    for (const auto& u : Split(row.Text(7), ',')) {
        if (!u.empty()) f.users.emplace_back(u);
    }
    f.supplier = row.String(8);
    f.assured = row.Bool(9);
    f.free_offer = row.Bool(10);
    f.personal_data = row.Bool(11);
    f.hmpps_network = row.Bool(12);
    f.central_funding_assumed = row.Bool(13);
    f.wanted_start = row.String(14);
    f.one_off_hardware_software_pence = row.Int(15);
    f.one_off_labour_pence = row.Int(16);
    f.internal_staff_pence = row.Int(17);
    f.yearly_support_pence = row.Int(18);
    f.yearly_live_service_pence = row.Int(19);
    f.contract_years = static_cast<int>(row.Int(20));
    auto state = domain::ParseProposalState(row.Text(21));
    if (!state) return Error::Internal("a demand proposal has an unknown state");
    p.state = *state;
    WARDEN_ASSIGN_OR_RETURN(p.created_at, Time(row.Text(22)));
    WARDEN_ASSIGN_OR_RETURN(p.updated_at, Time(row.Text(23)));
    p.submitted_at.reset();
    if (!row.IsNull(24)) {
        WARDEN_ASSIGN_OR_RETURN(TimePoint at, Time(row.Text(24)));
        p.submitted_at = at;
    }
    p.advice.reset();
    if (!row.IsNull(25)) {
        domain::ProposalAdvice a;
        a.outcome = row.String(25);
        a.text = row.String(26);
        a.by = row.String(27);
        WARDEN_ASSIGN_OR_RETURN(a.at, Time(row.Text(28)));
        if (!row.IsNull(29)) {
            WARDEN_ASSIGN_OR_RETURN(TimePoint issued, Time(row.Text(29)));
            a.issued_at = issued;
        }
        p.advice = std::move(a);
    }
    return Ok();
}

/// The 31 stored values of `p` after its id: kColumns' order up to the advice's time, then its
/// search terms and supplier key (computed here, so that every write keeps them current), then
/// when its advice was issued.
SqlParams Values(const Proposal& p) {
    const auto& f = p.fields;
    SqlParams out{f.establishment,
                  p.proposer,
                  f.title,
                  f.summary,
                  f.need,
                  f.category,
                  JoinUsers(f.users),
                  f.supplier,
                  f.assured,
                  f.free_offer,
                  f.personal_data,
                  f.hmpps_network,
                  f.central_funding_assumed,
                  f.wanted_start,
                  f.one_off_hardware_software_pence,
                  f.one_off_labour_pence,
                  f.internal_staff_pence,
                  f.yearly_support_pence,
                  f.yearly_live_service_pence,
                  f.contract_years,
                  std::string(domain::ProposalStateName(p.state)),
                  FormatRfc3339(p.created_at),
                  FormatRfc3339(p.updated_at)};
    out.emplace_back(p.submitted_at ? SqlParam(FormatRfc3339(*p.submitted_at)) : SqlParam());
    if (p.advice) {
        out.emplace_back(p.advice->outcome);
        out.emplace_back(p.advice->text);
        out.emplace_back(p.advice->by);
        out.emplace_back(FormatRfc3339(p.advice->at));
    } else {
        out.insert(out.end(), 4, SqlParam());
    }
    out.emplace_back(domain::ProposalSearchText(f));
    out.emplace_back(domain::SupplierKey(f.supplier));
    out.emplace_back(p.advice && p.advice->issued_at ? SqlParam(FormatRfc3339(*p.advice->issued_at))
                                                     : SqlParam());
    return out;
}

/// The position of the search terms in Values().
constexpr std::size_t kSearchTermsValue = 28;

/// At most this many rows a statement of the term counts reads or writes (a power of two; the
/// parameters stay far below both databases' limits).
constexpr std::size_t kTermsPerStatement = 256;

/// The number of rows of the next statement of the term counts with `left` rows to go: a power
/// of two, so that the connections' caches of prepared statements hold a few texts (one per
/// size), not one per number of terms.
std::size_t RowsOfNextStatement(std::size_t left) {
    std::size_t n = kTermsPerStatement;
    while (n > left) n /= 2;
    return n;
}

/// Adds each delta to its term's count (the empty term counts proposals), creating missing rows.
/// `deltas` is sorted by term with no repeats, so concurrent writers on PostgreSQL lock the rows
/// in one order. (A count that reaches 0 keeps its row.)
Status AdjustTermCounts(SqlConnection& c,
                        const std::vector<std::pair<std::string_view, std::int64_t>>& deltas) {
    for (std::size_t start = 0; start < deltas.size();) {
        const std::size_t end = start + RowsOfNextStatement(deltas.size() - start);
        std::string sql = "INSERT INTO demand_term_counts (term, proposals) VALUES ";
        SqlParams params;
        params.reserve(2 * (end - start));
        for (std::size_t i = start; i < end; ++i) {
            if (i > start) sql += ", ";
            sql.append("($").append(std::to_string(params.size() + 1));
            sql.append(", $").append(std::to_string(params.size() + 2)).append(")");
            params.emplace_back(deltas[i].first);
            params.emplace_back(deltas[i].second);
        }
        sql +=
            " ON CONFLICT (term) DO UPDATE SET proposals = demand_term_counts.proposals + "
            "excluded.proposals";
        WARDEN_TRY(c.Exec(sql, params));
        start = end;
    }
    return Ok();
}

/// The count changes from a proposal's stored terms `before` to `after` (both as
/// ProposalSearchText makes them: sorted, no repeats), sorted by term.
std::vector<std::pair<std::string_view, std::int64_t>> TermDeltas(std::string_view before,
                                                                  std::string_view after) {
    const std::vector<std::string_view> old_terms = domain::StoredTerms(before);
    const std::vector<std::string_view> new_terms = domain::StoredTerms(after);
    std::vector<std::pair<std::string_view, std::int64_t>> out;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < old_terms.size() || j < new_terms.size()) {
        if (j == new_terms.size() || (i < old_terms.size() && old_terms[i] < new_terms[j])) {
            out.emplace_back(old_terms[i++], -1);
        } else if (i == old_terms.size() || new_terms[j] < old_terms[i]) {
            out.emplace_back(new_terms[j++], 1);
        } else {
            ++i;
            ++j;
        }
    }
    return out;
}

}  // namespace

std::string SqlProposals::ScopeWhere(const ProposalScope& scope, int n, SqlParams& params) const {
    const Dialect d = c_.dialect();
    std::string sql = "(";
    sql += ScopeCondition(d, "p.establishment", n);
    sql += " OR (p.submitted_at IS NOT NULL AND ";
    sql += ScopeCondition(d, "p.establishment", n + 2);
    sql += "))";
    AppendScopeParams(d, scope.all_states, params);
    AppendScopeParams(d, scope.submitted, params);
    return sql;
}

Result<Id> SqlProposals::Add(const Proposal& proposal) {
    const SqlParams values = Values(proposal);
    Id id = 0;
    WARDEN_TRY(QueryOne(
        c_,
        "INSERT INTO demand_proposals (establishment, proposer, title, summary, need, category, "
        "users, supplier, assured, free_offer, personal_data, hmpps_network, "
        "central_funding_assumed, wanted_start, one_off_hardware_software_pence, "
        "one_off_labour_pence, internal_staff_pence, yearly_support_pence, "
        "yearly_live_service_pence, contract_years, state, created_at, updated_at, submitted_at, "
        "advice_outcome, advice_text, advice_by, advice_at, search_terms, supplier_key, "
        "advice_issued_at) VALUES ($1, "
        "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
        "$21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) RETURNING id",
        values, [&](const SqlRow& row) { id = row.Int(0); }));
    if (id == 0) return Error::Internal("the proposal was not stored");
    // One more proposal, holding its terms ("" sorts before every term).
    auto deltas = TermDeltas("", values[kSearchTermsValue].text());
    deltas.insert(deltas.begin(), std::pair<std::string_view, std::int64_t>{"", 1});
    WARDEN_TRY(AdjustTermCounts(c_, deltas));
    return id;
}

Status SqlProposals::Update(const Proposal& proposal) {
    // The terms stored before, read under the row's lock on PostgreSQL (SQLite's writer holds
    // the database), so that the counts follow every change however writers interleave.
    std::string before;
    WARDEN_ASSIGN_OR_RETURN(
        bool found,
        QueryOne(c_,
                 std::string("SELECT search_terms FROM demand_proposals WHERE id = $1") +
                     (c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                 {static_cast<std::int64_t>(proposal.id)},
                 [&](const SqlRow& row) { before = row.IsNull(0) ? "" : row.String(0); }));
    if (!found) return Error::NotFound("no such proposal");
    SqlParams params = Values(proposal);
    params.emplace_back(static_cast<std::int64_t>(proposal.id));
    // (Views into `params`, which no longer grows.)
    const std::vector<std::pair<std::string_view, std::int64_t>> deltas =
        TermDeltas(before, params[kSearchTermsValue].text());
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE demand_proposals SET establishment = $1, proposer = $2, title = $3, "
                "summary = $4, need = $5, category = $6, users = $7, supplier = $8, "
                "assured = $9, free_offer = $10, personal_data = $11, hmpps_network = $12, "
                "central_funding_assumed = $13, wanted_start = $14, "
                "one_off_hardware_software_pence = $15, one_off_labour_pence = $16, "
                "internal_staff_pence = $17, yearly_support_pence = $18, "
                "yearly_live_service_pence = $19, contract_years = $20, state = $21, "
                "created_at = $22, updated_at = $23, submitted_at = $24, advice_outcome = $25, "
                "advice_text = $26, advice_by = $27, advice_at = $28, search_terms = $29, "
                "supplier_key = $30, advice_issued_at = $31 WHERE id = $32",
                params));
    if (n == 0) return Error::NotFound("no such proposal");
    return AdjustTermCounts(c_, deltas);
}

Result<Proposal> SqlProposals::Get(Id id, const ProposalScope& scope) {
    return Read(id, scope, false);
}

Result<Proposal> SqlProposals::GetForUpdate(Id id, const ProposalScope& scope) {
    return Read(id, scope, true);
}

Result<Proposal> SqlProposals::Read(Id id, const ProposalScope& scope, bool lock) {
    SqlParams params{static_cast<std::int64_t>(id)};
    const std::string where = ScopeWhere(scope, 2, params);
    Proposal out;
    Status status = Ok();
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             std::string("SELECT ") + kColumns +
                                 " FROM demand_proposals p WHERE p.id = $1 AND " + where +
                                 (lock && c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                             params, [&](const SqlRow& row) { status = ReadProposal(row, out); }));
    WARDEN_TRY(status);
    if (!found) return Error::NotFound("no such proposal");
    return out;
}

Result<std::vector<Proposal>> SqlProposals::List(const domain::ProposalQuery& q,
                                                 const ProposalScope& scope) {
    SqlParams params;
    std::string sql = std::string("SELECT ") + kColumns + " FROM demand_proposals p WHERE " +
                      ScopeWhere(scope, 1, params);
    if (!q.establishment.empty()) {
        params.emplace_back(q.establishment);
        sql += " AND p.establishment = $" + std::to_string(params.size());
    }
    if (q.state) {
        params.emplace_back(std::string(domain::ProposalStateName(*q.state)));
        sql += " AND p.state = $" + std::to_string(params.size());
    }
    if (!q.category.empty()) {
        params.emplace_back(q.category);
        sql += " AND p.category = $" + std::to_string(params.size());
    }
    sql += " ORDER BY p.id DESC";
    std::vector<Proposal> out;
    WARDEN_TRY(c_.Query(sql, params,
                        [&](const SqlRow& row) { return ReadProposal(row, out.emplace_back()); }));
    return out;
}

Result<Id> SqlProposals::AddEvent(const ProposalEvent& e) {
    Id id = 0;
    WARDEN_TRY(QueryOne(
        c_,
        "INSERT INTO demand_proposal_events (proposal_id, at, by_user, what, "
        "detail) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {static_cast<std::int64_t>(e.proposal_id), FormatRfc3339(e.at), e.by, e.what, e.detail},
        [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<ProposalEvent>> SqlProposals::Timeline(Id proposal_id,
                                                          const ProposalScope& scope) {
    SqlParams params{static_cast<std::int64_t>(proposal_id)};
    const std::string where = ScopeWhere(scope, 2, params);
    std::vector<ProposalEvent> out;
    WARDEN_TRY(
        c_.Query("SELECT e.id, e.proposal_id, e.at, e.by_user, e.what, e.detail "
                 "FROM demand_proposal_events e JOIN demand_proposals p ON p.id = e.proposal_id "
                 "WHERE e.proposal_id = $1 AND " +
                     where + " ORDER BY e.id",
                 params, [&](const SqlRow& row) -> Status {
                     ProposalEvent& e = out.emplace_back();
                     e.id = row.Int(0);
                     e.proposal_id = row.Int(1);
                     WARDEN_ASSIGN_OR_RETURN(e.at, Time(row.Text(2)));
                     e.by = row.String(3);
                     e.what = row.String(4);
                     e.detail = row.String(5);
                     return Ok();
                 }));
    return out;
}

Result<std::vector<domain::SimilarCandidate>> SqlProposals::SimilarCandidates(
    const domain::SimilarityProbe& probe, const domain::Scope& scope, int limit) {
    const Dialect d = c_.dialect();
    SqlParams base{static_cast<std::int64_t>(probe.exclude_id), probe.establishment};
    const std::string where =
        "p.submitted_at IS NOT NULL AND p.state NOT IN ('WITHDRAWN', 'RETURNED') AND "
        "p.id <> $1 AND p.establishment <> $2 AND " +
        ScopeCondition(d, "p.establishment", 3);
    AppendScopeParams(d, scope, base);
    std::vector<domain::SimilarCandidate> out;
    const auto find = [&](const TermSource& source, SqlParam value) -> Status {
        SqlParams params = base;
        params.push_back(std::move(value));
        params.emplace_back(static_cast<std::int64_t>(limit));
        // Planned for the probe's values: the best plan of a rare term or supplier (its index,
        // then a sort) is not that of a common one (the newest first until the limit; ADR 0028).
        return c_.QueryPlannedEachTime(
            "SELECT p.id, p.establishment, p.title, p.category, p.supplier_key, p.search_terms, "
            "p.supplier FROM " +
                source.from + " WHERE " + where + " AND " + source.condition + " ORDER BY " +
                source.newest_first + " LIMIT $6",
            params, [&](const SqlRow& row) -> Status {
                domain::SimilarCandidate& c = out.emplace_back();
                c.id = row.Int(0);
                c.establishment = row.String(1);
                c.title = row.String(2);
                c.category = row.String(3);
                c.supplier_key = row.String(4);
                c.terms = row.IsNull(5) ? "" : row.String(5);
                c.supplier = row.String(6);
                return Ok();
            });
    };
    if (!probe.terms.empty()) {
        WARDEN_TRY(find(TermSourceFor(d, "demand_proposals", "p", "demand_proposal_search", 5),
                        AnyTermQuery(d, probe.terms)));
    }
    if (!probe.supplier_key.empty()) {
        WARDEN_TRY(
            find(PlainSource("demand_proposals", "p", "p.supplier_key = $5"), probe.supplier_key));
    }
    return out;
}

Result<domain::JoiningUpVersion> SqlProposals::CurrentJoiningUpVersion() {
    // Kept by the triggers of migration 0026 (ADR 0030). PostgreSQL's numbers count from when
    // its server started: a promoted standby or a recovery to an earlier time may count the same
    // numbers again over other data. (A SQLite file is replaced only with Warden stopped.)
    domain::JoiningUpVersion version;
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             c_.dialect() == Dialect::kPostgres
                                 ? "SELECT version, CAST(pg_postmaster_start_time() AS TEXT) "
                                   "FROM demand_joining_up_version WHERE id = 1"
                                 : "SELECT version, '' FROM demand_joining_up_version WHERE id = 1",
                             {}, [&](const SqlRow& row) {
                                 version.number = row.Int(0);
                                 version.origin = row.String(1);
                             }));
    if (!found) return Error::Internal("the joining-up version is missing");
    return version;
}

Result<domain::TermCounts> SqlProposals::CountTerms(const std::vector<std::string>& terms) {
    domain::TermCounts out;
    // The empty term holds the number of proposals.
    std::vector<std::string_view> wanted{""};
    wanted.insert(wanted.end(), terms.begin(), terms.end());
    for (std::size_t start = 0; start < wanted.size(); start += kTermsPerStatement) {
        const std::size_t end = std::min(wanted.size(), start + kTermsPerStatement);
        // A power of two of parameters (RowsOfNextStatement), the rest repeating "".
        std::size_t slots = 1;
        while (slots < end - start) slots *= 2;
        std::string sql = "SELECT term, proposals FROM demand_term_counts WHERE term IN (";
        SqlParams params;
        params.reserve(slots);
        for (std::size_t i = 0; i < slots; ++i) {
            if (i > 0) sql += ", ";
            sql.append("$").append(std::to_string(i + 1));
            params.emplace_back(start + i < end ? wanted[start + i] : std::string_view());
        }
        sql += ")";
        WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
            if (row.Text(0).empty()) {
                out.proposals = row.Int(1);
            } else {
                out.terms.emplace_back(row.String(0), row.Int(1));
            }
            return Ok();
        }));
    }
    std::sort(out.terms.begin(), out.terms.end());
    return out;
}

Result<std::vector<domain::EstateProposal>> SqlProposals::EstateProposals(
    const domain::Scope& scope) {
    const Dialect d = c_.dialect();
    SqlParams params;
    AppendScopeParams(d, scope, params);
    std::vector<domain::EstateProposal> out;
    WARDEN_TRY(c_.Query(
        "SELECT p.id, p.establishment, p.title, p.category, p.supplier_key, p.search_terms, "
        "p.supplier, p.state, p.one_off_hardware_software_pence, p.one_off_labour_pence, "
        "p.internal_staff_pence, p.yearly_support_pence, p.yearly_live_service_pence, "
        "p.contract_years FROM demand_proposals p "
        "WHERE p.state IN ('SUBMITTED', 'IN_REVIEW', 'ADVISED') AND " +
            ScopeCondition(d, "p.establishment", 1) + " ORDER BY p.id",
        params, [&](const SqlRow& row) -> Status {
            domain::EstateProposal& e = out.emplace_back();
            domain::SimilarCandidate& c = e.item;
            c.id = row.Int(0);
            c.establishment = row.String(1);
            c.title = row.String(2);
            c.category = row.String(3);
            c.supplier_key = row.String(4);
            c.terms = row.IsNull(5) ? "" : row.String(5);
            c.supplier = row.String(6);
            auto state = domain::ParseProposalState(row.Text(7));
            if (!state) return Error::Internal("a demand proposal has an unknown state");
            e.state = *state;
            domain::ProposalFields costs;
            costs.one_off_hardware_software_pence = row.Int(8);
            costs.one_off_labour_pence = row.Int(9);
            costs.internal_staff_pence = row.Int(10);
            costs.yearly_support_pence = row.Int(11);
            costs.yearly_live_service_pence = row.Int(12);
            costs.contract_years = static_cast<int>(row.Int(13));
            e.whole_life_cost_pence = domain::WholeLifeCostPence(costs);
            return Ok();
        }));
    return out;
}

Result<Id> SqlProposals::AddGroup(const domain::ProposalGroup& g) {
    Id id = 0;
    WARDEN_TRY(QueryOne(c_,
                        "INSERT INTO demand_groups (lead_establishment, created_by, created_at) "
                        "VALUES ($1, $2, $3) RETURNING id",
                        {g.lead_establishment, g.created_by, FormatRfc3339(g.created_at)},
                        [&](const SqlRow& row) { id = row.Int(0); }));
    if (id == 0) return Error::Internal("the group was not stored");
    for (const auto& m : g.members) {
        auto added =
            c_.Exec("INSERT INTO demand_group_members (proposal_id, group_id) VALUES ($1, $2)",
                    {static_cast<std::int64_t>(m.id), static_cast<std::int64_t>(id)});
        if (!added.ok()) {
            // A concurrent group took the proposal first: the primary key decides (both
            // connections answer a UNIQUE or PRIMARY KEY violation with kConflict).
            if (added.error().code == ErrorCode::kConflict) {
                return Error::Conflict("proposal " + std::to_string(m.id) +
                                       " is already in a group");
            }
            return added.error();
        }
    }
    return id;
}

Result<domain::ProposalGroup> SqlProposals::GetGroup(Id id, const domain::Scope& scope) {
    domain::ProposalGroup g;
    Status status = Ok();
    WARDEN_ASSIGN_OR_RETURN(
        bool found,
        QueryOne(c_,
                 "SELECT id, lead_establishment, created_by, created_at FROM demand_groups "
                 "WHERE id = $1",
                 {static_cast<std::int64_t>(id)}, [&](const SqlRow& row) {
                     g.id = row.Int(0);
                     g.lead_establishment = row.String(1);
                     g.created_by = row.String(2);
                     auto at = Time(row.Text(3));
                     if (at.ok()) {
                         g.created_at = *at;
                     } else {
                         status = std::move(at).error();
                     }
                 }));
    WARDEN_TRY(status);
    if (!found) return Error::NotFound("no such group");
    const Dialect d = c_.dialect();
    SqlParams params{static_cast<std::int64_t>(id)};
    AppendScopeParams(d, scope, params);
    WARDEN_TRY(
        c_.Query("SELECT p.id, p.establishment, p.title, p.state FROM demand_group_members m "
                 "JOIN demand_proposals p ON p.id = m.proposal_id WHERE m.group_id = $1 AND " +
                     ScopeCondition(d, "p.establishment", 2) + " ORDER BY p.id",
                 params, [&](const SqlRow& row) -> Status {
                     auto state = domain::ParseProposalState(row.Text(3));
                     if (!state) return Error::Internal("a demand proposal has an unknown state");
                     g.members.push_back({row.Int(0), row.String(1), row.String(2), *state});
                     return Ok();
                 }));
    return g;
}

Result<Id> SqlProposals::GroupOf(Id proposal_id) {
    Id out = 0;
    WARDEN_TRY(QueryOne(c_, "SELECT group_id FROM demand_group_members WHERE proposal_id = $1",
                        {static_cast<std::int64_t>(proposal_id)},
                        [&](const SqlRow& row) { out = row.Int(0); }));
    return out;
}

Status SqlProposals::MergeSearchIndex() {
    return c_.ExecScript(
        MergeSearchIndexSql(c_.dialect(), "demand_proposal_search", "demand_proposals_search"));
}

Status FillProposalSearchTerms(SqlConnection& c) {
    std::vector<domain::ProposalFields> missing;
    std::vector<std::int64_t> ids;
    WARDEN_TRY(
        c.Query("SELECT id, title, summary, need, supplier FROM demand_proposals "
                "WHERE search_terms IS NULL ORDER BY id",
                {}, [&](const SqlRow& row) -> Status {
                    ids.push_back(row.Int(0));
                    domain::ProposalFields& f = missing.emplace_back();
                    f.title = row.String(1);
                    f.summary = row.String(2);
                    f.need = row.String(3);
                    f.supplier = row.String(4);
                    return Ok();
                }));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        WARDEN_TRY(
            c.Exec("UPDATE demand_proposals SET search_terms = $1, supplier_key = $2 WHERE id = $3",
                   {domain::ProposalSearchText(missing[i]),
                    domain::SupplierKey(missing[i].supplier), ids[i]}));
    }
    // The counts (migration 0023) are counted afresh from the stored proposals whenever a store
    // opens: a server of an older version, still running while others are upgraded, writes
    // proposals without counting them. On PostgreSQL the proposals are locked against writers
    // (SHARE) while they are counted; every writer changes demand_proposals before the counts,
    // so none holds a count row that this waits for. SQLite's writer holds the database.
    if (c.dialect() == Dialect::kPostgres) {
        WARDEN_TRY(c.ExecScript("LOCK TABLE demand_proposals IN SHARE MODE"));
    }
    std::map<std::string, std::int64_t, std::less<>> holding;
    std::int64_t proposals = 0;
    WARDEN_TRY(
        c.Query("SELECT search_terms FROM demand_proposals", {}, [&](const SqlRow& row) -> Status {
            ++proposals;
            if (row.IsNull(0)) return Ok();
            for (const std::string_view term : domain::StoredTerms(row.Text(0))) {
                const auto it = holding.find(term);
                if (it != holding.end()) {
                    ++it->second;
                } else {
                    holding.emplace(term, 1);
                }
            }
            return Ok();
        }));
    // Only the counts that drifted are written (usually none): each written row advances the
    // joining-up version (migration 0026), which would empty every server's kept results.
    holding.emplace("", proposals);  // "" sorts first: counts every proposal
    std::map<std::string, std::int64_t, std::less<>> stored;
    WARDEN_TRY(c.Query("SELECT term, proposals FROM demand_term_counts", {},
                       [&](const SqlRow& row) -> Status {
                           stored.emplace(row.String(0), row.Int(1));
                           return Ok();
                       }));
    std::vector<std::pair<std::string_view, std::int64_t>> deltas;
    auto h = holding.begin();
    auto st = stored.begin();
    while (h != holding.end() || st != stored.end()) {
        if (st == stored.end() || (h != holding.end() && h->first < st->first)) {
            deltas.emplace_back(h->first, h->second);
            ++h;
        } else if (h == holding.end() || st->first < h->first) {
            if (st->second != 0) deltas.emplace_back(st->first, -st->second);
            ++st;
        } else {
            if (h->second != st->second) deltas.emplace_back(h->first, h->second - st->second);
            ++h;
            ++st;
        }
    }
    return AdjustTermCounts(c, deltas);
}

}  // namespace warden::storage
