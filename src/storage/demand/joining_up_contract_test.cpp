// Joining up (issue 11 item 4; ADR 0014) on SQLite and PostgreSQL: the same proposals and
// catalogue give ONE ranking of related proposals and catalogue matches, with the same reasons,
// on both databases. The databases only find candidates (FTS5 MATCH, tsvector @@ tsquery,
// supplier); RankMatches orders them, so one expected list holds both to it.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/demand/catalogue_service.hpp"
#include "domain/demand/proposal_service.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/testing/proposal_fields.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Actor;
using domain::ProposalFields;
using domain::Repositories;
using domain::Role;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 10h;

struct Seen {
    Id id;
    std::string establishment_or_name;
    std::string why;
    bool operator==(const Seen&) const = default;
};

void PrintTo(const Seen& s, std::ostream* os) {
    *os << "{" << s.id << ", " << s.establishment_or_name << ", " << s.why << "}";
}

class JoiningUpContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("joining");
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(store_
                        ->Write([](Repositories& r) -> Status {
                            WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@ne.example"}));
                            for (const char* code : {"MDI", "LEI", "BXI"}) {
                                WARDEN_TRY(r.establishments.Add(
                                    {code, code, "NE", "t@x.example", "s@x.example", 0, {}}));
                            }
                            return Ok();
                        })
                        .ok());
        proposals_ = std::make_unique<domain::ProposalService>(*store_, clock_);
        catalogue_ = std::make_unique<domain::CatalogueService>(*store_, clock_);
    }

    /// The fields of a proposal for staff, wanted from April 2027.
    static ProposalFields Fields(const std::string& establishment, const std::string& title,
                                 const std::string& summary, const std::string& need,
                                 const std::string& category, const std::string& supplier) {
        ProposalFields f = domain::testing::SubmittableFields(establishment, title);
        f.summary = summary;
        f.need = need;
        f.category = category;
        f.supplier = supplier;
        return f;
    }

    /// A proposal drafted by `by` (and submitted, then withdrawn, as asked); returns its id.
    Id Propose(const Actor& by, const std::string& establishment, const std::string& title,
               const std::string& summary, const std::string& need, const std::string& category,
               const std::string& supplier, bool submit = true, bool withdraw = false) {
        auto created =
            proposals_->Create(by, Fields(establishment, title, summary, need, category, supplier));
        EXPECT_TRUE(created.ok()) << created.error().message;
        if (!created.ok()) return 0;
        const Id id = created->proposal.id;
        if (submit) {
            auto submitted = proposals_->Submit(by, id);
            EXPECT_TRUE(submitted.ok()) << submitted.error().message;
        }
        if (withdraw) {
            EXPECT_TRUE(proposals_->Withdraw(by, id).ok());
        }
        return id;
    }

    void Catalogue(const std::string& name, const std::string& category,
                   const std::string& supplier, const std::string& description) {
        auto added = catalogue_->Add(
            reviewer_,
            {0, name, category, supplier, description, "digital@example.gov.uk", "", {}});
        EXPECT_TRUE(added.ok()) << added.error().message;
    }

    /// The related proposals and catalogue matches `by` sees on proposal `id`.
    std::pair<std::vector<Seen>, std::vector<Seen>> Matches(const Actor& by, Id id) {
        std::pair<std::vector<Seen>, std::vector<Seen>> out;
        auto view = proposals_->Get(by, id);
        EXPECT_TRUE(view.ok()) << view.error().message;
        if (!view.ok()) return out;
        for (const auto& m : view->related) out.first.push_back({m.id, m.establishment, m.why});
        for (const auto& m : view->catalogue_matches) out.second.push_back({m.id, m.title, m.why});
        return out;
    }

    FixedClock clock_{kNow};
    std::unique_ptr<domain::ProposalService> proposals_;
    std::unique_ptr<domain::CatalogueService> catalogue_;
    Actor lei_governor_{1, "gov.lei", {Role::kGovernor}, {"LEI"}, "10.0.0.1"};
    Actor governor_{2, "gov", {Role::kGovernor}, {"MDI", "BXI"}, "10.0.0.2"};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
};

