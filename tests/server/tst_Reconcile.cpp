// `marquee-server reconcile` against PostgreSQL and a real marquee-gateway-sim process:
// a capture that no booking claims after the grace period is refunded at the gateway
// exactly once (repeated runs, two runs at once, a lost answer, the gateway down), a
// booking paid by gateway card without a capture is flagged until the capture arrives, a
// dry run changes nothing, and a manager reads the flags over the API.
//
// Time passes by moving a row's timestamps back (past the 60 s grace the runs use), not by
// sleeping.

#include "GatewaySimHarness.h"
#include "Migrations.h"
#include "ServerHarness.h"

#include <QTemporaryDir>
#include <QtTest>
#include <future>
#include <pqxx/pqxx>

using namespace marquee::test;
using nlohmann::json;

namespace {
constexpr std::int64_t kSeatPrice = 25000; // an adult seat in rows A-J of show-big

std::string textOf(json object, const char* name)
{
    if (!object.is_object() || !object.contains(name) || !object[name].is_string())
        return {};
    return object[name].get<std::string>();
}
} // namespace

class TestReconcile : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<GatewaySimProcess> m_sim;
    std::unique_ptr<SimClient> m_gateway;
    std::string m_counter, m_kiosk, m_manager;
    int m_nextSeat = 1;

    Client as(const std::string& token) { return m_server->client(token); }

    std::vector<std::string> gatewayArgs() const
    {
        return {"--gateway-url", m_sim->baseUrl(), "--gateway-key", kSimApiKey};
    }

    ToolResult reconcile(std::vector<std::string> extra = {}, bool withGateway = true)
    {
        std::vector<std::string> args = {"reconcile", "--db", m_db->url(), "--grace", "60"};
        if (withGateway) {
            const auto gateway = gatewayArgs();
            args.insert(args.end(), gateway.begin(), gateway.end());
        }
        args.insert(args.end(), extra.begin(), extra.end());
        return runServerTool(args);
    }

    // A payment the gateway really took (automatic capture): its "pi_..." id.
    std::string chargeAtGateway(std::int64_t amount = kSeatPrice)
    {
        auto r =
            m_gateway->postForm("/v1/payment_intents", "amount=" + std::to_string(amount) +
                                                           "&currency=inr&payment_method=pm_card_visa&confirm=true");
        if (r.status != 200 || r.json()["status"] != "succeeded")
            qWarning("the simulator did not charge: %d %s", r.status, r.body.c_str());
        return textOf(r.json(), "id");
    }

    // The server's record of a card payment, as the counter reports it: an intent and, when
    // `captured`, its CAPTURED event naming the gateway's payment.
    std::string recordIntent(const std::string& pi, const std::string& holdId, bool captured,
                             std::int64_t amount = kSeatPrice)
    {
        const std::string intentId = uuid();
        json body = {{"intent_id", intentId}, {"currency", "INR"}, {"amount_minor", amount}};
        if (!holdId.empty())
            body["hold_id"] = holdId;
        auto created = as(m_counter).post("/v1/payment-intents", body, uuid());
        if (created.status != 201)
            qWarning("intent refused: %d %s", created.status, created.body.c_str());
        auto authorized = as(m_counter).post(
            "/v1/payment-intents/" + intentId + "/events",
            {{"gateway_txn_id", pi + ":authorized"}, {"type", "AUTHORIZED"}, {"amount_minor", amount}}, uuid());
        if (authorized.status != 201)
            qWarning("event refused: %d %s", authorized.status, authorized.body.c_str());
        if (captured)
            capture(intentId, pi, amount);
        return intentId;
    }

    void capture(const std::string& intentId, const std::string& pi, std::int64_t amount = kSeatPrice)
    {
        auto r = as(m_counter).post("/v1/payment-intents/" + intentId + "/events",
                                    {{"gateway_txn_id", pi + ":captured"},
                                     {"type", "CAPTURED"},
                                     {"amount_minor", amount},
                                     {"gateway_intent_id", pi}},
                                    uuid());
        if (r.status != 201)
            qWarning("capture refused: %d %s", r.status, r.body.c_str());
    }

    std::string hold()
    {
        const std::string seat = "A" + std::to_string(m_nextSeat++);
        auto r = as(m_counter).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {seat}}}, uuid());
        if (r.status != 201)
            qWarning("hold refused: %d %s", r.status, r.body.c_str());
        return textOf(r.json(), "hold_id") + "|" + seat;
    }

    // Books a held seat paid by gateway card `pi`; returns the booking id.
    std::string book(const std::string& heldSeat, const std::string& pi)
    {
        const auto bar = heldSeat.find('|');
        const std::string holdId = heldSeat.substr(0, bar), seat = heldSeat.substr(bar + 1);
        const std::string bookingId = uuid();
        json body = {
            {"booking_id", bookingId},
            {"hold_id", holdId},
            {"show_id", "show-big"},
            {"seats", {{{"seat", seat}, {"ticket_type", "adult"}, {"price_minor", kSeatPrice}}}},
            {"payments",
             {{{"payment_id", uuid()}, {"method", "CARD_GATEWAY"}, {"amount_minor", kSeatPrice}, {"reference", pi}}}},
            {"sold_at", "2030-01-10T10:00:00Z"},
            {"staff", "alice"}};
        auto r = as(m_counter).post("/v1/bookings", body, uuid());
        if (r.status != 201)
            qWarning("booking refused: %d %s", r.status, r.body.c_str());
        return bookingId;
    }

    static std::string holdOf(const std::string& heldSeat) { return heldSeat.substr(0, heldSeat.find('|')); }

    // Past the 60 s grace the runs use.
    void ageIntent(const std::string& intentId)
    {
        m_db->query("UPDATE payment_intents SET updated_at = now() - interval '2 minutes' WHERE intent_id = '" +
                    intentId + "'");
    }
    void ageBooking(const std::string& bookingId)
    {
        m_db->query("UPDATE bookings SET received_at = now() - interval '2 minutes' WHERE booking_id = '" + bookingId +
                    "'");
    }

    int refundsAtGateway(const std::string& pi)
    {
        int n = 0;
        const json ledger = m_gateway->ledger();
        for (const auto& refund : ledger["refunds"])
            n += refund["payment_intent"] == pi ? 1 : 0;
        return n;
    }
    int totalRefundsAtGateway() { return m_gateway->ledger()["counts"]["refunds"].get<int>(); }

    std::string flagState(const std::string& column, const std::string& id)
    {
        auto rows = m_db->query("SELECT state FROM reconciliation_flags WHERE " + column + " = '" + id + "'");
        return rows.empty() ? std::string("none") : rows[0][0];
    }
    std::string intentState(const std::string& intentId)
    {
        return m_db->scalar("SELECT state FROM payment_intents WHERE intent_id = '" + intentId + "'");
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>("reconcile");
        m_counter = m_db->addDevice("counter-1", "counter");
        m_kiosk = m_db->addDevice("kiosk-1", "kiosk");
        m_manager = m_db->addDevice("manager-1", "manager");
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--reconcile-every", "0"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_sim = std::make_unique<GatewaySimProcess>();
        QVERIFY2(m_sim->start(), m_sim->log().c_str());
        m_gateway = std::make_unique<SimClient>(m_sim->baseUrl());
    }

    void cleanup() { m_gateway->setFaults({{"fail_next", 0}, {"latency_ms", 0}, {"timeout_after_success_next", 0}}); }

    void captureWithoutBookingIsRefundedOnceAndFlagged()
    {
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);

        auto first = reconcile();
        QVERIFY2(first.exitCode == 0, first.err.c_str());
        QVERIFY2(first.out.find("intent=" + intentId) != std::string::npos, first.out.c_str());
        QVERIFY2(first.out.find("refunded re_") != std::string::npos, first.out.c_str());
        QVERIFY2(first.out.find("reconcile: ") != std::string::npos, first.out.c_str());
        QCOMPARE(refundsAtGateway(pi), 1);
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(intentState(intentId), std::string("REFUNDED"));
        // Named as the counter names the same refund, so its report of it counts once.
        QCOMPARE(m_db->scalar("SELECT string_agg(gateway_txn_id, ',') FROM payment_events WHERE intent_id = '" +
                              intentId + "' AND type = 'REFUNDED'"),
                 pi + ":REFUNDED:25000");
        auto reported = as(m_counter).post(
            "/v1/payment-intents/" + intentId + "/events",
            {{"gateway_txn_id", pi + ":REFUNDED:25000"}, {"type", "REFUNDED"}, {"amount_minor", kSeatPrice}}, uuid());
        QCOMPARE(reported.status, 200);
        QCOMPARE(reported.json()["duplicate"].get<bool>(), true);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM audit_log WHERE action = 'reconcile.refund' AND entity = '" +
                              intentId + "'"),
                 std::string("1"));

        // Again, and again: nothing more happens.
        for (int i = 0; i < 2; ++i) {
            auto again = reconcile();
            QVERIFY2(again.exitCode == 0, again.err.c_str());
            QVERIFY2(again.out.find(intentId) == std::string::npos, again.out.c_str());
        }
        QCOMPARE(refundsAtGateway(pi), 1);
        QCOMPARE(m_db->scalar("SELECT attempts FROM reconciliation_flags WHERE intent_id = '" + intentId + "'"),
                 std::string("1"));

        // A manager sees it; kiosks and counters may not look.
        auto flags = as(m_manager).get("/v1/reconciliation/flags?state=refunded");
        QCOMPARE(flags.status, 200);
        const json listed = flags.json();
        bool seen = false;
        for (const auto& flag : listed["flags"]) {
            if (flag["intent_id"] == intentId) {
                seen = true;
                QCOMPARE(flag["kind"].get<std::string>(), std::string("captured_without_booking"));
                QCOMPARE(flag["gateway_intent_id"].get<std::string>(), pi);
                QVERIFY(flag["gateway_refund_id"].get<std::string>().starts_with("re_"));
                QCOMPARE(flag["amount_minor"].get<std::int64_t>(), kSeatPrice);
                QCOMPARE(flag["currency"].get<std::string>(), std::string("INR"));
            }
            QCOMPARE(flag["state"].get<std::string>(), std::string("refunded"));
        }
        QVERIFY2(seen, flags.body.c_str());
        QVERIFY(listed["needing_attention"].is_number_integer());
        QCOMPARE(as(m_kiosk).get("/v1/reconciliation/flags").status, 403);
        QCOMPARE(as(m_counter).get("/v1/reconciliation/flags").status, 403);
        QCOMPARE(as("").get("/v1/reconciliation/flags").status, 401);
        auto badState = as(m_manager).get("/v1/reconciliation/flags?state=lost");
        QCOMPARE(badState.status, 400);
        QCOMPARE(badState.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(as(m_manager).get("/v1/reconciliation/flags?limit=0").status, 400);
        QCOMPARE(as(m_manager).get("/v1/reconciliation/flags?limit=1").json()["flags"].size(), std::size_t(1));
    }

    void bookingArrivingAfterItsRefundIsFlagged()
    {
        // The booking was stuck longer than the grace period: its capture went back.
        const std::string pi = chargeAtGateway();
        const std::string seat = hold();
        const std::string intentId = recordIntent(pi, holdOf(seat), true);
        ageIntent(intentId);
        QCOMPARE(reconcile().exitCode, 0);
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        const std::string bookingId = book(seat, pi);
        ageBooking(bookingId);
        auto run = reconcile();
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QVERIFY2(run.out.find("is REFUNDED, not CAPTURED") != std::string::npos, run.out.c_str());
        QCOMPARE(flagState("booking_id", bookingId), std::string("open"));
        QCOMPARE(refundsAtGateway(pi), 1);
    }

    void captureWithinGraceOrClaimedIsLeftAlone()
    {
        // Captured a moment ago: the booking may still be on its way.
        const std::string recentPi = chargeAtGateway();
        const std::string recent = recordIntent(recentPi, holdOf(hold()), true);
        // Captured long ago, and booked.
        const std::string bookedPi = chargeAtGateway();
        const std::string seat = hold();
        const std::string booked = recordIntent(bookedPi, holdOf(seat), true);
        const std::string bookingId = book(seat, bookedPi);
        ageIntent(booked);
        ageBooking(bookingId);

        auto run = reconcile();
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(refundsAtGateway(recentPi), 0);
        QCOMPARE(refundsAtGateway(bookedPi), 0);
        QCOMPARE(flagState("intent_id", recent), std::string("none"));
        QCOMPARE(flagState("intent_id", booked), std::string("none"));
        QCOMPARE(flagState("booking_id", bookingId), std::string("none"));
        QCOMPARE(intentState(recent), std::string("CAPTURED"));

        // Once the grace has passed, the recent one has had its chance.
        ageIntent(recent);
        QCOMPARE(reconcile().exitCode, 0);
        QCOMPARE(refundsAtGateway(recentPi), 1);
        QCOMPARE(flagState("intent_id", recent), std::string("refunded"));
    }

    void bookingWithoutCaptureIsFlaggedUntilTheCaptureArrives()
    {
        const std::string pi = chargeAtGateway();
        const std::string seat = hold();
        const std::string intentId = recordIntent(pi, holdOf(seat), false);
        const std::string bookingId = book(seat, pi);
        ageBooking(bookingId);

        auto flagged = reconcile();
        QVERIFY2(flagged.exitCode == 0, flagged.err.c_str());
        QVERIFY2(flagged.out.find("booking=" + bookingId) != std::string::npos, flagged.out.c_str());
        QCOMPARE(flagState("booking_id", bookingId), std::string("open"));
        auto open = as(m_manager).get("/v1/reconciliation/flags?state=open");
        QCOMPARE(open.status, 200);
        QCOMPARE(open.json()["flags"][0]["booking_id"].get<std::string>(), bookingId);
        QVERIFY(open.json()["needing_attention"].get<int>() >= 1);

        // A repeat does not flag it twice.
        QCOMPARE(reconcile().exitCode, 0);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM reconciliation_flags WHERE booking_id = '" + bookingId + "'"),
                 std::string("1"));

        capture(intentId, pi);
        auto resolved = reconcile();
        QVERIFY2(resolved.exitCode == 0, resolved.err.c_str());
        QVERIFY2(resolved.out.find("booking=" + bookingId) != std::string::npos, resolved.out.c_str());
        QCOMPARE(flagState("booking_id", bookingId), std::string("resolved"));
        // The capture is the booking's: nothing to refund.
        QCOMPARE(refundsAtGateway(pi), 0);
        QCOMPARE(intentState(intentId), std::string("CAPTURED"));
    }

    void dryRunChangesNothing()
    {
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        const std::string seat = hold();
        recordIntent(chargeAtGateway(), holdOf(seat), false);
        const std::string bookingId = book(seat, "pi_never_captured");
        ageBooking(bookingId);

        const std::string flagsBefore =
            m_db->scalar("SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM reconciliation_flags");
        const std::string marksBefore = m_db->scalar("SELECT string_agg(upto::text, ',') FROM reconciliation_marks");
        const std::string auditBefore = m_db->scalar("SELECT max(seq) FROM audit_log");
        const int refundsBefore = totalRefundsAtGateway();

        auto dry = reconcile({"--dry-run"});
        QVERIFY2(dry.exitCode == 0, dry.err.c_str());
        QVERIFY2(dry.out.find("intent=" + intentId) != std::string::npos, dry.out.c_str());
        QVERIFY2(dry.out.find("would_refund") != std::string::npos, dry.out.c_str());
        QVERIFY2(dry.out.find("booking=" + bookingId) != std::string::npos, dry.out.c_str());
        QVERIFY2(dry.out.find("would_flag") != std::string::npos, dry.out.c_str());
        QVERIFY2(dry.out.find("dry run") != std::string::npos, dry.out.c_str());

        QCOMPARE(totalRefundsAtGateway(), refundsBefore);
        QCOMPARE(m_db->scalar("SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM "
                              "reconciliation_flags"),
                 flagsBefore);
        QCOMPARE(m_db->scalar("SELECT string_agg(upto::text, ',') FROM reconciliation_marks"), marksBefore);
        QCOMPARE(m_db->scalar("SELECT max(seq) FROM audit_log"), auditBefore);
        QCOMPARE(intentState(intentId), std::string("CAPTURED"));

        // The real run does what the dry one said.
        QCOMPARE(reconcile().exitCode, 0);
        QCOMPARE(refundsAtGateway(pi), 1);
        QCOMPARE(flagState("booking_id", bookingId), std::string("open"));
    }

    void gatewayFailingOrDownLeavesRefundPendingForALaterRun()
    {
        // The gateway answers 503 before doing anything.
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        m_gateway->setFaults({{"fail_next", 1}, {"fail_status", 503}});
        auto failing = reconcile();
        QVERIFY2(failing.exitCode == 0, failing.err.c_str());
        QVERIFY2(failing.out.find("refund_pending") != std::string::npos, failing.out.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refund_pending"));
        QCOMPARE(refundsAtGateway(pi), 0);
        QCOMPARE(intentState(intentId), std::string("CAPTURED"));

        // No gateway listening at all (a port nobody listens on: the sim's, after it stopped).
        GatewaySimProcess gone;
        QVERIFY2(gone.start(), gone.log().c_str());
        const std::string goneUrl = gone.baseUrl();
        gone.kill(SIGTERM);
        gone.wait();
        auto down = runServerTool(
            {"reconcile", "--db", m_db->url(), "--grace", "60", "--gateway-url", goneUrl, "--gateway-key", kSimApiKey});
        QVERIFY2(down.exitCode == 0, down.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refund_pending"));
        QVERIFY(std::stoi(m_db->scalar("SELECT attempts FROM reconciliation_flags WHERE intent_id = '" + intentId +
                                       "'")) >= 2);

        // Without any gateway configured, reconcile flags and waits.
        auto none = runServerTool({"reconcile", "--db", m_db->url(), "--grace", "60"});
        QVERIFY2(none.exitCode == 0, none.err.c_str());
        QVERIFY2(none.out.find("no gateway configured") != std::string::npos, none.out.c_str());

        // The gateway is back: the next run refunds, once. The key is read from the environment.
        auto back = runServerTool({"reconcile", "--db", m_db->url(), "--grace", "60"},
                                  {{"MARQUEE_GATEWAY_URL", m_sim->baseUrl()}, {"MARQUEE_GATEWAY_KEY", kSimApiKey}});
        QVERIFY2(back.exitCode == 0, back.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(refundsAtGateway(pi), 1);
        QCOMPARE(intentState(intentId), std::string("REFUNDED"));
    }

    void secondCaptureForOneHoldIsRefunded()
    {
        // The counter retried with a new intent and both captured: the booking names one.
        const std::string seat = hold();
        const std::string firstPi = chargeAtGateway(), secondPi = chargeAtGateway();
        const std::string first = recordIntent(firstPi, holdOf(seat), true);
        const std::string second = recordIntent(secondPi, holdOf(seat), true);
        const std::string bookingId = book(seat, firstPi);
        ageIntent(first);
        ageIntent(second);
        ageBooking(bookingId);
        auto run = reconcile();
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(refundsAtGateway(firstPi), 0);
        QCOMPARE(refundsAtGateway(secondPi), 1);
        QCOMPARE(flagState("intent_id", first), std::string("none"));
        QCOMPARE(flagState("intent_id", second), std::string("refunded"));
        QCOMPARE(flagState("booking_id", bookingId), std::string("none"));
    }

    void chargeAlreadyRefundedAtTheGatewayIsSettled()
    {
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        // Someone refunded it at the gateway by hand; the server never heard.
        QCOMPARE(m_gateway->postForm("/v1/refunds", "payment_intent=" + pi).status, 200);
        auto run = reconcile();
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QVERIFY2(run.out.find("already refunded") != std::string::npos, run.out.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(intentState(intentId), std::string("REFUNDED"));
        QCOMPARE(refundsAtGateway(pi), 1);
    }

    void lostAnswerIsResolvedUnderTheSameKey()
    {
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        // The gateway refunds, and the answer never arrives.
        m_gateway->setFaults({{"timeout_after_success_next", 1}, {"timeout_mode", "drop"}});
        auto lost = reconcile();
        QVERIFY2(lost.exitCode == 0, lost.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refund_pending"));
        QCOMPARE(refundsAtGateway(pi), 1);

        auto again = reconcile();
        QVERIFY2(again.exitCode == 0, again.err.c_str());
        QVERIFY2(again.out.find("replayed") != std::string::npos, again.out.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(refundsAtGateway(pi), 1);
        const auto ledger = m_gateway->ledger();
        int keyed = 0;
        for (const auto& request : ledger["requests"]) {
            if (textOf(request, "path") == "/v1/refunds" &&
                textOf(request, "idempotency_key") == "marquee-reconcile-refund:" + intentId)
                ++keyed;
        }
        QCOMPARE(keyed, 2);
    }

    void twoRunsAtOnceRefundOnce()
    {
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        // A slow gateway keeps the first run busy while the second starts.
        m_gateway->setFaults({{"latency_ms", 2000}});
        auto a = std::async(std::launch::async, [this] { return reconcile(); });
        auto b = std::async(std::launch::async, [this] { return reconcile(); });
        const ToolResult first = a.get(), second = b.get();
        QVERIFY2(first.exitCode == 0, first.err.c_str());
        QVERIFY2(second.exitCode == 0, second.err.c_str());
        const std::string both = first.out + second.out;
        QVERIFY2(both.find("another reconcile is running") != std::string::npos, both.c_str());
        QCOMPARE(refundsAtGateway(pi), 1);
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
    }

    void serveReconcilesPeriodically()
    {
        std::vector<std::string> args = {"--reconcile-every", "1", "--reconcile-grace", "60"};
        const auto gateway = gatewayArgs();
        args.insert(args.end(), gateway.begin(), gateway.end());
        ServerProcess server(m_db->url(), args);
        QVERIFY2(server.start(), server.log().c_str());
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        QTRY_COMPARE_WITH_TIMEOUT(flagState("intent_id", intentId), std::string("refunded"), 15000);
        QCOMPARE(refundsAtGateway(pi), 1);
    }

    void upgradeFillsTheGatewayIdFromEarlierEvents()
    {
        // Schema version 3 adds payment_intents.gateway_intent_id; intents captured before
        // it get it from their events, so reconcile can refund them too.
        TestDatabase old("reconcile_upgrade", false);
        {
            pqxx::connection connection(old.url());
            QCOMPARE(marquee::server::Migrations::apply(connection, 2).value_or(-1), 2);
        }
        old.query("INSERT INTO devices(device_id, name, role, token_sha256) VALUES('d1', 'c', 'counter', 'x')");
        old.query("INSERT INTO payment_intents(intent_id, device_id, currency, amount_minor, state) VALUES"
                  "('i1', 'd1', 'INR', 100, 'CAPTURED'), ('i2', 'd1', 'INR', 100, 'CAPTURED')");
        old.query("INSERT INTO payment_events(gateway_txn_id, intent_id, type, amount_minor) VALUES"
                  "('pi_Ab12:authorized', 'i1', 'AUTHORIZED', 100), ('pi_Ab12:captured', 'i1', 'CAPTURED', 100),"
                  "('pay_77', 'i2', 'CAPTURED', 100)");
        auto migrated = runServerTool({"migrate", "--db", old.url()});
        QVERIFY2(migrated.exitCode == 0, migrated.err.c_str());
        QCOMPARE(old.scalar("SELECT gateway_intent_id FROM payment_intents WHERE intent_id = 'i1'"),
                 std::string("pi_Ab12"));
        QCOMPARE(old.scalar("SELECT coalesce(gateway_intent_id, '-') FROM payment_intents WHERE intent_id = 'i2'"),
                 std::string("-"));
        QCOMPARE(old.scalar("SELECT count(*) FROM reconciliation_marks WHERE upto = '-infinity'"), std::string("2"));
    }

    void badFlagsAndUnreachableDatabaseAreOneClearLine()
    {
        auto check = [](const ToolResult& r, int code, const std::string& words) {
            QVERIFY2(r.exitCode == code, (std::to_string(r.exitCode) + " " + r.err).c_str());
            QVERIFY2(r.err.find(words) != std::string::npos, r.err.c_str());
            QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
            QVERIFY(r.out.empty());
        };
        check(runServerTool({"reconcile", "--db", m_db->url(), "--grace", "soon"}), 2, "--grace");
        check(runServerTool({"reconcile", "--db", m_db->url(), "--refund-everything"}), 2, "--refund-everything");
        check(runServerTool({"reconcile", "--db", m_db->url(), "--gateway-url", m_sim->baseUrl()}), 2, "--gateway-key");
        check(runServerTool(
                  {"reconcile", "--db", m_db->url(), "--gateway-url", "ftp://127.0.0.1:1", "--gateway-key", "k"}),
              1, "https://");
        check(runServerTool({"reconcile", "--db", m_db->url(), "--gateway-url", m_sim->baseUrl(), "--gateway-key",
                             kSimApiKey, "--gateway-ca", "/nonexistent/ca.crt"}),
              1, "CA file");
        check(runServerTool({"reconcile", "--db", "postgresql://marquee@127.0.0.1:1/nothing"}), 1, "database");
        // A wrong secret key stops the run and leaves the refund to a run with the right one.
        const std::string pi = chargeAtGateway();
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);
        auto refused = runServerTool({"reconcile", "--db", m_db->url(), "--grace", "60", "--gateway-url",
                                      m_sim->baseUrl(), "--gateway-key", "sk_test_wrong"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.find("secret key") != std::string::npos, refused.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refund_pending"));
        QCOMPARE(reconcile().exitCode, 0);
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(refundsAtGateway(pi), 1);
    }

    void httpsGatewayIsTrustedOnlyThroughItsCa()
    {
        QTemporaryDir dir;
        const TestCertificate certificate = makeTestCertificate(dir.path().toStdString());
        QVERIFY2(certificate.error.empty(), certificate.error.c_str());
        GatewaySimProcess tls({"--tls-cert", certificate.cert, "--tls-key", certificate.key});
        QVERIFY2(tls.start(), tls.log().c_str());
        const std::string url = "https://127.0.0.1:" + std::to_string(tls.port());
        SimClient gateway(url, kSimApiKey, certificate.ca);
        auto charged = gateway.postForm("/v1/payment_intents",
                                        "amount=25000&currency=inr&payment_method=pm_card_visa&confirm=true");
        QCOMPARE(charged.status, 200);
        const std::string pi = textOf(charged.json(), "id");
        const std::string intentId = recordIntent(pi, holdOf(hold()), true);
        ageIntent(intentId);

        // Another CA (the server's test CA) does not vouch for the gateway: the run stops.
        auto untrusted = runServerTool({"reconcile", "--db", m_db->url(), "--grace", "60", "--gateway-url", url,
                                        "--gateway-key", kSimApiKey, "--gateway-ca", Fixture::load().ca});
        QCOMPARE(untrusted.exitCode, 1);
        QVERIFY2(untrusted.err.find("gateway") != std::string::npos, untrusted.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refund_pending"));
        QCOMPARE(gateway.ledger()["counts"]["refunds"].get<int>(), 0);

        auto trusted = runServerTool({"reconcile", "--db", m_db->url(), "--grace", "60", "--gateway-url", url,
                                      "--gateway-key", kSimApiKey, "--gateway-ca", certificate.ca});
        QVERIFY2(trusted.exitCode == 0, trusted.err.c_str());
        QCOMPARE(flagState("intent_id", intentId), std::string("refunded"));
        QCOMPARE(gateway.ledger()["counts"]["refunds"].get<int>(), 1);
    }
};

QTEST_APPLESS_MAIN(TestReconcile)
#include "tst_Reconcile.moc"
