#pragma once
// A proposal's fields ready to submit, for the demand tests: each test changes only what it is
// about (the category, the supplier, a cost) and the rest passes every submission rule.

#include <string>
#include <utility>

#include "domain/demand/proposal.hpp"

namespace warden::domain::testing {

/// `title` for `establishment`: a BIOMETRICS proposal for staff from Acme, wanted from April 2027,
/// with no costs yet (a proposal may be submitted before its costs are known).
inline ProposalFields SubmittableFields(std::string establishment, std::string title) {
    ProposalFields f;
    f.establishment = std::move(establishment);
    f.title = std::move(title);
    f.summary = "Summary";
    f.need = "Need";
    f.category = "BIOMETRICS";
    f.users = {"STAFF"};
    f.supplier = "Acme";
    f.wanted_start = "2027-04-01";
    return f;
}

}  // namespace warden::domain::testing
