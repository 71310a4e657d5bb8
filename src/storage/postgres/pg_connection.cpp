#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>
#include <vector>

namespace warden::storage {

namespace {

constexpr size_t kCopyChunk = 1 << 20;

/// A row of a PGresult (text format).
class PgRow final : public SqlRow {
  public:
    PgRow(const PGresult* res, int row) : res_(res), row_(row) {}
    bool IsNull(int col) const override { return PQgetisnull(res_, row_, col) != 0; }
    std::string_view Text(int col) const override {
        return {PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col))};
    }
    std::int64_t Int(int col) const override {
        std::string_view text = Text(col);
        std::int64_t v = 0;
        std::from_chars(text.data(), text.data() + text.size(), v);
        return v;
    }
    bool Bool(int col) const override {
        std::string_view text = Text(col);
        return text == "t" || text == "true" || (!text.empty() && text != "0" && text != "f");
    }

  private:
    const PGresult* res_;
    int row_;
};

/// Frees a PGresult when the scope ends.
struct ResultDeleter {
    void operator()(PGresult* res) const { PQclear(res); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

ErrorCode CodeFor(std::string_view sqlstate, bool connection_bad) {
    if (connection_bad) return ErrorCode::kUnavailable;
    if (sqlstate == "23505") return ErrorCode::kConflict;
    if (sqlstate.substr(0, 2) == "23") return ErrorCode::kInvalidInput;
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
        return ErrorCode::kUnavailable;
    }
    std::string_view cls = sqlstate.substr(0, 2);
    if (cls == "08" || cls == "53" || cls == "57") return ErrorCode::kUnavailable;
    return ErrorCode::kInternal;
}

// The first line of libpq's message, without the trailing newline.
std::string FirstLine(const char* message) {
    std::string text = message ? message : "";
    if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
    return text;
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// Calls `on_row` for each row of what a statement ran to, and frees it.
Status EachRow(Result<PGresult*> ran, const RowHandler& on_row) {
    if (!ran.ok()) return ran.error();
    ResultPtr res(*ran);
    const int rows = PQntuples(res.get());
    for (int i = 0; i < rows; ++i) {
        PgRow row(res.get(), i);
        WARDEN_TRY(on_row(row));
    }
    return Ok();
}

// The highest $N of `sql`: the parameters an unnamed statement is sent (the server refuses more).
int HighestParameter(std::string_view sql) {
    int highest = 0;
    for (size_t at = sql.find('$'); at != std::string_view::npos; at = sql.find('$', at + 1)) {
        int n = 0;
        const char* begin = sql.data() + at + 1;
        auto [end, ec] = std::from_chars(begin, sql.data() + sql.size(), n);
        if (ec == std::errc() && end != begin) highest = std::max(highest, n);
    }
    return highest;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
    const char* keywords[] = {"dbname", "client_encoding", "application_name", nullptr};
    const char* values[] = {url.c_str(), "UTF8", "warden", nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (conn == nullptr) return Error::Unavailable("cannot connect to PostgreSQL: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string reason = FirstLine(PQerrorMessage(conn));
        PQfinish(conn);
        return Error::Unavailable("cannot connect to PostgreSQL: " + reason);
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::Healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::Alive() {
    if (!Healthy() || !ReadCommit().ok()) return false;
    pollfd socket{PQsocket(conn_), POLLIN, 0};
    if (socket.fd < 0) return false;
    // An idle connection is sent nothing unless the server is ending it (an error, then the
    // end of the stream; or, rarely, a notice): anything to read counts as closed.
    return poll(&socket, 1, 0) == 0;
}

Error PgConnection::ResultError(PGresult* res, std::string_view what) {
    ResultPtr owned(res);
    failed_in_transaction_ = true;
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : FirstLine(PQerrorMessage(conn_));
    bool bad = PQstatus(conn_) != CONNECTION_OK;
    if (bad) message = "the PostgreSQL connection was lost: " + message;
    return Error{CodeFor(sqlstate, bad), std::string(what) + ": " + message, {}};
}

Result<const PgConnection::Prepared*> PgConnection::Prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
    Prepared p;
    p.name = "w" + std::to_string(++next_statement_);
    PGresult* res = PQprepare(conn_, p.name.c_str(), sql.c_str(), 0, nullptr);
    if (res == nullptr || PQresultStatus(res) != PGRES_COMMAND_OK) {
        return ResultError(res, "SQL error");
    }
    PQclear(res);
    res = PQdescribePrepared(conn_, p.name.c_str());
    if (res == nullptr || PQresultStatus(res) != PGRES_COMMAND_OK) {
        return ResultError(res, "SQL error");
    }
    p.params = PQnparams(res);
    PQclear(res);
    auto [it, inserted] = cache_.emplace(sql, std::move(p));
    return &it->second;
}

struct PgConnection::Values {
    std::vector<std::string> numbers;  // the text of integer parameters (reserved: never moves)
    std::vector<const char*> values;
};

Status PgConnection::Bind(const Prepared& p, const SqlParams& params, Values& out) {
    if (static_cast<size_t>(p.params) > params.size()) {
        return Error::Internal("SQL error: the statement needs " + std::to_string(p.params) +
                               " parameters, " + std::to_string(params.size()) + " given");
    }
    out.numbers.reserve(static_cast<size_t>(p.params));
    out.values.assign(static_cast<size_t>(p.params), nullptr);
    for (size_t i = 0; i < out.values.size(); ++i) {
        const SqlParam& param = params[i];
        switch (param.kind()) {
            case SqlParam::Kind::kNull:
                break;
            case SqlParam::Kind::kInt:
                out.numbers.push_back(std::to_string(param.int_value()));
                out.values[i] = out.numbers.back().c_str();
                break;
            case SqlParam::Kind::kBool:
                out.values[i] = param.int_value() ? "true" : "false";
                break;
            case SqlParam::Kind::kText:
                out.values[i] = param.text().c_str();
                break;
        }
    }
    return Ok();
}

void PgConnection::BeginOneStatement() { one_statement_ = OneStatement::kArmed; }

void PgConnection::EndOneStatement() { one_statement_ = OneStatement::kOff; }

Status PgConnection::CheckOneStatement(const std::string& sql, std::string_view kind) {
    if (one_statement_ == OneStatement::kOff) return Ok();
    // One SELECT, sent on its own: anything more would not share its snapshot, and a write
    // would commit by itself.
    if (one_statement_ == OneStatement::kArmed && kind.empty() && sql.starts_with("SELECT ")) {
        one_statement_ = OneStatement::kSpent;
        return Ok();
    }
    const std::string what = kind.empty() ? sql.substr(0, sql.find(' ')) : std::string(kind);
    if (one_statement_ == OneStatement::kSpent) {
        return Error::Internal("a one-statement read ran a second statement: " + what);
    }
    return Error::Internal("a one-statement read may run only a SELECT, not " + what);
}

Result<PGresult*> PgConnection::Run(const std::string& sql, const SqlParams& params,
                                    bool each_time) {
    if (!Healthy()) return Error::Unavailable("the PostgreSQL connection was lost");
    WARDEN_TRY(CheckOneStatement(sql));
    WARDEN_TRY(ReadCommit());
    // After deferred writes, a statement already prepared (or sent unnamed) joins their pipeline.
    const bool pipelined = deferred_ > 0 && (each_time || cache_.contains(sql));
    if (!pipelined) WARDEN_TRY(Flush());
    // A statement not prepared on this connection yet is prepared inside the transaction, as
    // before: an error in it (a syntax error, an unknown column) aborts the transaction.
    if (!each_time && !pending_begin_.empty() && !cache_.contains(sql)) WARDEN_TRY(SendBegin());
    Prepared unnamed;
    const Prepared* p = &unnamed;
    if (each_time) {
        unnamed.params = HighestParameter(sql);
    } else {
        WARDEN_ASSIGN_OR_RETURN(p, Prepare(sql));
    }
    Values bound;
    WARDEN_TRY(Bind(*p, params, bound));
    PGresult* res = nullptr;
    if (pipelined) {
        WARDEN_ASSIGN_OR_RETURN(res, RunInPipeline(each_time ? nullptr : p, sql, bound.values));
    } else if (!pending_begin_.empty()) {
        WARDEN_ASSIGN_OR_RETURN(res, RunAfterBegin(each_time ? nullptr : p, sql, bound.values));
    } else if (each_time) {
        res = PQexecParams(conn_, sql.c_str(), p->params, nullptr, bound.values.data(), nullptr,
                           nullptr, 0);
    } else {
        res = PQexecPrepared(conn_, p->name.c_str(), p->params, bound.values.data(), nullptr,
                             nullptr, 0);
    }
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        // A plan cached before a schema change: forget it, so the next use prepares it again.
        if (state != nullptr && std::strcmp(state, "0A000") == 0) cache_.erase(sql);
        return ResultError(res, "SQL error");
    }
    return res;
}

Status PgConnection::ExecDeferred(const std::string& sql, const SqlParams& params) {
    if (!Healthy()) return Error::Unavailable("the PostgreSQL connection was lost");
    if (one_statement_ != OneStatement::kOff) return CheckOneStatement(sql, "a deferred write");
    WARDEN_TRY(ReadCommit());
    // Outside a transaction (its error would be nobody's), or not prepared yet (preparing waits
    // for the server; it happens once a connection): run it now.
    const bool in_transaction =
        !pending_begin_.empty() || deferred_ > 0 || PQtransactionStatus(conn_) == PQTRANS_INTRANS;
    const auto prepared = cache_.find(sql);
    if (!in_transaction || prepared == cache_.end()) {
        WARDEN_TRY(Exec(sql, params));
        return Ok();
    }
    const Prepared& p = prepared->second;
    Values bound;
    WARDEN_TRY(Bind(p, params, bound));
    if (deferred_ == 0) {
        if (PQenterPipelineMode(conn_) != 1) return ResultError(nullptr, "SQL error");
        if (!pending_begin_.empty()) {
            const std::string begin = std::move(pending_begin_);
            pending_begin_.clear();
            if (PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) !=
                1) {
                (void)Flush();
                return ResultError(nullptr, "SQL error");
            }
            ++deferred_;
        }
    }
    if (PQsendQueryPrepared(conn_, p.name.c_str(), p.params, bound.values.data(), nullptr, nullptr,
                            0) != 1) {
        (void)Flush();
        return ResultError(nullptr, "SQL error");
    }
    ++deferred_;
    return Ok();
}

Result<PGresult*> PgConnection::RunInPipeline(const Prepared* p, const std::string& sql,
                                              const std::vector<const char*>& values) {
    const bool sent = p != nullptr
                          ? PQsendQueryPrepared(conn_, p->name.c_str(), p->params, values.data(),
                                                nullptr, nullptr, 0) == 1
                          : PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                              nullptr, values.data(), nullptr, nullptr, 0) == 1;
    if (!sent) {
        (void)Flush();
        return ResultError(nullptr, "SQL error");
    }
    ++deferred_;
    PGresult* last = nullptr;
    WARDEN_TRY(Flush(nullptr, &last));
    if (last == nullptr) return ResultError(nullptr, "SQL error");
    return last;
}

Status PgConnection::Flush(std::string* last_status, PGresult** last) {
    if (deferred_ == 0 && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Ok();
    const int commands = deferred_;
    deferred_ = 0;
    const bool sent = PQpipelineSync(conn_) == 1;
    // Each command's answer ends with a null; then the sync. A lost connection ends them early:
    // at most one null more than the commands is read.
    ResultPtr first_error;
    ResultPtr kept;
    bool aborted = false;
    bool synced = false;
    int nulls = 0;
    while (sent && nulls <= commands) {
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
            ++nulls;
            continue;
        }
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            synced = true;
            break;
        }
        if (status == PGRES_PIPELINE_ABORTED) {
            aborted = true;
            PQclear(r);
        } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !first_error) {
            first_error.reset(r);
        } else {
            if (last_status != nullptr) *last_status = PQcmdStatus(r);
            // Each command's answers end with a null: `nulls` numbers the command.
            if (last != nullptr && nulls == commands - 1 && kept == nullptr) {
                kept.reset(r);
            } else {
                PQclear(r);
            }
        }
    }
    // A connection left in pipeline mode would refuse every later command: it is not reused.
    if (PQexitPipelineMode(conn_) != 1) broken_ = true;
    const char* state =
        first_error ? PQresultErrorField(first_error.get(), PG_DIAG_SQLSTATE) : nullptr;
    // A plan cached before a schema change: prepare every statement again.
    if (state != nullptr && std::strcmp(state, "0A000") == 0) cache_.clear();
    // Every answer read, up to the sync, and none an error: anything less is a failure.
    if (first_error || !synced || aborted) return ResultError(first_error.release(), "SQL error");
    if (last != nullptr) *last = kept.release();
    return Ok();
}

