#pragma once
// Lets QCOMPARE print the models' enums when a comparison fails.

#include "Error.h"
#include "Outbox.h"
#include "GatewayProtocol.h"
#include "PaymentEventDeduper.h"
#include "Sale.h"
#include "SeatLayout.h"

#include <QtTest>

#define MARQUEE_TEST_PRINTER(Type)                                                                                     \
    template <> inline char* toString(const Type& value)                                                               \
    {                                                                                                                  \
        return qstrdup(std::string(marquee::nameOf(value)).c_str());                                                   \
    }

namespace QTest {
MARQUEE_TEST_PRINTER(marquee::ErrorCode)
MARQUEE_TEST_PRINTER(marquee::SeatKind)
MARQUEE_TEST_PRINTER(marquee::SeatState)
MARQUEE_TEST_PRINTER(marquee::HoldState)
MARQUEE_TEST_PRINTER(marquee::BookingState)
MARQUEE_TEST_PRINTER(marquee::PaymentMethod)
MARQUEE_TEST_PRINTER(marquee::HoldOrigin)
MARQUEE_TEST_PRINTER(marquee::SyncState)
MARQUEE_TEST_PRINTER(marquee::OutboxState)
MARQUEE_TEST_PRINTER(marquee::OutboxKind)
MARQUEE_TEST_PRINTER(marquee::GatewayOutcome)
MARQUEE_TEST_PRINTER(marquee::GatewayIntentStatus)
MARQUEE_TEST_PRINTER(marquee::PaymentStage)
MARQUEE_TEST_PRINTER(marquee::ObservationEffect)
} // namespace QTest

#undef MARQUEE_TEST_PRINTER