TEST_P(JoiningUpContractTest, OneRankingOnBothDatabases) {
    const Id probe = Propose(lei_governor_, "LEI", "Visitor fingerprint sign-in",
                             "Fingerprint enrolment at the visits gate",
                             "Visitors queue for an hour at the gate", "BIOMETRICS",
                             "Acme Biometrics", /*submit=*/false);
    const Id a = Propose(governor_, "MDI", "Fingerprint kiosks for visitors",
                         "Visitors enrol a fingerprint at the gate", "Gate queues", "BIOMETRICS",
                         "ACME  biometrics");
    Propose(governor_, "MDI", "Fingerprint kiosks for visitors",
            "Visitors enrol a fingerprint at the gate", "Gate queues", "BIOMETRICS",
            "ACME biometrics", /*submit=*/false);  // a draft: never shown to others
    const Id c = Propose(governor_, "BXI", "Facial recognition at the gate", "Cameras", "Visitors",
                         "BIOMETRICS", "Other Ltd");
    Propose(governor_, "BXI", "Fingerprint kiosks for visitors",
            "Visitors enrol a fingerprint at the gate", "Gate queues", "BIOMETRICS",
            "ACME biometrics", true, /*withdraw=*/true);  // withdrawn: not shown
    // Returned to its proposer, editable again like a draft: not shown until resubmitted.
    const Id returned = Propose(governor_, "BXI", "Fingerprint kiosks for visitors",
                                "Visitors enrol a fingerprint at the gate", "Gate queues",
                                "BIOMETRICS", "ACME biometrics");
    ASSERT_TRUE(
        proposals_->Advise(reviewer_, returned, "MORE_INFORMATION_NEEDED", "Which gate?").ok());
    const Id e = Propose(governor_, "MDI", "Kiosk software", "Canteen ordering", "Paper forms",
                         "SOFTWARE_APPS", "Acme Biometrics");
    const Id f = Propose(governor_, "BXI", "Visits booking", "Online visits booking",
                         "Families queue on the phone", "VIDEO_CALLS", "Bookit");
    Propose(governor_, "MDI", "Body cameras", "Worn by officers", "Evidence", "BIOMETRICS",
            "Zed");  // the category alone is not enough
    Propose(lei_governor_, "LEI", "Fingerprint kiosks for visitors",
            "Visitors enrol a fingerprint at the gate", "Gate queues", "BIOMETRICS",
            "Acme Biometrics");  // the same establishment: not "related"
    Catalogue("National visits booking", "VIDEO_CALLS", "Bookit",
              "Families book visits online, no queue");
    Catalogue("Assured biometric enrolment", "BIOMETRICS", "Acme Biometrics",
              "Fingerprint enrolment for visitors");
    Catalogue("Wing laptops", "LAPTOPS_TABLETS", "Lap", "Education");

    const auto [related, services] = Matches(lei_governor_, probe);
    EXPECT_EQ(related,
              (std::vector<Seen>{
                  {a, "MDI",
                   "Same supplier (ACME  biometrics); same category (Biometrics); shared terms: "
                   "fingerprint, gate, visitors"},
                  {c, "BXI", "Same category (Biometrics); shared terms: gate, visitors"},
                  {e, "MDI", "Same supplier (Acme Biometrics)"},
                  {f, "BXI", "Shared terms: queue, visits"},
              }));
    EXPECT_EQ(services, (std::vector<Seen>{
                            {2, "Assured biometric enrolment",
                             "Same supplier (Acme Biometrics); same category (Biometrics); "
                             "shared terms: enrolment, fingerprint, visitors"},
                            {1, "National visits booking", "Shared terms: queue, visits"},
                        }));

    // Proposals stored before migration 0015 get their terms when the store is next migrated.
    store_.reset();
    if (GetParam() == Dialect::kSqlite) {
        auto c = SqliteConnection::Open((dir_ / "warden.db").string(), SqliteMode::kWriter);
        ASSERT_TRUE(c.ok());
        ASSERT_TRUE((*c)->ExecScript("UPDATE demand_proposals SET search_terms = NULL").ok());
    } else {
        ASSERT_TRUE(
            admin_->ExecScript("UPDATE " + schema_ + ".demand_proposals SET search_terms = NULL")
                .ok());
    }
    auto reopened = OpenStore(url_, WARDEN_MIGRATIONS_DIR, true, testing::TestSeal());
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    store_ = std::move(reopened).value();
    proposals_ = std::make_unique<domain::ProposalService>(*store_, clock_);
    catalogue_ = std::make_unique<domain::CatalogueService>(*store_, clock_);
    EXPECT_EQ(Matches(lei_governor_, probe).first, related);
}

