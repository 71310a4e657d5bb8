#include "core/result.hpp"

namespace warden {

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kInvalidInput:
            return "invalid_input";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kTooLarge:
            return "too_large";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace warden
