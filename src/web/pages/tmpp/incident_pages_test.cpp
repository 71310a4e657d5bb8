// The TMPP incident pages: raising one names each failing field and opens the incident's page;
// a draft is reported or marked not reportable; Security notifies the RIU and closes it; the page
// shows the steps on the MoJ timeline and each email with its delivery state; the list filters in
// the reader's scope, 50 a page with a link to older ones, and MONITORING reads every
// establishment's incidents and changes nothing.

#include "domain/tmpp/incidents/incident_service.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class IncidentPagesTest : public PagesTest {
  protected:
    // A draft SEAL_TAMPERED incident on handset T1, as a return opens one; returns its reference.
    // A SEAL_TAMPERED draft naming the holder (as a return opens it), or naming no prisoner (as
    // a stocktake does).
    std::string Draft(bool names_prisoner = true) {
        std::string ref;
        auto opened = store_.Write([&](domain::Repositories& repos) -> Status {
            domain::Incident draft;
            draft.type = domain::IncidentType::kSealTampered;
            draft.establishment = "MDI";
            draft.wing = "A";
            draft.handset = "T1";
            if (names_prisoner) draft.prisoners = {Number(1)};
            draft.evidence = "seal recorded S0001, seal seen S0099, SIM present";
            WARDEN_ASSIGN_OR_RETURN(
                auto i, domain::OpenDraftIncident(repos, domain::Actor::System("officer"),
                                                  clock_.Now(), draft));
            ref = i.reference;
            return Ok();
        });
        EXPECT_TRUE(opened.ok());
        return ref;
    }
    static std::string LocationOf(const Response& r) { return HeaderOf(r, "Location"); }
};

TEST_F(IncidentPagesTest, RaisingNamesEachFieldThenShowsTheIncidentAndItsEmail) {
    Browser officer = As("officer");
    auto form = Get("/tmpp/incidents/new", &officer);
    ASSERT_EQ(form.status, 200) << form.body;
    auto bad = Post("/tmpp/incidents",
                    {{"type", ""}, {"establishment", "MDI"}, {"prisoners", "nonsense"}}, &officer);
    ASSERT_EQ(bad.status, 400) << bad.body;
    for (const char* id : {"#type", "#prisoners", "#description"}) {
        EXPECT_TRUE(Contains(bad.body, std::string("href=\"") + id + "\"")) << id << bad.body;
    }
    EXPECT_TRUE(Contains(bad.body, "value=\"nonsense\"")) << "the form keeps what was typed";
    auto raised = Post("/tmpp/incidents",
                       {{"type", "MISUSE"},
                        {"establishment", "MDI"},
                        {"wing", "a"},
                        {"prisoners", Number(1) + ", " + Number(2)},
                        {"occurred_at", "2026-11-22 09:15"},
                        {"description", "Calls to a number not on the list"}},
                       &officer);
    ASSERT_EQ(raised.status, 303) << raised.body;
    EXPECT_EQ(LocationOf(raised), "/tmpp/incidents/MDI-TMPP-2026-00001?done=raised");
    auto page = Get(LocationOf(raised), &officer);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const std::string& text : std::vector<std::string>{
             "Incident raised and reported", "Reported", "Misuse",
             "TMPP: Calls to a number not on the list", Number(2), "moj-timeline__item", "Raised",
             "Incident reported, to the TMPP SPoC", "tmpp.mdi@justice.gov.uk", "Waiting to send",
             "Security must notify the RIU by"}) {
        EXPECT_TRUE(Contains(page.body, text)) << text << "\n" << page.body;
    }
    EXPECT_FALSE(Contains(page.body, "action=\"/tmpp/incidents/MDI-TMPP-2026-00001/riu"))
        << "an officer does not notify the RIU";
}

