#pragma once
// End-to-end set-up: the server and its PostgreSQL (the server tests' fixture), our fault
// proxy in front of it, a catalog with a 2,000-seat show, and headless counters
// (sync_counter) as child processes.

#include "FaultProxy.h"
#include "SyncHarness.h"

#include <QProcess>
#include <QStringList>
#include <fstream>
#include <nlohmann/json.hpp>

namespace marquee::test {

// The server tests' catalog plus "show-huge" (and "show-huge-2"... when `shows` > 1) on a
// screen of 40 rows of 50 seats.
inline std::string writeHugeCatalog(const std::string& path, int shows = 1)
{
    std::ifstream in(testCatalogPath());
    nlohmann::json catalog = nlohmann::json::parse(in);
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < 40; ++r) {
        const std::string label = r < 26 ? std::string(1, char('A' + r)) : "A" + std::string(1, char('A' + r - 26));
        rows.push_back({{"label", label}, {"y", r}, {"seats", {{{"from", 1}, {"to", 50}, {"x", 0}}}}});
    }
    catalog["screens"].push_back({{"format", "marquee-layout/1"},
                                  {"id", "screen-huge"},
                                  {"name", "Huge Screen"},
                                  {"categories", {{{"id", "standard"}, {"name", "Standard"}}}},
                                  {"rows", rows}});
    for (int i = 1; i <= shows; ++i) {
        const std::string day = std::to_string(10 + i);
        catalog["shows"].push_back({{"id", i == 1 ? std::string("show-huge") : "show-huge-" + std::to_string(i)},
                                    {"film", "film-1"},
                                    {"screen", "screen-huge"},
                                    {"priceList", "standard"},
                                    {"start", "2030-02-" + day + "T14:30:00Z"},
                                    {"end", "2030-02-" + day + "T16:45:00Z"},
                                    {"language", "English"},
                                    {"format", "2D"}});
    }
    std::ofstream(path) << catalog.dump(1);
    return path;
}

inline QStringList counterArgs(const std::string& db, const std::string& device, const std::string& token, int port,
                               const std::string& ca, const std::string& catalog, const std::string& show)
{
    return {"--db",    QString::fromStdString(db),    "--device",  QString::fromStdString(device),
            "--token", QString::fromStdString(token), "--port",    QString::number(port),
            "--ca",    QString::fromStdString(ca),    "--catalog", QString::fromStdString(catalog),
            "--show",  QString::fromStdString(show)};
}

} // namespace marquee::test
