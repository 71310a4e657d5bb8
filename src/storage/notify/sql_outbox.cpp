#include "storage/notify/sql_outbox.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace warden::storage {

using domain::notify::MessageState;
using domain::notify::OutboxCounts;
using domain::notify::OutboxMessage;

namespace {

constexpr const char* kColumns =
    "id, message_id, to_addresses, cc_addresses, subject, body, kind, reference, created_at, "
    "state, attempts, next_attempt_at, lease_until, dead_after, last_error, sent_at";

std::string Join(const std::vector<std::string>& addresses) {
    std::string out;
    for (const auto& a : addresses) out += (out.empty() ? "" : ",") + a;
    return out;
}

std::vector<std::string> Split(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        size_t comma = text.find(',');
        out.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

Status ReadTime(const SqlRow& row, int col, TimePoint& out) {
    auto t = ParseRfc3339(row.Text(col));
    if (!t) return Error::Internal("stored outbox time '" + row.String(col) + "' is not RFC 3339");
    out = *t;
    return Ok();
}

Status ReadOptionalTime(const SqlRow& row, int col, std::optional<TimePoint>& out) {
    out.reset();
    if (row.IsNull(col)) return Ok();
    TimePoint t;
    WARDEN_TRY(ReadTime(row, col, t));
    out = t;
    return Ok();
}

Status ReadMessage(const SqlRow& row, OutboxMessage& m) {
    m.id = row.Int(0);
    m.message_id = row.String(1);
    m.to = Split(row.Text(2));
    m.cc = Split(row.Text(3));
    m.subject = row.String(4);
    m.body = row.String(5);
    m.kind = row.String(6);
    m.reference = row.String(7);
    WARDEN_TRY(ReadTime(row, 8, m.created_at));
    auto state = domain::notify::ParseState(row.Text(9));
    if (!state) return Error::Internal("stored outbox state '" + row.String(9) + "' is unknown");
    m.state = *state;
    m.attempts = static_cast<int>(row.Int(10));
    WARDEN_TRY(ReadTime(row, 11, m.next_attempt_at));
    WARDEN_TRY(ReadOptionalTime(row, 12, m.lease_until));
    WARDEN_TRY(ReadTime(row, 13, m.dead_after));
    m.last_error = row.String(14);
    return ReadOptionalTime(row, 15, m.sent_at);
}

Result<std::vector<OutboxMessage>> Query(SqlConnection& c, const std::string& sql,
                                         const SqlParams& params) {
    std::vector<OutboxMessage> out;
    WARDEN_TRY(c.Query(sql, params, [&](const SqlRow& row) -> Status {
        OutboxMessage m;
        WARDEN_TRY(ReadMessage(row, m));
        out.push_back(std::move(m));
        return Ok();
    }));
    return out;
}

SqlParam OptionalTime(const std::optional<TimePoint>& t) {
    return t ? SqlParam(FormatRfc3339(*t)) : SqlParam();
}

}  // namespace

Result<Id> SqlOutbox::Add(const OutboxMessage& m) {
    Id id = 0;
    WARDEN_TRY(c_.Query(
        "INSERT INTO outbox_messages (message_id, to_addresses, cc_addresses, subject, body, kind, "
        "reference, created_at, state, attempts, next_attempt_at, lease_until, dead_after, "
        "last_error, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15) RETURNING id",
        {m.message_id, Join(m.to), Join(m.cc), m.subject, m.body, m.kind, m.reference,
         FormatRfc3339(m.created_at), std::string(domain::notify::StateName(m.state)), m.attempts,
         FormatRfc3339(m.next_attempt_at), OptionalTime(m.lease_until), FormatRfc3339(m.dead_after),
         m.last_error, OptionalTime(m.sent_at)},
        [&](const SqlRow& row) -> Status {
            id = row.Int(0);
            return Ok();
        }));
    return id;
}

Result<std::vector<OutboxMessage>> SqlOutbox::Claim(TimePoint now, TimePoint lease_until,
                                                    int limit) {
    // PostgreSQL: the subquery locks the rows it picks and skips rows another claimer has
    // locked, so concurrent claims split the due rows between them. SQLite: BEGIN IMMEDIATE.
    const std::string lock = c_.dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
    WARDEN_ASSIGN_OR_RETURN(
        auto claimed,
        Query(c_,
              std::string("UPDATE outbox_messages SET lease_until = $2, attempts = attempts + 1 "
                          "WHERE id IN (SELECT id FROM outbox_messages WHERE state = 'PENDING' "
                          "AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= "
                          "$1) ORDER BY next_attempt_at, id LIMIT $3") +
                  lock + ") RETURNING " + kColumns,
              {FormatRfc3339(now), FormatRfc3339(lease_until), limit}));
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) {
        return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
    });
    return claimed;
}

