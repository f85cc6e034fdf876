#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace FirstStop {

// What a locked desk shows: no personal data at all, only who left it signed in and a way back
// in, for them or for the next member of staff. Never waits: it asks, shows "Checking…", and is
// told the outcome.
class LockScreen final : public QWidget
{
    Q_OBJECT

public:
    explicit LockScreen(QWidget *parent = nullptr);

    // Clears the password and any message, names who is signed in and puts the caret in the
    // password box.
    void prepare(const QString &username, const QString &displayName);
    void showError(const QString &message);

Q_SIGNALS:
    void unlockRequested(const QString &username, const QString &password);

private:
    void submit();
    void setBusy(bool busy);

    QLabel *m_who;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_message;
    QPushButton *m_unlock;
};

} // namespace FirstStop
