#include "domain/tmpp/handsets/handset.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/strings.hpp"
#include "core/validation.hpp"

namespace warden::domain {
namespace {

constexpr std::array<std::string_view, 6> kStatusNames = {"AVAILABLE", "ISSUED", "QUARANTINED",
                                                          "DAMAGED",   "LOST",   "RETIRED"};

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// Letters, digits and '-' only, 1 to `max` long.
bool IsCode(std::string_view s, size_t max) {
    return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
    });
}

std::string WithoutSpaces(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c != ' ' && c != '-') out += c;
    }
    return out;
}

}  // namespace

std::string_view HandsetStatusName(HandsetStatus status) {
    return kStatusNames.at(static_cast<size_t>(status));
}

std::optional<HandsetStatus> ParseHandsetStatus(std::string_view name) {
    for (size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames.at(i) == name) return static_cast<HandsetStatus>(i);
    }
    return std::nullopt;
}

const std::vector<HandsetStatus>& AllHandsetStatuses() {
    static const std::vector<HandsetStatus> all = {
        HandsetStatus::kAvailable, HandsetStatus::kIssued, HandsetStatus::kQuarantined,
        HandsetStatus::kDamaged,   HandsetStatus::kLost,   HandsetStatus::kRetired};
    return all;
}

bool LuhnValid(std::string_view digits) {
    if (!AllDigits(digits)) return false;
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

HandsetInput NormaliseHandset(HandsetInput in) {
    in.tag = ToUpper(Trim(in.tag));
    in.imei = WithoutSpaces(Trim(in.imei));
    in.model = std::string(Trim(in.model));
    in.iccid = WithoutSpaces(Trim(in.iccid));
    in.phone_number = std::string(Trim(in.phone_number));
    in.seal = ToUpper(Trim(in.seal));
    in.home_wing = ToUpper(Trim(in.home_wing));
    return in;
}

std::vector<FieldError> CheckSeal(std::string_view seal, const char* field) {
    if (seal.empty()) return {{field, "Enter the seal number"}};
    if (!IsCode(seal, 20)) {
        return {{field, "The seal number must be 1 to 20 letters, digits or hyphens"}};
    }
    return {};
}

std::vector<FieldError> CheckTag(std::string_view tag, const std::string& field) {
    if (tag.empty()) return {{field, "Enter the asset tag"}};
    if (!IsCode(tag, 20)) {
        return {{field, "The asset tag must be 1 to 20 letters, digits or hyphens"}};
    }
    return {};
}

std::vector<FieldError> CheckHandset(const HandsetInput& in) {
    std::vector<FieldError> out;
    if (in.tag.empty()) {
        out.push_back({"tag", "Enter the asset tag"});
    } else if (!IsCode(in.tag, 20)) {
        out.push_back({"tag", "The asset tag must be 1 to 20 letters, digits or hyphens"});
    }
    if (in.imei.empty()) {
        out.push_back({"imei", "Enter the IMEI"});
    } else if (in.imei.size() != 15 || !AllDigits(in.imei)) {
        out.push_back({"imei", "The IMEI must be 15 digits"});
    } else if (!LuhnValid(in.imei)) {
        out.push_back({"imei", "The IMEI fails its check digit: check it was read correctly"});
    }
    if (in.model.empty()) {
        out.push_back({"model", "Enter the model"});
    } else if (in.model.size() > 60 || !IsValidUtf8(in.model)) {
        out.push_back({"model", "The model must be 60 characters or fewer"});
    }
    if (in.iccid.empty()) {
        out.push_back({"iccid", "Enter the SIM ICCID"});
    } else if (in.iccid.size() < 18 || in.iccid.size() > 20 || !AllDigits(in.iccid)) {
        out.push_back({"iccid", "The SIM ICCID must be 18 to 20 digits"});
    } else if (!LuhnValid(in.iccid)) {
        out.push_back(
            {"iccid", "The SIM ICCID fails its check digit: check it was read correctly"});
    }
    const std::string phone = WithoutSpaces(in.phone_number);
    const std::string_view phone_digits =
        !phone.empty() && phone[0] == '+' ? std::string_view(phone).substr(1) : phone;
    if (phone.empty()) {
        out.push_back({"phone_number", "Enter the phone number"});
    } else if (phone_digits.size() < 10 || phone_digits.size() > 15 || !AllDigits(phone_digits)) {
        out.push_back({"phone_number",
                       "The phone number must be 10 to 15 digits, optionally starting with +"});
    }
    for (auto& e : CheckSeal(in.seal)) out.push_back(std::move(e));
    if (in.home_wing.empty()) {
        out.push_back({"home_wing", "Enter the home wing"});
    } else if (!IsLocationCode(in.home_wing)) {
        out.push_back({"home_wing", "The home wing must be a wing code such as A"});
    }
    return out;
}

bool IsOverdue(TimePoint issued_at, TimePoint now, int limit_minutes) {
    return now - issued_at > std::chrono::minutes(limit_minutes);
}

std::optional<std::string> RuleOnIssue(const IssueFacts& f) {
    const Handset& h = f.handset;
    if (h.status != HandsetStatus::kAvailable) {
        return "Handset " + h.tag + " is " + std::string(HandsetStatusName(h.status)) +
               ", not AVAILABLE";
    }
    if (!f.prisoner) return "The prisoner was not found";
    const Prisoner& p = *f.prisoner;
    if (p.gone) return "Prisoner " + p.prison_number + " is no longer in custody here";
    if (p.establishment != h.establishment) {
        return "Handset " + h.tag + " belongs to " + h.establishment + ", not to " +
               p.prison_number + "'s establishment " + p.establishment;
    }
    if (f.held) {
        return "Prisoner " + p.prison_number + " already holds handset " + f.held->tag;
    }
    const bool listed =
        f.wing_list &&
        std::any_of(f.wing_list->entries.begin(), f.wing_list->entries.end(),
                    [&](const WingListEntry& e) { return e.prison_number == p.prison_number; });
    if (!listed) {
        return "Prisoner " + p.prison_number + " is not on wing " + p.wing +
               "'s current published list";
    }
    if (!f.grant) {
        return "Prisoner " + p.prison_number + " holds no active TMPP grant";
    }
    if (f.seal_read != h.seal) {
        return "The seal read (" + f.seal_read + ") does not match the seal recorded for handset " +
               h.tag + ": do not issue it, and tell the TMPP SPoC";
    }
    return std::nullopt;
}

std::optional<ReturnCondition> ParseReturnCondition(std::string_view name) {
    if (name == "OK") return ReturnCondition::kOk;
    if (name == "DAMAGED") return ReturnCondition::kDamaged;
    return std::nullopt;
}

ReturnOutcome DecideReturn(std::string_view recorded, std::string_view seen, bool sim_present,
                           ReturnCondition condition) {
    ReturnOutcome out;
    const std::string evidence = "seal recorded " + std::string(recorded) + ", seal seen " +
                                 std::string(seen) + ", SIM " +
                                 (sim_present ? "present" : "missing");
    if (seen != recorded) {
        out.status = HandsetStatus::kQuarantined;
        out.incident = DraftIncidentNeeded{"SEAL_TAMPERED", evidence};
    } else if (!sim_present) {
        out.status = HandsetStatus::kQuarantined;
        out.incident = DraftIncidentNeeded{"SIM_TAMPERED", evidence};
    } else if (condition == ReturnCondition::kDamaged) {
        out.status = HandsetStatus::kDamaged;
        out.incident = DraftIncidentNeeded{"DAMAGE", evidence + ", returned damaged"};
    }
    return out;
}

}  // namespace warden::domain
