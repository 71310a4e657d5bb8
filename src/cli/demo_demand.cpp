#include "cli/demo_demand.hpp"

#include "domain/demand/catalogue_service.hpp"
#include "domain/demand/proposal_service.hpp"

namespace warden::cli {
namespace {

domain::Actor ActorOf(const domain::User& u) {
    domain::Actor a;
    a.user_id = u.id;
    a.username = u.username;
    a.roles = u.roles;
    a.caseload = u.caseload;
    a.source = "cli";
    return a;
}

/// How far a demo proposal goes.
enum class Upto { kDraft, kSubmitted, kReturned, kAdvised };

struct DemoProposal {
    const char* governor;
    domain::ProposalFields fields;
    Upto upto;
    const char* outcome;
    const char* advice;
};

domain::ProposalFields Biometrics(const char* establishment, const char* title, const char* need,
                                  std::int64_t hardware) {
    domain::ProposalFields f;
    f.establishment = establishment;
    f.title = title;
    f.summary =
        "Fingerprint readers so that prisoners sign in to kiosks and collect property "
        "without staff checking identity cards.";
    f.need = need;
    f.category = "BIOMETRICS";
    f.users = {"PRISONERS_COMMUNAL", "STAFF"};
    f.supplier = "IdentiPrint Ltd";
    f.assured = false;
    f.personal_data = true;
    f.hmpps_network = true;
    f.wanted_start = "2027-04-01";
    f.one_off_hardware_software_pence = hardware;
    f.one_off_labour_pence = 1'500'000;
    f.internal_staff_pence = 800'000;
    f.yearly_support_pence = 900'000;
    f.yearly_live_service_pence = 1'200'000;
    f.contract_years = 4;
    return f;
}

std::vector<DemoProposal> Proposals() {
    domain::ProposalFields tablets;
    tablets.establishment = "MDI";
    tablets.title = "Free in-cell learning tablets";
    tablets.summary = "A supplier offers 50 tablets with education content at no charge.";
    tablets.need = "Prisoners locked in cells for most of the day have no access to education.";
    tablets.category = "LAPTOPS_TABLETS";
    tablets.users = {"PRISONERS_IN_CELL"};
    tablets.supplier = "LearnInside";
    tablets.free_offer = true;
    tablets.personal_data = true;
    tablets.wanted_start = "2027-01-11";
    tablets.yearly_live_service_pence = 600'000;
    tablets.contract_years = 3;

    domain::ProposalFields video;
    video.establishment = "BWI";
    video.title = "Video calls in the visits hall";
    video.summary = "Four more video call booths for family contact.";
    video.need = "Families in North Wales travel far; the two booths are fully booked.";
    video.category = "VIDEO_CALLS";
    video.users = {"PRISONERS_COMMUNAL"};
    video.supplier = "CallLink";
    video.assured = true;
    video.central_funding_assumed = true;
    video.wanted_start = "2027-02-01";
    video.one_off_hardware_software_pence = 1'200'000;
    video.yearly_support_pence = 150'000;
    video.contract_years = 2;

    return {
        {"governor",
         Biometrics("MDI", "Biometric sign-in at wing kiosks",
                    "Property and canteen queues; identity cards are lost or swapped.", 4'500'000),
         Upto::kAdvised, "SUPPORTED_WITH_CONDITIONS",
         "Supported if it joins the national biometrics pilot: talk to HMPPS Digital before "
         "signing a contract, and complete a DPIA."},
        {"governor.lei",
         Biometrics("LEI", "Fingerprint identity checks for property collection",
                    "Staff spend hours checking identity at reception and property.", 3'800'000),
         Upto::kSubmitted, "", ""},
        {"governor", tablets, Upto::kDraft, "", ""},
        {"governor.lei", video, Upto::kReturned, "MORE_INFORMATION_NEEDED",
         "Which budget pays the yearly support after the first year?"},
    };
}

/// The catalogue of assured national services the reviewer keeps.
std::vector<domain::CatalogueEntry> Catalogue() {
    return {
        {0,
         "National biometric identity service",
         "BIOMETRICS",
         "IdentiPrint Ltd",
         "Assured fingerprint readers and identity checks for kiosks, property and reception, "
         "with a completed DPIA and network assurance.",
         "biometrics@digital.justice.gov.uk",
         "",
         {}},
        {0,
         "In-cell learning content",
         "LAPTOPS_TABLETS",
         "LearnInside",
         "Education content for in-cell tablets, funded nationally for the first year.",
         "learning@digital.justice.gov.uk",
         "",
         {}},
        {0,
         "Secure video calls",
         "VIDEO_CALLS",
         "CallLink",
         "Assured video calls for family contact from the visits hall or wing booths.",
         "video-calls@digital.justice.gov.uk",
         "",
         {}},
    };
}

}  // namespace

Result<std::string> LoadDemandDemo(CliServices& s) {
    const auto system = domain::Actor::System();
    domain::ProposalService proposals(s.store, s.clock);
    WARDEN_ASSIGN_OR_RETURN(auto reviewer_user, s.users.Get(system, "reviewer"));
    const domain::Actor reviewer = ActorOf(reviewer_user);
    WARDEN_ASSIGN_OR_RETURN(auto governor_user, s.users.Get(system, "governor"));
    WARDEN_ASSIGN_OR_RETURN(auto existing, proposals.List(ActorOf(governor_user), {}));
    if (!existing.empty()) return std::string("Demand: demo proposals already loaded");
    int count = 0;
    for (const auto& d : Proposals()) {
        WARDEN_ASSIGN_OR_RETURN(auto user, s.users.Get(system, d.governor));
        const domain::Actor governor = ActorOf(user);
        WARDEN_ASSIGN_OR_RETURN(auto view, proposals.Create(governor, d.fields));
        ++count;
        const Id id = view.proposal.id;
        if (d.upto == Upto::kDraft) continue;
        WARDEN_TRY(proposals.Submit(governor, id));
        if (d.upto == Upto::kSubmitted) continue;
        WARDEN_TRY(proposals.StartReview(reviewer, id));
        WARDEN_TRY(proposals.Advise(reviewer, id, d.outcome, d.advice));
    }
    domain::CatalogueService catalogue(s.store, s.clock);
    const auto services = Catalogue();
    for (const auto& entry : services) WARDEN_TRY(catalogue.Add(reviewer, entry));
    return "Demand: " + std::to_string(count) +
           " proposals (biometrics from one supplier at MDI and LEI, related to each other; "
           "draft, submitted, returned and advised) and " +
           std::to_string(services.size()) + " catalogue services";
}

}  // namespace warden::cli
