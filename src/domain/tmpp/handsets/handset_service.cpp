#include "domain/tmpp/handsets/handset_service.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_support.hpp"
#include "domain/tmpp/incidents/incident_service.hpp"

namespace warden::domain {
namespace {

constexpr size_t kMaxNoteLength = 1000;

std::string Upper(const std::string& s) { return ToUpper(Trim(s)); }

Error HandsetNotFound(const std::string& tag) {
    return Error::NotFound("Handset " + Clip(tag, 20) + " was not found");
}

// ---- the TMPP access read (the wing page's; an issue reads its facts with IssueFactsOf) ----

Result<std::optional<WingList>> PublishedListOf(Repositories& repos,
                                                const std::string& establishment,
                                                const std::string& wing, const Scope& scope) {
    return repos.wing_lists.LatestWingList(establishment, wing, scope);
}

// ---- loading in scope ----

// `read(tag)` of the handset with tag `tag` (as typed): a 404 naming the tag when the handset is
// absent or out of scope.
template <typename Read>
auto FindHandset(const std::string& tag, Read read) -> decltype(read(std::string())) {
    const std::string code = Upper(tag);
    if (code.empty() || code.size() > 20) return HandsetNotFound(code);
    auto found = read(code);
    if (!found.ok() && found.error().code == ErrorCode::kNotFound) return HandsetNotFound(code);
    return found;
}

Result<Handset> LoadHandset(Repositories& repos, const std::string& tag, const Scope& scope) {
    return FindHandset(tag,
                       [&](const std::string& code) { return repos.handsets.Get(code, scope); });
}

bool HasWing(const Establishment& e, const std::string& wing) {
    return std::any_of(e.wings.begin(), e.wings.end(),
                       [&](const Location& l) { return l.code == wing; });
}

// A timeline event (with the free-text `detail` staff read on the handset page) and its audit
// entry ("handsets." + action, with only the codes of `codes`: never a note or a reason), in the
// caller's transaction. The entry concerns the handset's establishment.
Status Record(Repositories& repos, const Actor& by, TimePoint now, const Handset& h,
              const std::string& what, const std::string& detail, const std::string& action,
              const std::string& codes = {}) {
    HandsetEvent e;
    e.tag = h.tag;
    e.at = now;
    e.by = by.username;
    e.what = what;
    e.detail = detail;
    WARDEN_TRY(repos.handsets.AddEvent(e));
    AuditEntry entry = NewAuditEntry(by, now, "handsets." + action, "handset:" + h.tag,
                                     "establishment=" + h.establishment +
                                         " status=" + std::string(HandsetStatusName(h.status)) +
                                         (codes.empty() ? "" : " " + codes));
    entry.establishment = h.establishment;
    return repos.audit.Append(entry);
}

Status RequireNote(const std::string& note, const char* field, const std::string& missing) {
    if (Trim(note).empty()) return FieldsError({{field, missing}});
    if (note.size() > kMaxNoteLength || !IsValidUtf8(note)) {
        return FieldsError({{field, std::string("The ") + field + " must be " +
                                        std::to_string(kMaxNoteLength) + " characters or fewer"}});
    }
    return Ok();
}

// The field a unique violation names, for a 409 on Add.
Error Taken(const Error& e, const HandsetInput& in) {
    const std::string m = ToLower(e.message);
    if (m.find("imei") != std::string::npos) {
        return Error::Conflict("A handset with IMEI " + in.imei + " is already registered");
    }
    if (m.find("iccid") != std::string::npos) {
        return Error::Conflict("A handset with SIM ICCID " + in.iccid + " is already registered");
    }
    if (m.find("unique") != std::string::npos || m.find("duplicate") != std::string::npos ||
        e.code == ErrorCode::kConflict) {
        return Error::Conflict("A handset with asset tag " + in.tag + " is already registered");
    }
    return e;
}

// Every field's check, with the home wing also one of the establishment's wings: all the fields
// that fail are named at once.
std::vector<FieldError> CheckHandsetAt(const Establishment& e, const HandsetInput& input) {
    auto fields = CheckHandset(input);
    const bool wing_named = std::any_of(fields.begin(), fields.end(),
                                        [](const FieldError& f) { return f.field == "home_wing"; });
    if (!wing_named && !HasWing(e, input.home_wing)) {
        fields.push_back({"home_wing", "Wing " + input.home_wing + " is not a wing of " + e.code});
    }
    return fields;
}

}  // namespace

HandsetService::HandsetService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Result<Handset> HandsetService::Add(const Actor& by, const std::string& establishment,
                                    HandsetInput input) {
    WARDEN_TRY(Require(by, Action::kHandsetsManage));
    input = NormaliseHandset(std::move(input));
    const std::string code = Upper(establishment);
    const TimePoint now = clock_.Now();
    Handset h;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e,
                                access_support::LoadEstablishment(
                                    repos, code, ActionScope(by, Action::kHandsetsManage)));
        auto fields = CheckHandsetAt(e, input);
        if (!fields.empty()) return FieldsError(std::move(fields));
        h.tag = input.tag;
        h.imei = input.imei;
        h.model = input.model;
        h.iccid = input.iccid;
        h.phone_number = input.phone_number;
        h.seal = input.seal;
        h.establishment = e.code;
        h.home_wing = input.home_wing;
        h.status = HandsetStatus::kAvailable;
        h.updated_at = now;
        // The unique indexes decide a taken tag, IMEI or ICCID, even between concurrent adds.
        Status added = repos.handsets.Add(h);
        if (!added.ok()) return Taken(added.error(), input);
        return Record(repos, by, now, h, "ADDED",
                      "model " + h.model + ", seal " + h.seal + ", home wing " + h.home_wing, "add",
                      "seal=" + h.seal + " wing=" + h.home_wing);
    }));
    return h;
}

