#include "CounterCommands.h"

#include "CashRegister.h"
#include "CounterDatabase.h"
#include "DayReport.h"
#include "KioskUnprintedSales.h"
#include "ReportDocument.h"
#include "StaffRoster.h"
#include "StaffSession.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace marquee {

namespace {

QString text(const Error& error)
{
    return QString::fromStdString(error.message);
}

int usage(QTextStream& err, const QString& what)
{
    err << "marquee: " << what << "\n"
        << "usage: marquee report x|z --date YYYY-MM-DD [--pdf FILE] [--csv FILE] [--manager NAME] "
           "[--database FILE]\n"
        << "       marquee audit verify [--database FILE]\n"
        << "       marquee staff add NAME cashier|supervisor|manager [--database FILE]  (PIN on stdin)\n"
        << "       marquee kiosk unprinted [--database FILE]\n";
    err.flush();
    return 2;
}

std::optional<std::string> staffIdByName(LocalStore& store, const QString& name)
{
    auto staff = StaffRoster(store).list();
    if (!staff) {
        return std::nullopt;
    }
    for (const auto& member : *staff) {
        if (QString::fromStdString(member.name).compare(name, Qt::CaseInsensitive) == 0) {
            return member.id;
        }
    }
    return std::nullopt;
}

int report(LocalStore& store, const QCommandLineParser& parser, const QString& kind, QTextStream& in, QTextStream& out,
           QTextStream& err)
{
    if (!parser.isSet(QStringLiteral("date"))) {
        return usage(err, QStringLiteral("report needs --date YYYY-MM-DD"));
    }
    auto date = parseDate(parser.value(QStringLiteral("date")).toStdString());
    if (!date) {
        return usage(err, QStringLiteral("--date: %1").arg(text(date.error())));
    }
    DayReports reports(store);
    Result<DayReport> made = fail(ErrorCode::InvalidArgument, "report x or report z");
    if (kind == QLatin1String("x")) {
        made = reports.xReport(*date, "command line");
    } else {
        auto existing = reports.zReportFor(*date);
        if (!existing) {
            err << "marquee: " << text(existing.error()) << "\n";
            return 1;
        }
        if (*existing) {
            made = **existing;
        } else {
            const QString managerName = parser.value(QStringLiteral("manager"));
            if (managerName.isEmpty()) {
                err << "marquee: business day " << parser.value(QStringLiteral("date"))
                    << " has no Z-report yet; closing it needs --manager NAME and the PIN on standard input\n";
                return 1;
            }
            auto id = staffIdByName(store, managerName);
            if (!id) {
                err << "marquee: no member of staff is called " << managerName << "\n";
                return 1;
            }
            const std::string pin = in.readLine().trimmed().toStdString();
            auto manager = StaffRoster(store).authorize(*id, pin, ProtectedAction::ZReport);
            if (!manager) {
                err << "marquee: " << text(manager.error()) << "\n";
                return 1;
            }
            made = reports.closeDay(*date, manager->id);
        }
    }
    if (!made) {
        err << "marquee: " << text(made.error()) << "\n";
        return 1;
    }
    auto rule = CashRegister(store).businessDayRule();
    ReportDocument doc(*made, rule ? rule->zone : TimeZone::utc());
    doc.setCreatorName(StaffSession::nameFor(store, made->createdBy));
    if (parser.isSet(QStringLiteral("csv"))) {
        if (auto written = doc.writeCsv(parser.value(QStringLiteral("csv"))); !written) {
            err << "marquee: " << text(written.error()) << "\n";
            return 1;
        }
    }
    if (parser.isSet(QStringLiteral("pdf"))) {
        if (auto written = doc.writePdf(parser.value(QStringLiteral("pdf"))); !written) {
            err << "marquee: " << text(written.error()) << "\n";
            return 1;
        }
    }
    const Currency currency = Currency::fromCode(made->currency).value_or(Currency());
    out << doc.title() << " " << QString::fromStdString(made->businessDate) << ": " << made->tickets
        << " tickets, gross " << ReportDocument::amount(made->grossMinor, currency) << ", refunds "
        << ReportDocument::amount(made->refundsMinor, currency) << ", net "
        << ReportDocument::amount(made->netMinor(), currency) << " " << QString::fromStdString(made->currency) << "\n";
    return 0;
}

int auditVerify(LocalStore& store, QTextStream& out, QTextStream& err)
{
    auto check = store.verifyAuditChain();
    if (!check) {
        err << "marquee: the audit log cannot be read: " << text(check.error()) << "\n";
        return 1;
    }
    if (!check->intact()) {
        err << "audit log BROKEN at row " << *check->firstBrokenSeq << ": " << QString::fromStdString(check->problem)
            << " (" << check->rows << " rows)\n";
        return 1;
    }
    auto z = DayReports(store).verifyZReports();
    if (!z) {
        err << "audit log intact (" << check->rows << " rows) but " << text(z.error()) << "\n";
        return 1;
    }
    out << "audit log intact: " << check->rows << " rows; " << QString::fromStdString(*z) << "\n";
    return 0;
}

int staffAdd(LocalStore& store, const QStringList& words, QTextStream& in, QTextStream& out, QTextStream& err)
{
    if (words.size() != 4) {
        return usage(err, QStringLiteral("staff add needs a name and a role"));
    }
    auto role = staffRoleFromString(words[3].toStdString());
    if (!role) {
        return usage(err, QStringLiteral("the role is cashier, supervisor or manager"));
    }
    const std::string pin = in.readLine().trimmed().toStdString();
    auto member = StaffRoster(store).add(words[2].toStdString(), *role, pin);
    if (!member) {
        err << "marquee: " << text(member.error()) << "\n";
        return 1;
    }
    out << "added " << QString::fromStdString(member->name) << " (" << words[3] << "), staff number "
        << QString::fromStdString(member->id).left(8) << "\n";
    return 0;
}

// Kiosk sales that were paid for but not printed: one line each, for staff to print at the counter.
int kioskUnprinted(LocalStore& store, QTextStream& out, QTextStream& err)
{
    auto open = KioskUnprintedSales::open(store);
    if (!open) {
        err << "marquee: the audit log cannot be read: " << text(open.error()) << "\n";
        return 1;
    }
    for (const auto& sale : *open) {
        out << QString::fromStdString(sale.reference) << "  " << QString::fromStdString(sale.device) << "  "
            << QString::fromStdString(sale.problem) << "\n";
    }
    out << open->size() << " unprinted kiosk sale(s)\n";
    return 0;
}

} // namespace

