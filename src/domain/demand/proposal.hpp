#pragma once
// A digital demand proposal (DOMAIN.md, "Digital demand"; issue 11 item 1 and 2): its fields, the
// validation that names each bad field, the whole-life cost, the flags shown to proposer and
// reviewer, and the workflow's state machine. Plain functions over loaded data, so that the page
// that offers a button and the service that refuses with a 409 call the same rule.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace warden::domain {

/// DRAFT → SUBMITTED → IN_REVIEW → ADVISED → CLOSED; RETURNED (more information needed) goes back
/// to the proposer; WITHDRAWN from any open state.
enum class ProposalState {
    kDraft,
    kSubmitted,
    kInReview,
    kAdvised,
    kReturned,
    kClosed,
    kWithdrawn,
};

/// "DRAFT", "SUBMITTED", ...
std::string_view ProposalStateName(ProposalState state);
/// Inverse of ProposalStateName; nullopt for an unknown name.
std::optional<ProposalState> ParseProposalState(std::string_view name);
/// Every state, in workflow order.
const std::vector<ProposalState>& AllProposalStates();
/// "Draft", "Submitted", "In review", ... for pages.
std::string_view ProposalStateLabel(ProposalState state);

/// The categories of item 1, in the issue's order ("IN_CELL_TECHNOLOGY", ...).
const std::vector<std::string_view>& ProposalCategories();
/// "In-cell technology", ... ("" for an unknown code).
std::string_view CategoryLabel(std::string_view code);
/// Who uses it: "PRISONERS_IN_CELL", "PRISONERS_COMMUNAL", "STAFF".
const std::vector<std::string_view>& ProposalUsers();
/// "Prisoners in cell", ... ("" for an unknown code).
std::string_view UserLabel(std::string_view code);
/// The advice outcomes: "SUPPORTED", "SUPPORTED_WITH_CONDITIONS", "NOT_SUPPORTED",
/// "MORE_INFORMATION_NEEDED".
const std::vector<std::string_view>& AdviceOutcomes();
/// "Supported", ... ("" for an unknown code).
std::string_view AdviceOutcomeLabel(std::string_view code);

/// The fields a proposer fills in. Costs are whole pence.
struct ProposalFields {
    std::string establishment;
    std::string title;
    std::string summary;
    std::string need;
    std::string category;            // "" until chosen (a draft), else one of ProposalCategories
    std::vector<std::string> users;  // each one of ProposalUsers, no repeats
    std::string supplier;
    bool assured = false;
    bool free_offer = false;
    bool personal_data = false;
    bool hmpps_network = false;
    bool central_funding_assumed = false;
    std::string wanted_start;  // "YYYY-MM-DD" or "" until given
    std::int64_t one_off_hardware_software_pence = 0;
    std::int64_t one_off_labour_pence = 0;
    std::int64_t internal_staff_pence = 0;
    std::int64_t yearly_support_pence = 0;
    std::int64_t yearly_live_service_pence = 0;
    int contract_years = 0;  // 0 to 10
};

/// The reviewer's advice of record.
struct ProposalAdvice {
    std::string outcome;  // one of AdviceOutcomes
    std::string text;
    std::string by;  // username
    TimePoint at{};
    /// When the advice was emailed to the proposer (the weekly review's issue); unset until then.
    std::optional<TimePoint> issued_at;
};

/// A proposal as stored.
struct Proposal {
    Id id = 0;
    ProposalFields fields;
    ProposalState state = ProposalState::kDraft;
    std::string proposer;  // username
    TimePoint created_at{};
    TimePoint updated_at{};
    std::optional<TimePoint> submitted_at;  // the latest submission
    std::optional<ProposalAdvice> advice;   // the latest advice
};

/// One move on a proposal's timeline. `what` is a code (CREATED, UPDATED, SUBMITTED,
/// REVIEW_STARTED, ADVISED, RETURNED, CLOSED, WITHDRAWN); `detail` is the advice outcome for
/// ADVISED and RETURNED, else empty.
struct ProposalEvent {
    Id id = 0;
    Id proposal_id = 0;
    TimePoint at{};
    std::string by;
    std::string what;
    std::string detail;
};

/// A flag with its code and a plain-English explanation.
struct ProposalFlag {
    std::string code;
    std::string explanation;
};