Result<Handset> HandsetService::Edit(const Actor& by, const std::string& tag, HandsetInput input) {
    WARDEN_TRY(Require(by, Action::kHandsetsManage));
    const TimePoint now = clock_.Now();
    Handset h;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(h,
                                LoadHandset(repos, tag, ActionScope(by, Action::kHandsetsManage)));
        WARDEN_ASSIGN_OR_RETURN(
            Establishment e, access_support::LoadEstablishment(
                                 repos, h.establishment, ActionScope(by, Action::kHandsetsManage)));
        // Only these three change here: check them with the stored values for the rest.
        input.tag = h.tag;
        input.imei = h.imei;
        input.iccid = h.iccid;
        input.seal = h.seal;
        input = NormaliseHandset(std::move(input));
        auto fields = CheckHandsetAt(e, input);
        if (!fields.empty()) return FieldsError(std::move(fields));
        std::string changed;
        std::string names;
        auto note = [&](const char* name, const std::string& from, const std::string& to) {
            if (from == to) return;
            if (!changed.empty()) changed += ", ";
            changed += std::string(name) + " " + from + " → " + to;
            if (!names.empty()) names += ",";
            names += name;
        };
        note("model", h.model, input.model);
        note("phone_number", h.phone_number, input.phone_number);
        note("home_wing", h.home_wing, input.home_wing);
        if (changed.empty()) return Ok();
        const Handset read = h;
        h.model = input.model;
        h.phone_number = input.phone_number;
        h.home_wing = input.home_wing;
        h.updated_at = now;
        WARDEN_TRY(repos.handsets.Update(h, read));
        return Record(repos, by, now, h, "EDITED", changed, "edit", "fields=" + names);
    }));
    return h;
}

