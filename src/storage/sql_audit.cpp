// The keyed, hash-chained audit log over SqlConnection (one SQL text for both databases; ADR 0007).

#include <functional>
#include <map>
#include <thread>

#include "core/strings.hpp"
#include "crypto/sodium_crypto.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::AuditEntry;
using domain::AuditVerification;

namespace {

constexpr int kVerifyBatch = 5000;
const std::string kGenesisHash(64, '0');
constexpr const char* kRekeyAction = "audit.rekey";
constexpr const char* kLegacyThrough = "legacy_through=";

constexpr const char* kAuditColumns =
    "seq, at, actor, source, action, subject, detail, prev_hash, hash, establishment";

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
    e.establishment = row.String(9);
    return e;
}

// The plain SHA-256 of an entry written before the chain was keyed.
std::string LegacyHash(const AuditEntry& e) {
    return crypto::Sha256Hex(domain::AuditEntryCanonical(e));
}

// N of a rekey entry's "legacy_through=N", or 0.
Id LegacyThrough(const AuditEntry& e) {
    if (e.action != kRekeyAction || e.detail.rfind(kLegacyThrough, 0) != 0) return 0;
    const int n = ParseNonNegativeInt(std::string_view(e.detail).substr(15));
    return n > 0 ? n : 0;
}

}  // namespace

// ---- SqlAuditLog ----

std::string SqlAuditLog::Sealed(const AuditEntry& e) const {
    return seal_.Seal(domain::AuditEntrySealed(e));
}

Status SqlAuditLog::LockChainAndReadHead(AuditEntry& entry, std::string& last_hash) {
    const auto head = [&](const SqlRow& row) {
        entry.seq = row.Int(0);
        if (!row.IsNull(1)) last_hash = row.String(1);
    };
    if (chain_ < 0) {
        // The first free chain, from chain 0: one writer at a time uses chain 0 only, and
        // concurrent writers spread over the others instead of queueing behind one lock through
        // their commits. The lock is taken by one statement and the chain's head read by the
        // next, sent together (ExecDeferred, ADR 0027): the head is read under a snapshot taken
        // once the lock is held, so it is the last entry any earlier holder committed. The
        // chain taken goes from one to the other in a setting local to the transaction.
        WARDEN_TRY(c_.ExecDeferred(
            "SELECT set_config('warden.audit_chain', COALESCE((SELECT g FROM generate_series(0, "
            "$2 - 1) AS g WHERE pg_try_advisory_xact_lock($1, g) LIMIT 1), -1)::text, true)",
            {kAuditChainLockClass, kAuditChains}));
        int chain = -1;
        WARDEN_TRY(QueryOne(c_,
                            "SELECT nextval('audit_log_seq'), (SELECT hash FROM audit_log WHERE "
                            "chain = current_setting('warden.audit_chain')::int ORDER BY seq DESC "
                            "LIMIT 1), current_setting('warden.audit_chain')::int",
                            {}, [&](const SqlRow& row) {
                                head(row);
                                chain = static_cast<int>(row.Int(2));
                            }));
        if (chain >= 0) {
            chain_ = chain;
            return Ok();
        }
        // Every chain is busy: wait for one, picked by this thread so that waiters spread (the
        // seq just drawn is left unused: a gap, which the per-chain links make harmless).
        last_hash = kGenesisHash;
        chain_ = static_cast<int>(std::hash<std::thread::id>{}(std::this_thread::get_id()) %
                                  static_cast<size_t>(kAuditChains));
    }
    // Taken (again, when this transaction held it already: it is re-entrant, and a rolled-back
    // savepoint may have released it), waited for, then the head read as above.
    WARDEN_TRY(
        c_.ExecDeferred("SELECT pg_advisory_xact_lock($1, $2)", {kAuditChainLockClass, chain_}));
    WARDEN_TRY(QueryOne(c_,
                        "SELECT nextval('audit_log_seq'), (SELECT hash FROM audit_log WHERE chain "
                        "= $1 ORDER BY seq DESC LIMIT 1)",
                        {chain_}, head));
    return Ok();
}

