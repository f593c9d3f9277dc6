#pragma once
// Error values returned across layer boundaries (no exceptions cross them).
// A code is stable and machine-readable; the message is a sentence for people.

#include <expected>
#include <string>
#include <string_view>

namespace marquee {

enum class ErrorCode
{
    InvalidArgument,  // a caller passed something that can never work
    ParseError,       // a file or message could not be read (names the place)
    NotFound,         // the thing asked for does not exist
    Conflict,         // the request collides with the current state (seat taken...)
    Expired,          // a hold or lease ran out of time
    CurrencyMismatch, // money of two currencies was combined
    Overflow,         // an amount does not fit in 64 bits
    Storage,          // the local database failed (disk, corruption, busy for too long)
    Io,               // a file could not be opened or written
    Unauthorized,     // wrong PIN or unknown credentials
    Forbidden,        // signed in, but the role may not do this
    Locked,           // too many wrong PINs: try again later
    Network,          // the server could not be reached or did not answer in time (worth retrying)
    Insecure,         // the server could not be trusted (certificate, host name, pin, plain HTTP)
    Unavailable,      // something this machine must provide is missing (the OS keychain)
};

std::string_view nameOf(ErrorCode code);

struct Error
{
    ErrorCode code;
    std::string message;

    bool operator==(const Error&) const = default;
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

// Passes on the error of a failed step: `if (!r) return errorOf(r);`
template <typename T> std::unexpected<Error> errorOf(const Result<T>& result)
{
    return std::unexpected(result.error());
}

// Chains a step that may fail after one that may have failed (std::expected::and_then
// is C++23 library work that g++ 12 lacks).
template <typename T, typename F> auto andThen(const Result<T>& result, F&& next) -> decltype(next(*result))
{
    if (!result) {
        return std::unexpected(result.error());
    }
    return next(*result);
}

} // namespace marquee

// Returns early with the error of a step that failed: `MQ_TRY(stmt.exec());`
#define MQ_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        if (auto mq_r = (expr); !mq_r) {                                                                               \
            return std::unexpected(mq_r.error());                                                                      \
        }                                                                                                              \
    } while (false)
