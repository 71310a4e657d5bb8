#include "domain/tmpp/handsets/stocktake_service.hpp"

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_support.hpp"
#include "domain/tmpp/incidents/incident_service.hpp"

namespace warden::domain {
namespace {

constexpr int kListLimit = 100;

// LOST with a LOSS draft, or QUARANTINED with a SEAL_TAMPERED draft: the conditional status
// change, the draft, the handset's timeline event and its audit entry, in the caller's
// transaction. Sets `item.incident`.
Status Apply(Repositories& repos, const Actor& by, TimePoint now, const Handset& h,
             StocktakeItem& item) {
    const bool missing = item.finding == StocktakeFinding::kMissing;
    const HandsetStatus to = StocktakeChangeTo(item);
    WARDEN_ASSIGN_OR_RETURN(bool changed, repos.handsets.ChangeStatus(h.tag, h.status, to, now));
    if (!changed) {
        return Error::Conflict("Handset " + h.tag +
                               " changed while the stocktake ran (it was issued or returned): "
                               "nothing was recorded, take the stocktake again");
    }
    Incident draft;
    draft.type = missing ? IncidentType::kLoss : IncidentType::kSealTampered;
    draft.establishment = h.establishment;
    draft.wing = h.home_wing;
    draft.handset = h.tag;
    draft.evidence = StocktakeEvidence(item);
    WARDEN_ASSIGN_OR_RETURN(Incident opened, OpenDraftIncident(repos, by, now, draft));
    item.incident = opened.reference;
    const std::string to_name(HandsetStatusName(to));
    HandsetEvent e;
    e.tag = h.tag;
    e.at = now;
    e.by = by.username;
    e.what = to_name;
    e.detail = "stocktake: " + (missing ? std::string("not seen") : "seal seen " + item.seal_seen) +
               ", status " + item.status_before + " → " + to_name + "; draft " +
               std::string(IncidentTypeName(draft.type)) + " incident " + opened.reference +
               " opened";
    WARDEN_TRY(repos.handsets.AddEvent(e));
    std::string codes = "establishment=" + h.establishment + " status=" + to_name +
                        " previous=" + item.status_before + " incident=" + opened.reference;
    if (!missing) codes += " seal=" + h.seal + " seal_seen=" + item.seal_seen;
    AuditEntry entry = NewAuditEntry(
        by, now, missing ? "handsets.stocktake.lost" : "handsets.stocktake.quarantine",
        "handset:" + h.tag, codes);
    entry.establishment = h.establishment;
    return repos.audit.Append(entry);
}

}  // namespace

StocktakeService::StocktakeService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Stocktake> StocktakeService::Take(const Actor& by, const std::string& establishment,
                                         std::vector<StocktakeSeen> seen) {
    WARDEN_TRY(Require(by, Action::kHandsetsStocktake));
    auto fields = CheckStocktakeSeen(seen);
    if (!fields.empty()) return FieldsError(std::move(fields));
    const std::string code = ToUpper(Trim(establishment));
    const Scope scope = ActionScope(by, Action::kHandsetsStocktake);
    const TimePoint now = clock_.Now();
    Stocktake out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e,
                                access_support::LoadEstablishment(repos, code, scope));
        HandsetQuery q;
        q.establishment = e.code;
        WARDEN_ASSIGN_OR_RETURN(auto handsets, repos.handsets.List(q, scope));
        StocktakePlan plan = DecideStocktake(handsets, seen);
        int lost = 0;
        int quarantined = 0;
        for (auto& item : plan.items) {
            if (!StocktakeChangesHandset(item)) continue;
            for (const auto& h : handsets) {
                if (h.tag != item.tag) continue;
                WARDEN_TRY(Apply(repos, by, now, h, item));
                (item.finding == StocktakeFinding::kMissing ? lost : quarantined) += 1;
            }
        }
        out.establishment = e.code;
        out.taken_at = now;
        out.taken_by = by.username;
        out.seen_count = static_cast<int>(seen.size());
        out.items = std::move(plan.items);
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.handsets.AddStocktake(out));
        const auto count = [&](StocktakeFinding f) { return std::to_string(out.Of(f).size()); };
        return repos.audit.Append(NewAuditEntry(
            by, now, "handsets.stocktake", "establishment:" + e.code,
            "stocktake=" + std::to_string(out.id) + " seen=" + std::to_string(out.seen_count) +
                " missing=" + count(StocktakeFinding::kMissing) +
                " unknown=" + count(StocktakeFinding::kUnknown) + " seal_mismatches=" +
                count(StocktakeFinding::kSealMismatch) + " out=" + count(StocktakeFinding::kOut) +
                " seals_not_checked=" + std::to_string(out.SealsNotChecked().size()) +
                " lost=" + std::to_string(lost) + " quarantined=" + std::to_string(quarantined)));
    }));
    return out;
}

Result<std::vector<Stocktake>> StocktakeService::List(const Actor& by,
                                                      const std::string& establishment) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    const std::string code = ToUpper(Trim(establishment));
    const Scope scope = ActionScope(by, Action::kHandsetsRead);
    std::vector<Stocktake> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(access_support::LoadEstablishment(repos, code, scope));
        WARDEN_ASSIGN_OR_RETURN(out, repos.handsets.Stocktakes(code, scope, kListLimit));
        return Ok();
    }));
    // A stocktake names the prisoners who held handsets out: each read is audited like the
    // register, and returned only once the entry is stored.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry =
            NewAuditEntry(by, clock_.Now(), "handsets.stocktakes.read", "establishment:" + code,
                          "count=" + std::to_string(out.size()));
        entry.establishment = code;
        return repos.audit.Append(entry);
    }));
    return out;
}

Result<Stocktake> StocktakeService::Get(const Actor& by, const std::string& establishment, Id id) {
    WARDEN_TRY(Require(by, Action::kHandsetsRead));
    const std::string code = ToUpper(Trim(establishment));
    const Scope scope = ActionScope(by, Action::kHandsetsRead);
    Stocktake out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(access_support::LoadEstablishment(repos, code, scope));
        auto s = repos.handsets.GetStocktake(id, scope);
        if (!s.ok() || s->establishment != code) {
            if (s.ok() || s.error().code == ErrorCode::kNotFound) {
                return Error::NotFound("Stocktake " + std::to_string(id) + " of " + code +
                                       " was not found");
            }
            return s.error();
        }
        out = std::move(*s);
        return Ok();
    }));
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry = NewAuditEntry(by, clock_.Now(), "handsets.stocktake.read",
                                         "stocktake:" + std::to_string(out.id),
                                         "count=" + std::to_string(out.items.size()));
        entry.establishment = code;
        return repos.audit.Append(entry);
    }));
    return out;
}

}  // namespace warden::domain
