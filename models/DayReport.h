#pragma once
// X- and Z-reports of a business day. An X-report can be made at any time and changes
// nothing; a Z-report closes the day: it gets the next number (no gaps), is stored with
// the hash of its content and the audit chain's head, and can never change afterwards.
// All amounts are minor units of the cinema's currency.

#include "BusinessDay.h"
#include "LocalStore.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

struct ReportLine
{
    std::string key;   // id (film, show, ticket type, method, staff, hour "20")
    std::string label; // what people read
    std::int64_t tickets = 0;
    std::int64_t grossMinor = 0;
    std::int64_t taxMinor = 0;
};

struct TaxLine
{
    int rateBasisPoints = 0;
    std::int64_t grossMinor = 0; // tax-inclusive sales at this rate, less refunds
    std::int64_t taxMinor = 0;
    std::int64_t netMinor() const { return grossMinor - taxMinor; }
};

struct PaymentLine
{
    std::string method; // cash, card_terminal, card_gateway, exchange_credit
    std::int64_t takenMinor = 0;
    std::int64_t refundedMinor = 0;
    std::int64_t netMinor() const { return takenMinor - refundedMinor; }
};

struct OccupancyLine
{
    std::string showId;
    std::string film;
    std::string screen;
    Timestamp start;
    int capacity = 0;
    int sold = 0;
};

struct RefundLine
{
    std::string refundId;
    std::string bookingReference;
    std::int64_t amountMinor = 0;
    std::int64_t seats = 0;
    std::string reason;
    std::string staff;
    Timestamp at;
    bool isVoid = false; // a void (CashRegister::voidSale): reason without its "void: " prefix
};

struct OverrideLine
{
    std::string bookingReference;
    std::string seat;
    std::int64_t priceMinor = 0;
    std::string reason;
    std::string staff;
};

struct ShiftLine
{
    std::string shiftId;
    std::string staff;
    std::string device;
    bool open = false;
    std::int64_t floatMinor = 0;
    std::int64_t cashSalesMinor = 0;
    std::int64_t cashRefundsMinor = 0;
    std::int64_t cashMovementsMinor = 0;
    std::optional<std::int64_t> expectedMinor;
    std::optional<std::int64_t> countedMinor;
    std::optional<std::int64_t> varianceMinor;
};

struct DayReport
{
    std::optional<std::int64_t> zNumber; // set on Z-reports
    std::string businessDate;
    std::string cinema;
    std::string currency;
    Timestamp from;
    Timestamp to;
    Timestamp createdAt;
    std::string createdBy;

    std::int64_t tickets = 0;
    std::int64_t grossMinor = 0; // tickets sold this day, tax-inclusive
    std::int64_t taxMinor = 0;
    std::int64_t refundedTickets = 0;
    std::int64_t refundsMinor = 0; // refunds made this day (of any day's sales)
    std::int64_t refundTaxMinor = 0;
    // Of the refunds above, those that were voids (a sale cancelled in its shift before the show).
    std::int64_t voidedTickets = 0;
    std::int64_t voidsMinor = 0;
    std::int64_t netMinor() const { return grossMinor - refundsMinor; }

    std::vector<ReportLine> byFilm, byShow, byScreen, byTicketType, byCashier, byHour;
    std::vector<PaymentLine> byPaymentMethod;
    std::vector<TaxLine> byTaxRate;
    std::vector<OccupancyLine> occupancy;
    std::vector<RefundLine> refunds;
    std::vector<OverrideLine> overrides;
    std::vector<ShiftLine> shifts;

    std::int64_t auditSeq = 0; // the audit chain's head when the report was made
    std::string auditHash;
};

nlohmann::json toJson(const DayReport& report);
Result<DayReport> dayReportFromJson(const nlohmann::json& doc);
// One CSV for spreadsheets: a "section" column, then key, label and figures.
std::string toCsv(const DayReport& report);

class DayReports
{
public:
    explicit DayReports(LocalStore& store)
        : m_store(store)
    {
    }

    // X-report: the figures so far; writes only an audit row.
    Result<DayReport> xReport(BusinessDate date, const std::string& staffId);
    // Z-report: refuses while a shift of that day (or earlier) is open or the day is closed.
    // `staffId` must be a manager (checked against the staff table).
    Result<DayReport> closeDay(BusinessDate date, const std::string& staffId);
    // A stored Z-report, by number or by date, exactly as it was made.
    Result<DayReport> zReport(std::int64_t number);
    Result<std::optional<DayReport>> zReportFor(BusinessDate date);
    // Every stored Z-report still matches its hash, its numbers have no gaps, and the audit
    // chain still passes through the head each one recorded.
    Result<std::string> verifyZReports();

private:
    Result<DayReport> build(BusinessDate date);
    LocalStore& m_store;
};

} // namespace marquee
