#include "domain/demand/proposal.hpp"

#include <algorithm>
#include <limits>

#include "core/strings.hpp"

namespace warden::domain {
namespace {

struct StateEntry {
    ProposalState state;
    std::string_view name;
    std::string_view label;
};

constexpr StateEntry kStates[] = {
    {ProposalState::kDraft, "DRAFT", "Draft"},
    {ProposalState::kSubmitted, "SUBMITTED", "Submitted"},
    {ProposalState::kInReview, "IN_REVIEW", "In review"},
    {ProposalState::kAdvised, "ADVISED", "Advised"},
    {ProposalState::kReturned, "RETURNED", "Returned"},
    {ProposalState::kClosed, "CLOSED", "Closed"},
    {ProposalState::kWithdrawn, "WITHDRAWN", "Withdrawn"},
};

struct CodeLabel {
    std::string_view code;
    std::string_view label;
};

constexpr CodeLabel kCategories[] = {
    {"IN_CELL_TECHNOLOGY", "In-cell technology"},
    {"BIOMETRICS", "Biometrics"},
    {"KIOSKS", "Kiosks"},
    {"LAPTOPS_TABLETS", "Laptops and tablets"},
    {"SOFTWARE_APPS", "Software and apps"},
    {"TELEPHONY", "Telephony"},
    {"VIDEO_CALLS", "Video calls"},
    {"NETWORK_INFRASTRUCTURE", "Network and infrastructure"},
    {"OTHER", "Other"},
};

constexpr CodeLabel kUsers[] = {
    {"PRISONERS_IN_CELL", "Prisoners in cell"},
    {"PRISONERS_COMMUNAL", "Prisoners in communal areas"},
    {"STAFF", "Staff"},
};

constexpr CodeLabel kOutcomes[] = {
    {"SUPPORTED", "Supported"},
    {"SUPPORTED_WITH_CONDITIONS", "Supported with conditions"},
    {"NOT_SUPPORTED", "Not supported"},
    {"MORE_INFORMATION_NEEDED", "More information needed"},
};

template <size_t N>
std::vector<std::string_view> Codes(const CodeLabel (&table)[N]) {
    std::vector<std::string_view> out;
    for (const auto& e : table) out.push_back(e.code);
    return out;
}

template <size_t N>
std::string_view LabelOf(const CodeLabel (&table)[N], std::string_view code) {
    for (const auto& e : table) {
        if (e.code == code) return e.label;
    }
    return "";
}

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxSupplier = 200;
constexpr size_t kMaxText = 5000;

void CheckCost(std::vector<FieldError>& errors, const char* field, const char* what,
               std::int64_t pence) {
    if (pence < 0) {
        errors.push_back({field, std::string(what) + " must be 0 or more"});
    } else if (pence > kMaxCostPence) {
        errors.push_back(
            {field, std::string(what) + " must be " + FormatPounds(kMaxCostPence) + " or less"});
    }
}

void CheckLength(std::vector<FieldError>& errors, const char* field, const char* what,
                 const std::string& value, size_t max) {
    if (value.size() > max) {
        errors.push_back({field, std::string(what) + " must be " + std::to_string(max) +
                                     " characters or fewer"});
    }
}

std::int64_t SatAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) return std::numeric_limits<std::int64_t>::max();
    return out;
}

std::int64_t SatMul(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_mul_overflow(a, b, &out)) return std::numeric_limits<std::int64_t>::max();
    return out;
}

std::vector<FieldError> DraftErrors(const ProposalFields& f) {
    std::vector<FieldError> errors;
    if (Trim(f.title).empty()) errors.push_back({"title", "Enter a title"});
    CheckLength(errors, "title", "Title", f.title, kMaxTitle);
    CheckLength(errors, "summary", "Summary", f.summary, kMaxText);
    if (Trim(f.need).empty()) errors.push_back({"need", "Enter the need it meets"});
    CheckLength(errors, "need", "Need", f.need, kMaxText);
    if (!f.category.empty() && CategoryLabel(f.category).empty()) {
        errors.push_back({"category", "Choose a category from the list"});
    }
    for (size_t i = 0; i < f.users.size(); ++i) {
        if (UserLabel(f.users[i]).empty()) {
            errors.push_back({"users", "Choose who uses it from the list"});
            break;
        }
        if (std::find(f.users.begin(), f.users.begin() + static_cast<std::ptrdiff_t>(i),
                      f.users[i]) != f.users.begin() + static_cast<std::ptrdiff_t>(i)) {
            errors.push_back({"users", "Choose each user group once"});
            break;
        }
    }
    CheckLength(errors, "supplier", "Supplier", f.supplier, kMaxSupplier);
    if (!f.wanted_start.empty() && !ParseDate(f.wanted_start)) {
        errors.push_back({"wanted_start", "Wanted start must be a real date, like 2027-04-01"});
    }
    CheckCost(errors, "one_off_hardware_software_pence", "One-off hardware and software cost",
              f.one_off_hardware_software_pence);
    CheckCost(errors, "one_off_labour_pence", "One-off labour cost", f.one_off_labour_pence);
    CheckCost(errors, "internal_staff_pence", "Internal staff cost", f.internal_staff_pence);
    CheckCost(errors, "yearly_support_pence", "Yearly support cost", f.yearly_support_pence);
    CheckCost(errors, "yearly_live_service_pence", "Yearly live service cost",
              f.yearly_live_service_pence);
    if (f.contract_years < 0 || f.contract_years > kMaxContractYears) {
        errors.push_back({"contract_years", "Contract term must be from 0 to 10 years"});
    }
    return errors;
}

