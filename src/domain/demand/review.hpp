#pragma once
// The weekly review of digital demand (DOMAIN.md, "Digital demand"; issue 11 item 3): a submitted
// proposal joins the agenda of the next weekly review, an ISO week ("2026-W49"); reviewers record
// advice on each proposal and issue the week's advice, which emails each proposer through the
// outbox in the same transaction (issuing again sends nothing twice); a proposal not advised
// within 10 days of submission is overdue.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/demand/proposal_service.hpp"

namespace warden::domain {

/// An ISO 8601 week.
struct IsoWeek {
    int year = 0;
    unsigned week = 0;         // 1 to 52 or 53
    std::string Name() const;  // "2026-W49"
    bool operator==(const IsoWeek& o) const { return year == o.year && week == o.week; }
    bool operator<(const IsoWeek& o) const {
        return year < o.year || (year == o.year && week < o.week);
    }
};

/// The ISO week a date falls in.
IsoWeek IsoWeekOf(std::chrono::sys_days day);
/// "2026-W49" when it names a week that exists (years 2000 to 2999); nullopt otherwise (a bad
/// shape, week 0, or week 53 of a year with 52 weeks, or 54).
std::optional<IsoWeek> ParseIsoWeek(std::string_view text);
/// The day `weekday` of `week`.
std::chrono::sys_days DayOfWeek(const IsoWeek& week, std::chrono::weekday weekday);
/// The date of the next review on `review_day`, on or after the day of `submitted_at` (UTC).
std::chrono::sys_days NextReviewDay(TimePoint submitted_at, std::chrono::weekday review_day);
/// "MONDAY" ... "SUNDAY" to a weekday; nullopt otherwise (case-insensitive).
std::optional<std::chrono::weekday> ParseWeekday(std::string_view name);
/// "WEDNESDAY" for Wednesday.
std::string WeekdayName(std::chrono::weekday day);

/// A week's agenda.
struct ReviewAgenda {
    IsoWeek week;
    std::chrono::weekday review_day;
    std::chrono::sys_days review_date;
    std::vector<ProposalView> items;  // oldest submission first, with related proposals (JoinUp)
};

/// What issuing a week's advice did.
struct IssueResult {
    IsoWeek week;
    int issued = 0;           // emails queued now
    int already_issued = 0;   // advice issued before, sent nothing
    int awaiting_advice = 0;  // on the agenda without advice
};

/// The weekly review.
class ReviewService {
  public:
    /// `public_url` begins the link in each email ("https://warden.example").
    ReviewService(Store& store, const Clock& clock, ProposalService& proposals,
                  std::chrono::weekday review_day, std::string public_url);

    /// The agenda of `iso_week` (DIGITAL_REVIEWER; 400 naming "iso_week" for a week that does not
    /// exist): the proposals whose latest submission joins that week's review, those of earlier
    /// weeks still awaiting advice, advice given that week, and advice of earlier weeks not yet
    /// issued (AdviceAwaitsIssue).
    Result<ReviewAgenda> Agenda(const Actor& by, std::string_view iso_week);
    /// Issues the recorded advice of the week's agenda not issued before (AdviceAwaitsIssue: not a
    /// withdrawn proposal's): one email to each proposer (title, outcome, advice, link), the
    /// advice's issue time, an ADVICE_ISSUED timeline event and an audit entry, all in one
    /// transaction. Issuing again sends nothing twice.
    Result<IssueResult> Issue(const Actor& by, std::string_view iso_week);
    /// The week whose review a proposal submitted now joins.
    IsoWeek CurrentWeek() const;
    std::chrono::weekday review_day() const { return review_day_; }

  private:
    Store& store_;
    const Clock& clock_;
    ProposalService& proposals_;
    std::chrono::weekday review_day_;
    std::string public_url_;
};

}  // namespace warden::domain
