#include "web/api/demand/demand_json.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "web/api/json_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;

/// Collects the type errors of many fields so that one 400 names them all.
class FieldReader {
  public:
    explicit FieldReader(const json::object& o) : o_(o) {}

    void Text(const char* field, std::string& out) { Take(String(o_, field), out); }
    void Flag(const char* field, bool& out) { Take(Boolean(o_, field), out); }
    void Texts(const char* field, std::vector<std::string>& out) {
        Take(StringList(o_, field), out);
    }
    void Pence(const char* field, std::int64_t& out) { Whole(field, "pence", out); }
    void Years(const char* field, int& out) {
        std::int64_t years = 0;
        Whole(field, "years", years);
        // Outside 0..10 either way: clamp so that the domain names the field.
        out = static_cast<int>(std::clamp<std::int64_t>(years, -1, 11));
    }
    Status Done() {
        if (errors_.empty()) return Ok();
        std::string message = errors_.front().message;
        return Error::Invalid(std::move(message), std::move(errors_));
    }

  private:
    /// A whole number of `unit`; anything else is named as the field's error.
    void Whole(const char* field, const char* unit, std::int64_t& out) {
        auto it = o_.find(field);
        if (it == o_.end() || it->value().is_null()) return;
        if (it->value().is_int64()) {
            out = it->value().as_int64();
        } else if (it->value().is_uint64()) {
            out = std::numeric_limits<std::int64_t>::max();  // beyond any valid cost
        } else {
            Fail(field, std::string(field) + " must be a whole number of " + unit);
        }
    }
    template <typename T>
    void Take(Result<T> value, T& out) {
        if (value.ok()) {
            out = std::move(value).value();
            return;
        }
        for (auto& f : value.error().fields) errors_.push_back(std::move(f));
    }
    void Fail(const char* field, std::string message) {
        errors_.push_back({field, std::move(message)});
    }

    const json::object& o_;
    std::vector<FieldError> errors_;
};

}  // namespace

Result<domain::ProposalFields> ProposalFieldsFrom(const json::object& body) {
    domain::ProposalFields f;
    FieldReader r(body);
    r.Text("establishment", f.establishment);
    r.Text("title", f.title);
    r.Text("summary", f.summary);
    r.Text("need", f.need);
    r.Text("category", f.category);
    r.Texts("users", f.users);
    r.Text("supplier", f.supplier);
    r.Flag("assured", f.assured);
    r.Flag("free_offer", f.free_offer);
    r.Flag("personal_data", f.personal_data);
    r.Flag("hmpps_network", f.hmpps_network);
    r.Flag("central_funding_assumed", f.central_funding_assumed);
    r.Text("wanted_start", f.wanted_start);
    r.Pence("one_off_hardware_software_pence", f.one_off_hardware_software_pence);
    r.Pence("one_off_labour_pence", f.one_off_labour_pence);
    r.Pence("internal_staff_pence", f.internal_staff_pence);
    r.Pence("yearly_support_pence", f.yearly_support_pence);
    r.Pence("yearly_live_service_pence", f.yearly_live_service_pence);
    r.Years("contract_years", f.contract_years);
    WARDEN_TRY(r.Done());
    return f;
}

