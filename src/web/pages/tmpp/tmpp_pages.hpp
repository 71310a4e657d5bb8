#pragma once
// The TMPP pages (DOMAIN.md, "TMPP: access, from need to the wing list"): a prisoner's TMPP
// section and actions, the Security queue, grants, compacts, phases, wing lists and the risk rules.

#include <optional>
#include <string>
#include <vector>

#include "domain/tmpp/access/access_service.hpp"
#include "domain/tmpp/access/queue_service.hpp"
#include "web/pages/page_routes.hpp"

namespace warden::web::pages {

/// Need, compact, decision, grant and withdrawal pages of a prisoner.
void AddTmppPrisonerPages(Router& router, const Kit& kit);
/// The Security queue, compacts, phases and the risk rules page.
void AddTmppEstablishmentPages(Router& router, const Kit& kit);
/// Publishing and viewing wing lists (HTML and CSV).
void AddTmppWingListPages(Router& router, const Kit& kit);
/// The handset register, a handset's page, reseal and retire (handset_pages.cpp).
void AddHandsetPages(Router& router, const Kit& kit);
/// The wing's handsets: the officers' page, issue and return (handset_wing_pages.cpp).
void AddHandsetWingPages(Router& router, const Kit& kit);
/// Stocktakes of the handset register: list, form and result (stocktake_pages.cpp).
void AddStocktakePages(Router& router, const Kit& kit);
/// The national TMPP monitoring view and its CSV downloads (monitoring_pages.cpp).
void AddMonitoringPages(Router& router, const Kit& kit);
/// The incident list, an incident's page and its steps (incident_pages.cpp).
void AddIncidentPages(Router& router, const Kit& kit);
/// Raising an incident (incident_raise_pages.cpp).
void AddIncidentRaisePages(Router& router, const Kit& kit);

/// The data of the TMPP section of the prisoner page (state, grant, needs, recommendation,
/// decision, timeline and the actions the actor may take).
Data TmppSection(const domain::Actor& actor, const domain::PrisonerRecordView& record);
/// The success banner for `?tmpp=` on the prisoner page after an action, or "".
std::string TmppBanner(const std::string& done);

/// "govuk-tag--green" etc. for a band.
std::string BandTagClass(domain::RiskBand band);
/// A tag's data {text, class} for a band.
Data BandTag(domain::RiskBand band);
/// "No access", "Requested", ... for a state.
std::string StateLabel(domain::AccessState state);
/// A tag's data {text, class, code} for a state.
Data StateTag(domain::AccessState state);
/// "Isolating (symptoms or a positive test)", ... for a need.
std::string NeedLabel(domain::NeedKind kind);

/// Adds a failed form submission's error to `page`: field errors (renamed through `ids`) and
/// refusals (kConflict, kInvalidInput without fields) as one summary line. Returns the status to
/// render the form with (400, or 409 for a refusal), or the error itself when it is not one a
/// form shows (not found, forbidden, internal).
Result<int> ShowFormError(Page& page, const Error& error,
                          const std::vector<std::pair<std::string, std::string>>& ids = {},
                          const std::string& fallback_id = {});

/// A GOV.UK date input's data for the date_input partial: `id`-day, -month, -year fields from
/// `form` (or from `iso` "YYYY-MM-DD" when the form has none).
Data DateInput(const Page& page, const std::string& id, const std::string& legend,
               const std::string& hint, const FormData& form, const std::string& iso = {});
/// The date the fields `id`-day/-month/-year of `form` hold as "YYYY-MM-DD"; "" when all three
/// are empty; something that is not a date when they do not make one.
std::string DateFromForm(const FormData& form, const std::string& id);

}  // namespace warden::web::pages
