#pragma once
// The small SQL connection interface that the repositories are written against (ADR 0001):
// `$1` placeholders, typed parameters, rows streamed to a callback. SQLite and PostgreSQL
// implement it; where their dialects differ the repository asks which one it has.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace warden::storage {

/// Which SQL dialect a connection speaks.
enum class Dialect { kSqlite, kPostgres };

/// One bound parameter: null, integer, boolean or text.
class SqlParam {
  public:
    /// What the parameter holds.
    enum class Kind { kNull, kInt, kBool, kText };

    /// NULL.
    SqlParam() = default;
    SqlParam(std::nullptr_t) {}                                // NOLINT: implicit by design
    SqlParam(int v) : kind_(Kind::kInt), int_(v) {}            // NOLINT
    SqlParam(std::int64_t v) : kind_(Kind::kInt), int_(v) {}   // NOLINT
    SqlParam(bool v) : kind_(Kind::kBool), int_(v ? 1 : 0) {}  // NOLINT
    SqlParam(std::string v) : kind_(Kind::kText), text_(std::move(v)) {}  // NOLINT
    SqlParam(std::string_view v) : kind_(Kind::kText), text_(v) {}        // NOLINT
    SqlParam(const char* v) : kind_(Kind::kText), text_(v) {}             // NOLINT

    /// What it holds.
    Kind kind() const { return kind_; }
    /// The integer (1 or 0 for a boolean).
    std::int64_t int_value() const { return int_; }
    /// The text.
    const std::string& text() const { return text_; }

  private:
    Kind kind_ = Kind::kNull;
    std::int64_t int_ = 0;
    std::string text_;
};

/// The parameters of one statement: element i binds `$i+1`.
using SqlParams = std::vector<SqlParam>;

/// One result row, valid only inside the callback that receives it.
class SqlRow {
  public:
    virtual ~SqlRow() = default;
    /// True when column `col` (from 0) is NULL.
    virtual bool IsNull(int col) const = 0;
    /// The column as text (empty for NULL); valid until the callback returns.
    virtual std::string_view Text(int col) const = 0;
    /// The column as an integer (0 for NULL or text that is not a number).
    virtual std::int64_t Int(int col) const = 0;
    /// The column as a boolean (SQLite integers, PostgreSQL booleans).
    virtual bool Bool(int col) const = 0;
    /// The column as an owned string.
    std::string String(int col) const { return std::string(Text(col)); }
};

/// The columns of `row` from `first` on, numbered from 0: reads the second table of a join with
/// the first table's reader unchanged.
class OffsetRow final : public SqlRow {
  public:
    OffsetRow(const SqlRow& row, int first) : row_(row), first_(first) {}
    bool IsNull(int col) const override { return row_.IsNull(first_ + col); }
    std::string_view Text(int col) const override { return row_.Text(first_ + col); }
    std::int64_t Int(int col) const override { return row_.Int(first_ + col); }
    bool Bool(int col) const override { return row_.Bool(first_ + col); }

  private:
    const SqlRow& row_;
    int first_;
};

/// Receives each row of a query; an error stops the query and is returned by it.
using RowHandler = std::function<Status(const SqlRow&)>;

/// One database connection, used by one thread at a time. Statements run through Query and Exec
/// are prepared once per connection and reused.
class SqlConnection {
  public:
    virtual ~SqlConnection() = default;
    /// The dialect of this connection.
    virtual Dialect dialect() const = 0;
    /// Runs one statement, calling `on_row` for each row it returns.
    virtual Status Query(const std::string& sql, const SqlParams& params,
                         const RowHandler& on_row) = 0;
    /// Query, planned for its parameters' values every time instead of with a plan cached for
    /// any values: for the few queries whose best plan depends on them (a full-text match on
    /// rare or common terms, a supplier with two proposals or five hundred; ADR 0028). On
    /// PostgreSQL an unnamed statement; elsewhere Query.
    virtual Status QueryPlannedEachTime(const std::string& sql, const SqlParams& params,
                                        const RowHandler& on_row) {
        return Query(sql, params, on_row);
    }
    /// Runs one statement; returns the number of rows it inserted, updated or deleted.
    virtual Result<std::int64_t> Exec(const std::string& sql, const SqlParams& params = {}) = 0;
    /// Runs a write whose result the caller does not read (an audit entry, a timeline event):
    /// inside a transaction, PostgreSQL sends it without waiting, in one pipeline with what
    /// follows, and its error, if any, is the error of the connection's next statement or of the
    /// COMMIT (which then fails: nothing of the transaction is stored). Elsewhere it is Exec.
    virtual Status ExecDeferred(const std::string& sql, const SqlParams& params) {
        WARDEN_TRY(Exec(sql, params));
        return Ok();
    }
    /// Runs a script of statements without parameters (transaction control, migrations).
    virtual Status ExecScript(const std::string& sql) = 0;
    /// Streams `data` (PostgreSQL COPY text format) into `copy_sql` ("COPY t (...) FROM STDIN").
    /// kInternal on SQLite.
    virtual Status CopyIn(const std::string& copy_sql, const std::string& data) = 0;
    /// False once the connection is broken and must not go back to a pool.
    virtual bool Healthy() const = 0;
};

/// "a.x, a.y, ..." for `columns` "x, y, ...": a table's column list in a join.
std::string Qualified(const char* alias, std::string_view columns);

/// How many columns a comma-separated column list names.
int CountColumns(std::string_view columns);

/// A list of texts as one SQLite parameter for `warden_listed(list, value)`, the function every
/// SqliteConnection registers: each item preceded by the unit separator (0x1F), with its control
/// bytes dropped (establishment codes never hold one, so no item can hold a separator). The
/// empty list is the empty text; `[""]` is one separator.
std::string SqliteList(const std::vector<std::string>& items);
/// Whether `value` is one of the items of a SqliteList, exactly.
bool SqliteListHas(std::string_view list, std::string_view value);

/// Runs a query expected to return at most one row; returns whether it did.
Result<bool> QueryOne(SqlConnection& c, const std::string& sql, const SqlParams& params,
                      const std::function<void(const SqlRow&)>& on_row);

}  // namespace warden::storage