Result<Handset> HandsetService::Reseal(const Actor& by, const std::string& tag,
                                       const std::string& seal, const std::string& note) {
    WARDEN_TRY(Require(by, Action::kHandsetsManage));
    const std::string new_seal = Upper(seal);
    auto fields = CheckSeal(new_seal);
    if (!fields.empty()) return FieldsError(std::move(fields));
    WARDEN_TRY(RequireNote(note, "note", "Enter a note of the inspection"));
    const TimePoint now = clock_.Now();
    Handset h;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(h,
                                LoadHandset(repos, tag, ActionScope(by, Action::kHandsetsManage)));
        if (h.status == HandsetStatus::kIssued || h.status == HandsetStatus::kLost ||
            h.status == HandsetStatus::kRetired) {
            return Error::Conflict("Handset " + h.tag + " is " +
                                   std::string(HandsetStatusName(h.status)) +
                                   ": only a handset in hand can be resealed");
        }
        const std::string codes = "previous=" + h.seal + " seal=" + new_seal;
        const std::string detail = "seal " + h.seal + " → " + new_seal + ", status " +
                                   std::string(HandsetStatusName(h.status)) +
                                   " → AVAILABLE; note: " + Clip(std::string(Trim(note)), 500);
        const Handset read = h;
        h.seal = new_seal;
        h.status = HandsetStatus::kAvailable;
        h.updated_at = now;
        WARDEN_TRY(repos.handsets.Update(h, read));
        return Record(repos, by, now, h, "RESEALED", detail, "reseal", codes);
    }));
    return h;
}

Result<Handset> HandsetService::Retire(const Actor& by, const std::string& tag,
                                       const std::string& reason) {
    WARDEN_TRY(Require(by, Action::kHandsetsManage));
    WARDEN_TRY(RequireNote(reason, "reason", "Enter why the handset is retired"));
    const TimePoint now = clock_.Now();
    Handset h;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(h,
                                LoadHandset(repos, tag, ActionScope(by, Action::kHandsetsManage)));
        if (h.status == HandsetStatus::kIssued) {
            return Error::Conflict("Handset " + h.tag +
                                   " is ISSUED: take it back before retiring it");
        }
        if (h.status == HandsetStatus::kRetired) {
            return Error::Conflict("Handset " + h.tag + " is already RETIRED");
        }
        const std::string codes = "previous=" + std::string(HandsetStatusName(h.status));
        const std::string detail = "status " + std::string(HandsetStatusName(h.status)) +
                                   " → RETIRED; reason: " + Clip(std::string(Trim(reason)), 500);
        const Handset read = h;
        h.status = HandsetStatus::kRetired;
        h.updated_at = now;
        WARDEN_TRY(repos.handsets.Update(h, read));
        return Record(repos, by, now, h, "RETIRED", detail, "retire", codes);
    }));
    return h;
}

Result<std::vector<HandsetRow>> HandsetService::List(const Actor& by,
                                                     const std::string& establishment,
                                                     const std::string& status,
                                                     const std::string& wing) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    HandsetQuery q;
    q.establishment = Upper(establishment);
    if (!Trim(status).empty()) {
        q.status = ParseHandsetStatus(Upper(status));
        if (!q.status) {
            return FieldsError({{"status",
                                 "Status must be AVAILABLE, ISSUED, QUARANTINED, DAMAGED, LOST "
                                 "or RETIRED"}});
        }
    }
    q.wing = Upper(wing);
    if (!q.wing.empty() && !IsLocationCode(q.wing)) {
        return FieldsError({{"wing", "The wing must be a wing code such as A"}});
    }
    const Scope scope = ActionScope(by, Action::kHandsetsRead);
    const TimePoint now = clock_.Now();
    std::vector<HandsetRow> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(access_support::LoadEstablishment(repos, q.establishment, scope));
        WARDEN_ASSIGN_OR_RETURN(int limit, repos.handsets.OverdueMinutes(q.establishment, scope));
        WARDEN_ASSIGN_OR_RETURN(auto handsets, repos.handsets.List(q, scope));
        out.reserve(handsets.size());
        for (auto& h : handsets) {
            const bool overdue = h.issued_at && IsOverdue(*h.issued_at, now, limit);
            out.push_back({std::move(h), overdue});
        }
        return Ok();
    }));
    // Who holds which handset is prisoner data: each list page or download is audited, with its
    // filter and count, and returned only once the entry is stored.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry =
            NewAuditEntry(by, now, "handsets.list.read", "establishment:" + q.establishment,
                          "status=" + std::string(q.status ? HandsetStatusName(*q.status) : "any") +
                              " wing=" + (q.wing.empty() ? std::string("any") : q.wing) +
                              " count=" + std::to_string(out.size()));
        entry.establishment = q.establishment;
        return repos.audit.Append(entry);
    }));
    return out;
}

