#include "Crypto.h"
#include "TestPrinters.h"
#include "WebhookSignature.h"

#include <QtTest>

using namespace marquee;

class TestWebhookSignature : public QObject
{
    Q_OBJECT
    const Timestamp at = fromEpochMs(1'796'300'000'000);
    const std::string payload = R"({"id":"evt_1","type":"payment_intent.succeeded"})";

private slots:
    void hmacMatchesRfc4231()
    {
        // RFC 4231 test case 2, so signer and verifier cannot agree on a wrong MAC.
        QCOMPARE(hmacSha256Hex("Jefe", "what do ya want for nothing?"),
                 std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        // Test case 6: a key longer than the block size is hashed first.
        QCOMPARE(hmacSha256Hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
                 std::string("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
    }

    void signatureHasStripesLayout()
    {
        const std::string header = signWebhook("whsec_test", payload, at);
        QCOMPARE(header, "t=1796300000,v1=" + hmacSha256Hex("whsec_test", "1796300000." + payload));
    }

    void verifiesWhatWasSigned()
    {
        const std::string header = signWebhook("whsec_test", payload, at);
        QVERIFY(verifyWebhook(header, payload, "whsec_test", at));
        QVERIFY(verifyWebhook(header, payload, "whsec_test", at + std::chrono::minutes(4)));
        // A rotated secret: several v1 entries, one matching is enough.
        const std::string rotated = header + ",v1=" + std::string(64, '0');
        QVERIFY(verifyWebhook(rotated, payload, "whsec_test", at));
        QVERIFY(verifyWebhook("v1=" + std::string(64, 'f') + "," + header.substr(0, header.find(',')) + "," +
                                  header.substr(header.find(',') + 1),
                              payload, "whsec_test", at));
    }

    void refusesAnythingElse()
    {
        const std::string header = signWebhook("whsec_test", payload, at);
        auto wrongSecret = verifyWebhook(header, payload, "whsec_other", at);
        QVERIFY(!wrongSecret);
        QCOMPARE(wrongSecret.error().code, ErrorCode::Unauthorized);
        QVERIFY(!verifyWebhook(header, payload + " ", "whsec_test", at));
        auto late = verifyWebhook(header, payload, "whsec_test", at + std::chrono::minutes(6));
        QVERIFY(!late);
        QCOMPARE(late.error().code, ErrorCode::Expired);
        QVERIFY(!verifyWebhook(header, payload, "whsec_test", at - std::chrono::minutes(6)));
        QCOMPARE(verifyWebhook("", payload, "whsec_test", at).error().code, ErrorCode::Unauthorized);
        QVERIFY(!verifyWebhook("t=abc,v1=00", payload, "whsec_test", at));
        QVERIFY(!verifyWebhook("t=1796300000", payload, "whsec_test", at));
        // A signature moved to another timestamp no longer matches.
        std::string moved = header;
        moved.replace(2, 10, "1796300001");
        QVERIFY(!verifyWebhook(moved, payload, "whsec_test", at));
        QCOMPARE(verifyWebhook(header, payload, "", at).error().code, ErrorCode::InvalidArgument);
    }

    void constantTimeComparison()
    {
        QVERIFY(equalInConstantTime("abc", "abc"));
        QVERIFY(!equalInConstantTime("abc", "abd"));
        QVERIFY(!equalInConstantTime("abc", "abcd"));
        QVERIFY(equalInConstantTime("", ""));
    }
};

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "tst_WebhookSignature.moc"
