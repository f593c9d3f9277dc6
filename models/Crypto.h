#pragma once
// The few cryptographic primitives the domain needs, from libsodium: SHA-256 for the
// audit log's hash chain and Argon2id for staff PINs.

#include "Error.h"

#include <string>
#include <string_view>

namespace marquee {

std::string sha256Hex(std::string_view data);

// Argon2id (interactive limits) in libsodium's self-describing string form.
Result<std::string> hashPin(std::string_view pin);
bool verifyPin(const std::string& hash, std::string_view pin);

} // namespace marquee