Result<HandsetView> HandsetService::Get(const Actor& by, const std::string& tag) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    const Scope scope = ActionScope(by, Action::kHandsetsRead);
    const TimePoint now = clock_.Now();
    HandsetView out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.handset, LoadHandset(repos, tag, scope));
        WARDEN_ASSIGN_OR_RETURN(out.overdue_minutes,
                                repos.handsets.OverdueMinutes(out.handset.establishment, scope));
        out.overdue =
            out.handset.issued_at && IsOverdue(*out.handset.issued_at, now, out.overdue_minutes);
        WARDEN_ASSIGN_OR_RETURN(out.timeline, repos.handsets.Timeline(out.handset.tag, scope));
        return Ok();
    }));
    // A handset's page names who holds it and who held it: audited like a list.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry =
            NewAuditEntry(by, now, "handsets.read", "handset:" + out.handset.tag,
                          "status=" + std::string(HandsetStatusName(out.handset.status)));
        entry.establishment = out.handset.establishment;
        return repos.audit.Append(entry);
    }));
    return out;
}

Result<IssueOutcome> HandsetService::Issue(const Actor& by, const std::string& tag,
                                           const std::string& prisoner, const std::string& seal) {
    WARDEN_TRY(Require(by, Action::kHandsetsIssue));
    const std::string number = Upper(prisoner);
    const std::string seal_read = Upper(seal);
    std::vector<FieldError> fields;
    if (number.empty()) {
        fields.push_back({"prisoner", "Enter the prison number"});
    } else if (!IsPrisonNumber(number)) {
        fields.push_back({"prisoner", "Enter a prison number like A1234BC"});
    }
    for (auto& e : CheckSeal(seal_read)) fields.push_back(std::move(e));
    if (!fields.empty()) return FieldsError(std::move(fields));
    const Scope scope = by.PrisonerScope();
    const TimePoint now = clock_.Now();
    IssueOutcome out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        // One read for every fact the rules need (a round trip each on PostgreSQL otherwise).
        WARDEN_ASSIGN_OR_RETURN(IssueFacts facts, FindHandset(tag, [&](const std::string& code) {
                                    return repos.handsets.IssueFactsOf(code, number, scope);
                                }));
        if (!facts.prisoner) return Error::NotFound("Prisoner " + number + " was not found");
        facts.establishment = facts.handset.establishment;
        facts.seal_read = seal_read;
        if (auto rule = RuleOnIssue(facts)) return Error::Conflict(*rule);
        const auto ended = [&] {
            return Error::Conflict("Prisoner " + number +
                                   " no longer holds a TMPP grant: it ended a moment ago");
        };
        if (!facts.grant) return ended();
        HandsetIssue issue;
        issue.tag = facts.handset.tag;
        issue.establishment = facts.handset.establishment;
        issue.prison_number = number;
        issue.seal_out = seal_read;
        issue.issued_by = by.username;
        issue.issued_at = now;
        // The grant is locked before the handset (the order a withdrawal takes them in): a
        // withdrawal that ended it meanwhile is waited for and refuses this issue, and one that
        // starts later waits for this issue and then sees the handset to recall. The
        // conditional update and the unique open-issue indexes hold whatever the concurrency:
        // a second issue of the handset, or to the prisoner, fails here.
        auto wrote = repos.handsets.IssueUnderGrant(facts.grant->id, issue);
        if (!wrote.ok()) {
            if (wrote.error().code == ErrorCode::kConflict ||
                ToLower(wrote.error().message).find("unique") != std::string::npos ||
                ToLower(wrote.error().message).find("duplicate") != std::string::npos) {
                return Error::Conflict("Prisoner " + number +
                                       " already holds a handset: it was issued a moment ago");
            }
            return wrote.error();
        }
        if (!wrote->granted) return ended();
        if (!wrote->issue_id) {
            return Error::Conflict("Handset " + facts.handset.tag +
                                   " is no longer AVAILABLE: it was issued a moment ago");
        }
        issue.id = *wrote->issue_id;
        out.issue = issue;
        out.conditions = facts.grant->conditions;
        out.handset = facts.handset;
        out.handset.status = HandsetStatus::kIssued;
        out.handset.updated_at = now;
        out.handset.issued_to = number;
        out.handset.issued_at = now;
        std::string detail = "to " + number + ", seal " + seal_read + " matched";
        if (!out.conditions.empty()) detail += ", conditions " + JoinList(out.conditions);
        return Record(repos, by, now, out.handset, "ISSUED", detail, "issue",
                      "prison_number=" + number + " seal=" + seal_read);
    }));
    return out;
}