Status Fail(std::vector<FieldError> errors) {
    if (errors.empty()) return Ok();
    std::string message = errors.front().message;
    return Error::Invalid(std::move(message), std::move(errors));
}

Status Refuse(ProposalState state, std::string_view what) {
    return Error::Conflict("A " + ToLower(std::string(ProposalStateLabel(state))) +
                           " proposal cannot be " + std::string(what));
}

}  // namespace

std::string_view ProposalStateName(ProposalState state) {
    for (const auto& e : kStates) {
        if (e.state == state) return e.name;
    }
    return "UNKNOWN";
}

std::optional<ProposalState> ParseProposalState(std::string_view name) {
    for (const auto& e : kStates) {
        if (e.name == name) return e.state;
    }
    return std::nullopt;
}

const std::vector<ProposalState>& AllProposalStates() {
    static const std::vector<ProposalState> states = [] {
        std::vector<ProposalState> out;
        for (const auto& e : kStates) out.push_back(e.state);
        return out;
    }();
    return states;
}

std::string_view ProposalStateLabel(ProposalState state) {
    for (const auto& e : kStates) {
        if (e.state == state) return e.label;
    }
    return "Unknown";
}

const std::vector<std::string_view>& ProposalCategories() {
    static const std::vector<std::string_view> codes = Codes(kCategories);
    return codes;
}

std::string_view CategoryLabel(std::string_view code) { return LabelOf(kCategories, code); }

const std::vector<std::string_view>& ProposalUsers() {
    static const std::vector<std::string_view> codes = Codes(kUsers);
    return codes;
}

std::string_view UserLabel(std::string_view code) { return LabelOf(kUsers, code); }

const std::vector<std::string_view>& AdviceOutcomes() {
    static const std::vector<std::string_view> codes = Codes(kOutcomes);
    return codes;
}

std::string_view AdviceOutcomeLabel(std::string_view code) { return LabelOf(kOutcomes, code); }

Status ValidateProposal(const ProposalFields& f) { return Fail(DraftErrors(f)); }

Status ValidateForSubmission(const ProposalFields& f) {
    std::vector<FieldError> errors = DraftErrors(f);
    const auto missing = [&](const char* field) {
        return std::none_of(errors.begin(), errors.end(),
                            [&](const FieldError& e) { return e.field == field; });
    };
    if (Trim(f.summary).empty() && missing("summary")) {
        errors.push_back({"summary", "Enter a summary"});
    }
    if (f.category.empty()) errors.push_back({"category", "Choose a category"});
    if (f.users.empty()) errors.push_back({"users", "Choose who uses it"});
    if (Trim(f.supplier).empty() && missing("supplier")) {
        errors.push_back({"supplier", "Enter the supplier"});
    }
    if (f.wanted_start.empty()) errors.push_back({"wanted_start", "Enter the wanted start date"});
    return Fail(std::move(errors));
}

std::int64_t WholeLifeCostPence(const ProposalFields& f) {
    std::int64_t one_offs = SatAdd(
        SatAdd(f.one_off_hardware_software_pence, f.one_off_labour_pence), f.internal_staff_pence);
    std::int64_t yearly = SatAdd(f.yearly_support_pence, f.yearly_live_service_pence);
    return SatAdd(one_offs, SatMul(yearly, f.contract_years));
}