Status PgConnection::CommitPipeline() {
    read_only_ = false;
    if (PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        (void)Flush();
        return ResultError(nullptr, "SQL error");
    }
    ++deferred_;
    // Committed only when the COMMIT itself answered COMMIT (an aborted transaction's answers
    // ROLLBACK).
    std::string last;
    WARDEN_TRY(Flush(&last));
    if (last != "COMMIT") {
        failed_in_transaction_ = true;
        return Error::Internal("SQL error: the transaction was rolled back after an earlier error");
    }
    return Ok();
}

Result<PGresult*> PgConnection::RunAfterBegin(const Prepared* p, const std::string& sql,
                                              const std::vector<const char*>& values) {
    if (PQenterPipelineMode(conn_) != 1) return ResultError(nullptr, "SQL error");
    const std::string begin = std::move(pending_begin_);
    pending_begin_.clear();
    const bool sent =
        PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
        (p != nullptr ? PQsendQueryPrepared(conn_, p->name.c_str(), p->params, values.data(),
                                            nullptr, nullptr, 0)
                      : PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                          nullptr, values.data(), nullptr, nullptr, 0)) == 1 &&
        PQpipelineSync(conn_) == 1;
    // The results come as BEGIN's, a null, the statement's, a null, then the sync. A lost
    // connection ends them early: at most three nulls are read.
    ResultPtr begun;
    ResultPtr statement;
    int nulls = 0;
    while (sent && nulls < 3) {
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
            ++nulls;
            continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (nulls == 0 && !begun) {
            begun.reset(r);
        } else if (nulls == 1 && !statement) {
            statement.reset(r);
        } else {
            PQclear(r);
        }
    }
    // A connection left in pipeline mode would refuse every later command: it is not reused.
    if (PQexitPipelineMode(conn_) != 1) broken_ = true;
    if (!sent || !begun || PQresultStatus(begun.get()) != PGRES_COMMAND_OK) {
        return ResultError(begun.release(), "SQL error");
    }
    if (!statement) return ResultError(nullptr, "SQL error");
    return statement.release();
}

