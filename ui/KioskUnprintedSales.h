#pragma once
// Kiosk sales that were paid for but whose tickets did not print: each is an audit-log entry
// ("kiosk.print_failed", the booking id, its reference and why), so staff can find the
// customer's booking at the counter and print it there; "kiosk.print_resolved" closes one.
// `marquee kiosk unprinted` lists the open ones.

#include "LocalStore.h"

#include <string>
#include <vector>

namespace marquee {

struct UnprintedSale
{
    std::string bookingId;
    std::string reference;
    std::string device;
    std::string problem;
    std::int64_t auditSeq = 0;
};

class KioskUnprintedSales
{
public:
    static Result<void> flag(LocalStore& store, const Booking& booking, const std::string& device,
                             const std::string& problem);
    static Result<void> resolve(LocalStore& store, const std::string& bookingId, const std::string& staff);
    // Flagged and not resolved, oldest first.
    static Result<std::vector<UnprintedSale>> open(LocalStore& store);
};

} // namespace marquee