TEST_F(IncidentPagesTest, ADraftIsReportedOrMarkedNotReportable) {
    const std::string first = Draft();
    const std::string second = Draft();
    Browser officer = As("officer");
    auto page = Get("/tmpp/incidents/" + first, &officer);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "Complete and report this draft")) << page.body;
    EXPECT_TRUE(Contains(page.body, "seal seen S0099")) << page.body;
    auto empty = Post("/tmpp/incidents/" + first + "/report", {{"description", " "}}, &officer);
    ASSERT_EQ(empty.status, 400) << empty.body;
    EXPECT_TRUE(Contains(empty.body, "href=\"#description\"")) << empty.body;
    auto reported = Post("/tmpp/incidents/" + first + "/report",
                         {{"description", "Seal differs"}, {"local_ir_number", "ir-1"}}, &officer);
    ASSERT_EQ(reported.status, 303) << reported.body;
    EXPECT_EQ(LocationOf(reported), "/tmpp/incidents/" + first + "?done=reported");
    auto again = Post("/tmpp/incidents/" + first + "/report", {{"description", "x"}}, &officer);
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_TRUE(Contains(again.body, "only a DRAFT")) << again.body;

    // The officer may report a draft but not dismiss it: the SPoC triages.
    auto officers = Get("/tmpp/incidents/" + second, &officer);
    EXPECT_FALSE(Contains(officers.body, "/not-reportable\"")) << officers.body;
    EXPECT_EQ(Post("/tmpp/incidents/" + second + "/not-reportable", {{"reason", "Seal misread"}},
                   &officer)
                  .status,
              403);
    Browser spoc = As("spoc");
    auto spocs = Get("/tmpp/incidents/" + second, &spoc);
    EXPECT_TRUE(Contains(spocs.body, "Or mark it not reportable")) << spocs.body;
    EXPECT_TRUE(HtmlProblems(spocs.body, spoc.csrf).empty());
    auto no_reason = Post("/tmpp/incidents/" + second + "/not-reportable", {}, &spoc);
    ASSERT_EQ(no_reason.status, 400) << no_reason.body;
    EXPECT_TRUE(Contains(no_reason.body, "href=\"#reason\"")) << no_reason.body;
    auto marked =
        Post("/tmpp/incidents/" + second + "/not-reportable", {{"reason", "Seal misread"}}, &spoc);
    ASSERT_EQ(marked.status, 303) << marked.body;
    auto shown = Get(LocationOf(marked), &officer);
    EXPECT_TRUE(Contains(shown.body, "Marked not reportable")) << shown.body;
    EXPECT_TRUE(Contains(shown.body, "Not reportable: Seal misread")) << shown.body;
    EXPECT_TRUE(Contains(shown.body, "No emails yet.")) << shown.body;
}

TEST_F(IncidentPagesTest, SecurityNotifiesTheRiuAndClosesAndMonitoringOnlyReads) {
    const std::string ref = Draft(false);
    Browser officer = As("officer");
    ASSERT_EQ(
        Post("/tmpp/incidents/" + ref + "/report", {{"description", "Seal differs"}}, &officer)
            .status,
        303);
    Browser monitoring = As("monitoring");
    auto read = Get("/tmpp/incidents/" + ref, &monitoring);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_FALSE(Contains(read.body, "<form method=\"post\" action=\"/tmpp/incidents/"))
        << read.body;
    EXPECT_EQ(Post("/tmpp/incidents/" + ref + "/riu-notification", {}, &monitoring).status, 403);

    Browser security = As("security");
    auto page = Get("/tmpp/incidents/" + ref, &security);
    EXPECT_TRUE(Contains(page.body, "Notify the RIU")) << page.body;
    auto notified = Post("/tmpp/incidents/" + ref + "/riu-notification", {}, &security);
    ASSERT_EQ(notified.status, 303) << notified.body;
    auto shown = Get(LocationOf(notified), &security);
    for (const char* text :
         {"RIU notified", "riu.nw@justice.gov.uk", "Copied to monitoring@example.gov.uk",
          "Notification to the RIU, copying monitoring", "Close the incident",
          "Why no prisoner could be identified"}) {
        EXPECT_TRUE(Contains(shown.body, text)) << text << "\n" << shown.body;
    }
    auto refused = Post("/tmpp/incidents/" + ref + "/close", {{"outcome", "Advice"}}, &security);
    ASSERT_EQ(refused.status, 409) << refused.body;
    EXPECT_TRUE(Contains(refused.body, "PLACED_ON_REPORT")) << refused.body;
    auto closed =
        Post("/tmpp/incidents/" + ref + "/close",
             {{"outcome", "Advice"}, {"no_prisoner_reason", "Shared handset"}}, &security);
    ASSERT_EQ(closed.status, 303) << closed.body;
    auto done = Get(LocationOf(closed), &security);
    EXPECT_TRUE(Contains(done.body, "Incident closed")) << done.body;
    EXPECT_TRUE(Contains(done.body, "Closed: Advice")) << done.body;
}

