#pragma once
// The outbox in SQL (ADR 0006): the `outbox_messages` table of migration 0007.

#include "domain/notify/outbox.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// The outbox over the connection of the current transaction. The claim takes FOR UPDATE SKIP
/// LOCKED row locks on PostgreSQL; on SQLite the write transaction (BEGIN IMMEDIATE) already
/// excludes every other writer.
class SqlOutbox final : public domain::notify::Outbox {
  public:
    explicit SqlOutbox(SqlConnection& c) : c_(c) {}
    Result<Id> Add(const domain::notify::OutboxMessage& message) override;
    Result<std::vector<domain::notify::OutboxMessage>> Claim(TimePoint now, TimePoint lease_until,
                                                             int limit) override;
    Status MarkSent(const std::vector<Id>& ids, TimePoint at) override;
    Status MarkFailed(Id id, const std::string& error, std::optional<TimePoint> retry_at) override;
    Result<domain::notify::OutboxMessage> Get(Id id) override;
    Result<std::vector<domain::notify::OutboxMessage>> List(domain::notify::MessageState state,
                                                            int limit) override;
    Result<domain::notify::OutboxCounts> Counts() override;
    Status Revive(Id id, TimePoint now, TimePoint dead_after) override;

  private:
    SqlConnection& c_;
};

}  // namespace warden::storage