Result<ReturnResult> HandsetService::Return(const Actor& by, const std::string& tag,
                                            const std::string& seal, bool sim_present,
                                            const std::string& condition) {
    WARDEN_TRY(Require(by, Action::kHandsetsIssue));
    const std::string seal_seen = Upper(seal);
    std::vector<FieldError> fields = CheckSeal(seal_seen);
    auto cond = ParseReturnCondition(Upper(condition.empty() ? "OK" : condition));
    if (!cond) fields.push_back({"condition", "Condition must be OK or DAMAGED"});
    if (!fields.empty()) return FieldsError(std::move(fields));
    const Scope scope = by.PrisonerScope();
    const TimePoint now = clock_.Now();
    ReturnResult out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(HandsetWithIssue read,
                                FindHandset(tag, [&](const std::string& code) {
                                    return repos.handsets.GetWithOpenIssue(code, scope);
                                }));
        out.handset = std::move(read.handset);
        const std::optional<HandsetIssue>& open = read.open;
        if (out.handset.status != HandsetStatus::kIssued || !open) {
            return Error::Conflict("Handset " + out.handset.tag + " is " +
                                   std::string(HandsetStatusName(out.handset.status)) +
                                   ", not ISSUED: there is nothing to take back");
        }
        const ReturnOutcome outcome = DecideReturn(out.handset.seal, seal_seen, sim_present, *cond);
        HandsetIssue issue = *open;
        issue.returned_at = now;
        issue.returned_by = by.username;
        issue.seal_seen = seal_seen;
        issue.sim_present = sim_present;
        issue.condition = *cond == ReturnCondition::kOk ? "OK" : "DAMAGED";
        issue.outcome = std::string(HandsetStatusName(outcome.status));
        const Handset as_read = out.handset;
        out.handset.status = outcome.status;
        out.handset.updated_at = now;
        out.handset.issued_to.clear();
        out.handset.issued_at.reset();
        WARDEN_TRY(repos.handsets.CloseIssueAndUpdate(issue, out.handset, as_read));
        out.issue = issue;
        out.incident = outcome.incident;
        std::string detail = "from " + issue.prison_number + ", seal seen " + seal_seen + ", SIM " +
                             (sim_present ? "present" : "missing") + ", condition " +
                             issue.condition + " → " + issue.outcome;
        std::string codes = "prison_number=" + issue.prison_number + " seal_seen=" + seal_seen +
                            " sim=" + (sim_present ? "present" : "missing") +
                            " condition=" + issue.condition;
        if (outcome.incident) {
            // The draft incident opens in this transaction: no quarantine without its draft.
            Incident draft;
            draft.type = ParseIncidentType(outcome.incident->type).value_or(IncidentType::kOther);
            draft.establishment = out.handset.establishment;
            draft.wing = out.handset.home_wing;
            auto p = repos.prisoners.Get(issue.prison_number, Scope::National());
            if (p.ok() && p->establishment == out.handset.establishment) draft.wing = p->wing;
            draft.handset = out.handset.tag;
            draft.prisoners = {issue.prison_number};
            draft.evidence = outcome.incident->evidence;
            WARDEN_ASSIGN_OR_RETURN(Incident opened, OpenDraftIncident(repos, by, now, draft));
            out.incident_reference = opened.reference;
            detail += "; draft " + outcome.incident->type + " incident " + opened.reference +
                      " opened (evidence: " + outcome.incident->evidence + ")";
            codes += " incident=" + opened.reference;
        }
        WARDEN_TRY(Record(repos, by, now, out.handset, "RETURNED", detail, "return", codes));
        return Ok();
    }));
    return out;
}