TEST_P(JoiningUpContractTest, CommonWordsNeitherFindNorScore) {
    // A touchscreen kiosk at BXI, then 101 canteen kiosks at MDI that all say "reduce waiting":
    // those words are in more than 20 proposals and more than 5 % of them, so they say nothing
    // about likeness (ADR 0020). Were they used, they would find the newest 100 canteen
    // proposals (leaving out the older touchscreen one) and rank them related (category 3 + two
    // terms 4 points).
    const Id touch = Propose(governor_, "BXI", "Touchscreen kiosk", "Reduce waiting",
                             "Touchscreen ordering", "KIOSKS", "Touch Ltd");
    for (int i = 0; i < 101; ++i) {
        ASSERT_GT(Propose(governor_, "MDI", "Canteen menu " + std::to_string(i), "Reduce waiting",
                          "Reduce waiting at the canteen", "KIOSKS", "Local " + std::to_string(i)),
                  0);
    }
    const Id probe = Propose(lei_governor_, "LEI", "Touchscreen kiosk to reduce waiting", "Kiosk",
                             "Reduce waiting", "KIOSKS", "Probe Ltd", /*submit=*/false);
    // The catalogue, a short list, is matched on every term, common or not.
    Catalogue("Queue service", "KIOSKS", "Q Ltd", "Reduce waiting");
    const std::vector<Seen> services{
        {1, "Queue service", "Same category (Kiosks); shared terms: reduce, waiting"}};
    const auto counts = [&](const std::vector<std::string>& terms) {
        domain::TermCounts out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(out, r.proposals.CountTerms(terms));
                            return Ok();
                        })
                        .ok());
        return out;
    };
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    domain::TermCounts got = counts({"canteen", "kiosk", "reduce", "touchscreen", "unheard"});
    EXPECT_EQ(got.proposals, 103);
    EXPECT_EQ(got.terms,
              (Counts{{"canteen", 101}, {"kiosk", 2}, {"reduce", 103}, {"touchscreen", 2}}));
    const auto [related, matched_services] = Matches(lei_governor_, probe);
    EXPECT_EQ(related, (std::vector<Seen>{{touch, "BXI",
                                           "Same category (Kiosks); shared terms: kiosk, "
                                           "touchscreen"}}));
    EXPECT_EQ(matched_services, services);

    // An edit moves the counts with the terms: the probe no longer says "touchscreen" but
    // "ordering".
    ASSERT_TRUE(proposals_
                    ->Update(lei_governor_, probe,
                             Fields("LEI", "Kiosk ordering to reduce waiting", "Kiosk",
                                    "Reduce waiting", "KIOSKS", "Probe Ltd"))
                    .ok());
    got = counts({"kiosk", "ordering", "touchscreen"});
    EXPECT_EQ(got.proposals, 103);
    EXPECT_EQ(got.terms, (Counts{{"kiosk", 2}, {"ordering", 2}, {"touchscreen", 1}}));
    EXPECT_EQ(Matches(lei_governor_, probe),
              std::make_pair(std::vector<Seen>{{touch, "BXI",
                                                "Same category (Kiosks); shared terms: kiosk, "
                                                "ordering"}},
                             services));

    // Counts that drifted (as when a server of an older version wrote proposals without
    // counting them) are counted afresh when a store opens.
    store_.reset();
    const std::string table = GetParam() == Dialect::kSqlite ? std::string("demand_term_counts")
                                                             : schema_ + ".demand_term_counts";
    const std::string drift =
        "DELETE FROM " + table + " WHERE term = 'kiosk'; UPDATE " + table + " SET proposals = 1";
    if (GetParam() == Dialect::kSqlite) {
        auto c = SqliteConnection::Open((dir_ / "warden.db").string(), SqliteMode::kWriter);
        ASSERT_TRUE(c.ok());
        ASSERT_TRUE((*c)->ExecScript(drift).ok());
    } else {
        ASSERT_TRUE(admin_->ExecScript(drift).ok());
    }
    auto reopened = OpenStore(url_, WARDEN_MIGRATIONS_DIR, true, testing::TestSeal());
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    store_ = std::move(reopened).value();
    got = counts({"canteen", "kiosk", "ordering", "reduce", "touchscreen"});
    EXPECT_EQ(got.proposals, 103);
    EXPECT_EQ(
        got.terms,
        (Counts{
            {"canteen", 101}, {"kiosk", 2}, {"ordering", 2}, {"reduce", 103}, {"touchscreen", 1}}));
}

