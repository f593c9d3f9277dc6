#include "Error.h"

namespace marquee {

std::string_view nameOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid_argument";
    case ErrorCode::ParseError:
        return "parse_error";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::Expired:
        return "expired";
    case ErrorCode::CurrencyMismatch:
        return "currency_mismatch";
    case ErrorCode::Overflow:
        return "overflow";
    case ErrorCode::Storage:
        return "storage";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::Unauthorized:
        return "unauthorized";
    case ErrorCode::Forbidden:
        return "forbidden";
    case ErrorCode::Locked:
        return "locked";
    case ErrorCode::Network:
        return "network";
    case ErrorCode::Insecure:
        return "insecure";
    case ErrorCode::Unavailable:
        return "unavailable";
    }
    return "unknown";
}

} // namespace marquee