Status PgConnection::SendBegin() {
    const std::string begin = std::move(pending_begin_);
    pending_begin_.clear();
    PGresult* res = PQexec(conn_, begin.c_str());
    if (res == nullptr || PQresultStatus(res) != PGRES_COMMAND_OK) {
        return ResultError(res, "SQL error");
    }
    PQclear(res);
    return Ok();
}

Status PgConnection::Query(const std::string& sql, const SqlParams& params,
                           const RowHandler& on_row) {
    return EachRow(Run(sql, params), on_row);
}

Status PgConnection::QueryPlannedEachTime(const std::string& sql, const SqlParams& params,
                                          const RowHandler& on_row) {
    return EachRow(Run(sql, params, true), on_row);
}

Result<std::int64_t> PgConnection::Exec(const std::string& sql, const SqlParams& params) {
    WARDEN_ASSIGN_OR_RETURN(PGresult * raw, Run(sql, params));
    ResultPtr res(raw);
    const char* tuples = PQcmdTuples(raw);
    std::int64_t n = 0;
    if (tuples != nullptr) std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
}

Status PgConnection::SendCommit() {
    read_only_ = false;
    if (PQsendQuery(conn_, "COMMIT") != 1) return ResultError(nullptr, "SQL error");
    commit_unread_ = true;
    return Ok();
}