Status SqlOutbox::MarkSent(const std::vector<Id>& ids, TimePoint at) {
    const std::string when = FormatRfc3339(at);
    for (Id id : ids) {
        WARDEN_TRY(
            c_.Exec("UPDATE outbox_messages SET state = 'SENT', sent_at = $2, "
                    "lease_until = NULL, last_error = '' WHERE id = $1",
                    {id, when}));
    }
    return Ok();
}

Status SqlOutbox::MarkFailed(Id id, const std::string& error, std::optional<TimePoint> retry_at) {
    if (retry_at) {
        WARDEN_TRY(
            c_.Exec("UPDATE outbox_messages SET next_attempt_at = $2, last_error = $3, "
                    "lease_until = NULL WHERE id = $1 AND state = 'PENDING'",
                    {id, FormatRfc3339(*retry_at), error}));
    } else {
        WARDEN_TRY(
            c_.Exec("UPDATE outbox_messages SET state = 'DEAD', last_error = $2, "
                    "lease_until = NULL WHERE id = $1 AND state = 'PENDING'",
                    {id, error}));
    }
    return Ok();
}

Result<OutboxMessage> SqlOutbox::Get(Id id) {
    WARDEN_ASSIGN_OR_RETURN(
        auto rows,
        Query(c_, std::string("SELECT ") + kColumns + " FROM outbox_messages WHERE id = $1", {id}));
    if (rows.empty()) return Error::NotFound("There is no email " + std::to_string(id));
    return std::move(rows.front());
}

Result<std::vector<OutboxMessage>> SqlOutbox::List(MessageState state, int limit) {
    return Query(c_,
                 std::string("SELECT ") + kColumns +
                     " FROM outbox_messages WHERE state = $1 ORDER BY id DESC LIMIT $2",
                 {std::string(domain::notify::StateName(state)), limit});
}

Result<OutboxCounts> SqlOutbox::Counts() {
    OutboxCounts counts;
    WARDEN_TRY(c_.Query("SELECT state, COUNT(*) FROM outbox_messages GROUP BY state", {},
                        [&](const SqlRow& row) -> Status {
                            const auto state = domain::notify::ParseState(row.Text(0));
                            if (state == MessageState::kPending) counts.pending = row.Int(1);
                            if (state == MessageState::kSent) counts.sent = row.Int(1);
                            if (state == MessageState::kDead) counts.dead = row.Int(1);
                            return Ok();
                        }));
    return counts;
}

Status SqlOutbox::Revive(Id id, TimePoint now, TimePoint dead_after) {
    WARDEN_ASSIGN_OR_RETURN(OutboxMessage m, Get(id));
    if (m.state != MessageState::kDead) return Error::Conflict("The email is not DEAD");
    WARDEN_TRY(
        c_.Exec("UPDATE outbox_messages SET state = 'PENDING', next_attempt_at = $2, "
                "dead_after = $3, lease_until = NULL WHERE id = $1 AND state = 'DEAD'",
                {id, FormatRfc3339(now), FormatRfc3339(dead_after)}));
    return Ok();
}

}  // namespace warden::storage
