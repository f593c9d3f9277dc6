// Issue 6, end to end: a connected counter's Checkout (real SQLite) against the real
// marquee-server over HTTPS (PostgreSQL fixture), through our FaultProxy, paying at
// marquee-gateway-sim with its fault switches. Every case checks the three books: the
// counter's database, the server's database and the gateway's /_sim/ledger.

#include "CardTerminalProvider.h"
#include "CashProvider.h"
#include "Checkout.h"
#include "E2eHarness.h"
#include "GatewayCardProvider.h"
#include "GatewayClient.h"
#include "GatewaySimHarness.h"
#include "TestPrinters.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

class PaymentsTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<GatewaySimProcess> m_sim;
    std::unique_ptr<SimClient> m_control;
    QTemporaryDir m_dir;
    SystemClock m_clock;
    int m_devices = 0;

    // One counter: its store, a direct line to the server (set-up, draining), a line through
    // the fault proxy (the checkout's), the gateway client and the three providers.
    struct Counter
    {
        std::string device;
        std::string token;
        std::string path;
        std::unique_ptr<LocalStore> store;
        std::unique_ptr<ServerApi> direct;
        std::unique_ptr<ServerApi> proxied;
        std::unique_ptr<GatewayClient> gateway;
        std::unique_ptr<CashProvider> cash;
        std::unique_ptr<CardTerminalProvider> terminal;
        std::unique_ptr<GatewayCardProvider> card;

        Checkout checkout(Checkout::Options options = fastOptions())
        {
            return Checkout(*store, {cash.get(), terminal.get(), card.get()}, proxied.get(), options);
        }
    };

    static Checkout::Options fastOptions()
    {
        Checkout::Options options;
        options.retryDelay = 50ms;
        options.maxRetryDelay = 300ms;
        options.serverHoldGrace = 1s;
        return options;
    }

    Counter counter(const std::string& existingDevice = {}, const std::string& existingToken = {})
    {
        Counter c;
        c.device = existingDevice.empty() ? "pay-" + std::to_string(++m_devices) : existingDevice;
        c.token = existingToken.empty() ? m_db->addDevice(c.device, "counter") : existingToken;
        c.path = m_dir.filePath(QString::fromStdString(c.device + ".sqlite")).toStdString();
        auto store = openCounterStore(c.path, c.device, m_clock);
        if (!store)
            qFatal("store: %s", store.error().message.c_str());
        c.store = std::move(*store);
        c.direct = std::move(*connectApi(m_server->port(), m_fixture.ca, c.token));
        c.proxied = std::move(*connectApi(m_proxy->port(), m_fixture.ca, c.token, 2s));
        GatewayConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.secretKey = kSimApiKey;
        config.allowInsecureHttp = true;
        config.totalTimeout = 2s;
        c.gateway = std::move(*GatewayClient::create(config));
        c.cash = std::make_unique<CashProvider>();
        c.terminal = std::make_unique<CardTerminalProvider>();
        c.card = std::make_unique<GatewayCardProvider>(*c.gateway);
        return c;
    }

    static Hold holdOnline(Counter& c, const std::vector<std::string>& seats, Duration ttl = 60s)
    {
        CounterSync::Options options;
        options.holdTtl = ttl;
        options.mirrorMargin = 0s;
        CounterSync sync(*c.store, *c.direct, options);
        auto held = sync.hold("show-big", seats, "asha");
        if (!held || !held->granted())
            qFatal("hold refused: %s", held ? "seats taken" : held.error().message.c_str());
        return *held->hold;
    }

    static CheckoutRequest request(Counter& c, const Hold& hold, std::vector<Tender> tenders)
    {
        auto sale = adultCashSale(*c.store, hold);
        if (!sale)
            qFatal("sale: %s", sale.error().message.c_str());
        sale->payments.clear();
        return CheckoutRequest{hold.id, *sale, std::move(tenders)};
    }

    static Money inr(std::int64_t minor) { return Money(minor, *Currency::fromCode("INR")); }

    // Delivers the counter's outbox (payment intents and events included) straight to the server.
    void drain(Counter& c)
    {
        OutboxWorker::Options options;
        options.databasePath = c.path;
        options.device = c.device;
        options.baseDelay = 20ms;
        options.maxDelay = 200ms;
        options.seed = 11;
        const int port = m_server->port();
        const std::string ca = m_fixture.ca;
        const std::string token = c.token;
        options.connect = [port, ca, token] { return connectApi(port, ca, token); };
        OutboxWorker worker(options, m_clock);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000) {
            QVERIFY(worker.runOnce());
            if (worker.status().pending == 0)
                break;
            std::this_thread::sleep_for(20ms);
        }
        auto counts = c.store->outbox().counts();
        QCOMPARE(counts->pending, 0);
        QCOMPARE(counts->failed, 0);
        QCOMPARE(counts->conflicts, 0);
    }

    static std::string local(Counter& c, const std::string& sql)
    {
        auto stmt = c.store->database().prepare(sql);
        if (!stmt)
            qFatal("%s: %s", sql.c_str(), stmt.error().message.c_str());
        auto row = stmt->step();
        return row && *row && !stmt->isNull(0) ? stmt->text(0) : std::string();
    }

    std::string server(const std::string& sql) { return m_db->scalar(sql); }
    static std::string quoted(const std::string& text) { return "'" + text + "'"; }

    json ledger() { return m_control->ledger(); }

    // How many POST /v1/bookings the proxy has passed on (or dropped) so far.
    std::atomic<int> m_bookingPosts{0};
    void planBookingFaults(std::function<Fault(int)> forNth)
    {
        m_bookingPosts = 0;
        m_proxy->setPlan([this, forNth](const FaultProxy::RequestInfo& info) {
            if (info.method == "POST" && info.path == "/v1/bookings")
                return forNth(m_bookingPosts++);
            return Fault::Pass;
        });
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run (ctest -R e2e.Payments starts it)");
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<TestDatabase>("e2e_payments");
        m_server = std::make_unique<ServerProcess>(
            m_db->url(), std::vector<std::string>{"--device-rate", "0", "--sweep-interval-ms", "100"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_proxy = std::make_unique<FaultProxy>(
            FaultProxyOptions{m_server->port(), m_fixture.cert, m_fixture.key, m_fixture.ca, 300ms});
        QVERIFY(m_proxy->start());
        m_sim = std::make_unique<GatewaySimProcess>();
        QVERIFY2(m_sim->start(), m_sim->log().c_str());
        m_control = std::make_unique<SimClient>(m_sim->baseUrl());
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
        m_sim.reset();
    }

    void init()
    {
        m_proxy->setFault(Fault::Pass);
        m_control->reset();
    }

    void paymentSucceedsButConfirmationFails()
    {
        Counter c = counter();

        // The server committed the booking but its answer was lost: the checkout sends the
        // same row with the same key again and gets the booking back.
        Hold first = holdOnline(c, {"A1", "A2"});
        planBookingFaults([](int n) { return n == 0 ? Fault::DropAfterCommit : Fault::Pass; });
        Checkout checkout = c.checkout();
        const CheckoutOutcome ok = checkout.run(request(c, first, {Tender::gateway(inr(50000), "pm_card_visa")}));
        QVERIFY2(ok.completed(), ok.message.c_str());
        QVERIFY(m_bookingPosts >= 2);
        const std::string okKey = local(
            c, "SELECT idempotency_key FROM outbox WHERE kind = 'BOOKING' AND aggregate = " + quoted(ok.bookingId));
        QCOMPARE(server("SELECT count(*) FROM idempotency_keys WHERE key = " + quoted(okKey)), std::string("1"));
        QCOMPARE(server("SELECT count(*) FROM bookings WHERE booking_id = " + quoted(ok.bookingId)), std::string("1"));
        QCOMPARE(local(c, "SELECT sync_state FROM bookings WHERE booking_id = " + quoted(ok.bookingId)),
                 std::string("CONFIRMED"));
        QCOMPARE(ok.tenders.front().stage, TenderStage::Captured);

        // The server's hold ended (released behind the counter's back, as an expiry would) and
        // the first attempt never reached the server: the retry with the same key is refused,
        // the authorization is voided and the cashier is told.
        Hold second = holdOnline(c, {"A3", "A4"});
        QVERIFY(c.direct->release(second.id));
        planBookingFaults([](int n) { return n == 0 ? Fault::DropBeforeServer : Fault::Pass; });
        const CheckoutOutcome failed =
            checkout.run(request(c, second, {Tender::gateway(inr(50000), "pm_card_mastercard")}));
        QCOMPARE(failed.result, CheckoutResult::SeatsNotConfirmed);
        QCOMPARE(failed.message, std::string(kRefundInitiatedMessage));
        QVERIFY(m_bookingPosts >= 2);
        QCOMPARE(failed.tenders.front().stage, TenderStage::Voided);
        // Counter: the booking it confirmed locally is refunded, its seats free, the conflict
        // settled with a note, and the same key was used for every attempt.
        QCOMPARE(local(c, "SELECT state FROM bookings WHERE booking_id = " + quoted(failed.bookingId)),
                 std::string("REFUNDED"));
        QCOMPARE(local(c, "SELECT count(*) FROM claims WHERE booking_id = " + quoted(failed.bookingId)),
                 std::string("0"));
        QCOMPARE(
            local(c, "SELECT count(*) FROM outbox WHERE kind = 'BOOKING' AND aggregate = " + quoted(failed.bookingId)),
            std::string("1"));
        QVERIFY(
            local(c, "SELECT last_error FROM outbox WHERE kind = 'BOOKING' AND aggregate = " + quoted(failed.bookingId))
                .starts_with("resolved: "));
        QCOMPARE(local(c, "SELECT state FROM checkouts WHERE booking_id = " + quoted(failed.bookingId)),
                 std::string("UNWOUND"));
        drain(c);
        // Server: one booking, the second never; intents as the gateway has them.
        QCOMPARE(server("SELECT count(*) FROM bookings WHERE booking_id = " + quoted(failed.bookingId)),
                 std::string("0"));
        QCOMPARE(server("SELECT state FROM payment_intents WHERE intent_id = " + quoted(ok.tenders[0].paymentId)),
                 std::string("CAPTURED"));
        QCOMPARE(server("SELECT state FROM payment_intents WHERE intent_id = " + quoted(failed.tenders[0].paymentId)),
                 std::string("VOIDED"));
        // Gateway: two authorizations, one captured, one cancelled; only the first sale's money kept.
        const json l = ledger();
        QCOMPARE(l["counts"]["authorizations"], 2);
        QCOMPARE(l["counts"]["captures"], 1);
        QCOMPARE(l["counts"]["cancels"], 1);
        QCOMPARE(l["totals"]["inr"]["net"], 50000);
        QCOMPARE(l["totals"]["inr"]["authorized_open"], 0);
    }

    void callbackDelayedOrDuplicated()
    {
        Counter c = counter();
        WebhookReceiver receiver;
        m_control->setWebhookUrl(receiver.url());
        // Every event three times; the first (the authorization) late, after the capture's.
        m_control->setFaults({{"webhook_duplicates", 2}, {"webhook_delay_ms", 700}, {"webhook_delay_next", 1}});
        Hold hold = holdOnline(c, {"B1", "B2"});
        Checkout checkout = c.checkout();
        const CheckoutOutcome paid = checkout.run(request(c, hold, {Tender::gateway(inr(50000), "pm_card_visa")}));
        QVERIFY2(paid.completed(), paid.message.c_str());
        QVERIFY(receiver.waitFor(6, 10s));
        const auto received = receiver.received();
        QCOMPARE(received.back().json()["type"], "payment_intent.amount_capturable_updated");
        // The counter's own answers came first; every callback, late or repeated, is a duplicate.
        int fresh = 0;
        for (const auto& hook : received) {
            auto observed = checkout.observeCallback(hook.body, hook.signature, kSimWebhookSecret);
            QVERIFY2(observed, observed ? "" : observed.error().message.c_str());
            fresh += *observed ? 1 : 0;
        }
        QCOMPARE(fresh, 0);
        const std::string payment = paid.tenders.front().paymentId;
        QCOMPARE(local(c, "SELECT count(*) FROM payment_events WHERE payment_id = " + quoted(payment)),
                 std::string("2"));

        // The capture's answer is lost and the app gives up for now: the gateway's callback
        // is the first news of the capture and counts once; finishing the checkout later
        // replays the capture (same key) and adds nothing.
        Hold other = holdOnline(c, {"B3"});
        receiver.clear();
        m_control->setFaults({{"webhook_duplicates", 1}, {"webhook_delay_ms", 0}, {"webhook_delay_next", 0}});
        Checkout::Options once = fastOptions();
        once.paymentAttempts = 1;
        Checkout early = c.checkout(once);
        early.onProgress([&](CheckoutStage stage, const std::string&) {
            if (stage == CheckoutStage::Capturing)
                m_control->setFaults({{"timeout_after_success_next", 1}});
            return true;
        });
        const CheckoutOutcome cut = early.run(request(c, other, {Tender::gateway(inr(25000), "pm_card_visa")}));
        QCOMPARE(cut.result, CheckoutResult::Interrupted);
        QVERIFY(receiver.waitFor(4, 10s));
        int news = 0;
        for (const auto& hook : receiver.received()) {
            auto observed = early.observeCallback(hook.body, hook.signature, kSimWebhookSecret);
            QVERIFY2(observed, observed ? "" : observed.error().message.c_str());
            news += *observed ? 1 : 0;
        }
        QCOMPARE(news, 1);
        const std::string secondPayment = cut.tenders.front().paymentId;
        QCOMPARE(local(c, "SELECT source FROM payment_events WHERE type = 'CAPTURED' AND payment_id = " +
                              quoted(secondPayment)),
                 std::string("CALLBACK"));
        const CheckoutOutcome finished = early.resume(cut.bookingId);
        QVERIFY2(finished.completed(), finished.message.c_str());
        QCOMPARE(local(c, "SELECT count(*) FROM payment_events WHERE payment_id = " + quoted(secondPayment)),
                 std::string("2"));

        drain(c);
        // Server: one state per payment, each transition once; the same transaction id sent
        // again (another relay, a new key) is a duplicate and changes nothing.
        for (const auto& id : {payment, secondPayment}) {
            QCOMPARE(server("SELECT state FROM payment_intents WHERE intent_id = " + quoted(id)),
                     std::string("CAPTURED"));
            QCOMPARE(server("SELECT count(*) FROM payment_events WHERE intent_id = " + quoted(id)), std::string("2"));
        }
        const std::string txn = paid.tenders.front().reference + ":AUTHORIZED";
        auto again = m_server->client(c.token).post(
            "/v1/payment-intents/" + payment + "/events",
            {{"gateway_txn_id", txn}, {"type", "AUTHORIZED"}, {"amount_minor", 50000}}, newUuid());
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json()["duplicate"], true);
        QCOMPARE(again.json()["intent"]["state"], "CAPTURED");
        // Gateway: two payments, two captures, and each event delivered more than once.
        const json l = ledger();
        QCOMPARE(l["counts"]["captures"], 2);
        QCOMPARE(l["totals"]["inr"]["captured"], 75000);
        QVERIFY(l["webhooks"]["deliveries"].size() >= 8);
        m_control->setWebhookUrl("");
    }

    void userRetriesCheckout()
    {
        Counter c = counter();
        std::vector<std::string> bookings;
        {
            Checkout checkout = c.checkout();
            // Double click: the same sale twice.
            Hold hold = holdOnline(c, {"C1", "C2"});
            const CheckoutRequest twice = request(c, hold, {Tender::gateway(inr(50000), "pm_card_visa")});
            const CheckoutOutcome one = checkout.run(twice);
            const CheckoutOutcome two = checkout.run(twice);
            QVERIFY2(one.completed(), one.message.c_str());
            QVERIFY(two.completed());
            QVERIFY(two.replayed);
            QCOMPARE(two.booking->id, one.booking->id);
            bookings.push_back(one.bookingId);

            // Lost answers everywhere: the gateway's create and confirm, then the server's.
            Hold lossy = holdOnline(c, {"C3", "C4"});
            m_control->setFaults({{"timeout_after_success_next", 2}});
            planBookingFaults([](int n) { return n < 2 ? Fault::ResetAfterCommit : Fault::Pass; });
            const CheckoutOutcome retried =
                checkout.run(request(c, lossy, {Tender::gateway(inr(50000), "pm_card_mastercard")}));
            QVERIFY2(retried.completed(), retried.message.c_str());
            bookings.push_back(retried.bookingId);
            m_proxy->setFault(Fault::Pass);

            // The app closes half-way, twice: after the authorization, and after the server's yes.
            for (auto stopAt : {CheckoutStage::Confirming, CheckoutStage::Capturing}) {
                Hold held = holdOnline(c, {stopAt == CheckoutStage::Confirming ? "C5" : "C6"});
                Checkout closing = c.checkout();
                closing.onProgress([stopAt](CheckoutStage stage, const std::string&) { return stage != stopAt; });
                const CheckoutOutcome cut =
                    closing.run(request(c, held, {Tender::gateway(inr(25000), "pm_card_visa")}));
                QCOMPARE(cut.result, CheckoutResult::Interrupted);
                bookings.push_back(cut.bookingId);
            }
        }
        // Restart: a new connection, new clients; the capture's first answer is lost as well.
        c.store.reset();
        Counter restarted = counter(c.device, c.token);
        m_control->setFaults({{"timeout_after_success_next", 1}});
        Checkout checkout = restarted.checkout();
        const auto resumed = checkout.resume();
        QCOMPARE(resumed.size(), std::size_t(2));
        for (const auto& outcome : resumed)
            QVERIFY2(outcome.completed(), outcome.message.c_str());
        QVERIFY(checkout.resume().empty());
        drain(restarted);

        // One intent, one charge, one booking per sale, on all three books.
        QCOMPARE(local(restarted, "SELECT count(*) FROM checkouts WHERE state = 'COMPLETED'"), std::string("4"));
        QCOMPARE(local(restarted, "SELECT count(*) FROM bookings WHERE sync_state = 'CONFIRMED'"), std::string("4"));
        QCOMPARE(local(restarted, "SELECT count(*) FROM checkout_tenders WHERE stage = 'CAPTURED'"), std::string("4"));
        const std::string device = "(SELECT device_id FROM devices WHERE name = " + quoted(c.device) + ")";
        QCOMPARE(server("SELECT count(*) FROM bookings WHERE device_id = " + device), std::string("4"));
        QCOMPARE(server("SELECT count(*) FROM payment_intents WHERE device_id = " + device), std::string("4"));
        QCOMPARE(server("SELECT count(*) FROM payment_intents WHERE state = 'CAPTURED' AND device_id = " + device),
                 std::string("4"));
        for (const auto& id : bookings)
            QCOMPARE(server("SELECT count(*) FROM bookings WHERE booking_id = " + quoted(id)), std::string("1"));
        const json l = ledger();
        QCOMPARE(l["counts"]["intents"], 4);
        QCOMPARE(l["counts"]["authorizations"], 4);
        QCOMPARE(l["counts"]["captures"], 4);
        QCOMPARE(l["totals"]["inr"]["captured"], 150000);
    }

    void holdExpiresMidPayment()
    {
        Counter c = counter();
        Counter rival = counter();
        // A short hold: the card takes longer than the seats are kept.
        Hold hold = holdOnline(c, {"D1", "D2"}, 2s);
        Checkout checkout = c.checkout();
        checkout.onProgress([&](CheckoutStage stage, const std::string& text) {
            if (stage == CheckoutStage::Authorizing && text.find("card_gateway") != std::string::npos) {
                while (c.store->findHold(hold.id)->expiresAt > m_clock.now())
                    std::this_thread::sleep_for(50ms);
            }
            return true;
        });
        const CheckoutOutcome outcome = checkout.run(
            request(c, hold, {Tender::cash(inr(20000), inr(20000)), Tender::gateway(inr(30000), "pm_card_visa")}));
        QCOMPARE(outcome.result, CheckoutResult::SeatsNotConfirmed);
        QCOMPARE(outcome.message, std::string(kRefundInitiatedMessage));
        QCOMPARE(outcome.tenders[0].stage, TenderStage::HandedBack);
        QCOMPARE(outcome.tenders[1].stage, TenderStage::Voided);
        // Counter: no booking, the cash handed back on record, the seats free.
        QCOMPARE(local(c, "SELECT count(*) FROM bookings"), std::string("0"));
        QCOMPARE(local(c, "SELECT count(*) FROM audit_log WHERE action = 'cash.handed_back' AND entity = " +
                              quoted(outcome.bookingId)),
                 std::string("1"));
        QCOMPARE(local(c, "SELECT count(*) FROM claims WHERE hold_id = " + quoted(hold.id)), std::string("0"));

        // The seats go to the next customer once the server's hold has run out too; never twice.
        QElapsedTimer timer;
        timer.start();
        std::optional<Hold> next;
        while (!next && timer.elapsed() < 10000) {
            CounterSync sync(*rival.store, *rival.direct);
            auto held = sync.hold("show-big", {"D1", "D2"}, "ravi");
            if (held && held->granted())
                next = *held->hold;
            else
                std::this_thread::sleep_for(100ms);
        }
        QVERIFY(next);
        Checkout rivalCheckout = rival.checkout();
        const CheckoutOutcome sold = rivalCheckout.run(request(rival, *next, {Tender::cash(inr(50000), inr(50000))}));
        QVERIFY2(sold.completed(), sold.message.c_str());
        drain(c);
        drain(rival);
        // Server: the seats booked once, by the rival; the first counter's card voided.
        QCOMPARE(server("SELECT count(*) FROM ticket_lines t JOIN bookings b USING (booking_id) WHERE b.show_id = "
                        "'show-big' AND t.seat_id IN ('D1', 'D2') AND t.state = 'BOOKED'"),
                 std::string("2"));
        QCOMPARE(server("SELECT count(*) FROM bookings WHERE booking_id = " + quoted(outcome.bookingId)),
                 std::string("0"));
        QCOMPARE(server("SELECT state FROM payment_intents WHERE intent_id = " + quoted(outcome.tenders[1].paymentId)),
                 std::string("VOIDED"));
        // Gateway: the authorization released, nothing captured.
        const json l = ledger();
        QCOMPARE(l["counts"]["authorizations"], 1);
        QCOMPARE(l["counts"]["cancels"], 1);
        QCOMPARE(l["counts"]["captures"], 0);
        QCOMPARE(l["totals"]["inr"]["authorized_open"], 0);
    }

    void doubleRelease()
    {
        Counter c = counter();
        // The customer's card is declined and the customer walks away: the seats are held
        // until the cashier cancels or the hold runs out, whichever comes first.
        m_control->setFaults({{"decline_next", 1}, {"decline_code", "insufficient_funds"}});
        Hold hold = holdOnline(c, {"E1", "E2"}, 2s);
        Checkout checkout = c.checkout();
        const CheckoutOutcome declined = checkout.run(request(c, hold, {Tender::gateway(inr(50000), "pm_card_visa")}));
        QCOMPARE(declined.result, CheckoutResult::Declined);
        QCOMPARE(declined.tenders.front().stage, TenderStage::Failed);
        QCOMPARE(local(c, "SELECT state FROM holds WHERE hold_id = " + quoted(hold.id)), std::string("HELD"));

        // Past both expiries: the cashier's cancel (local and server) and both sweepers at once.
        while (m_clock.now() < hold.expiresAt + 2s)
            std::this_thread::sleep_for(50ms);
        auto sweeperStore = openCounterStore(c.path, c.device, m_clock);
        QVERIFY(sweeperStore);
        std::atomic<bool> go{false};
        Result<bool> cancelled = false;
        Result<int> swept = 0;
        std::thread cashier([&] {
            while (!go)
                std::this_thread::yield();
            CounterSync sync(*c.store, *c.direct);
            cancelled = sync.release(hold.id);
        });
        std::thread sweeper([&] {
            while (!go)
                std::this_thread::yield();
            swept = (*sweeperStore)->sweepExpired();
        });
        go = true;
        cashier.join();
        sweeper.join();
        QVERIFY(cancelled);
        QVERIFY(swept);
        // Counter: released exactly once, whoever won.
        QCOMPARE((*cancelled ? 1 : 0) + *swept, 1);
        QCOMPARE(local(c, "SELECT state FROM holds WHERE hold_id = " + quoted(hold.id)), std::string("RELEASED"));
        QCOMPARE(local(c, "SELECT count(*) FROM audit_log WHERE action = 'release' AND entity = " + quoted(hold.id)),
                 std::string("1"));
        QCOMPARE(local(c, "SELECT count(*) FROM claims WHERE hold_id = " + quoted(hold.id)), std::string("0"));
        // And again, both ways: nothing changes.
        QCOMPARE(*c.store->release(hold.id), false);
        QCOMPARE(*c.store->sweepExpired(), 0);
        QVERIFY(c.direct->release(hold.id));
        // Server: one end for the hold (cancel or sweep), the seats free.
        QTRY_COMPARE_WITH_TIMEOUT(server("SELECT state FROM holds WHERE hold_id = " + quoted(hold.id)),
                                  std::string("RELEASED"), 5000);
        QCOMPARE(server("SELECT count(*) FROM audit_log WHERE action IN ('hold.release', 'hold.expire') AND entity = " +
                        quoted(hold.id)),
                 std::string("1"));
        QCOMPARE(server("SELECT count(*) FROM claims WHERE owner_id = " + quoted(hold.id)), std::string("0"));
        drain(c);
        QCOMPARE(server("SELECT state FROM payment_intents WHERE intent_id = " + quoted(declined.tenders[0].paymentId)),
                 std::string("FAILED"));
        // Gateway: the decline, no money held or taken.
        const json l = ledger();
        QCOMPARE(l["counts"]["declines"], 1);
        QCOMPARE(l["counts"]["authorizations"], 0);
        QCOMPARE(l["counts"]["captures"], 0);
    }

    void partialRefundsGoBackThroughTheGateway()
    {
        // A card sale of two seats, then one seat refunded, the refund repeated (a retry), then
        // the other seat: each refund reaches the gateway once, the server hears of both, and
        // the gateway, the server and the counter agree on what went back.
        Counter c = counter();
        Hold hold = holdOnline(c, {"R1", "R2"});
        CheckoutRequest req = request(c, hold, {});
        Money total = Money::zero(req.sale.lines.front().price.currency());
        for (const auto& line : req.sale.lines)
            total = *total.plus(line.price);
        req.tenders = {Tender::gateway(total, "pm_card_visa")};
        Checkout checkout = c.checkout();
        const CheckoutOutcome paid = checkout.run(req);
        QVERIFY2(paid.completed(), paid.message.c_str());
        const std::string intent = paid.tenders.at(0).reference;

        const RefundRequest first{newUuid(), paid.bookingId, {"R1"}, "customer left early", "asha"};
        RefundOutcome one = checkout.refundBooking(first);
        QVERIFY2(one.completed(), one.message.c_str());
        QCOMPARE(one.refund->parts.size(), std::size_t(1));
        QCOMPARE(one.refund->parts[0].method, PaymentMethod::CardGateway);
        const std::int64_t firstAmount = one.refund->parts[0].amount.minor();
        QVERIFY(firstAmount > 0 && firstAmount < total.minor());
        // The same refund again: nothing new anywhere.
        RefundOutcome again = checkout.refundBooking(first);
        QVERIFY2(again.completed(), again.message.c_str());
        QCOMPARE(again.refund->id, first.refundId);
        QCOMPARE(ledger()["counts"]["refunds"], 1);

        // The gateway down for the second refund: recorded locally, the card part waits; the
        // same request later finishes it.
        m_control->setFaults({{"fail_next", 20}});
        const RefundRequest second{newUuid(), paid.bookingId, {}, "show cancelled", "asha"};
        RefundOutcome waiting = checkout.refundBooking(second);
        QVERIFY(waiting.refund);
        QCOMPARE(waiting.pendingAtGateway.size(), std::size_t(1));
        QVERIFY(!waiting.message.empty());
        m_control->setFaults({{"fail_next", 0}});
        RefundOutcome finished = checkout.refundBooking(second);
        QVERIFY2(finished.completed(), finished.message.c_str());

        const json l = ledger();
        QCOMPARE(l["counts"]["refunds"], 2);
        QCOMPARE(l["totals"]["inr"]["refunded"], total.minor());
        QCOMPARE(local(c, "SELECT count(*) FROM payment_events WHERE type = 'REFUNDED' AND gateway_txn_id LIKE '" +
                              intent + ":REFUNDED:%'"),
                 std::string("2"));
        // Named by what the payment had back after each refund: the first seat, then all.
        for (const std::int64_t soFar : {firstAmount, total.minor()})
            QCOMPARE(local(c, "SELECT count(*) FROM payment_events WHERE gateway_txn_id = '" + intent +
                                  ":REFUNDED:" + std::to_string(soFar) + "'"),
                     std::string("1"));
        drain(c);
        QCOMPARE(serverLedger(*m_db, c.device), localLedger(*c.store));
        QCOMPARE(server("SELECT count(*) FROM payment_events WHERE type = 'REFUNDED' AND intent_id = " +
                        quoted(paid.tenders[0].paymentId)),
                 std::string("2"));
    }

    void staleSeatMap()
    {
        Counter a = counter();
        Counter b = counter();
        // Counter A's map, taken now: F1 is free.
        auto map = a.direct->seats("show-big", std::nullopt);
        QVERIFY(map);
        const auto stateOf = [](const SeatDelta& delta, const std::string& seat) {
            std::string state = "AVAILABLE";
            for (const auto& [id, s] : delta.seats) {
                if (id == seat)
                    state = s;
            }
            return state;
        };
        QCOMPARE(stateOf(*map, "F1"), std::string("AVAILABLE"));
        // Counter B sells F1 meanwhile.
        Hold taken = holdOnline(b, {"F1", "F2"});
        Checkout sellB = b.checkout();
        const CheckoutOutcome sold = sellB.run(request(b, taken, {Tender::gateway(inr(50000), "pm_card_visa")}));
        QVERIFY2(sold.completed(), sold.message.c_str());

        // A asks for F1 (and F3) from its stale map: refused as a whole, naming F1.
        CounterSync sync(*a.store, *a.direct);
        auto refused = sync.hold("show-big", {"F1", "F3"}, "asha");
        QVERIFY(refused);
        QVERIFY(!refused->granted());
        QCOMPARE(refused->unavailable, std::vector<std::string>{"F1"});
        // The map corrects itself from the next delta.
        auto delta = a.direct->seats("show-big", map->version);
        QVERIFY(delta);
        QCOMPARE(stateOf(*delta, "F1"), std::string("BOOKED"));
        QVERIFY(delta->version > map->version);
        // Counter A: nothing held, nothing started. Server: F1 booked once, F3 free.
        QCOMPARE(local(a, "SELECT count(*) FROM holds"), std::string("0"));
        QCOMPARE(local(a, "SELECT count(*) FROM checkouts"), std::string("0"));
        QCOMPARE(server("SELECT count(*) FROM claims WHERE show_id = 'show-big' AND seat_id = 'F3'"), std::string("0"));
        QCOMPARE(server("SELECT count(*) FROM ticket_lines WHERE show_id = 'show-big' AND seat_id = 'F1' AND state = "
                        "'BOOKED'"),
                 std::string("1"));
        // Gateway: only B's payment.
        const json l = ledger();
        QCOMPARE(l["counts"]["intents"], 1);
        QCOMPARE(l["counts"]["captures"], 1);
    }
};

QTEST_GUILESS_MAIN(PaymentsTest)
#include "tst_Payments.moc"
