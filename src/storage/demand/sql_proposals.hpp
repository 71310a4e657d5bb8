#pragma once
// Digital demand proposals over SqlConnection (one SQL text for both databases; the caller's
// ProposalScope is in every read's WHERE clause).

#include <string>
#include <vector>

#include "domain/demand/proposal_repository.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Proposals and their timelines in SQL (migration 0009).
class SqlProposals final : public domain::ProposalRepository {
  public:
    explicit SqlProposals(SqlConnection& c) : c_(c) {}
    Result<Id> Add(const domain::Proposal& proposal) override;
    Status Update(const domain::Proposal& proposal) override;
    Result<domain::Proposal> Get(Id id, const domain::ProposalScope& scope) override;
    Result<domain::Proposal> GetForUpdate(Id id, const domain::ProposalScope& scope) override;
    Result<std::vector<domain::Proposal>> List(const domain::ProposalQuery& query,
                                               const domain::ProposalScope& scope) override;
    Result<Id> AddEvent(const domain::ProposalEvent& event) override;
    Result<std::vector<domain::ProposalEvent>> Timeline(
        Id proposal_id, const domain::ProposalScope& scope) override;
    Result<std::vector<domain::SimilarCandidate>> SimilarCandidates(
        const domain::SimilarityProbe& probe, const domain::Scope& scope, int limit) override;
    Result<domain::JoiningUpVersion> CurrentJoiningUpVersion() override;
    Result<domain::TermCounts> CountTerms(const std::vector<std::string>& terms) override;
    Result<std::vector<domain::EstateProposal>> EstateProposals(
        const domain::Scope& scope) override;
    Result<Id> AddGroup(const domain::ProposalGroup& group) override;
    Result<domain::ProposalGroup> GetGroup(Id id, const domain::Scope& scope) override;
    Result<Id> GroupOf(Id proposal_id) override;
    Status MergeSearchIndex() override;

  private:
    /// Get, with FOR UPDATE on PostgreSQL when `lock`.
    Result<domain::Proposal> Read(Id id, const domain::ProposalScope& scope, bool lock);
    /// "(<all_states> OR (submitted_at IS NOT NULL AND <submitted>))" over `p.`, with its four
    /// parameters appended to `params` from $n.
    std::string ScopeWhere(const domain::ProposalScope& scope, int n, SqlParams& params) const;
    SqlConnection& c_;
};

/// Computes the search terms and supplier key of proposals stored before migration 0015 (rows
/// whose search_terms is NULL), then counts every proposal's terms afresh (migration 0023); run
/// after migrating, whenever a store opens, in a transaction holding the migration lock.
Status FillProposalSearchTerms(SqlConnection& c);

}  // namespace warden::storage
