#include "domain/demand/review.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "domain/notify/enqueue.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;

constexpr std::array<const char*, 7> kWeekdays = {"SUNDAY",   "MONDAY", "TUESDAY", "WEDNESDAY",
                                                  "THURSDAY", "FRIDAY", "SATURDAY"};

/// Monday of ISO week 1 of `year`: the week with 4 January in it.
sys_days WeekOneMonday(int year) {
    const sys_days jan4{std::chrono::year{year} / 1 / 4};
    return jan4 - days{weekday{jan4}.iso_encoding() - 1};
}

unsigned WeeksIn(int year) { return IsoWeekOf(sys_days{std::chrono::year{year} / 12 / 28}).week; }

bool AllDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

notify::Message AdviceEmail(const Proposal& p, const std::string& to, const std::string& link) {
    const auto& advice = *p.advice;
    notify::Message m;
    m.to = {to};
    m.subject =
        "Advice on your digital proposal: " + std::string(AdviceOutcomeLabel(advice.outcome));
    m.body =
        "HMPPS Digital has reviewed your proposal.\n\n"
        "Proposal: " +
        p.fields.title +
        "\n"
        "Establishment: " +
        p.fields.establishment +
        "\n"
        "Outcome: " +
        std::string(AdviceOutcomeLabel(advice.outcome)) +
        "\n\n"
        "Advice:\n" +
        advice.text +
        "\n\n"
        "See the proposal: " +
        link + "\n";
    m.kind = "demand.advice.issued";
    m.reference = "proposal:" + std::to_string(p.id);
    return m;
}

// A proposal is on the agenda of the week of the first review after its latest submission, and
// stays on every later week's until it is advised (so the backlog, overdue, is on the week's
// agenda); advice given after its own week's review is on the agenda of the week it was given
// in, so that issuing that week's advice sends it, and advice not yet issued (recorded on the
// review day after that day's issue, say) stays on every later week's agenda until it is, unless
// the proposal was withdrawn.
bool OnAgenda(const Proposal& p, const IsoWeek& week, weekday review_day) {
    if (!p.submitted_at || p.state == ProposalState::kDraft) return false;
    const IsoWeek home = IsoWeekOf(NextReviewDay(*p.submitted_at, review_day));
    if (home == week) return true;
    if (week < home) return false;
    if (p.state == ProposalState::kSubmitted || p.state == ProposalState::kInReview) return true;
    if (!HasAdviceOnLatestSubmission(p)) return false;
    const IsoWeek advised = IsoWeekOf(NextReviewDay(p.advice->at, review_day));
    return advised == week || (advised < week && AdviceAwaitsIssue(p));
}

}  // namespace

std::string IsoWeek::Name() const {
    const std::string w = std::to_string(week);
    return std::to_string(year) + "-W" + (w.size() < 2 ? "0" + w : w);
}

IsoWeek IsoWeekOf(sys_days day) {
    const weekday wd{day};
    const sys_days thursday = day + days{4} - days{wd.iso_encoding()};
    const int year = static_cast<int>(std::chrono::year_month_day{thursday}.year());
    const auto offset = (thursday - WeekOneMonday(year)).count();
    return {year, static_cast<unsigned>(offset / 7 + 1)};
}

std::optional<IsoWeek> ParseIsoWeek(std::string_view text) {
    if (text.size() != 8 || text[4] != '-' || (text[5] != 'W' && text[5] != 'w')) {
        return std::nullopt;
    }
    if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(6, 2))) return std::nullopt;
    const int year = ParseNonNegativeInt(text.substr(0, 4));
    const int week = ParseNonNegativeInt(text.substr(6, 2));
    if (year < 2000 || year > 2999 || week < 1) return std::nullopt;
    if (static_cast<unsigned>(week) > WeeksIn(year)) return std::nullopt;
    return IsoWeek{year, static_cast<unsigned>(week)};
}

sys_days DayOfWeek(const IsoWeek& week, weekday wd) {
    return WeekOneMonday(week.year) + days{7 * (week.week - 1)} + days{wd.iso_encoding() - 1};
}

sys_days NextReviewDay(TimePoint submitted_at, weekday review_day) {
    const sys_days day = std::chrono::floor<days>(submitted_at);
    return day + (review_day - weekday{day});
}

std::optional<weekday> ParseWeekday(std::string_view name) {
    const std::string upper = ToUpper(std::string(Trim(name)));
    for (unsigned i = 0; i < kWeekdays.size(); ++i) {
        if (upper == kWeekdays[i]) return weekday{i};
    }
    return std::nullopt;
}

std::string WeekdayName(weekday day) { return kWeekdays[day.c_encoding()]; }