Status PgConnection::ReadCommit() {
    if (!commit_unread_) return Ok();
    commit_unread_ = false;
    Status status = Ok();
    while (PGresult* r = PQgetResult(conn_)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && status.ok()) {
            status = ResultError(r, "SQL error");
        } else {
            PQclear(r);
        }
    }
    return status;
}

Status PgConnection::ExecScript(const std::string& sql) {
    if (!Healthy()) return Error::Unavailable("the PostgreSQL connection was lost");
    if (one_statement_ != OneStatement::kOff) return CheckOneStatement(sql, "a script");
    WARDEN_TRY(ReadCommit());
    // BEGIN waits for the transaction's first statement; a transaction that ran none ends
    // without a round trip.
    // (Held back only outside a transaction: a BEGIN inside one is sent, and the server warns.)
    if (sql.starts_with("BEGIN") && pending_begin_.empty() &&
        PQtransactionStatus(conn_) == PQTRANS_IDLE) {
        pending_begin_ = sql;
        read_only_ = sql.find("READ ONLY") != std::string::npos;
        failed_in_transaction_ = false;
        return Ok();
    }
    if (deferred_ > 0) {
        if (sql == "COMMIT" && !failed_in_transaction_) return CommitPipeline();
        // ROLLBACK follows whatever the pipeline answered; anything else waits for it.
        if (Status flushed = Flush(); !flushed.ok() && sql != "ROLLBACK") return flushed;
    }
    if (!pending_begin_.empty()) {
        if (sql == "COMMIT" || sql == "ROLLBACK") {
            pending_begin_.clear();
            read_only_ = false;
            if (sql == "COMMIT" && failed_in_transaction_) {
                return Error::Internal(
                    "SQL error: the transaction was rolled back after an earlier error");
            }
            return Ok();
        }
        WARDEN_TRY(SendBegin());
    }
    // A read-only transaction's COMMIT cannot fail once every statement succeeded: it is sent,
    // and its answer read before the connection's next use (one round trip less a read).
    if (sql == "COMMIT" && read_only_ && !failed_in_transaction_ &&
        PQtransactionStatus(conn_) == PQTRANS_INTRANS) {
        return SendCommit();
    }
    read_only_ = false;
    PGresult* res = PQexec(conn_, sql.c_str());
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
        return ResultError(res, "SQL error");
    }
    // COMMIT of a transaction that an error aborted answers "ROLLBACK", not an error.
    const bool rolled_back = sql == "COMMIT" && std::strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
    PQclear(res);
    if (rolled_back) {
        return Error::Internal("SQL error: the transaction was rolled back after an earlier error");
    }
    return Ok();
}

