#include "domain/establishments/organisation_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using testing::InMemoryStore;

class OrganisationServiceTest : public ::testing::Test {
  protected:
    OrganisationServiceTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}),
          service_(store_, clock_) {}

    void Seed() {
        ASSERT_TRUE(service_.AddRegion(admin_, {"NE", "North East", "riu@ne.example"}).ok());
        ASSERT_TRUE(
            service_
                .AddEstablishment(
                    admin_, {"MDI", "Moorland", "NE", "tmpp@mdi.example", "sec@mdi.example", 1, {}})
                .ok());
        ASSERT_TRUE(
            service_
                .AddEstablishment(
                    admin_, {"LEI", "Leeds", "NE", "tmpp@lei.example", "sec@lei.example", 0, {}})
                .ok());
    }

    static std::set<std::string> Fields(const Error& e) {
        std::set<std::string> out;
        for (const auto& f : e.fields) out.insert(f.field);
        return out;
    }

    InMemoryStore store_;
    FixedClock clock_;
    OrganisationService service_;
    Actor admin_{1, "admin", {Role::kAdmin}, {}, "10.0.0.1"};
    Actor officer_{2, "officer", {Role::kWingOfficer}, {"MDI"}, "10.0.0.2"};
};

TEST_F(OrganisationServiceTest, RegionsValidatedAndAudited) {
    auto bad = service_.AddRegion(admin_, {"n", " ", "nope"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(Fields(bad.error()), (std::set<std::string>{"code", "name", "riu_email"}));

    ASSERT_TRUE(service_.AddRegion(admin_, {"ne", " North East ", "RIU@NE.example"}).ok());
    auto regions = service_.ListRegions(officer_);
    ASSERT_TRUE(regions.ok());
    ASSERT_EQ(regions->size(), 1u);
    EXPECT_EQ(regions->front().code, "NE");
    EXPECT_EQ(regions->front().name, "North East");
    EXPECT_EQ(regions->front().riu_email, "riu@ne.example");
    EXPECT_EQ(service_.AddRegion(admin_, {"NE", "Again", "a@b.io"}).error().code,
              ErrorCode::kConflict);

    ASSERT_TRUE(service_.UpdateRegion(admin_, {"NE", "North-East", "riu2@ne.example"}).ok());
    EXPECT_EQ(store_.state.regions["NE"].riu_email, "riu2@ne.example");
    EXPECT_EQ(service_.UpdateRegion(admin_, {"NW", "North West", "a@b.io"}).error().code,
              ErrorCode::kNotFound);
    ASSERT_EQ(store_.AuditOf("region.create").size(), 1u);
    EXPECT_EQ(store_.AuditOf("region.create")[0].subject, "region:NE");
    EXPECT_EQ(store_.AuditOf("region.update").size(), 1u);
}

TEST_F(OrganisationServiceTest, ChangesNeedAdmin) {
    Seed();
    EXPECT_EQ(service_.AddRegion(officer_, {"NW", "North West", "a@b.io"}).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.AddEstablishment(officer_, {"HMP", "X", "NE", "a@b.io", "a@b.io", 0, {}})
                  .error()
                  .code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.SaveWing(officer_, {"MDI", "A", LocationKind::kStandard, 0}).error().code,
              ErrorCode::kForbidden);
    EXPECT_TRUE(service_.AddRegion(Actor::System(), {"NW", "North West", "a@b.io"}).ok());
}

TEST_F(OrganisationServiceTest, EstablishmentValidation) {
    Seed();
    auto bad = service_.AddEstablishment(admin_, {"MD", "", "?", "x", "y", 7, {}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(Fields(bad.error()), (std::set<std::string>{"code", "name", "region", "spoc_email",
                                                          "security_email", "phase"}));
    auto no_region =
        service_.AddEstablishment(admin_, {"HMP", "X", "SW", "a@b.io", "c@d.io", 0, {}});
    ASSERT_FALSE(no_region.ok());
    EXPECT_EQ(no_region.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(no_region.error().message, "Region SW does not exist");
    auto dup = service_.AddEstablishment(admin_, {"MDI", "X", "NE", "a@b.io", "c@d.io", 0, {}});
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    EXPECT_EQ(store_.AuditOf("establishment.create").size(), 2u);
}

TEST_F(OrganisationServiceTest, UpdateEstablishment) {
    Seed();
    ASSERT_TRUE(
        service_
            .UpdateEstablishment(
                admin_, {"MDI", "HMP Moorland", "NE", "new@mdi.example", "sec@mdi.example", 2, {}})
            .ok());
    // The phase is Security's (tmpp.phase.set): an edit of the details, which may carry a phase
    // read before Security changed it, never writes it.
    EXPECT_EQ(store_.state.establishments["MDI"].phase, 1);
    EXPECT_EQ(store_.state.establishments["MDI"].name, "HMP Moorland");
    EXPECT_EQ(store_.state.establishments["MDI"].spoc_email, "new@mdi.example");
    EXPECT_NE(store_.AuditOf("establishment.update").front().detail.find("phase=1"),
              std::string::npos);
    EXPECT_EQ(service_.UpdateEstablishment(admin_, {"ZZZ", "X", "NE", "a@b.io", "c@d.io", 0, {}})
                  .error()
                  .code,
              ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("establishment.update").size(), 1u);
}

TEST_F(OrganisationServiceTest, ReadsFollowScope) {
    Seed();
    auto mine = service_.ListEstablishments(officer_);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().code, "MDI");
    EXPECT_EQ(service_.ListEstablishments(admin_)->size(), 2u);
    Actor monitor{3, "mon", {Role::kMonitoring}, {}, "ip"};
    EXPECT_EQ(service_.ListEstablishments(monitor)->size(), 2u);

    EXPECT_TRUE(service_.GetEstablishment(officer_, "mdi").ok());
    auto other = service_.GetEstablishment(officer_, "LEI");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);  // not 403
    EXPECT_EQ(service_.GetEstablishment(admin_, "ZZZ").error().code, ErrorCode::kNotFound);
}

TEST_F(OrganisationServiceTest, SaveWingCreatesThenUpdates) {
    Seed();
    ASSERT_TRUE(service_.SaveWing(admin_, {"MDI", "a", LocationKind::kStandard, 0}).ok());
    ASSERT_TRUE(service_.SaveWing(admin_, {"MDI", "A", LocationKind::kHealthcare, 0}).ok());
    auto e = service_.GetEstablishment(admin_, "MDI");
    ASSERT_TRUE(e.ok());
    ASSERT_EQ(e->wings.size(), 1u);
    EXPECT_EQ(e->wings[0].code, "A");
    EXPECT_EQ(e->wings[0].kind, LocationKind::kHealthcare);
    EXPECT_EQ(store_.AuditOf("wing.create").size(), 1u);
    EXPECT_EQ(store_.AuditOf("wing.update").size(), 1u);
    EXPECT_EQ(service_.SaveWing(admin_, {"MDI", "A B", LocationKind::kStandard, 0}).error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(service_.SaveWing(admin_, {"ZZZ", "A", LocationKind::kStandard, 0}).error().code,
              ErrorCode::kNotFound);
}

}  // namespace
}  // namespace warden::domain