ReviewService::ReviewService(Store& store, const Clock& clock, ProposalService& proposals,
                             weekday review_day, std::string public_url)
    : store_(store),
      clock_(clock),
      proposals_(proposals),
      review_day_(review_day),
      public_url_(std::move(public_url)) {
    while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

IsoWeek ReviewService::CurrentWeek() const {
    return IsoWeekOf(NextReviewDay(clock_.Now(), review_day_));
}

namespace {
Result<IsoWeek> WeekFrom(std::string_view text) {
    auto week = ParseIsoWeek(text);
    if (!week) {
        return FieldsError(
            {{"iso_week", "Enter a week that exists, like 2026-W49 (weeks 1 to 52, or 53)"}});
    }
    return *week;
}
}  // namespace

Result<ReviewAgenda> ReviewService::Agenda(const Actor& by, std::string_view iso_week) {
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    WARDEN_ASSIGN_OR_RETURN(IsoWeek week, WeekFrom(iso_week));
    ReviewAgenda agenda{week, review_day_, DayOfWeek(week, review_day_), {}};
    const ProposalScope scope = ProposalService::ScopeFor(by);
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto all, repos.proposals.List({}, scope));
        for (auto& p : all) {
            if (!OnAgenda(p, week, review_day_)) continue;
            const Id id = p.id;
            agenda.items.push_back(proposals_.Describe(std::move(p)));
            ProposalView& item = agenda.items.back();
            WARDEN_ASSIGN_OR_RETURN(item.timeline, repos.proposals.Timeline(id, scope));
            WARDEN_TRY(proposals_.JoinUp(by, repos, item));
        }
        return Ok();
    }));
    std::sort(agenda.items.begin(), agenda.items.end(), [](const auto& a, const auto& b) {
        return std::pair(*a.proposal.submitted_at, a.proposal.id) <
               std::pair(*b.proposal.submitted_at, b.proposal.id);
    });
    return agenda;
}

Result<IssueResult> ReviewService::Issue(const Actor& by, std::string_view iso_week) {
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    WARDEN_ASSIGN_OR_RETURN(IsoWeek week, WeekFrom(iso_week));
    const ProposalScope scope = ProposalService::ScopeFor(by);
    const TimePoint now = clock_.Now();
    IssueResult result{week, 0, 0, 0};
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        result = {week, 0, 0, 0};
        WARDEN_ASSIGN_OR_RETURN(auto all, repos.proposals.List({}, scope));
        // Proposals are locked in ascending id order, as a group's advice locks its members, so
        // the two never wait for each other in a cycle (PostgreSQL would abort one).
        std::sort(all.begin(), all.end(),
                  [](const Proposal& a, const Proposal& b) { return a.id < b.id; });
        for (const auto& listed : all) {
            if (!OnAgenda(listed, week, review_day_)) continue;
            if (!HasAdviceOnLatestSubmission(listed)) {
                if (listed.state != ProposalState::kWithdrawn) ++result.awaiting_advice;
                continue;
            }
            if (IsAdviceIssued(listed)) {
                ++result.already_issued;
                continue;
            }
            if (!AdviceAwaitsIssue(listed)) continue;  // withdrawn since it was advised
            // The proposal is locked and read again: an issue running meanwhile (another
            // reviewer, another server) is waited for, and the time it issued the advice seen,
            // so no proposer is emailed twice (PostgreSQL runs writers at READ COMMITTED; SQLite
            // has one writer).
            WARDEN_ASSIGN_OR_RETURN(Proposal p, repos.proposals.GetForUpdate(listed.id, scope));
            if (!OnAgenda(p, week, review_day_) || !AdviceAwaitsIssue(p)) {
                if (HasAdviceOnLatestSubmission(p) && IsAdviceIssued(p)) ++result.already_issued;
                continue;
            }
            WARDEN_ASSIGN_OR_RETURN(auto proposer, repos.users.GetByUsername(p.proposer));
            const std::string link = public_url_ + "/proposals/" + std::to_string(p.id);
            WARDEN_ASSIGN_OR_RETURN(
                Id message, notify::Enqueue(repos, AdviceEmail(p, proposer.email, link), now));
            // Never before the advice: advice committed after this issue read its clock (and
            // before it locked the proposal) would otherwise look not yet issued, and be sent
            // again by the next issue.
            p.advice->issued_at = std::max(now, p.advice->at);
            WARDEN_TRY(repos.proposals.Update(p));
            WARDEN_TRY(repos.proposals.AddEvent(
                {0, p.id, now, by.username, "ADVICE_ISSUED", p.advice->outcome}));
            WARDEN_TRY(repos.audit.Append(
                NewAuditEntry(by, now, "demand.advice.issued", "proposal:" + std::to_string(p.id),
                              "iso_week=" + week.Name() + " outcome=" + p.advice->outcome +
                                  " id=" + std::to_string(message))));
            ++result.issued;
        }
        return Ok();
    }));
    return result;
}

}  // namespace warden::domain