Result<int> HandsetService::OverdueLimit(const Actor& by, const std::string& establishment) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    const std::string code = Upper(establishment);
    int out = kDefaultOverdueMinutes;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(
            access_support::LoadEstablishment(repos, code, ActionScope(by, Action::kHandsetsRead)));
        WARDEN_ASSIGN_OR_RETURN(
            out, repos.handsets.OverdueMinutes(code, ActionScope(by, Action::kHandsetsRead)));
        return Ok();
    }));
    return out;
}

Result<int> HandsetService::SetOverdueLimit(const Actor& by, const std::string& establishment,
                                            int minutes) {
    WARDEN_TRY(Require(by, Action::kHandsetsManage));
    if (minutes < 1 || minutes > 1440) {
        return FieldsError({{"overdue_minutes", "The limit must be 1 to 1440 minutes"}});
    }
    const std::string code = Upper(establishment);
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_TRY(access_support::LoadEstablishment(repos, code,
                                                     ActionScope(by, Action::kHandsetsManage)));
        WARDEN_ASSIGN_OR_RETURN(int before, repos.handsets.OverdueMinutes(
                                                code, ActionScope(by, Action::kHandsetsManage)));
        WARDEN_TRY(repos.handsets.SetOverdueMinutes(code, minutes));
        return repos.audit.Append(
            NewAuditEntry(by, now, "handsets.overdue_limit.set", "establishment:" + code,
                          "from=" + std::to_string(before) + " to=" + std::to_string(minutes)));
    }));
    return minutes;
}

Result<WingBoard> HandsetService::Wing(const Actor& by, const std::string& establishment,
                                       const std::string& wing) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    WingBoard out;
    out.establishment = Upper(establishment);
    out.wing = Upper(wing);
    const Scope scope = by.PrisonerScope();
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e,
                                access_support::LoadEstablishment(repos, out.establishment, scope));
        if (!HasWing(e, out.wing)) {
            return Error::NotFound("Wing " + Clip(out.wing, 10) + " was not found");
        }
        WARDEN_ASSIGN_OR_RETURN(out.overdue_minutes,
                                repos.handsets.OverdueMinutes(out.establishment, scope));
        WARDEN_ASSIGN_OR_RETURN(auto list,
                                PublishedListOf(repos, out.establishment, out.wing, scope));
        HandsetQuery q;
        q.establishment = out.establishment;
        WARDEN_ASSIGN_OR_RETURN(auto handsets, repos.handsets.List(q, scope));
        if (list) {
            out.list_version = list->version;
            for (const auto& entry : list->entries) {
                WingBoardEntry& row = out.entries.emplace_back();
                row.entry = entry;
                for (const auto& h : handsets) {
                    if (h.issued_to != entry.prison_number || !h.issued_at) continue;
                    HandsetIssue held;
                    held.tag = h.tag;
                    held.establishment = h.establishment;
                    held.prison_number = h.issued_to;
                    held.issued_at = *h.issued_at;
                    held.recall_requested_at = h.recall_requested_at;
                    row.holding = held;
                    row.overdue = IsOverdue(*h.issued_at, now, out.overdue_minutes);
                }
            }
        }
        for (auto& h : handsets) {
            if (h.status == HandsetStatus::kAvailable) out.available.push_back(std::move(h));
        }
        std::stable_sort(out.available.begin(), out.available.end(),
                         [&](const Handset& a, const Handset& b) {
                             return (a.home_wing == out.wing) > (b.home_wing == out.wing);
                         });
        return Ok();
    }));
    // The board names the wing's listed prisoners and who holds which handset: audited like the
    // wing list and the register, and returned only once the entry is stored.
    const auto holding =
        std::count_if(out.entries.begin(), out.entries.end(),
                      [](const WingBoardEntry& e) { return e.holding.has_value(); });
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry = NewAuditEntry(
            by, now, "handsets.wing.read", "wing:" + out.establishment + "/" + out.wing,
            "version=" + (out.list_version ? std::to_string(*out.list_version) : "none") +
                " entries=" + std::to_string(out.entries.size()) +
                " out=" + std::to_string(holding));
        entry.establishment = out.establishment;
        return repos.audit.Append(entry);
    }));
    return out;
}

}  // namespace warden::domain
