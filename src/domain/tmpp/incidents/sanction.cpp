#include "domain/tmpp/incidents/sanction.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

constexpr size_t kMaxSanctionDescription = 1000;

constexpr std::array<std::pair<SanctionKind, std::string_view>, 3> kKinds{{
    {SanctionKind::kWithdrawal, "WITHDRAWAL"},
    {SanctionKind::kPlacedOnReport, "PLACED_ON_REPORT"},
    {SanctionKind::kOther, "OTHER"},
}};

bool Digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool Has(const std::vector<Sanction>& sanctions, const std::string& number, SanctionKind kind) {
    return std::any_of(sanctions.begin(), sanctions.end(), [&](const Sanction& s) {
        return s.prison_number == number && s.kind == kind;
    });
}

}  // namespace

std::string_view SanctionKindName(SanctionKind kind) {
    for (const auto& [k, name] : kKinds) {
        if (k == kind) return name;
    }
    return "OTHER";
}

std::optional<SanctionKind> ParseSanctionKind(std::string_view name) {
    for (const auto& [k, n] : kKinds) {
        if (n == name) return k;
    }
    return std::nullopt;
}

bool IsAdjudicationReference(std::string_view reference) {
    const size_t dash = reference.find('-');
    if (dash == std::string_view::npos) return false;
    const std::string_view digits = reference.substr(dash + 1);
    return IsEstablishmentCode(reference.substr(0, dash)) && digits.size() == 6 && Digits(digits);
}

std::vector<FieldError> CheckSanctionInput(const SanctionInput& in, const Incident& incident,
                                           Sanction& out) {
    std::vector<FieldError> fields;
    out.prison_number = ToUpper(Trim(in.prisoner));
    if (out.prison_number.empty()) {
        fields.push_back({"prisoner", "Choose the prisoner the sanction is against"});
    } else if (std::find(incident.prisoners.begin(), incident.prisoners.end(), out.prison_number) ==
               incident.prisoners.end()) {
        fields.push_back({"prisoner", "Prisoner " + Clip(out.prison_number, 10) +
                                          " is not involved in incident " + incident.reference});
    }
    const auto kind = ParseSanctionKind(ToUpper(Trim(in.kind)));
    if (!kind) {
        fields.push_back({"kind", "The sanction must be WITHDRAWAL, PLACED_ON_REPORT or OTHER"});
        return fields;
    }
    out.kind = *kind;
    const std::string reference = ToUpper(Trim(in.reference));
    const std::string_view description = Trim(in.description);
    if (out.kind == SanctionKind::kPlacedOnReport) {
        if (reference.empty()) {
            fields.push_back({"reference", "Enter the adjudication reference, like MDI-000123"});
        } else if (!IsAdjudicationReference(reference)) {
            fields.push_back({"reference",
                              "The adjudication reference must be an establishment code, a "
                              "hyphen and six digits, like MDI-000123"});
        } else {
            out.reference = reference;
        }
    }
    if (out.kind == SanctionKind::kOther) {
        if (description.empty()) {
            fields.push_back({"description", "Describe the sanction"});
        } else if (description.size() > kMaxSanctionDescription || !IsValidUtf8(description)) {
            fields.push_back({"description", "The description must be " +
                                                 std::to_string(kMaxSanctionDescription) +
                                                 " characters or fewer"});
        } else {
            out.description = std::string(description);
        }
    }
    return fields;
}

std::vector<MissingSanctions> MissingForClose(const Incident& incident,
                                              const std::vector<Sanction>& sanctions) {
    std::vector<MissingSanctions> out;
    if (!NeedsMinimumSanctions(incident.type)) return out;
    for (const auto& number : incident.prisoners) {
        MissingSanctions m;
        m.prison_number = number;
        for (SanctionKind kind : {SanctionKind::kWithdrawal, SanctionKind::kPlacedOnReport}) {
            if (!Has(sanctions, number, kind)) m.kinds.push_back(kind);
        }
        if (!m.kinds.empty()) out.push_back(std::move(m));
    }
    return out;
}

std::string DescribeMissing(const std::vector<MissingSanctions>& missing) {
    std::string out;
    for (const auto& m : missing) {
        if (!out.empty()) out += "; ";
        out += m.prison_number + " has no ";
        for (size_t k = 0; k < m.kinds.size(); ++k) {
            if (k > 0) out += " or ";
            out += SanctionKindName(m.kinds[k]);
        }
    }
    return out;
}

std::optional<TimePoint> PlacedOnReportDueBy(const Incident& incident,
                                             const std::vector<Sanction>& sanctions) {
    if (incident.status != IncidentStatus::kReported &&
        incident.status != IncidentStatus::kRiuNotified) {
        return std::nullopt;
    }
    if (!NeedsMinimumSanctions(incident.type) || !incident.no_prisoner_reason.empty()) {
        return std::nullopt;
    }
    const bool missing = std::any_of(
        incident.prisoners.begin(), incident.prisoners.end(), [&](const std::string& number) {
            return !Has(sanctions, number, SanctionKind::kPlacedOnReport);
        });
    if (!missing) return std::nullopt;
    return incident.discovered_at + kPlacedOnReportWithin;
}

}  // namespace warden::domain
