#pragma once
// The JSON of digital demand proposals (issue 11 item 5), shared by the API routes.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/demand/catalogue.hpp"
#include "domain/demand/proposal_service.hpp"
#include "web/form.hpp"

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

/// Where one page of a list read whole lies in it (`?limit=&cursor=`, API.md's lists): the
/// items [begin, end), and the cursor of the next page (the last item's id) when more follow.
struct ListSlice {
    size_t begin = 0;
    size_t end = 0;
    std::optional<std::string> next_cursor;
};
/// The page of a list whose items have `ids`, in the list's order, after the item whose id is
/// the query's cursor (from the start without one). A limit out of 1..500, or a cursor that
/// names no item of the list, is a 400 naming the field.
Result<ListSlice> SliceOf(const std::vector<Id>& ids, const FormData& query);

}  // namespace warden::web::api
