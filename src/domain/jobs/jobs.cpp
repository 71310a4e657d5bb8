#include "domain/jobs/jobs.hpp"

namespace warden::domain {

Actor SchedulerActor() {
    Actor actor = Actor::System("scheduler");
    actor.source = "scheduler";
    return actor;
}

Result<std::string> DeleteExpiredSessions(Store& store, const Clock& clock) {
    const TimePoint now = clock.Now();
    WARDEN_TRY(store.Write(
        [&](Repositories& repos) -> Status { return repos.users.DeleteExpiredSessions(now); }));
    return std::string("expired sessions deleted");
}

Result<std::string> MergeSearchIndexes(Store& store) {
    WARDEN_TRY(store.Write([](Repositories& repos) -> Status {
        WARDEN_TRY(repos.proposals.MergeSearchIndex());
        return repos.catalogue.MergeSearchIndex();
    }));
    return std::string("search indexes merged");
}

Result<std::string> ExpireDecisions(AccessService& access) {
    WARDEN_ASSIGN_OR_RETURN(int marked, access.ExpireDecisions(SchedulerActor()));
    return std::to_string(marked) + (marked == 1 ? " decision" : " decisions") +
           " expired and marked for review";
}

}  // namespace warden::domain
