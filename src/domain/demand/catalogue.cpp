#include "domain/demand/catalogue.hpp"

#include "core/strings.hpp"
#include "domain/demand/proposal.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

/// Adds "Enter <what>" when `value` is blank and "<What> must be <max> characters or fewer" when
/// too long.
void CheckText(std::vector<FieldError>& errors, const char* field, const std::string& value,
               const char* what, std::size_t max) {
    if (Trim(value).empty()) {
        errors.push_back({field, std::string("Enter ") + what});
    } else if (value.size() > max) {
        std::string label = what;
        label.erase(0, label.find(' ') + 1);  // "the name" -> "name"
        label[0] = static_cast<char>(label[0] - 32);
        errors.push_back(
            {field, label + " must be " + std::to_string(max) + " characters or fewer"});
    } else if (!IsValidUtf8(value)) {
        errors.push_back({field, std::string("Enter ") + what + " as plain text"});
    }
}

}  // namespace

Status ValidateCatalogueEntry(const CatalogueEntry& e) {
    std::vector<FieldError> errors;
    CheckText(errors, "name", e.name, "the name", 200);
    if (CategoryLabel(e.category).empty()) {
        errors.push_back({"category", "Choose a category from the list"});
    }
    CheckText(errors, "supplier", e.supplier, "the supplier", 200);
    CheckText(errors, "description", e.description, "the description", 5000);
    CheckText(errors, "contact", e.contact, "the contact", 500);
    if (!errors.empty()) return FieldsError(std::move(errors));
    return Ok();
}

std::string CatalogueSearchText(const CatalogueEntry& e) {
    return Join(SearchTerms(e.name + "\n" + e.description), " ");
}

}  // namespace warden::domain
