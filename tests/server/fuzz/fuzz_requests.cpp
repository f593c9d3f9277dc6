// libFuzzer target: any bytes as a POST body. Parsing and every decoder must either accept
// or refuse with a located error; never crash, hang or throw. What a decoder accepts must
// survive an encode/decode round trip unchanged in shape.

#include "RequestJson.h"
#include "Wire.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

template <typename Body, typename Decode> void roundTrip(const nlohmann::json& document, Decode decode)
{
    auto decoded = decode(document);
    if (!decoded) {
        (void)marquee::wire::fieldOf(decoded.error());
        return;
    }
    const nlohmann::json encoded = marquee::wire::toJson(*decoded);
    (void)encoded.dump();
    auto again = decode(nlohmann::json::parse(encoded.dump()));
    if (!again)
        std::abort(); // we wrote something we refuse to read
    if (marquee::wire::toJson(*again) != encoded)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string body(reinterpret_cast<const char*>(data), size);
    auto document = marquee::server::parseRequestJson(body);
    if (!document)
        return 0;
    roundTrip<marquee::wire::HoldBody>(*document, marquee::wire::decodeHold);
    roundTrip<marquee::wire::AllotmentBody>(*document, marquee::wire::decodeAllotment);
    roundTrip<marquee::wire::BookingBody>(*document, marquee::wire::decodeBooking);
    roundTrip<marquee::wire::RefundBody>(*document, marquee::wire::decodeRefund);
    roundTrip<marquee::wire::PaymentIntentBody>(*document, marquee::wire::decodePaymentIntent);
    roundTrip<marquee::wire::PaymentEventBody>(*document, marquee::wire::decodePaymentEvent);
    return 0;
}
