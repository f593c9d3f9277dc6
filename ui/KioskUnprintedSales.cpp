#include "KioskUnprintedSales.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace marquee {

namespace {
constexpr const char* kFailed = "kiosk.print_failed";
constexpr const char* kResolved = "kiosk.print_resolved";
} // namespace

Result<void> KioskUnprintedSales::flag(LocalStore& store, const Booking& booking, const std::string& device,
                                       const std::string& problem)
{
    return store.audit(device, kFailed, booking.id,
                       nlohmann::json{{"reference", booking.reference}, {"problem", problem}}.dump());
}

Result<void> KioskUnprintedSales::resolve(LocalStore& store, const std::string& bookingId, const std::string& staff)
{
    return store.audit(staff, kResolved, bookingId, "{}");
}

Result<std::vector<UnprintedSale>> KioskUnprintedSales::open(LocalStore& store)
{
    std::vector<UnprintedSale> open;
    std::int64_t after = 0;
    for (;;) {
        auto page = store.auditLog(after, 1000);
        if (!page) {
            return errorOf(page);
        }
        for (const auto& entry : *page) {
            after = entry.seq;
            if (entry.action == kFailed) {
                UnprintedSale sale;
                sale.bookingId = entry.entity;
                sale.device = entry.device;
                sale.auditSeq = entry.seq;
                auto detail = nlohmann::json::parse(entry.detail, nullptr, false);
                if (detail.is_object()) {
                    sale.reference = detail.value("reference", "");
                    sale.problem = detail.value("problem", "");
                }
                open.push_back(std::move(sale));
            } else if (entry.action == kResolved) {
                std::erase_if(open, [&](const UnprintedSale& s) { return s.bookingId == entry.entity; });
            }
        }
        if (page->size() < 1000) {
            break;
        }
    }
    return open;
}

} // namespace marquee