TEST_P(JoiningUpContractTest, TheCatalogueKeepsEveryFieldByName) {
    Catalogue("Wing laptops", "LAPTOPS_TABLETS", "Lap Ltd", "Education — in cell");
    Catalogue("Assured kiosk", "KIOSKS", "Acme", "Self-service");
    auto list = catalogue_->List(lei_governor_);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    const auto& e = (*list)[1];
    EXPECT_EQ((*list)[0].name, "Assured kiosk");
    EXPECT_EQ(e.id, 1);
    EXPECT_EQ(e.name, "Wing laptops");
    EXPECT_EQ(e.category, "LAPTOPS_TABLETS");
    EXPECT_EQ(e.supplier, "Lap Ltd");
    EXPECT_EQ(e.description, "Education — in cell");
    EXPECT_EQ(e.contact, "digital@example.gov.uk");
    EXPECT_EQ(e.added_by, "digital");
    EXPECT_EQ(e.added_at, kNow);
}

TEST_P(JoiningUpContractTest, CandidateQueriesAreBounded) {
    // More matching proposals than a candidate query returns: each kind returns at most
    // kCandidateLimit, newest first, the same rows on both databases.
    for (int i = 0; i < domain::kCandidateLimit + 5; ++i) {
        ASSERT_TRUE(Propose(governor_, "MDI", "Tablet " + std::to_string(i), "Tablets", "Learning",
                            "LAPTOPS_TABLETS", "Tabco") > 0);
    }
    const domain::SimilarityProbe probe{0, "LEI", {"tablets"}, "LAPTOPS_TABLETS", "tabco"};
    std::vector<domain::SimilarCandidate> found;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            found, r.proposals.SimilarCandidates(probe, domain::Scope::National(),
                                                                 domain::kCandidateLimit));
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(found.size(), 2u * domain::kCandidateLimit);  // term, supplier
    EXPECT_EQ(found.front().id, domain::kCandidateLimit + 5);
    EXPECT_EQ(found[domain::kCandidateLimit - 1].id, 6);
}