Status PgConnection::CopyIn(const std::string& copy_sql, const std::string& data) {
    if (!Healthy()) return Error::Unavailable("the PostgreSQL connection was lost");
    if (one_statement_ != OneStatement::kOff) return CheckOneStatement(copy_sql, "a COPY");
    WARDEN_TRY(ReadCommit());
    WARDEN_TRY(Flush());
    if (!pending_begin_.empty()) WARDEN_TRY(SendBegin());
    PGresult* res = PQexec(conn_, copy_sql.c_str());
    if (res == nullptr || PQresultStatus(res) != PGRES_COPY_IN) {
        return ResultError(res, "COPY error");
    }
    PQclear(res);
    bool sent = true;
    for (size_t at = 0; at < data.size() && sent; at += kCopyChunk) {
        size_t n = std::min(kCopyChunk, data.size() - at);
        sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
    }
    if (PQputCopyEnd(conn_, sent ? nullptr : "sending COPY data failed") != 1) sent = false;
    Status status = Ok();
    while (PGresult* r = PQgetResult(conn_)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            if (status.ok())
                status = ResultError(r, "COPY error");
            else
                PQclear(r);
        } else {
            PQclear(r);
        }
    }
    if (status.ok() && !sent) {
        return Error::Unavailable("COPY error: " + FirstLine(PQerrorMessage(conn_)));
    }
    return status;
}

}  // namespace warden::storage