std::vector<ProposalFlag> ProposalFlags(const ProposalFields& f, std::int64_t spend_control_pence) {
    std::vector<ProposalFlag> out;
    const bool yearly = f.yearly_support_pence > 0 || f.yearly_live_service_pence > 0;
    if (f.free_offer && (yearly || f.contract_years > 0)) {
        out.push_back({"FREE_OFFER_FUTURE_COSTS",
                       "This is a free offer, but it has yearly costs or a contract term: it "
                       "could cost money later."});
    }
    if (f.central_funding_assumed) {
        out.push_back({"CENTRAL_FUNDING_ASSUMED",
                       "The proposal assumes central funding. No central funding is available "
                       "for the next two years."});
    }
    if (f.contract_years > 1) {
        out.push_back({"MULTI_YEAR", "This commits to a contract of " +
                                         std::to_string(f.contract_years) + " years."});
    }
    if (!f.assured) {
        out.push_back({"UNASSURED", "The product is not assured by HMPPS Digital."});
    }
    if (f.personal_data) {
        out.push_back({"DATA_PROTECTION_REVIEW",
                       "It processes personal data, so it needs a data protection review."});
    }
    if (f.hmpps_network) {
        out.push_back({"NETWORK_SECURITY_REVIEW",
                       "It connects to the HMPPS network, so it needs a security review."});
    }
    const std::int64_t whole_life = WholeLifeCostPence(f);
    if (whole_life > spend_control_pence) {
        out.push_back({"SPEND_CONTROL", "The whole-life cost of " + FormatPounds(whole_life) +
                                            " is above " + FormatPounds(spend_control_pence) +
                                            ", so it needs central spend approval."});
    }
    return out;
}

std::string FormatPounds(std::int64_t pence) {
    const bool negative = pence < 0;
    // Work in unsigned so that INT64_MIN has a magnitude.
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
    const std::uint64_t pounds = magnitude / 100;
    const std::uint64_t rest = magnitude % 100;
    std::string digits = std::to_string(pounds);
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    std::string out = negative ? "-£" : "£";
    out += grouped;
    if (rest != 0) out += (rest < 10 ? ".0" : ".") + std::to_string(rest);
    return out;
}

bool IsOpen(ProposalState state) {
    return state != ProposalState::kClosed && state != ProposalState::kWithdrawn;
}

bool CanEdit(ProposalState state) {
    return state == ProposalState::kDraft || state == ProposalState::kReturned;
}

std::string SavedPartDetail(std::string_view part) { return "Saved: " + std::string(part); }

bool PartSaved(const std::vector<ProposalEvent>& timeline, std::string_view part) {
    const std::string detail = SavedPartDetail(part);
    return std::any_of(timeline.begin(), timeline.end(), [&](const ProposalEvent& e) {
        return e.what == "UPDATED" && e.detail == detail;
    });
}

Status CheckEditable(ProposalState state) {
    if (CanEdit(state)) return Ok();
    return Refuse(state, "edited");
}

Status CheckSubmittable(ProposalState state) {
    if (CanEdit(state)) return Ok();
    return Refuse(state, "submitted");
}

Status CheckWithdrawable(ProposalState state) {
    if (IsOpen(state)) return Ok();
    return Refuse(state, "withdrawn");
}

Status CheckReviewable(ProposalState state) {
    if (state == ProposalState::kSubmitted) return Ok();
    return Refuse(state, "taken into review");
}

Status CheckAdvisable(ProposalState state) {
    if (state == ProposalState::kSubmitted || state == ProposalState::kInReview) return Ok();
    return Refuse(state, "advised");
}

Status CheckClosable(ProposalState state) {
    if (state == ProposalState::kAdvised) return Ok();
    return Refuse(state, "closed");
}

ProposalState StateAfterAdvice(std::string_view outcome) {
    return outcome == "MORE_INFORMATION_NEEDED" ? ProposalState::kReturned
                                                : ProposalState::kAdvised;
}

bool HasAdviceOnLatestSubmission(const Proposal& p) {
    return p.advice.has_value() && p.submitted_at.has_value() && p.advice->at >= *p.submitted_at;
}

bool IsAdviceIssued(const Proposal& p) {
    return p.advice.has_value() && p.advice->issued_at.has_value() &&
           *p.advice->issued_at >= p.advice->at;
}

bool AdviceAwaitsIssue(const Proposal& p) {
    return HasAdviceOnLatestSubmission(p) && !IsAdviceIssued(p) &&
           p.state != ProposalState::kWithdrawn;
}

bool IsAdviceOverdue(const Proposal& p, TimePoint now) {
    if (p.state != ProposalState::kSubmitted && p.state != ProposalState::kInReview) return false;
    return p.submitted_at.has_value() && now - *p.submitted_at > std::chrono::days{kAdviceDays};
}

}  // namespace warden::domain
