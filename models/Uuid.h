#pragma once
// Random (version 4) UUIDs from the kernel's CSPRNG. Ids that cross the network are
// made where an operation starts and stored before the first send.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee {

// "3f0c...-..." lower-case, 36 characters.
std::string newUuid();
bool isUuid(std::string_view text);
// n bytes from the kernel's random source (getrandom), for tokens and keys.
void randomBytes(void* out, std::size_t n);
std::string toHex(const void* data, std::size_t n);

} // namespace marquee
