#pragma once
// GET /v1/reports/daily: sales of one business date (from the cut-off, default 06:00, in
// the cinema's time zone, to the next day's cut-off) by show and by payment method, with
// the refunds made in the same period, in integer minor units.

#include "CatalogService.h"
#include "Problem.h"
#include "Transaction.h"

#include <chrono>
#include <string>

namespace marquee::server {

class ReportService
{
public:
    ReportService(CatalogService& catalog, std::chrono::minutes cutoff)
        : m_catalog(catalog)
        , m_cutoff(cutoff)
    {
    }

    // Checks the date; a refusal when it is not YYYY-MM-DD.
    Reply daily(Transaction& tx, const std::string& businessDate);

private:
    CatalogService& m_catalog;
    std::chrono::minutes m_cutoff;
};

} // namespace marquee::server
