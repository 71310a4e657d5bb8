#pragma once
// The digital demand pages (DOMAIN.md, "Digital demand"; issue 11): GOVERNOR drafts a proposal
// through a GOV.UK task list (each section saved as it goes), checks the answers with the
// whole-life cost and flags explained, and submits; DIGITAL_REVIEWER reads the proposal and
// records advice on its page. Every page calls ProposalService; the service decides.

#include <string>
#include <utility>
#include <vector>

#include "domain/demand/proposal_service.hpp"
#include "web/pages/page_routes.hpp"

namespace warden::web::pages {

/// The proposals list, a new proposal, the proposal page and recording advice.
void AddProposalPages(Router& router, const Kit& kit);
/// The task list, its four section forms, check your answers and submitting.
void AddProposalFormPages(Router& router, const Kit& kit);

/// The dashboard and its tables as CSV (GOVERNOR: the caseload; DIGITAL_REVIEWER: the estate).
void AddDashboardPages(Router& router, const Kit& kit);

/// The estate view and its CSV (DIGITAL_REVIEWER).
void AddEstatePages(Router& router, const Kit& kit);

/// Joining proposals into a group and the group's page with its advice form (DIGITAL_REVIEWER).
void AddGroupPages(Router& router, const Kit& kit);

/// The weekly review agenda and issuing its advice (DIGITAL_REVIEWER).
void AddReviewPages(Router& router, const Kit& kit);
/// The catalogue of assured national services: the list, and the add form (DIGITAL_REVIEWER).
void AddCataloguePages(Router& router, const Kit& kit);

/// The {id} of the path; a bad one is kNotFound.
Result<Id> ProposalIdOf(const Request& request);

/// The answers of a proposal as summary-list sections ({heading, rows: {key, value, id,
/// change_href}}); `with_change` adds the links to the section forms.
Data AnswerSections(const domain::ProposalView& view, bool with_change);
/// The flags as {code, explanation} items.
Data FlagItems(const domain::ProposalView& view);
/// The whole-life cost's working: "One-off costs £A + (support £B + live service £C) × N years".
std::string WholeLifeWorking(const domain::ProposalFields& f);
/// A state's tag {text, class}.
Data ProposalStateTag(domain::ProposalState state);
/// The timeline, newest first, as MoJ timeline items {title, by, at, iso}.
Data TimelineItems(const domain::ProposalView& view);
/// The advice form's fields into `d`: `f_outcome` (a select of the advice outcomes, the one in
/// `form` chosen) and `f_advice` (the advice text, with `label` and `hint`).
void PutAdviceFields(Page& page, Data& d, const FormData& form, const std::string& label,
                     const std::string& hint);
/// Pence as a form value in pounds: "1500" or "1500.50"; "" for 0 when `blank_zero`.
std::string PoundsValue(std::int64_t pence, bool blank_zero);

}  // namespace warden::web::pages