TEST_F(IncidentPagesTest, SecurityRecordsBothSanctionsOnThePageAndThenCloses) {
    const std::string ref = Draft();
    Browser officer = As("officer");
    ASSERT_EQ(
        Post("/tmpp/incidents/" + ref + "/report", {{"description", "Seal differs"}}, &officer)
            .status,
        303);
    EXPECT_FALSE(Contains(Get("/tmpp/incidents/" + ref, &officer).body, "Record the sanction"))
        << "only Security records sanctions";
    EXPECT_EQ(Post("/tmpp/incidents/" + ref + "/sanctions",
                   {{"prisoner", Number(1)}, {"kind", "WITHDRAWAL"}}, &officer)
                  .status,
              403);
    Browser security = As("security");
    auto page = Get("/tmpp/incidents/" + ref, &security);
    for (const char* text : {"Record the sanction", "No sanctions recorded",
                             "Each prisoner involved must be placed on report by"}) {
        EXPECT_TRUE(Contains(page.body, text)) << text << "\n" << page.body;
    }
    auto bad = Post("/tmpp/incidents/" + ref + "/sanctions",
                    {{"prisoner", Number(1)}, {"kind", "PLACED_ON_REPORT"}, {"reference", "12"}},
                    &security);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "href=\"#adjudication-reference\"")) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "value=\"12\"")) << "the form keeps what was typed";
    for (const auto& fields : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {{"prisoner", Number(1)}, {"kind", "PLACED_ON_REPORT"}, {"reference", "MDI-000123"}},
             {{"prisoner", Number(1)}, {"kind", "WITHDRAWAL"}}}) {
        auto done = Post("/tmpp/incidents/" + ref + "/sanctions", fields, &security);
        ASSERT_EQ(done.status, 303) << done.body;
        EXPECT_EQ(LocationOf(done), "/tmpp/incidents/" + ref + "?done=sanction");
    }
    ASSERT_EQ(Post("/tmpp/incidents/" + ref + "/riu-notification", {}, &security).status, 303);
    auto shown = Get("/tmpp/incidents/" + ref, &security);
    for (const char* text : {"Sanction recorded", "Placed on report", "Adjudication MDI-000123",
                             "Withdrawal from TMPP", "PLACED_ON_REPORT against"}) {
        EXPECT_TRUE(Contains(shown.body, text)) << text << "\n" << shown.body;
    }
    EXPECT_FALSE(Contains(shown.body, "Still missing")) << shown.body;
    // The prisoner is named, so identified: no "no prisoner" reason is asked for or taken.
    EXPECT_FALSE(Contains(shown.body, "Why no prisoner could be identified")) << shown.body;
    auto reason =
        Post("/tmpp/incidents/" + ref + "/close",
             {{"outcome", "Proven"}, {"no_prisoner_reason", "Shared handset"}}, &security);
    ASSERT_EQ(reason.status, 400) << reason.body;
    EXPECT_TRUE(Contains(reason.body, "href=\"#no_prisoner_reason\"")) << reason.body;
    auto closed = Post("/tmpp/incidents/" + ref + "/close", {{"outcome", "Proven"}}, &security);
    ASSERT_EQ(closed.status, 303) << closed.body;
}

