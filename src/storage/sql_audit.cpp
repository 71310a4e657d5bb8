// The hash-chained audit log over SqlConnection (one SQL text for both databases).

#include "core/strings.hpp"
#include "crypto/sodium_crypto.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::AuditEntry;
using domain::AuditVerification;

namespace {

constexpr int kVerifyBatch = 5000;
const std::string kGenesisHash(64, '0');

constexpr const char* kAuditColumns =
    "seq, at, actor, source, action, subject, detail, prev_hash, hash";

// Reads an entry; `at_ok` is false when its time is not RFC 3339 (Verify reports that).
AuditEntry ReadAudit(const SqlRow& row, bool& at_ok) {
    AuditEntry e;
    e.seq = row.Int(0);
    auto at = ParseRfc3339(row.Text(1));
    at_ok = at.has_value();
    if (at) e.at = *at;
    e.actor = row.String(2);
    e.source = row.String(3);
    e.action = row.String(4);
    e.subject = row.String(5);
    e.detail = row.String(6);
    e.prev_hash = row.String(7);
    e.hash = row.String(8);
    return e;
}

std::string AuditHash(const AuditEntry& e) {
    return crypto::Sha256Hex(domain::AuditEntryCanonical(e));
}

}  // namespace

// ---- SqlAuditLog ----

Status SqlAuditLog::Append(AuditEntry entry) {
    if (c_.dialect() == Dialect::kPostgres) {
        // Serialises appends across processes until this transaction ends.
        WARDEN_TRY(c_.Query("SELECT pg_advisory_xact_lock($1)", {kAuditLockKey},
                            [](const SqlRow&) -> Status { return Ok(); }));
    }
    Id last_seq = 0;
    std::string last_hash = kGenesisHash;
    WARDEN_TRY(QueryOne(c_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {},
                        [&](const SqlRow& row) {
                            last_seq = row.Int(0);
                            last_hash = row.String(1);
                        }));
    entry.seq = last_seq + 1;
    entry.prev_hash = std::move(last_hash);
    entry.hash = AuditHash(entry);
    WARDEN_TRY(c_.Exec(
        "INSERT INTO audit_log (seq, at, actor, source, action, subject, detail, prev_hash, hash) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {entry.seq, FormatRfc3339(entry.at), entry.actor, entry.source, entry.action, entry.subject,
         entry.detail, entry.prev_hash, entry.hash}));
    return Ok();
}

Result<std::vector<AuditEntry>> SqlAuditLog::List(const std::string& subject, int limit,
                                                  Id before_seq) {
    std::vector<AuditEntry> out;
    if (limit <= 0) return out;
    const Id before = before_seq > 0 ? before_seq : std::numeric_limits<Id>::max();
    const std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE " +
                            (subject.empty() ? "" : "subject = $3 AND ") +
                            "seq < $1 ORDER BY seq DESC LIMIT $2";
    SqlParams params{before, limit};
    if (!subject.empty()) params.emplace_back(subject);
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        bool at_ok = true;
        out.push_back(ReadAudit(row, at_ok));
        return Ok();
    }));
    return out;
}

Result<AuditVerification> SqlAuditLog::Verify() {
    AuditVerification v;
    Id expected_seq = 1;
    std::string prev_hash = kGenesisHash;
    const std::string sql = std::string("SELECT ") + kAuditColumns +
                            " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    const auto bad = [&](Id seq, std::string problem) {
        v.first_bad_seq = seq;
        v.problem = std::move(problem);
    };
    while (!v.first_bad_seq) {
        int rows = 0;
        WARDEN_TRY(
            c_.Query(sql, {expected_seq - 1, kVerifyBatch}, [&](const SqlRow& row) -> Status {
                ++rows;
                if (v.first_bad_seq) return Ok();
                bool at_ok = true;
                AuditEntry e = ReadAudit(row, at_ok);
                if (e.seq != expected_seq) {
                    bad(expected_seq, "entry " + std::to_string(expected_seq) +
                                          " is missing (the next entry is " +
                                          std::to_string(e.seq) + ")");
                } else if (e.prev_hash != prev_hash) {
                    bad(e.seq, expected_seq == 1
                                   ? std::string("the first entry's prev_hash is not 64 zeros")
                                   : "its prev_hash is not the hash of entry " +
                                         std::to_string(e.seq - 1));
                } else if (!at_ok) {
                    bad(e.seq, "its time is not an RFC 3339 time");
                } else if (AuditHash(e) != e.hash) {
                    bad(e.seq, "its hash does not match its content");
                } else {
                    ++v.entries;
                    ++expected_seq;
                    prev_hash = std::move(e.hash);
                }
                return Ok();
            }));
        if (rows < kVerifyBatch) break;
    }
    return v;
}

}  // namespace warden::storage