Status SqlAuditLog::Append(AuditEntry entry) {
    std::string last_hash = kGenesisHash;
    int chain = 0;
    if (c_.dialect() == Dialect::kPostgres) {
        // Several writers append at once, one per chain: the seq comes from a sequence.
        WARDEN_TRY(LockChainAndReadHead(entry, last_hash));
        chain = chain_;
    } else {
        // One writer, one chain (0): the next seq follows the last entry.
        entry.seq = 1;
        WARDEN_TRY(QueryOne(c_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {},
                            [&](const SqlRow& row) {
                                entry.seq = row.Int(0) + 1;
                                last_hash = row.String(1);
                            }));
    }
    entry.prev_hash = std::move(last_hash);
    entry.hash = Sealed(entry);
    // Deferred: on PostgreSQL the entry goes with the COMMIT (or the transaction's next
    // statement) in one round trip; a failure to store it still fails the transaction.
    WARDEN_TRY(c_.ExecDeferred(
        "INSERT INTO audit_log (seq, at, actor, source, action, subject, detail, "
        "prev_hash, hash, establishment, chain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11)",
        {entry.seq, FormatRfc3339(entry.at), entry.actor, entry.source, entry.action, entry.subject,
         entry.detail, entry.prev_hash, entry.hash, entry.establishment, chain}));
    return Ok();
}

Result<std::vector<AuditEntry>> SqlAuditLog::List(const std::string& subject, int limit,
                                                  Id before_seq) {
    domain::AuditQuery query;
    query.subject = subject;
    query.limit = limit;
    query.before_seq = before_seq;
    return Find(query);
}

Result<std::vector<AuditEntry>> SqlAuditLog::Find(const domain::AuditQuery& query) {
    std::vector<AuditEntry> out;
    if (query.limit <= 0) return out;
    const Dialect d = c_.dialect();
    const Id before = query.before_seq > 0 ? query.before_seq : std::numeric_limits<Id>::max();
    SqlParams params{before, query.limit};
    std::string where = "seq < $1";
    if (!query.subject.empty()) {
        params.emplace_back(query.subject);
        where += " AND subject = $" + std::to_string(params.size());
    }
    if (query.any_of) {
        // The reader's scope: the establishments' entries, or the administration actions.
        std::string any = ScopeCondition(d, "establishment", static_cast<int>(params.size()) + 1);
        AppendScopeParams(d, query.establishments, params);
        for (const auto& prefix : query.action_prefixes.value_or(std::vector<std::string>{})) {
            params.emplace_back(prefix);
            const std::string n = "$" + std::to_string(params.size());
            any += " OR " + std::string(d == Dialect::kSqlite
                                            ? "substr(action, 1, length(" + n + ")) = " + n
                                            : "left(action, length(" + n + ")) = " + n);
        }
        where += " AND (" + any + ")";
    }
    const std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE " +
                            where + " ORDER BY seq DESC LIMIT $2";
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        bool at_ok = true;
        out.push_back(ReadAudit(row, at_ok));
        return Ok();
    }));
    return out;
}

Result<Id> SqlAuditLog::SealedLegacyThrough() {
    Id through = 0;
    WARDEN_TRY(c_.Query(
        std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE action = $1 ORDER BY seq",
        {std::string(kRekeyAction)}, [&](const SqlRow& row) -> Status {
            bool at_ok = true;
            const AuditEntry e = ReadAudit(row, at_ok);
            // Only a rekey entry sealed under this key counts.
            if (at_ok && Sealed(e) == e.hash) {
                through = std::max(through, LegacyThrough(e));
            }
            return Ok();
        }));
    return through;
}

