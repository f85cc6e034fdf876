#include "ui/LockScreen.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace FirstStop {

LockScreen::LockScreen(QWidget *parent)
    : QWidget(parent)
    , m_who(new QLabel(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_unlock(new QPushButton(tr("&Unlock"), this))
{
    setObjectName(QStringLiteral("lockScreen"));
    setAccessibleName(tr("FirstStop is locked"));

    auto *title = new QLabel(tr("FirstStop is locked"), this);
    title->setObjectName(QStringLiteral("lockTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    m_who->setObjectName(QStringLiteral("lockWhoLabel"));
    m_who->setAccessibleName(tr("Who is signed in"));
    m_who->setWordWrap(true);
    m_who->setTextFormat(Qt::PlainText);
    m_who->setAlignment(Qt::AlignCenter);

    m_username->setObjectName(QStringLiteral("lockUsernameLineEdit"));
    m_username->setAccessibleName(tr("User name"));
    m_password->setObjectName(QStringLiteral("lockPasswordLineEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);

    m_message->setObjectName(QStringLiteral("lockMessageLabel"));
    m_message->setAccessibleName(tr("Unlock message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    m_unlock->setObjectName(QStringLiteral("unlockPushButton"));
    m_unlock->setAccessibleName(tr("Unlock"));
    m_unlock->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);

    auto *box = new QWidget(this);
    // A fixed width lets the wrapped text take its real height (a word-wrapped label in a box
    // sized by its hint squeezes the fields).
    box->setFixedWidth(30 * fontMetrics().horizontalAdvance(u'M'));
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(title);
    boxLayout->addSpacing(8);
    boxLayout->addWidget(m_who);
    boxLayout->addSpacing(8);
    boxLayout->addLayout(form);
    boxLayout->addWidget(m_message);
    boxLayout->addWidget(m_unlock, 0, Qt::AlignRight);

    // Centred with stretches rather than an alignment flag: an aligned item gets its size hint,
    // which ignores the height the wrapped text needs.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(box);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);

    connect(m_unlock, &QPushButton::clicked, this, &LockScreen::submit);
    connect(m_password, &QLineEdit::returnPressed, this, &LockScreen::submit);
    connect(m_username, &QLineEdit::returnPressed, m_password, qOverload<>(&QWidget::setFocus));
}

void LockScreen::prepare(const QString &username, const QString &displayName)
{
    setBusy(false);
    m_who->setText(tr("%1 is signed in on this desk. Enter the password to carry on, or sign in as "
                      "yourself.")
                       .arg(displayName.isEmpty() ? username : displayName));
    m_username->setText(username);
    m_password->clear();
    m_message->clear();
    m_message->hide();
    m_password->setFocus();
}

void LockScreen::showError(const QString &message)
{
    setBusy(false);
    m_message->setText(message);
    m_message->show();
    m_password->selectAll();
    m_password->setFocus();
}

void LockScreen::setBusy(bool busy)
{
    m_username->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_unlock->setEnabled(!busy);
    if (busy) {
        m_message->setText(tr("Checking…"));
        m_message->show();
    }
}

void LockScreen::submit()
{
    const QString username = m_username->text().trimmed();
    if (username.isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your user name and password."));
        (username.isEmpty() ? m_username : m_password)->setFocus();
        return;
    }
    const QString password = m_password->text();
    m_password->clear();
    setBusy(true);
    Q_EMIT unlockRequested(username, password);
}

} // namespace FirstStop
