#include "storage/demand/sql_catalogue.hpp"

#include "storage/demand/search_sql.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::CatalogueEntry;
using domain::SimilarCandidate;

Result<Id> SqlCatalogue::Add(const CatalogueEntry& e) {
    Id id = 0;
    WARDEN_TRY(
        QueryOne(c_,
                 "INSERT INTO demand_catalogue (name, category, supplier, supplier_key, "
                 "description, contact, search_terms, added_by, added_at) VALUES ($1, $2, "
                 "$3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 {e.name, e.category, e.supplier, domain::SupplierKey(e.supplier), e.description,
                  e.contact, domain::CatalogueSearchText(e), e.added_by, FormatRfc3339(e.added_at)},
                 [&](const SqlRow& row) { id = row.Int(0); }));
    if (id == 0) return Error::Internal("the catalogue entry was not stored");
    return id;
}

Result<std::vector<CatalogueEntry>> SqlCatalogue::List() {
    std::vector<CatalogueEntry> out;
    WARDEN_TRY(
        c_.Query("SELECT id, name, category, supplier, description, contact, added_by, added_at "
                 "FROM demand_catalogue ORDER BY name, id",
                 {}, [&](const SqlRow& row) -> Status {
                     CatalogueEntry& e = out.emplace_back();
                     e.id = row.Int(0);
                     e.name = row.String(1);
                     e.category = row.String(2);
                     e.supplier = row.String(3);
                     e.description = row.String(4);
                     e.contact = row.String(5);
                     e.added_by = row.String(6);
                     auto at = ParseRfc3339(row.Text(7));
                     if (!at) return Error::Internal("a catalogue entry has a bad time");
                     e.added_at = *at;
                     return Ok();
                 }));
    return out;
}

Result<std::vector<SimilarCandidate>> SqlCatalogue::Candidates(const domain::SimilarityProbe& probe,
                                                               int limit) {
    const Dialect d = c_.dialect();
    std::vector<SimilarCandidate> out;
    const auto find = [&](const TermSource& source, SqlParam value) -> Status {
        return c_.Query(
            "SELECT c.id, c.name, c.category, c.supplier_key, c.search_terms, c.supplier, "
            "c.contact FROM " +
                source.from + " WHERE " + source.condition + " ORDER BY " + source.newest_first +
                " LIMIT $2",
            {std::move(value), static_cast<std::int64_t>(limit)}, [&](const SqlRow& row) -> Status {
                SimilarCandidate& c = out.emplace_back();
                c.id = row.Int(0);
                c.title = row.String(1);
                c.category = row.String(2);
                c.supplier_key = row.String(3);
                c.terms = row.String(4);
                c.supplier = row.String(5);
                c.contact = row.String(6);
                return Ok();
            });
    };
    if (!probe.terms.empty()) {
        WARDEN_TRY(find(TermSourceFor(d, "demand_catalogue", "c", "demand_catalogue_search", 1),
                        AnyTermQuery(d, probe.terms)));
    }
    if (!probe.supplier_key.empty()) {
        WARDEN_TRY(
            find(PlainSource("demand_catalogue", "c", "c.supplier_key = $1"), probe.supplier_key));
    }
    return out;
}

Status SqlCatalogue::MergeSearchIndex() {
    return c_.ExecScript(
        MergeSearchIndexSql(c_.dialect(), "demand_catalogue_search", "demand_catalogue_search"));
}

}  // namespace warden::storage