bool CounterCommands::isCommand(const QStringList& arguments)
{
    if (arguments.size() < 2) {
        return false;
    }
    const QString& first = arguments[1];
    return first == QLatin1String("report") || first == QLatin1String("audit") || first == QLatin1String("staff") ||
           first == QLatin1String("kiosk");
}

int CounterCommands::run(const QStringList& arguments, QTextStream& in, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("database"), QStringLiteral("database file"), QStringLiteral("file")},
                       {QStringLiteral("date"), QStringLiteral("business day"), QStringLiteral("date")},
                       {QStringLiteral("pdf"), QStringLiteral("PDF file"), QStringLiteral("file")},
                       {QStringLiteral("csv"), QStringLiteral("CSV file"), QStringLiteral("file")},
                       {QStringLiteral("manager"), QStringLiteral("manager closing the day"), QStringLiteral("name")}});
    if (!parser.parse(arguments)) {
        return usage(err, parser.errorText());
    }
    const QStringList words = parser.positionalArguments();
    const QString path = parser.isSet(QStringLiteral("database")) ? parser.value(QStringLiteral("database"))
                                                                  : CounterDatabase::defaultPath(false);
    if (!QFileInfo::exists(path)) {
        err << "marquee: there is no database " << path << "\n";
        return 1;
    }
    SystemClock clock;
    auto store = CounterDatabase::open(path, clock);
    if (!store) {
        err << "marquee: the database " << path << " cannot be opened: " << text(store.error()) << "\n";
        return 1;
    }
    int status = 2;
    if (words.size() == 2 && words[0] == QLatin1String("report") &&
        (words[1] == QLatin1String("x") || words[1] == QLatin1String("z"))) {
        status = report(**store, parser, words[1], in, out, err);
    } else if (words.size() == 2 && words[0] == QLatin1String("audit") && words[1] == QLatin1String("verify")) {
        status = auditVerify(**store, out, err);
    } else if (words.size() == 2 && words[0] == QLatin1String("kiosk") && words[1] == QLatin1String("unprinted")) {
        status = kioskUnprinted(**store, out, err);
    } else if (words.size() >= 2 && words[0] == QLatin1String("staff") && words[1] == QLatin1String("add")) {
        status = staffAdd(**store, words, in, out, err);
    } else {
        status = usage(err, QStringLiteral("unknown command"));
    }
    out.flush();
    err.flush();
    return status;
}

} // namespace marquee
