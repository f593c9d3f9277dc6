#pragma once
// Finding a booking again: by its reference, by the text of a ticket's QR code (checked
// against the signing key, so a forged ticket is named as such), or by show and seat. From
// here a cashier reprints, refunds the whole booking or some seats (the seats go back on
// sale and the money is recorded as returned), or exchanges seats to another show.

#include "Catalog.h"
#include "CinemaTime.h"
#include "LocalStore.h"

#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace marquee {

class SupervisorOverride;

class BookingLookupScreen : public QWidget
{
    Q_OBJECT
public:
    BookingLookupScreen(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QByteArray signingKey,
                        QWidget* parent = nullptr);

    void setStaff(const QString& staff) { m_staff = staff; }
    // Refunds, voids and reprints after the show started need a supervisor through this gate.
    void setOverride(SupervisorOverride* gate) { m_override = gate; }
    // Looks up by reference or QR text; true when a booking was found.
    bool lookUp(const QString& query);
    bool lookUpSeat(const QString& showId, const QString& seatId);
    const std::optional<Booking>& booking() const { return m_booking; }
    // Seats ticked in the list (all still-booked seats when none are ticked).
    std::vector<std::string> chosenSeats() const;
    void setSeatChecked(const QString& seatId, bool checked);
    bool refundChosen();
    // Voids the whole booking (CashRegister::voidSale: this shift's sale, before the show).
    bool voidBooking();
    // Reprints; after the show started only with a supervisor's approval.
    bool reprint();
    QString message() const;
    void focusQuery();
    void refreshShows(QDate day);

signals:
    void reprintRequested(const Booking& booking);
    void exchangeRequested(const Booking& booking, const std::vector<std::string>& seats);
    void backRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showBooking(const Booking& booking);
    void showMessage(const QString& text, bool warning);
    void showRefunded(const Refund& refund, const QString& what);

    LocalStore& m_store;
    const Catalog& m_catalog;
    const CinemaTime& m_time;
    QByteArray m_key;
    QString m_staff;
    QLabel* m_queryLabel = nullptr;
    QLineEdit* m_query = nullptr;
    QPushButton* m_find = nullptr;
    QLabel* m_seatLabel = nullptr;
    QComboBox* m_show = nullptr;
    QLineEdit* m_seat = nullptr;
    QPushButton* m_findSeat = nullptr;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_lines = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_refund = nullptr;
    QPushButton* m_void = nullptr;
    SupervisorOverride* m_override = nullptr;
    QPushButton* m_reprint = nullptr;
    QPushButton* m_exchange = nullptr;
    QPushButton* m_back = nullptr;
    std::optional<Booking> m_booking;
};

} // namespace marquee
