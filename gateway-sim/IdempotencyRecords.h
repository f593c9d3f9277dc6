#pragma once
// Stripe's idempotency rules for the simulator: the first request with a key runs and its
// answer is kept; the same key with the same method, path and parameters answers the kept
// response again (header Idempotent-Replayed: true); the same key with anything else is a
// 400 idempotency_error; the same key while the first is still running is a 409. Keys are
// kept for the simulator's lifetime (Stripe keeps them 24 hours). Thread-safe.

#include <map>
#include <mutex>
#include <string>

namespace marquee::gatewaysim {

class IdempotencyRecords
{
public:
    enum class Kind
    {
        Fresh,      // run the request, then finish() or abandon()
        Replay,     // answer `status` and `body` again
        Mismatch,   // the key was used for another request
        InProgress, // the first request with this key has not finished
    };
    struct Lookup
    {
        Kind kind = Kind::Fresh;
        int status = 0;
        std::string body;
    };

    // `fingerprint` identifies the request: method, path and its parameters in a fixed order.
    Lookup begin(const std::string& key, const std::string& fingerprint);
    void finish(const std::string& key, int status, std::string body);
    // Forgets a request whose result is not kept (refused during validation, injected fault).
    void abandon(const std::string& key);
    void reset();

private:
    struct Record
    {
        std::string fingerprint;
        bool done = false;
        int status = 0;
        std::string body;
    };
    std::mutex m_mutex;
    std::map<std::string, Record> m_records;
};

} // namespace marquee::gatewaysim