TEST_P(JoiningUpContractTest, MergingTheSearchIndexesKeepsEveryCandidate) {
    // Each write leaves its own small piece of the full-text index, which every search then reads
    // as well; the merge job (ADR 0024) folds them into the index: the same candidates after.
    for (int i = 0; i < 30; ++i) {
        ASSERT_GT(Propose(governor_, i % 2 ? "MDI" : "BXI", "Tablet " + std::to_string(i),
                          "Tablets for learning", i % 3 ? "Education" : "Library visits",
                          "LAPTOPS_TABLETS", i % 5 ? "Tabco" : "Other Ltd"),
                  0);
    }
    for (int i = 0; i < 6; ++i) {
        Catalogue("Service " + std::to_string(i), "LAPTOPS_TABLETS", "Tabco",
                  i % 2 ? "Tablets for learning" : "Library visits");
    }
    const domain::SimilarityProbe probe{
        0, "LEI", {"learning", "library", "tablets"}, "LAPTOPS_TABLETS", "tabco"};
    const auto candidates = [&] {
        std::vector<std::pair<Id, std::string>> out;
        EXPECT_TRUE(
            store_
                ->Read([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto related,
                        r.proposals.SimilarCandidates(probe, domain::Scope::National(), 100));
                    WARDEN_ASSIGN_OR_RETURN(auto services, r.catalogue.Candidates(probe, 100));
                    for (const auto& c : related) out.emplace_back(c.id, c.terms);
                    for (const auto& c : services) out.emplace_back(-c.id, c.terms);
                    return Ok();
                })
                .ok());
        return out;
    };
    // SQLite: the rows of each FTS5 index's data table (its segments' pages and structure), the
    // proposals' then the catalogue's.
    const auto index_rows = [&] {
        std::pair<std::int64_t, std::int64_t> rows{0, 0};
        auto c = SqliteConnection::Open((dir_ / "warden.db").string(), SqliteMode::kReader);
        EXPECT_TRUE(c.ok());
        if (!c.ok()) return rows;
        EXPECT_TRUE(QueryOne(**c,
                             "SELECT (SELECT count(*) FROM demand_proposal_search_data), "
                             "(SELECT count(*) FROM demand_catalogue_search_data)",
                             {},
                             [&](const SqlRow& row) {
                                 rows = {row.Int(0), row.Int(1)};
                             })
                        .ok());
        return rows;
    };
    // PostgreSQL: the pages each GIN index still had pending (cleaning them, so call it only
    // after a merge).
    const auto pending_pages = [&] {
        std::vector<std::int64_t> pages;
        for (const char* index : {"demand_proposals_search", "demand_catalogue_search"}) {
            EXPECT_TRUE(
                QueryOne(*admin_,
                         "SELECT gin_clean_pending_list('" + schema_ + "." + index + "'::regclass)",
                         {}, [&](const SqlRow& row) { pages.push_back(row.Int(0)); })
                    .ok());
        }
        return pages;
    };
    const auto before = candidates();
    ASSERT_EQ(before.size(), 30u + 24u + 6u + 6u);  // by term, by supplier (of each kind)
    const bool sqlite = GetParam() == Dialect::kSqlite;
    const auto rows_before = sqlite ? index_rows() : std::pair<std::int64_t, std::int64_t>{};

    auto merged = domain::MergeSearchIndexes(*store_);
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(candidates(), before);
    if (sqlite) {
        const auto rows_after = index_rows();
        EXPECT_LT(rows_after.first, rows_before.first);
        EXPECT_LT(rows_after.second, rows_before.second);
        auto c = SqliteConnection::Open((dir_ / "warden.db").string(), SqliteMode::kWriter);
        ASSERT_TRUE(c.ok());
        for (const char* fts : {"demand_proposal_search", "demand_catalogue_search"}) {
            EXPECT_TRUE((*c)->ExecScript(std::string("INSERT INTO ") + fts + " (" + fts +
                                         ") VALUES ('integrity-check')")
                            .ok())
                << fts;
        }
        // Nothing to merge the second time: the index stays as it is.
        ASSERT_TRUE(domain::MergeSearchIndexes(*store_).ok());
        EXPECT_EQ(index_rows(), rows_after);
    } else {
        EXPECT_EQ(pending_pages(), (std::vector<std::int64_t>{0, 0}));
    }
    // A proposal written after the merge is found too.
    const Id later = Propose(lei_governor_, "LEI", "Tablet later", "Tablets", "Education",
                             "LAPTOPS_TABLETS", "Tabco");
    const domain::SimilarityProbe from_mdi{0, "MDI", {"tablets"}, "", ""};
    std::vector<domain::SimilarCandidate> found;
    ASSERT_TRUE(
        store_
            ->Read([&](Repositories& r) -> Status {
                WARDEN_ASSIGN_OR_RETURN(
                    found, r.proposals.SimilarCandidates(from_mdi, domain::Scope::National(), 100));
                return Ok();
            })
            .ok());
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().id, later);
}