Result<AuditVerification> SqlAuditLog::Walk(Id legacy_through, Id& unsealed_legacy) {
    AuditVerification v;
    unsealed_legacy = 0;
    bool keyed_seen = false;
    Id last_seq = 0;
    // Each chain's last hash and seq so far; an entry links to the one before it on its chain.
    std::map<Id, std::pair<std::string, Id>> chains;
    const std::string sql = std::string("SELECT ") + kAuditColumns +
                            ", chain FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    const auto bad = [&](Id seq, std::string problem) {
        v.first_bad_seq = seq;
        v.problem = std::move(problem);
    };
    while (!v.first_bad_seq) {
        int rows = 0;
        WARDEN_TRY(c_.Query(sql, {last_seq, kVerifyBatch}, [&](const SqlRow& row) -> Status {
            ++rows;
            if (v.first_bad_seq) return Ok();
            bool at_ok = true;
            AuditEntry e = ReadAudit(row, at_ok);
            last_seq = e.seq;
            const Id chain = row.Int(10);
            auto [it, first] = chains.try_emplace(chain, kGenesisHash, 0);
            auto& [prev_hash, prev_seq] = it->second;
            if (e.prev_hash != prev_hash) {
                bad(e.seq, first ? "its prev_hash is not 64 zeros, and it is the first entry of "
                                   "audit chain " +
                                       std::to_string(chain) + " (an entry is missing or edited)"
                                 : "its prev_hash is not the hash of entry " +
                                       std::to_string(prev_seq) +
                                       ", the one before it on audit "
                                       "chain " +
                                       std::to_string(chain) + " (an entry is missing or edited)");
                return Ok();
            }
            if (!at_ok) {
                bad(e.seq, "its time is not an RFC 3339 time");
                return Ok();
            }
            if (Sealed(e) == e.hash) {
                keyed_seen = true;
            } else if (e.seq <= legacy_through && LegacyHash(e) == e.hash) {
                ++v.legacy_entries;
            } else if (!keyed_seen && LegacyHash(e) == e.hash) {
                ++unsealed_legacy;  // written before the chain was keyed, not yet sealed
            } else {
                bad(e.seq,
                    "its hash does not match its content under this audit key (the key is "
                    "wrong, or the entry was edited)");
                return Ok();
            }
            ++v.entries;
            prev_hash = std::move(e.hash);
            prev_seq = e.seq;
            return Ok();
        }));
        if (rows < kVerifyBatch) break;
    }
    return v;
}

Result<AuditVerification> SqlAuditLog::Verify() {
    WARDEN_ASSIGN_OR_RETURN(Id legacy_through, SealedLegacyThrough());
    Id unsealed = 0;
    WARDEN_ASSIGN_OR_RETURN(AuditVerification v, Walk(legacy_through, unsealed));
    if (!v.first_bad_seq && unsealed > 0) {
        v.first_bad_seq = legacy_through + 1;
        v.problem = std::to_string(unsealed) +
                    " entries were written before the chain was keyed and are not sealed yet: "
                    "run `warden audit rekey` (docs/operations.md)";
    }
    return v;
}

Result<Id> SqlAuditLog::Rekey(AuditEntry anchor) {
    if (c_.dialect() == Dialect::kPostgres) {
        // Every chain, in order (appenders hold at most one, so this cannot deadlock with them):
        // nothing is appended while the log is walked and sealed.
        WARDEN_TRY(c_.Query(
            "SELECT pg_advisory_xact_lock($1, g) FROM generate_series(0, $2 - 1) AS g",
            {kAuditChainLockClass, kAuditChains}, [](const SqlRow&) -> Status { return Ok(); }));
    }
    WARDEN_ASSIGN_OR_RETURN(Id legacy_through, SealedLegacyThrough());
    Id unsealed = 0;
    WARDEN_ASSIGN_OR_RETURN(AuditVerification v, Walk(legacy_through, unsealed));
    if (v.first_bad_seq) {
        return Error::Conflict("the audit log fails verification at entry " +
                               std::to_string(*v.first_bad_seq) + ": " + v.problem +
                               "; nothing was sealed");
    }
    if (unsealed == 0) return Id{0};
    const Id through = legacy_through + unsealed;
    anchor.action = kRekeyAction;
    anchor.subject = "audit:chain";
    anchor.detail = kLegacyThrough + std::to_string(through);
    WARDEN_TRY(Append(std::move(anchor)));
    return through;
}

}  // namespace warden::storage