/// The largest cost accepted in one field: £10,000,000,000 (so no whole-life sum can overflow).
inline constexpr std::int64_t kMaxCostPence = 1'000'000'000'000;
/// The longest contract term in years.
inline constexpr int kMaxContractYears = 10;
/// Default whole-life cost above which central spend approval is needed: £100,000.
inline constexpr std::int64_t kDefaultSpendControlPence = 10'000'000;

/// Checks the fields a draft must always satisfy, naming each bad field: a title and a need are
/// required, costs are 0 to kMaxCostPence, the category and users are known codes, the contract
/// term is 0 to 10 years, the wanted start is a real date, and texts have sane lengths. (The
/// establishment is checked by the service against the caseload.)
Status ValidateProposal(const ProposalFields& f);
/// ValidateProposal, plus what a submission needs: a summary, a category, at least one user, a
/// supplier and a wanted start date.
Status ValidateForSubmission(const ProposalFields& f);

/// One-offs + (yearly support + yearly live service) × years, in pence. Saturates at INT64_MAX
/// rather than overflow (validated fields never get near it).
std::int64_t WholeLifeCostPence(const ProposalFields& f);

/// The flags of `f`, in a fixed order: FREE_OFFER_FUTURE_COSTS, CENTRAL_FUNDING_ASSUMED,
/// MULTI_YEAR, UNASSURED, DATA_PROTECTION_REVIEW, NETWORK_SECURITY_REVIEW, SPEND_CONTROL (the
/// whole-life cost above `spend_control_pence`).
std::vector<ProposalFlag> ProposalFlags(const ProposalFields& f, std::int64_t spend_control_pence);

/// "£1,234.56" for pages and explanations.
std::string FormatPounds(std::int64_t pence);

/// Open: not CLOSED or WITHDRAWN.
bool IsOpen(ProposalState state);
/// The proposer may edit (and submit) a DRAFT or a RETURNED proposal.
bool CanEdit(ProposalState state);
/// "Saved: Assurance and data": the detail of the UPDATED event written when the proposer saves
/// a part of the proposal (a section of the form).
std::string SavedPartDetail(std::string_view part);
/// Whether the proposer has saved `part`: an UPDATED event with SavedPartDetail(part) on the
/// timeline.
bool PartSaved(const std::vector<ProposalEvent>& timeline, std::string_view part);
/// Ok when the proposer may edit; kConflict saying why not ("A submitted proposal cannot be
/// edited").
Status CheckEditable(ProposalState state);
/// Ok when a DRAFT or RETURNED proposal may be submitted; kConflict otherwise.
Status CheckSubmittable(ProposalState state);
/// Ok from any open state; kConflict otherwise.
Status CheckWithdrawable(ProposalState state);
/// Ok from SUBMITTED; kConflict otherwise.
Status CheckReviewable(ProposalState state);
/// Ok from SUBMITTED or IN_REVIEW; kConflict otherwise.
Status CheckAdvisable(ProposalState state);
/// Ok from ADVISED; kConflict otherwise.
Status CheckClosable(ProposalState state);
/// Days within which a submission should be advised.
inline constexpr int kAdviceDays = 10;
/// True when `p` awaits advice (SUBMITTED or IN_REVIEW) more than kAdviceDays after its latest
/// submission.
bool IsAdviceOverdue(const Proposal& p, TimePoint now);
/// True when `p`'s advice was recorded on its latest submission. A resubmitted proposal keeps its
/// earlier advice (the proposer answered it; the record stays), but that advice is not the new
/// submission's: the week's agenda shows it awaiting advice and issuing sends nothing for it.
bool HasAdviceOnLatestSubmission(const Proposal& p);
/// True when `p`'s latest advice was emailed to the proposer: its issue time is at or after the
/// advice's. An issue time before the advice is an earlier advice's, left by a server that knew
/// no issue times (an upgrade running old and new servers side by side): that advice is not the
/// one recorded now.
bool IsAdviceIssued(const Proposal& p);
/// True when `p`'s advice on its latest submission is still to be emailed to the proposer (the
/// weekly review's issue sends it), unless the proposal was withdrawn: its proposer no longer asks.
bool AdviceAwaitsIssue(const Proposal& p);
/// The state advice moves a proposal to: RETURNED for MORE_INFORMATION_NEEDED, else ADVISED.
ProposalState StateAfterAdvice(std::string_view outcome);

}  // namespace warden::domain
