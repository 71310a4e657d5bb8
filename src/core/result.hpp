#pragma once
// Result<T>: a small std::expected-shaped type (g++ 12 has no std::expected).

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace warden {

/// What went wrong, in terms the edges (HTTP, CLI) map to status and exit codes.
enum class ErrorCode {
    kNotFound,         // 404 (also: outside the caller's caseload)
    kInvalidInput,     // 400
    kConflict,         // 409: a state rule forbids it
    kForbidden,        // 403: the role lacks the action
    kUnauthenticated,  // 401
    kTooLarge,         // 413
    kUnavailable,      // 503
    kInternal,         // 500
};

/// One invalid field of an input, for the GOV.UK error summary and problem+json `errors`.
struct FieldError {
    std::string field;
    std::string message;
};

/// An error with a one-line human message and optional per-field errors.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::vector<FieldError> fields;

    static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m), {}}; }
    static Error Invalid(std::string m, std::vector<FieldError> f = {}) {
        return {ErrorCode::kInvalidInput, std::move(m), std::move(f)};
    }
    static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m), {}}; }
    static Error Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m), {}}; }
    static Error Unauthenticated(std::string m) {
        return {ErrorCode::kUnauthenticated, std::move(m), {}};
    }
    static Error TooLarge(std::string m) { return {ErrorCode::kTooLarge, std::move(m), {}}; }
    static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m), {}}; }
    static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m), {}}; }
};

/// Short name of an error code, for logs and tests.
const char* ErrorCodeName(ErrorCode code);

/// Either a value or an Error.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(v_);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(v_));
    }

  private:
    std::variant<T, Error> v_;
};

/// Success or an Error, with no value.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& {
        assert(failed_);
        return error_;
    }
    Error&& error() && {
        assert(failed_);
        return std::move(error_);
    }

  private:
    Error error_;
    bool failed_ = false;
};

using Status = Result<void>;

/// Success, for functions returning Status.
inline Status Ok() { return {}; }

}  // namespace warden

// Propagates an error from an expression returning Result/Status.
#define WARDEN_TRY(expr)                                          \
    do {                                                          \
        auto&& _warden_r = (expr);                                \
        if (!_warden_r.ok()) return std::move(_warden_r).error(); \
    } while (0)

#define WARDEN_CONCAT_INNER(a, b) a##b
#define WARDEN_CONCAT(a, b) WARDEN_CONCAT_INNER(a, b)
// Declares `lhs` from a Result's value, or returns its error. `lhs` is a declaration (`auto x`),
// so it cannot be parenthesised: hence the NOLINT.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define WARDEN_ASSIGN_OR_RETURN(lhs, expr)                             \
    auto WARDEN_CONCAT(_warden_r_, __LINE__) = (expr);                 \
    if (!WARDEN_CONCAT(_warden_r_, __LINE__).ok())                     \
        return std::move(WARDEN_CONCAT(_warden_r_, __LINE__)).error(); \
    lhs = std::move(WARDEN_CONCAT(_warden_r_, __LINE__)).value()
// NOLINTEND(bugprone-macro-parentheses)
