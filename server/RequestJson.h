#pragma once
// The first step of every POST: the body as JSON, or an error that says what is wrong with
// it (not JSON, where; nested too deeply). Kept free of HTTP and database code so the
// fuzzer (tests/server/fuzz) can drive it with the wire decoders.

#include "Error.h"

#include <nlohmann/json.hpp>
#include <string>

namespace marquee::server {

inline constexpr int kMaxJsonDepth = 32;

Result<nlohmann::json> parseRequestJson(const std::string& body);

} // namespace marquee::server
