#include "Catalog.h"
#include "TestSupport.h"
#include "TimeZone.h"

#include <QtTest>
#include <set>

using namespace marquee;

class TestCatalog : public QObject
{
    Q_OBJECT

    static nlohmann::json minimalCatalog()
    {
        return nlohmann::json::parse(R"({
          "cinema": {"id":"c","name":"Cinema","currency":"INR","timeZone":"Asia/Kolkata"},
          "screens": [{"id":"s1","categories":[{"id":"standard"},{"id":"premium"}],
                       "rows":[{"label":"A","y":0,"seats":[{"from":1,"to":4,"x":0}]},
                               {"label":"B","y":1,"category":"premium","seats":[{"from":1,"to":4,"x":0}]}]}],
          "films": [{"id":"f1","title":"Film","runtimeMinutes":120}],
          "priceLists": [{"id":"p1","currency":"INR",
                          "ticketTypes":[{"id":"adult","prices":{"standard":25000,"premium":30000}}],
                          "taxBands":[{"upToMinor":10000,"rateBasisPoints":1200},{"rateBasisPoints":1800}]}],
          "shows": [{"id":"show1","film":"f1","screen":"s1","priceList":"p1",
                     "start":"2026-12-03T14:30:00Z","end":"2026-12-03T16:45:00Z"}]
        })");
    }

    static void expectError(const nlohmann::json& doc, const std::string& expected)
    {
        auto catalog = Catalog::fromJson(doc, "catalog.json");
        QVERIFY2(!catalog, "a bad catalog was accepted");
        QVERIFY2(catalog.error().message.find("catalog.json") != std::string::npos, catalog.error().message.c_str());
        QVERIFY2(catalog.error().message.find(expected) != std::string::npos, catalog.error().message.c_str());
    }

private slots:
    void demoWeekHasShowsEveryDayOnEveryScreen()
    {
        const Catalog& catalog = test::demoCatalog();
        QCOMPARE(catalog.screens().size(), std::size_t(3));
        QCOMPARE(catalog.cinema().currency.code(), std::string_view("INR"));
        auto zone = TimeZone::load(catalog.cinema().timeZone);
        QVERIFY(zone);
        std::set<std::pair<int, std::string>> dayScreens;
        for (const auto& show : catalog.shows()) {
            const auto local = zone->toLocal(show.start);
            const auto day = std::chrono::floor<std::chrono::days>(local);
            const int dayIndex = int((day - std::chrono::local_days{test::demoFirstDay()}).count());
            QVERIFY2(dayIndex >= 0 && dayIndex < 7, show.id.c_str());
            dayScreens.insert({dayIndex, show.screenId});
            QVERIFY(show.end > show.start);
        }
        QCOMPARE(dayScreens.size(), std::size_t(21));
    }

    void demoShowsOnAScreenNeverOverlap()
    {
        std::map<std::string, std::vector<const Show*>> byScreen;
        for (const auto& show : test::demoCatalog().shows())
            byScreen[show.screenId].push_back(&show);
        for (auto& [screen, shows] : byScreen) {
            std::sort(shows.begin(), shows.end(), [](auto a, auto b) { return a->start < b->start; });
            for (std::size_t i = 1; i < shows.size(); ++i) {
                QVERIFY2(shows[i]->start >= shows[i - 1]->end, shows[i]->id.c_str());
            }
        }
    }

    void taxBandsPickRateByPrice()
    {
        const PriceList* list = test::demoCatalog().priceList("standard");
        QVERIFY(list);
        QCOMPARE(list->taxRateFor(Money(9900, list->currency)), 1200);
        QCOMPARE(list->taxRateFor(Money(10000, list->currency)), 1200);
        QCOMPARE(list->taxRateFor(Money(10001, list->currency)), 1800);
        QVERIFY(list->price("morning", "standard"));
        QVERIFY(!list->price("morning", "premium")); // not sold there
        QVERIFY(!list->price("vip", "standard"));
    }

    void catalogSurvivesJsonRoundTrip()
    {
        auto again = Catalog::fromJson(test::demoCatalog().toJson(), "round trip");
        QVERIFY2(again, again ? "" : again.error().message.c_str());
        QCOMPARE(again->shows().size(), test::demoCatalog().shows().size());
        QCOMPARE(again->shows().front().start, test::demoCatalog().shows().front().start);
        QCOMPARE(again->priceLists().front().taxBands.size(), std::size_t(2));
    }

    void minimalCatalogLoads()
    {
        auto catalog = Catalog::fromJson(minimalCatalog(), "catalog.json");
        QVERIFY2(catalog, catalog ? "" : catalog.error().message.c_str());
        QCOMPARE(catalog->show("show1")->screenId, std::string("s1"));
    }

    void badCatalogsSayWhatIsWrong()
    {
        auto doc = minimalCatalog();
        doc["shows"][0]["film"] = "nope";
        expectError(doc, "shows[0]: unknown film 'nope'");

        doc = minimalCatalog();
        doc["priceLists"][0]["ticketTypes"][0]["prices"].erase("premium");
        expectError(doc, "has no price for category 'premium'");

        doc = minimalCatalog();
        doc["priceLists"][0]["currency"] = "EUR";
        expectError(doc, "is in EUR but the cinema sells in INR");

        doc = minimalCatalog();
        doc["cinema"]["currency"] = "rupees";
        expectError(doc, "cinema.currency");

        doc = minimalCatalog();
        doc["shows"][0]["end"] = "2026-12-03T14:00:00Z";
        expectError(doc, "ends before it starts");

        doc = minimalCatalog();
        doc["shows"][0]["start"] = "tomorrow";
        expectError(doc, "shows[0].start: not an RFC 3339 time");

        doc = minimalCatalog();
        doc["priceLists"][0]["ticketTypes"][0]["prices"]["standard"] = -5;
        expectError(doc, "price must be zero or more");

        doc = minimalCatalog();
        doc["priceLists"][0]["taxBands"] =
            nlohmann::json::parse(R"([{"rateBasisPoints":1800},{"upToMinor":100,"rateBasisPoints":1200}])");
        expectError(doc, "tax bands must be in increasing order");

        doc = minimalCatalog();
        doc["films"].push_back(doc["films"][0]);
        expectError(doc, "film id 'f1' is used twice");

        doc = minimalCatalog();
        doc["films"][0]["runtimeMinutes"] = "long";
        expectError(doc, "films[0].runtimeMinutes: expected a whole number");

        doc = minimalCatalog();
        doc["screens"].push_back({{"layoutFile", "missing.json"}});
        expectError(doc, "missing.json: cannot open the file");
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_Catalog.moc"
