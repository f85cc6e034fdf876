#include "ui/LoginDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace FirstStop {

LoginDialog::LoginDialog(const QString &server, QWidget *parent)
    : QDialog(parent)
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_signIn(new QPushButton(tr("&Sign in"), this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in to FirstStop"));
    setAccessibleName(tr("Sign in"));

    auto *title =
        new QLabel(tr("<b>Sign in</b><br>Central service: %1").arg(server.toHtmlEscaped()), this);
    title->setObjectName(QStringLiteral("serverLabel"));
    title->setTextFormat(Qt::RichText);

    m_username->setObjectName(QStringLiteral("usernameLineEdit"));
    m_username->setAccessibleName(tr("User name"));
    m_username->setAutoFillBackground(true);
    m_password->setObjectName(QStringLiteral("passwordLineEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);

    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setAccessibleName(tr("Sign-in message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    m_signIn->setObjectName(QStringLiteral("signInPushButton"));
    m_signIn->setDefault(true);
    m_signIn->setAccessibleName(tr("Sign in"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    auto *quit = buttons->addButton(tr("&Quit"), QDialogButtonBox::RejectRole);
    quit->setObjectName(QStringLiteral("quitPushButton"));
    quit->setAccessibleName(tr("Quit FirstStop"));

    auto *form = new QFormLayout;
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(380);
}

void LoginDialog::setUsername(const QString &username)
{
    m_username->setText(username);
    (username.isEmpty() ? m_username : m_password)->setFocus();
}

QString LoginDialog::username() const
{
    return m_username->text().trimmed();
}

void LoginDialog::setBusy(bool busy)
{
    m_username->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_signIn->setEnabled(!busy);
    if (busy) {
        m_message->setText(tr("Signing in…"));
        m_message->show();
    }
}

void LoginDialog::showError(const QString &message)
{
    setBusy(false);
    m_message->setText(message);
    m_message->show();
    m_password->selectAll();
    m_password->setFocus();
}

void LoginDialog::submit()
{
    if (username().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your user name and password."));
        (username().isEmpty() ? m_username : m_password)->setFocus();
        return;
    }
    setBusy(true);
    Q_EMIT signInRequested(username(), m_password->text());
}

} // namespace FirstStop
