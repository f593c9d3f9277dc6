#pragma once
// What the composition root (app/main.cpp, or a test) tells the counter window.

#include <QByteArray>
#include <QString>

namespace marquee {

struct CounterOptions
{
    QString staff;         // signed-in cashier (a placeholder until staff sign-in exists)
    QString databasePath;  // shown in the status bar
    QString pdfDirectory;  // print to PDFs here instead of the system printer
    QByteArray signingKey; // HMAC key for ticket codes
    QString connection;    // "Standalone" until the sync layer exists
};

} // namespace marquee
