#pragma once
// The few cryptographic primitives the domain needs, from libsodium: SHA-256 for the
// audit log's hash chain, HMAC-SHA256 for signed payment-gateway callbacks and Argon2id
// for staff PINs.

#include "Error.h"

#include <string>
#include <string_view>

namespace marquee {

std::string sha256Hex(std::string_view data);
// HMAC-SHA256 of `data` under `key` (any length), lower-case hex.
std::string hmacSha256Hex(std::string_view key, std::string_view data);
// Compares two strings in time that depends only on their length (for MACs).
bool equalInConstantTime(std::string_view a, std::string_view b);

// Argon2id (interactive limits) in libsodium's self-describing string form.
Result<std::string> hashPin(std::string_view pin);
bool verifyPin(const std::string& hash, std::string_view pin);

} // namespace marquee
