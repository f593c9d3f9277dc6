#include "Crypto.h"

#include "Uuid.h"

#include <array>
#include <cstdlib>
#include <sodium.h>

namespace marquee {

namespace {
void initialiseSodium()
{
    static const bool ready = [] { return sodium_init() >= 0; }();
    if (!ready) {
        std::abort(); // without a working crypto library no PIN or audit hash can be trusted
    }
}
} // namespace

std::string sha256Hex(std::string_view data)
{
    initialiseSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return toHex(digest.data(), digest.size());
}

std::string hmacSha256Hex(std::string_view key, std::string_view data)
{
    initialiseSodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    return toHex(mac.data(), mac.size());
}

bool equalInConstantTime(std::string_view a, std::string_view b)
{
    initialiseSodium();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> hashPin(std::string_view pin)
{
    initialiseSodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return fail(ErrorCode::Storage, "not enough memory to protect the PIN");
    }
    return std::string(out.data());
}

bool verifyPin(const std::string& hash, std::string_view pin)
{
    initialiseSodium();
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

} // namespace marquee
