#pragma once
// The periodic jobs of `warden serve` (ADR 0004): their names, default periods and work. The
// wiring adds each to the Scheduler in one line.

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ports.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {

/// Deletes the sessions that have expired.
inline constexpr const char* kDeleteExpiredSessionsJob = "sessions.delete-expired";
inline constexpr std::chrono::seconds kDeleteExpiredSessionsPeriod = std::chrono::minutes{5};

/// Marks expired TMPP risk decisions for review (AccessService::ExpireDecisions).
inline constexpr const char* kExpireDecisionsJob = "tmpp.decisions.expire";
inline constexpr std::chrono::seconds kExpireDecisionsPeriod = std::chrono::hours{1};

/// Sends the email outbox (notify::OutboxSender, ADR 0006); runs only with WARDEN_SMTP_URL.
inline constexpr const char* kSendOutboxJob = "outbox.send";
inline constexpr std::chrono::seconds kSendOutboxPeriod = std::chrono::seconds{5};

/// Merges what writes have added to joining up's full-text indexes into them (ADR 0024).
inline constexpr const char* kMergeSearchIndexesJob = "demand.search.merge";
inline constexpr std::chrono::seconds kMergeSearchIndexesPeriod = std::chrono::minutes{1};

/// The actor that background jobs act as (the audit log names it, source "scheduler").
Actor SchedulerActor();

/// Deletes every session that expired at or before the clock's now.
Result<std::string> DeleteExpiredSessions(Store& store, const Clock& clock);

/// Merges the proposals' and the catalogue's full-text indexes (MergeSearchIndex of each).
Result<std::string> MergeSearchIndexes(Store& store);

/// Marks expired risk decisions for review; the summary counts them.
Result<std::string> ExpireDecisions(AccessService& access);

}  // namespace warden::domain