TEST_F(IncidentPagesTest, TheListFiltersInScopeAndMonitoringSeesEveryEstablishment) {
    const std::string mdi = Draft();
    AddUser("leeds", {domain::Role::kSecurity}, {"LEI"});
    domain::Actor leeds;
    leeds.username = "leeds";
    leeds.roles = {domain::Role::kSecurity};
    leeds.caseload = {"LEI"};
    domain::IncidentInput in;
    in.type = "LOSS";
    in.establishment = "LEI";
    in.description = "Handset missing";
    auto lei = incidents_.Raise(leeds, in);
    ASSERT_TRUE(lei.ok()) << lei.error().message;

    Browser officer = As("officer");
    auto list = Get("/tmpp/incidents", &officer);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_TRUE(Contains(list.body, mdi)) << list.body;
    EXPECT_FALSE(Contains(list.body, lei->reference)) << list.body;
    EXPECT_TRUE(Contains(list.body, "Raise an incident")) << list.body;

    // A national role beside a prison role does not widen the list: its establishment filter
    // offers the caseload only, and another establishment is not found.
    AddUser("mixed", {domain::Role::kSecurity, domain::Role::kDigitalReviewer}, {"MDI"});
    Browser mixed = As("mixed");
    auto own = Get("/tmpp/incidents", &mixed);
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(Contains(own.body, "<option value=\"MDI\"")) << own.body;
    EXPECT_FALSE(Contains(own.body, "<option value=\"LEI\"")) << own.body;
    EXPECT_FALSE(Contains(own.body, lei->reference)) << own.body;
    EXPECT_EQ(Get("/tmpp/incidents?establishment=LEI", &mixed).status, 404);

    Browser monitoring = As("monitoring");
    auto all = Get("/tmpp/incidents", &monitoring);
    EXPECT_TRUE(Contains(all.body, mdi)) << all.body;
    EXPECT_TRUE(Contains(all.body, lei->reference)) << all.body;
    EXPECT_FALSE(Contains(all.body, "Raise an incident")) << all.body;
    auto losses = Get("/tmpp/incidents?type=LOSS", &monitoring);
    EXPECT_FALSE(Contains(losses.body, mdi)) << losses.body;
    EXPECT_TRUE(Contains(losses.body, lei->reference)) << losses.body;
    auto drafts = Get("/tmpp/incidents?status=DRAFT&establishment=MDI", &monitoring);
    EXPECT_TRUE(Contains(drafts.body, mdi)) << drafts.body;
    EXPECT_FALSE(Contains(drafts.body, lei->reference)) << drafts.body;

    // Two working days later the LEI incident's RIU notification is overdue.
    clock_.Advance(std::chrono::hours(24 * 3));
    monitoring = As("monitoring");
    auto overdue = Get("/tmpp/incidents?overdue=true", &monitoring);
    ASSERT_EQ(overdue.status, 200) << overdue.body;
    EXPECT_TRUE(Contains(overdue.body, lei->reference)) << overdue.body;
    EXPECT_TRUE(Contains(overdue.body, "RIU overdue")) << overdue.body;
    EXPECT_FALSE(Contains(overdue.body, mdi)) << overdue.body;
    auto page = Get("/tmpp/incidents/" + lei->reference, &monitoring);
    EXPECT_TRUE(Contains(page.body, "The RIU notification is overdue")) << page.body;

    auto bad = Get("/tmpp/incidents?status=OPEN", &monitoring);
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "href=\"#status\"")) << bad.body;
    EXPECT_EQ(Get("/tmpp/incidents", &monitoring).status, 200);
    Browser admin = As("admin");
    EXPECT_EQ(Get("/tmpp/incidents", &admin).status, 403);
}

TEST_F(IncidentPagesTest, TheListShowsFiftyAPageAndLinksToOlderIncidents) {
    std::vector<std::string> refs;
    for (int i = 0; i < 51; ++i) refs.push_back(Draft());
    Browser monitoring = As("monitoring");
    auto first = Get("/tmpp/incidents?establishment=MDI", &monitoring);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_TRUE(Contains(first.body, refs.back())) << first.body;  // newest first
    EXPECT_FALSE(Contains(first.body, refs.front() + "<")) << first.body;
    EXPECT_FALSE(Contains(first.body, "rel=\"prev\"")) << first.body;
    std::smatch next;
    ASSERT_TRUE(std::regex_search(
        first.body, next,
        std::regex(
            R"re(href="(/tmpp/incidents\?establishment=MDI&amp;cursor=[^"]+)" rel="next")re")))
        << first.body;
    EXPECT_TRUE(Contains(first.body, "Older incidents")) << first.body;
    std::string href = next[1];
    href.replace(href.find("&amp;"), 5, "&");
    auto second = Get(href, &monitoring);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_TRUE(Contains(second.body, refs.front() + "<")) << second.body;
    EXPECT_FALSE(Contains(second.body, "govuk-pagination")) << second.body;
}

}  // namespace
}  // namespace warden::web::pages::testing
