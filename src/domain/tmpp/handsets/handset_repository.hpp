#pragma once
// The TMPP handset repository INTERFACE (included by domain/ports.hpp, whose Repositories holds
// one). Storage implements it for SQLite and PostgreSQL (storage/tmpp/sql_handsets.*), the
// in-memory store for unit tests (domain/testing/in_memory_handsets.hpp).

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/people/roles.hpp"
#include "domain/tmpp/handsets/handset.hpp"
#include "domain/tmpp/handsets/stocktake.hpp"

namespace warden::domain {

/// What HandsetRepository::IssueUnderGrant did.
struct IssueWrite {
    bool granted = false;        // the grant was still active, and is now locked
    std::optional<Id> issue_id;  // the issue opened (the handset was AVAILABLE with the seal)
};

/// The TMPP handset register, issues and each handset's timeline. Reads take the caller's Scope
/// and the SQL applies it (a handset outside it is not found).
class HandsetRepository {
  public:
    virtual ~HandsetRepository() = default;
    /// Stores a new handset; kConflict naming the field (tag, imei or iccid) that is taken.
    virtual Status Add(const Handset& handset) = 0;
    /// Replaces model, phone number, seal, home wing, status and updated_at, only while the
    /// stored model, phone number, seal, home wing and status are still those of `as_read` (the
    /// handset as the caller read it in this transaction); kConflict when another transaction
    /// changed any of them first (PostgreSQL's READ COMMITTED lets two writers read the same
    /// row; the second one's update then finds it changed and is refused rather than
    /// overwriting the first's).
    virtual Status Update(const Handset& handset, const Handset& as_read) = 0;
    /// Sets the status to ISSUED only when it is AVAILABLE with `seal` (the conditional UPDATE
    /// that makes concurrent issues safe); returns whether it did.
    virtual Result<bool> MarkIssued(const std::string& tag, const std::string& seal,
                                    TimePoint now) = 0;
    /// With issued_to/issued_at from the open issue; kNotFound when absent or out of scope.
    virtual Result<Handset> Get(const std::string& tag, const Scope& scope) = 0;
    /// What an issue of handset `tag` to `prison_number` is decided on, in one read: the handset
    /// (kNotFound when absent or out of scope) and, in scope, the prisoner, their open issue,
    /// their active grant and their wing's latest published list, whose `entries` hold only the
    /// prisoner's own entry (none when they are not on it). The caller sets `establishment` and
    /// `seal_read`.
    virtual Result<IssueFacts> IssueFactsOf(const std::string& tag,
                                            const std::string& prison_number,
                                            const Scope& scope) = 0;
    /// The handsets of the query in scope, by establishment then tag.
    virtual Result<std::vector<Handset>> List(const HandsetQuery& query, const Scope& scope) = 0;
    /// Appends to the handset's timeline.
    virtual Status AddEvent(const HandsetEvent& event) = 0;
    /// The handset's timeline in scope, oldest first.
    virtual Result<std::vector<HandsetEvent>> Timeline(const std::string& tag,
                                                       const Scope& scope) = 0;
    /// Opens an issue; kConflict when the handset or the prisoner already has an open one (the
    /// unique indexes decide, whatever the concurrency). Returns its id.
    virtual Result<Id> OpenIssue(const HandsetIssue& issue) = 0;
    /// Issues a handset under a grant, in this order: locks the grant `grant_id` if it is still
    /// active (LockActiveGrant; nothing more when it is not), marks the handset ISSUED when it
    /// is AVAILABLE with `issue.seal_out` (MarkIssued, at `issue.issued_at`), then opens `issue`
    /// (OpenIssue: kConflict when the handset or the prisoner has an open issue). On PostgreSQL
    /// one statement.
    virtual Result<IssueWrite> IssueUnderGrant(Id grant_id, const HandsetIssue& issue) = 0;
    /// Records the return on the open issue `issue.id` (kNotFound when it is not open).
    virtual Status CloseIssue(const HandsetIssue& issue) = 0;
    /// A return's two writes, in this order: CloseIssue(issue), then Update(handset, as_read)
    /// (kNotFound or kConflict as they are; nothing more after the first that fails). On
    /// PostgreSQL one statement.
    virtual Status CloseIssueAndUpdate(const HandsetIssue& issue, const Handset& handset,
                                       const Handset& as_read) = 0;
    /// Flags the open issue `issue_id` for recall at `at` (its holder's TMPP access was
    /// withdrawn). True when this call flagged it; false, changing nothing, when it was already
    /// flagged (the first request stands) or is not open.
    virtual Result<bool> RequestRecall(Id issue_id, TimePoint at) = 0;
    /// The handset as Get reads it, with its open issue in full, if any, in one read; kNotFound
    /// when absent or out of scope.
    virtual Result<HandsetWithIssue> GetWithOpenIssue(const std::string& tag,
                                                      const Scope& scope) = 0;
    /// The open issue held by the prisoner, if any (in scope).
    virtual Result<std::optional<HandsetIssue>> OpenIssueOfPrisoner(
        const std::string& prison_number, const Scope& scope) = 0;
    /// The establishment's overdue limit in minutes (kDefaultOverdueMinutes when none is set).
    virtual Result<int> OverdueMinutes(const std::string& establishment, const Scope& scope) = 0;
    /// Sets the establishment's overdue limit.
    virtual Status SetOverdueMinutes(const std::string& establishment, int minutes) = 0;

    // ---- stocktakes (migration 0021) ----
    /// Sets the status to `to` only when it is `from` (a conditional UPDATE); returns whether it
    /// did, so that a stocktake never overwrites a handset issued or returned meanwhile.
    virtual Result<bool> ChangeStatus(const std::string& tag, HandsetStatus from, HandsetStatus to,
                                      TimePoint now) = 0;
    /// Stores a stocktake with its items; returns its id.
    virtual Result<Id> AddStocktake(const Stocktake& stocktake) = 0;
    /// The establishment's stocktakes in scope, newest first, at most `limit`, with their items.
    virtual Result<std::vector<Stocktake>> Stocktakes(const std::string& establishment,
                                                      const Scope& scope, int limit) = 0;
    /// One stocktake with its items; kNotFound when absent or outside `scope`.
    virtual Result<Stocktake> GetStocktake(Id id, const Scope& scope) = 0;
};

}  // namespace warden::domain
