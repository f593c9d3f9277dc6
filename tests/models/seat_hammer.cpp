// A counter in a box, as its own process, for the contention and crash tests.
// Usage: seat_hammer DB SHOW MILLISECONDS SEED
// Prints "ready" once the store is open, and at the end one line:
// "holds=N granted=N confirmed=N released=N refunded=N errors=N".
#include "SeatHammer.h"

#include <cstdlib>

using namespace marquee;

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: seat_hammer DB SHOW MILLISECONDS SEED\n");
        return 2;
    }
    SystemClock clock;
    LocalStore::Options options;
    options.device = "hammer";
    auto store = LocalStore::open(argv[1], clock, options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    if (auto layout = (*store)->layoutForShow(argv[2]); !layout) {
        std::fprintf(stderr, "%s\n", layout.error().message.c_str());
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::atol(argv[3]));
    const auto s = test::hammer(**store, argv[2], deadline, static_cast<unsigned>(std::atol(argv[4])));
    std::printf("holds=%ld granted=%ld confirmed=%ld released=%ld refunded=%ld errors=%ld\n", s.holds, s.granted,
                s.confirmed, s.released, s.refunded, s.errors);
    return s.errors == 0 ? 0 : 1;
}