TEST_P(JoiningUpContractTest, TheJoiningUpVersionMovesWithEveryChangeJoiningUpReads) {
    const auto version = [&] {
        domain::JoiningUpVersion v{"?", -1};
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(v, r.proposals.CurrentJoiningUpVersion());
                            return Ok();
                        })
                        .ok());
        // PostgreSQL counts from when its server started (a promoted standby counts afresh).
        EXPECT_EQ(v.origin.empty(), GetParam() == Dialect::kSqlite) << v.origin;
        return v.number;
    };
    const std::int64_t start = version();
    ASSERT_GE(start, 0);
    // A new proposal (and its term counts), in one transaction: on PostgreSQL the version moves
    // once a transaction, at its commit; on SQLite once a row.
    const Id draft = Propose(governor_, "MDI", "Visitor kiosk", "Fingerprint", "Queues", "KIOSKS",
                             "Acme", /*submit=*/false);
    const std::int64_t drafted = version();
    EXPECT_GT(drafted, start);
    if (GetParam() == Dialect::kPostgres) {
        EXPECT_EQ(drafted, start + 1);
    }
    // A draft saved without a change to its terms: nothing joining up reads has changed.
    ProposalFields same = Fields("MDI", "Visitor kiosk", "Fingerprint", "Queues", "KIOSKS", "Acme");
    same.contract_years = 3;
    ASSERT_TRUE(proposals_->Update(governor_, draft, same).ok());
    EXPECT_EQ(version(), drafted);
    // A draft's new text changes the term counts.
    same.need = "Paper applications";
    ASSERT_TRUE(proposals_->Update(governor_, draft, same).ok());
    const std::int64_t edited = version();
    EXPECT_GT(edited, drafted);
    // Submitted, then moved by a reviewer: a proposal others may see as related.
    ASSERT_TRUE(proposals_->Submit(governor_, draft).ok());
    const std::int64_t submitted = version();
    EXPECT_GT(submitted, edited);
    ASSERT_TRUE(proposals_->StartReview(reviewer_, draft).ok());
    const std::int64_t reviewed = version();
    EXPECT_GT(reviewed, submitted);
    Catalogue("Assured kiosk", "KIOSKS", "Acme", "Self-service");
    const std::int64_t catalogued = version();
    EXPECT_GT(catalogued, reviewed);
    // A transaction that fails changes nothing, the version included.
    const Status failed = store_->Write([&](Repositories& r) -> Status {
        auto p = r.proposals.Get(draft, {domain::Scope::National(), domain::Scope::National()});
        if (!p.ok()) return p.error();
        p->fields.title = "Never stored";
        WARDEN_TRY(r.proposals.Update(*p));
        return Error::Conflict("rolled back");
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(version(), catalogued);
    // A store opened again recounts the term counts, and writes none that did not drift: a
    // server's start leaves the others' kept results alone.
    proposals_.reset();
    store_.reset();
    auto reopened = OpenStore(url_, WARDEN_MIGRATIONS_DIR, true, testing::TestSeal());
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    store_ = std::move(reopened).value();
    EXPECT_EQ(version(), catalogued);
}

TEST_P(JoiningUpContractTest, AServerSeesWhatAnotherServerChanged) {
    // Two services on one database, as two `serve` processes: what the first keeps of a
    // proposal's related proposals gives way to what the second writes.
    const Id probe = Propose(lei_governor_, "LEI", "Visitor fingerprint sign-in", "Fingerprint",
                             "Queues at the gate", "BIOMETRICS", "Acme");
    const Id mdi = Propose(governor_, "MDI", "Fingerprint gate", "Fingerprint", "Queues",
                           "BIOMETRICS", "Acme");
    ASSERT_EQ(Matches(lei_governor_, probe).first.size(), 1u);
    ASSERT_EQ(Matches(lei_governor_, probe).first[0].id, mdi);
    domain::ProposalService other(*store_, clock_);
    ASSERT_TRUE(other.Withdraw(governor_, mdi).ok());
    EXPECT_TRUE(Matches(lei_governor_, probe).first.empty());
    auto created = other.Create(governor_, Fields("BXI", "Fingerprint gate", "Fingerprint",
                                                  "Queues", "BIOMETRICS", "Acme"));
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(other.Submit(governor_, created->proposal.id).ok());
    const auto seen = Matches(lei_governor_, probe).first;
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].id, created->proposal.id);
    EXPECT_TRUE(Matches(lei_governor_, probe).second.empty());
    Catalogue("Assured fingerprint gate", "BIOMETRICS", "Acme", "Fingerprint");
    EXPECT_EQ(Matches(lei_governor_, probe).second.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, JoiningUpContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
