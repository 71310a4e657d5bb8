#include "domain/tmpp/access/timeline.hpp"

#include <gtest/gtest.h>

namespace warden::domain {
namespace {

using Key = EventField::Key;

AccessEvent Stored(const std::string& what, const std::string& why) {
    AccessEvent e;
    e.id = 7;
    e.prison_number = "A1111AA";
    e.by = "sec";
    e.what = what;
    e.why = why;
    return e;
}

TimelineEvent Decoded(const std::string& what, const std::string& why) {
    auto e = DecodeEvent(Stored(what, why));
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
    return e.ok() ? *e : TimelineEvent{};
}

TEST(TimelineTest, KindNamesRoundTrip) {
    for (auto kind :
         {EventKind::kNeedRecorded, EventKind::kCompactSigned, EventKind::kDecisionConfirmed,
          EventKind::kDecisionOverridden, EventKind::kDecisionReview, EventKind::kAccessGranted,
          EventKind::kAccessWithdrawn, EventKind::kAccessEnded, EventKind::kGrantReview,
          EventKind::kDecisionExpired}) {
        EXPECT_EQ(ParseEventKind(EventKindName(kind)), kind);
    }
    EXPECT_EQ(EventKindName(EventKind::kDecisionConfirmed), "decision.confirmed");
    EXPECT_FALSE(ParseEventKind("decision.unknown"));
}

TEST(TimelineTest, DecodesTheStoredTextIntoNamedFields) {
    auto need = Decoded("need.recorded", "need=OTHER detail=no phone on the wing");
    EXPECT_EQ(need.kind, EventKind::kNeedRecorded);
    EXPECT_EQ(need.need, NeedKind::kOther);
    EXPECT_EQ(need.detail, "no phone on the wing");
    EXPECT_EQ(need.id, 7);
    EXPECT_EQ(need.by, "sec");

    auto compact =
        Decoded("compact.signed", "version=2 signed_on=2026-11-20 witnessed_by=Officer Brown");
    EXPECT_EQ(compact.compact_version, 2);
    EXPECT_EQ(compact.signed_on, "2026-11-20");
    EXPECT_EQ(compact.witnessed_by, "Officer Brown");

    auto decision = Decoded("decision.overridden",
                            "band=AMBER recommended=GREEN reason=intel from wing B "
                            "expires=2027-02-20");
    EXPECT_EQ(decision.band, RiskBand::kAmber);
    EXPECT_EQ(decision.recommended, RiskBand::kGreen);
    EXPECT_EQ(decision.reason, "intel from wing B");
    EXPECT_EQ(decision.expires, "2027-02-20");

    auto confirmed = Decoded("decision.confirmed", "band=GREEN expires=2027-02-20");
    EXPECT_EQ(confirmed.band, RiskBand::kGreen);
    EXPECT_FALSE(confirmed.recommended);
    EXPECT_EQ(confirmed.reason, "");

    auto granted = Decoded("access.granted",
                           "phase=2 band=AMBER conditions=SUPERVISED_USE,X review_on=2027-01-01");
    EXPECT_EQ(granted.phase, 2);
    EXPECT_EQ(granted.band, RiskBand::kAmber);
    EXPECT_EQ(granted.conditions, (std::vector<std::string>{"SUPERVISED_USE", "X"}));
    EXPECT_EQ(granted.review_on, "2027-01-01");
    EXPECT_TRUE(Decoded("access.granted", "phase=1 band=GREEN conditions= review_on=2027-01-01")
                    .conditions.empty());

    auto withdrawn = Decoded("access.withdrawn", "reason=found with a SIM incident=IR-12");
    EXPECT_EQ(withdrawn.reason, "found with a SIM");
    EXPECT_EQ(withdrawn.incident, "IR-12");

    auto review = Decoded("grant.review", "no longer qualifies: band AMBER is not allowed");
    EXPECT_EQ(review.kind, EventKind::kGrantReview);
    EXPECT_EQ(review.reason, "no longer qualifies: band AMBER is not allowed");
}

TEST(TimelineTest, FreeTextMayHoldAnEarlierKeyOrSpaces) {
    auto e =
        Decoded("decision.overridden", "band=RED reason=band=GREEN was wrong  expires=2027-02-20");
    EXPECT_EQ(e.band, RiskBand::kRed);
    EXPECT_EQ(e.reason, "band=GREEN was wrong ");
    EXPECT_EQ(e.expires, "2027-02-20");
}

TEST(TimelineTest, EncodeIsTheInverseOfDecode) {
    for (const auto& [what, why] : std::vector<std::pair<std::string, std::string>>{
             {"need.recorded", "need=ISOLATING"},
             {"need.recorded", "need=OTHER detail=no phone"},
             {"compact.signed", "version=1 signed_on=2026-11-20 witnessed_by=Officer Brown"},
             {"decision.confirmed", "band=GREEN recommended=GREEN expires=2027-02-20"},
             {"decision.overridden", "band=RED reason=intel expires=2027-02-20"},
             {"decision.review", "a later import changed a risk input"},
             {"access.granted", "phase=1 band=GREEN conditions= review_on=2027-02-20"},
             {"access.withdrawn", "reason=misuse"},
             {"access.withdrawn", "reason=misuse incident=IR 7"},
             {"access.ended", "prisoner is gone"},
             {"grant.review", "the risk decision changed from GREEN to AMBER"},
             {"decision.expired", "the decision expired on 2027-02-20"},
         }) {
        const AccessEvent stored = Stored(what, why);
        auto decoded = DecodeEvent(stored);
        ASSERT_TRUE(decoded.ok()) << what << " " << why;
        const AccessEvent again = EncodeEvent(*decoded);
        EXPECT_EQ(again.what, what);
        EXPECT_EQ(again.why, why);
        EXPECT_EQ(again.prison_number, "A1111AA");
        EXPECT_EQ(again.by, "sec");
    }
}

TEST(TimelineTest, FieldsComeInOrderWithOptionalOnesOnlyWhenSet) {
    TimelineEvent e;
    e.kind = EventKind::kDecisionConfirmed;
    e.band = RiskBand::kGreen;
    e.expires = "2027-02-20";
    EXPECT_EQ(EventFields(e),
              (std::vector<EventField>{{Key::kBand, "GREEN"}, {Key::kExpires, "2027-02-20"}}));
    e.recommended = RiskBand::kGreen;
    e.reason = "why";
    EXPECT_EQ(EventFields(e), (std::vector<EventField>{{Key::kBand, "GREEN"},
                                                       {Key::kRecommended, "GREEN"},
                                                       {Key::kReason, "why"},
                                                       {Key::kExpires, "2027-02-20"}}));
    TimelineEvent ended;
    ended.kind = EventKind::kAccessEnded;
    ended.reason = "prisoner is gone";
    EXPECT_EQ(EventFields(ended), (std::vector<EventField>{{Key::kNote, "prisoner is gone"}}));
    EXPECT_EQ(EncodeEvent(ended).why, "prisoner is gone");
}

TEST(TimelineTest, MalformedStoredTextIsAnInternalError) {
    for (const auto& [what, why] : std::vector<std::pair<std::string, std::string>>{
             {"decision.unknown", "band=GREEN"},
             {"need.recorded", "need=NOT_A_NEED"},
             {"decision.confirmed", "band=PURPLE expires=2027-02-20"},
             {"access.granted", "phase=x band=GREEN conditions= review_on=2027-02-20"},
             {"compact.signed", "version=1 junk"},
             {"need.recorded", "junk"},
         }) {
        auto decoded = DecodeEvent(Stored(what, why));
        ASSERT_FALSE(decoded.ok()) << what << " " << why;
        EXPECT_EQ(decoded.error().code, ErrorCode::kInternal);
    }
}

}  // namespace
}  // namespace warden::domain