json::object ProposalJson(const domain::ProposalView& view) {
    const domain::Proposal& p = view.proposal;
    const domain::ProposalFields& f = p.fields;
    json::array users;
    for (const auto& u : f.users) users.emplace_back(u);
    json::array flags;
    for (const auto& flag : view.flags) {
        flags.push_back(json::object{{"code", flag.code}, {"explanation", flag.explanation}});
    }
    json::value advice = nullptr;
    if (p.advice) {
        advice = json::object{
            {"outcome", p.advice->outcome},
            {"text", p.advice->text},
            {"by", p.advice->by},
            {"at", FormatRfc3339(p.advice->at)},
            {"issued_at", view.advice_issued ? json::value(FormatRfc3339(*p.advice->issued_at))
                                             : json::value(nullptr)}};
    }
    json::array timeline;
    for (const auto& e : view.timeline) {
        timeline.push_back(json::object{{"at", FormatRfc3339(e.at)},
                                        {"by", e.by},
                                        {"what", e.what},
                                        {"detail", OrNull(e.detail)}});
    }
    json::array related;
    for (const auto& m : view.related) {
        related.push_back(json::object{
            {"id", m.id}, {"establishment", m.establishment}, {"title", m.title}, {"why", m.why}});
    }
    json::array catalogue_matches;
    for (const auto& m : view.catalogue_matches) {
        catalogue_matches.push_back(json::object{{"id", m.id},
                                                 {"name", m.title},
                                                 {"category", m.category},
                                                 {"supplier", m.supplier},
                                                 {"contact", m.contact},
                                                 {"why", m.why}});
    }
    return json::object{
        {"id", p.id},
        {"state", domain::ProposalStateName(p.state)},
        {"establishment", f.establishment},
        {"proposer", p.proposer},
        {"title", f.title},
        {"summary", f.summary},
        {"need", f.need},
        {"category", OrNull(f.category)},
        {"users", std::move(users)},
        {"supplier", f.supplier},
        {"assured", f.assured},
        {"free_offer", f.free_offer},
        {"personal_data", f.personal_data},
        {"hmpps_network", f.hmpps_network},
        {"central_funding_assumed", f.central_funding_assumed},
        {"wanted_start", OrNull(f.wanted_start)},
        {"one_off_hardware_software_pence", f.one_off_hardware_software_pence},
        {"one_off_labour_pence", f.one_off_labour_pence},
        {"internal_staff_pence", f.internal_staff_pence},
        {"yearly_support_pence", f.yearly_support_pence},
        {"yearly_live_service_pence", f.yearly_live_service_pence},
        {"contract_years", f.contract_years},
        {"whole_life_cost_pence", view.whole_life_cost_pence},
        {"flags", std::move(flags)},
        {"advice", std::move(advice)},
        {"timeline", std::move(timeline)},
        {"related", std::move(related)},
        {"catalogue_matches", std::move(catalogue_matches)},
        {"group", view.group ? json::value(GroupJson(*view.group)) : json::value(nullptr)},
        {"overdue", view.overdue},
        {"created_at", FormatRfc3339(p.created_at)},
        {"updated_at", FormatRfc3339(p.updated_at)},
        {"submitted_at", TimeOrNull(p.submitted_at)},
    };
}

json::object GroupJson(const domain::ProposalGroup& g) {
    json::array members;
    for (const auto& m : g.members) {
        members.push_back(
            json::object{{"id", m.id},
                         {"establishment", m.establishment},
                         {"title", m.title},
                         {"state", m.readable ? json::value(domain::ProposalStateName(m.state))
                                              : json::value(nullptr)}});
    }
    return json::object{{"id", g.id},
                        {"lead_establishment", g.lead_establishment},
                        {"created_by", g.created_by},
                        {"created_at", FormatRfc3339(g.created_at)},
                        {"proposals", std::move(members)}};
}

json::object CatalogueEntryJson(const domain::CatalogueEntry& e) {
    return json::object{{"id", e.id},
                        {"name", e.name},
                        {"category", e.category},
                        {"supplier", e.supplier},
                        {"description", e.description},
                        {"contact", e.contact},
                        {"added_by", e.added_by},
                        {"added_at", FormatRfc3339(e.added_at)}};
}

Result<ListSlice> SliceOf(const std::vector<Id>& ids, const FormData& query) {
    WARDEN_ASSIGN_OR_RETURN(int limit, Limit(query));
    ListSlice slice;
    if (const std::string cursor = query.GetOr("cursor"); !cursor.empty()) {
        const int after = ParseNonNegativeInt(cursor);
        const auto at = std::find(ids.begin(), ids.end(), static_cast<Id>(after));
        if (after <= 0 || at == ids.end()) {
            return BadField("cursor", "The cursor is not one this list gave");
        }
        slice.begin = static_cast<size_t>(at - ids.begin()) + 1;
    }
    slice.end = std::min(ids.size(), slice.begin + static_cast<size_t>(limit));
    if (slice.end < ids.size()) slice.next_cursor = std::to_string(ids[slice.end - 1]);
    return slice;
}

}  // namespace warden::web::api
