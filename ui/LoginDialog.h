#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace FirstStop {

// Sign-in. Never waits: the dialog asks, shows "Signing in…", and is told the outcome.
class LoginDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(const QString &server, QWidget *parent = nullptr);

    void setUsername(const QString &username);
    QString username() const;
    void setBusy(bool busy);
    void showError(const QString &message);

Q_SIGNALS:
    void signInRequested(const QString &username, const QString &password);

private:
    void submit();

    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_message;
    QPushButton *m_signIn;
};

} // namespace FirstStop
