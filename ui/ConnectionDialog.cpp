#include "ConnectionDialog.h"

#include "CurlTransport.h"
#include "MainWindow.h"
#include "ServerApi.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSysInfo>
#include <QVBoxLayout>
#include <thread>

namespace marquee {

ConnectionDialog::ConnectionDialog(LocalStore& store, CredentialStore& keychain, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_keychain(keychain)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Server connection"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://box-office:8443"));
    m_ca = new QLineEdit(this);
    m_ca->setObjectName(QStringLiteral("caFile"));
    m_ca->setPlaceholderText(tr("the system's certificate authorities"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_device = new QLineEdit(this);
    m_device->setObjectName(QStringLiteral("deviceName"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("deviceToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("leave empty to keep the stored token"));
    m_lease = new QSpinBox(this);
    m_lease->setObjectName(QStringLiteral("leaseSeats"));
    m_lease->setRange(0, 200);
    m_lease->setToolTip(tr("Seats of each show this counter keeps for selling while the server cannot be reached"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("connectionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QSettings settings;
    const auto saved = CounterConnection::load(settings);
    m_url->setText(saved ? saved->serverUrl : QString());
    m_ca->setText(saved ? saved->caFile : QString());
    m_device->setText(saved ? saved->device : QSysInfo::machineHostName());
    int lease = MainWindow::kDefaultLeaseSeats;
    if (auto stored = m_store.setting("sync/lease_seats"); stored && *stored) {
        lease = QString::fromStdString(**stored).toInt();
    }
    m_lease->setValue(lease);

    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&Server address:"), m_url);
    auto* caLabel = new QLabel(tr("&CA file:"), this);
    caLabel->setBuddy(m_ca); // a row of two widgets has no buddy of its own
    form->addRow(caLabel, caRow);
    form->addRow(tr("Counter &name:"), m_device);
    form->addRow(tr("Device &token:"), m_token);
    form->addRow(tr("Seats kept for &offline, per show:"), m_lease);

    m_test = new QPushButton(tr("&Test"), this);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_standalone = new QPushButton(tr("Sell stan&dalone"), this);
    m_standalone->setObjectName(QStringLiteral("sellStandalone"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_standalone, QDialogButtonBox::DestructiveRole);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Changes take effect when Marquee starts next."), this));
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("CA file"), m_ca->text(), tr("PEM certificates (*.pem *.crt)"));
        if (!file.isEmpty()) {
            m_ca->setText(file);
        }
    });
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::test);
    connect(m_standalone, &QPushButton::clicked, this, [this] {
        if (disconnectCounter()) {
            accept();
        }
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save()) {
            accept();
        }
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &ConnectionDialog::testFinished, this, [this](bool ok, const QString& text) {
        m_test->setEnabled(true);
        showMessage(text, !ok);
    });
}

QString ConnectionDialog::message() const
{
    return m_message->text();
}

void ConnectionDialog::showMessage(const QString& text, bool warning)
{
    m_message->setText(text);
    m_message->setStyleSheet(warning ? QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }") : QString());
}

CounterConnection ConnectionDialog::connection() const
{
    CounterConnection c;
    c.serverUrl = m_url->text().trimmed();
    c.caFile = m_ca->text().trimmed();
    c.device = m_device->text().trimmed();
    return c;
}

bool ConnectionDialog::save()
{
    const CounterConnection c = connection();
    if (auto valid = c.validate(); !valid) {
        showMessage(QString::fromStdString(valid.error().message), true);
        return false;
    }
    const std::string token = m_token->text().trimmed().toStdString();
    if (!token.empty()) {
        if (auto stored = c.storeToken(m_keychain, token); !stored) {
            showMessage(QString::fromStdString(stored.error().message), true);
            return false;
        }
    } else if (auto existing = c.readToken(m_keychain); !existing) {
        showMessage(QString::fromStdString(existing.error().message), true);
        return false;
    }
    if (auto lease = m_store.setSetting("sync/lease_seats", std::to_string(m_lease->value())); !lease) {
        showMessage(QString::fromStdString(lease.error().message), true);
        return false;
    }
    QSettings settings;
    c.save(settings);
    m_token->clear();
    showMessage(tr("Saved. Restart Marquee to sell through %1.").arg(c.serverUrl), false);
    return true;
}

bool ConnectionDialog::disconnectCounter()
{
    QSettings settings;
    if (auto saved = CounterConnection::load(settings)) {
        if (auto removed = m_keychain.removeDeviceToken(saved->serverUrl.toStdString()); !removed) {
            showMessage(QString::fromStdString(removed.error().message), true);
            return false;
        }
    }
    CounterConnection::forget(settings);
    showMessage(tr("This counter will sell standalone from its next start."), false);
    return true;
}

void ConnectionDialog::test()
{
    const CounterConnection c = connection();
    if (auto valid = c.validate(); !valid) {
        showMessage(QString::fromStdString(valid.error().message), true);
        return;
    }
    std::string token = m_token->text().trimmed().toStdString();
    if (token.empty()) {
        auto stored = c.readToken(m_keychain);
        if (!stored) {
            showMessage(QString::fromStdString(stored.error().message), true);
            return;
        }
        token = *stored;
    }
    m_test->setEnabled(false);
    showMessage(tr("Asking %1…").arg(c.serverUrl), false);
    CurlTransportOptions options;
    options.baseUrl = c.serverUrl.toStdString();
    options.caFile = c.caFile.toStdString();
    options.connectTimeout = std::chrono::seconds(3);
    options.totalTimeout = std::chrono::seconds(10);
    // The network answer comes on a thread of its own; the dialog may be gone by then.
    QPointer<ConnectionDialog> self(this);
    std::thread([self, options, token, url = c.serverUrl] {
        SystemClock clock;
        bool ok = false;
        QString text;
        auto transport = CurlTransport::create(options);
        if (!transport) {
            text = QString::fromStdString(transport.error().message);
        } else {
            ServerApi api(std::move(*transport), token, clock, std::make_shared<ServerClock>());
            auto catalog = api.catalog("");
            ok = catalog.has_value();
            text = ok ? tr("%1 answered and accepted this counter's token.").arg(url)
                      : tr("%1: %2").arg(url, QString::fromStdString(catalog.error().message));
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, ok, text] {
                if (self) {
                    emit self->testFinished(ok, text);
                }
            },
            Qt::QueuedConnection);
    }).detach();
}

} // namespace marquee
