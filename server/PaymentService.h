#pragma once
// Card-gateway payment intents and their events. An intent is created before the gateway
// is asked for money; events from the gateway (authorized, captured, voided, refunded,
// failed) are recorded once each, keyed by the gateway's transaction id, because gateways
// repeat callbacks. An event moves the intent's state only along allowed transitions.

#include "Auth.h"
#include "Problem.h"
#include "Transaction.h"
#include "Wire.h"

namespace marquee::server {

class PaymentService
{
public:
    Reply createIntent(Transaction& tx, const Device& device, const wire::PaymentIntentBody& body);
    Reply addEvent(Transaction& tx, const Device& device, const std::string& intentId,
                   const wire::PaymentEventBody& body);

private:
    static nlohmann::json intentJson(pqxx::work& db, const std::string& intentId);
};

} // namespace marquee::server
