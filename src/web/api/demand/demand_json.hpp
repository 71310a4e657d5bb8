#pragma once
// The JSON of digital demand proposals (issue 11 item 5), shared by the API routes.

#include <boost/json.hpp>

#include "core/result.hpp"
#include "domain/demand/catalogue.hpp"
#include "domain/demand/proposal_service.hpp"

namespace warden::web::api {

/// A proposal as every response carries it: id, state, the fields, whole_life_cost_pence, flags,
/// advice, timeline, related (id, establishment, title and why only: a GOVERNOR sees other
/// establishments' proposals no further) and catalogue_matches.
boost::json::object ProposalJson(const domain::ProposalView& view);
/// A group: id, lead_establishment, created_by, created_at and its proposals (id,
/// establishment, title, state).
boost::json::object GroupJson(const domain::ProposalGroup& group);
/// A catalogue entry: id, name, category, supplier, description, contact, added_by, added_at.
boost::json::object CatalogueEntryJson(const domain::CatalogueEntry& entry);
/// The proposal fields of a create or update body. A field of the wrong JSON type is a 400 naming
/// it (every such field at once); the values are checked by the domain.
Result<domain::ProposalFields> ProposalFieldsFrom(const boost::json::object& body);

}  // namespace warden::web::api
