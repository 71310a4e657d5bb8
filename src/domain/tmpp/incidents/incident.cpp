#include "domain/tmpp/incidents/incident.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

#include "core/strings.hpp"
#include "core/validation.hpp"

namespace warden::domain {
namespace {

constexpr std::array<std::pair<IncidentType, std::string_view>, 7> kTypes = {{
    {IncidentType::kSealTampered, "SEAL_TAMPERED"},
    {IncidentType::kSimTampered, "SIM_TAMPERED"},
    {IncidentType::kDamage, "DAMAGE"},
    {IncidentType::kLoss, "LOSS"},
    {IncidentType::kMisuse, "MISUSE"},
    {IncidentType::kNonCompliance, "NON_COMPLIANCE"},
    {IncidentType::kOther, "OTHER"},
}};

constexpr std::array<std::pair<IncidentStatus, std::string_view>, 5> kStatuses = {{
    {IncidentStatus::kDraft, "DRAFT"},
    {IncidentStatus::kReported, "REPORTED"},
    {IncidentStatus::kRiuNotified, "RIU_NOTIFIED"},
    {IncidentStatus::kClosed, "CLOSED"},
    {IncidentStatus::kNotReportable, "NOT_REPORTABLE"},
}};

bool AllDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A local IR number or a handset tag: 1 to 20 letters, digits, '-' or '/'.
bool IsCode(std::string_view s) {
    return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-' || c == '/';
    });
}

}  // namespace

std::string_view IncidentTypeName(IncidentType type) {
    for (const auto& [t, name] : kTypes) {
        if (t == type) return name;
    }
    return "OTHER";
}

std::optional<IncidentType> ParseIncidentType(std::string_view name) {
    for (const auto& [t, n] : kTypes) {
        if (n == name) return t;
    }
    return std::nullopt;
}

std::string_view IncidentStatusName(IncidentStatus status) {
    for (const auto& [s, name] : kStatuses) {
        if (s == status) return name;
    }
    return "DRAFT";
}

std::optional<IncidentStatus> ParseIncidentStatus(std::string_view name) {
    for (const auto& [s, n] : kStatuses) {
        if (n == name) return s;
    }
    return std::nullopt;
}

bool NeedsMinimumSanctions(IncidentType type) {
    return type == IncidentType::kSealTampered || type == IncidentType::kSimTampered ||
           type == IncidentType::kMisuse || type == IncidentType::kNonCompliance;
}

bool TakesNoPrisonerReason(const Incident& incident) {
    return NeedsMinimumSanctions(incident.type) && incident.prisoners.empty();
}

std::string IncidentReference(std::string_view establishment, int year, int number) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%05d", number);
    return std::string(establishment) + "-TMPP-" + std::to_string(year) + "-" + digits;
}

bool IsIncidentReference(std::string_view reference) {
    const size_t first = reference.find("-TMPP-");
    if (first == std::string_view::npos) return false;
    if (!IsEstablishmentCode(reference.substr(0, first))) return false;
    const std::string_view rest = reference.substr(first + 6);  // "2026-00042"
    if (rest.size() < 10 || rest[4] != '-') return false;
    return AllDigits(rest.substr(0, 4)) && AllDigits(rest.substr(5)) && rest.size() <= 14;
}

std::string TmppDescription(std::string_view description) {
    std::string text(Trim(description));
    if (text.rfind("TMPP", 0) == 0) return text;
    return "TMPP: " + text;
}

std::vector<FieldError> CheckIncidentInput(const IncidentInput& in, bool need_type, TimePoint now,
                                           Incident& out) {
    std::vector<FieldError> fields;
    if (need_type) {
        auto type = ParseIncidentType(ToUpper(Trim(in.type)));
        if (!type) {
            fields.push_back({"type",
                              "Type must be SEAL_TAMPERED, SIM_TAMPERED, DAMAGE, LOSS, MISUSE, "
                              "NON_COMPLIANCE or OTHER"});
        } else {
            out.type = *type;
        }
        out.establishment = ToUpper(Trim(in.establishment));
        if (!IsEstablishmentCode(out.establishment)) {
            fields.push_back({"establishment", "Enter an establishment code such as MDI"});
        }
    }
    out.wing = ToUpper(Trim(in.wing));
    if (!out.wing.empty() && !IsLocationCode(out.wing)) {
        fields.push_back({"wing", "The wing must be a wing code such as A"});
    }
    out.handset = ToUpper(Trim(in.handset));
    if (!out.handset.empty() && !IsCode(out.handset)) {
        fields.push_back({"handset", "The handset must be an asset tag of up to 20 characters"});
    }
    out.prisoners.clear();
    for (const auto& p : in.prisoners) {
        const std::string number = ToUpper(Trim(p));
        if (!IsPrisonNumber(number)) {
            fields.push_back({"prisoners", "Each prisoner must be a prison number like A1234BC"});
            break;
        }
        if (std::find(out.prisoners.begin(), out.prisoners.end(), number) == out.prisoners.end()) {
            out.prisoners.push_back(number);
        }
    }
    if (out.prisoners.size() > 20) {
        fields.push_back({"prisoners", "An incident can name at most 20 prisoners"});
    }
    auto when = [&](const std::string& text, const char* field,
                    const char* name) -> std::optional<TimePoint> {
        if (Trim(text).empty()) return std::nullopt;
        auto t = ParseRfc3339(Trim(text));
        if (!t) {
            fields.push_back({field, std::string("Enter when it ") + name +
                                         " as a date and time like 2026-11-30T10:02:00Z"});
            return std::nullopt;
        }
        if (*t > now) {
            fields.push_back(
                {field, std::string("When it ") + name + " must not be in the future"});
            return std::nullopt;
        }
        return t;
    };
    if (auto t = when(in.occurred_at, "occurred_at", "happened")) out.occurred_at = t;
    if (auto t = when(in.discovered_at, "discovered_at", "was discovered")) out.discovered_at = *t;
    if (out.occurred_at && out.discovered_at != TimePoint{} &&
        *out.occurred_at > out.discovered_at) {
        fields.push_back({"occurred_at", "When it happened must be before it was discovered"});
    }
    const std::string_view description = Trim(in.description);
    if (description.empty()) {
        fields.push_back({"description", "Enter a description of what happened"});
    } else if (description.size() > kMaxIncidentDescription || !IsValidUtf8(description)) {
        fields.push_back({"description", "The description must be " +
                                             std::to_string(kMaxIncidentDescription) +
                                             " characters or fewer"});
    } else {
        out.description = TmppDescription(description);
    }
    out.local_ir_number = ToUpper(Trim(in.local_ir_number));
    if (!out.local_ir_number.empty() && !IsCode(out.local_ir_number)) {
        fields.push_back(
            {"local_ir_number", "The local IR number must be up to 20 letters, digits, - or /"});
    }
    return fields;
}

}  // namespace warden::domain
