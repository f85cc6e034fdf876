#pragma once

#include "app/DeskController.h"

#include <QObject>
#include <QString>

namespace FirstStop {

class CredentialStore;

// Lets a desk start work while the network is down: after each successful online sign-in it
// keeps a slow salted hash of the password (never the password) and who the user is, in the OS
// keychain; when the centre cannot be reached, the typed password is checked against it.
// Hashing and checking (scrypt, ~0.1 s) run on a worker thread; the GUI thread never waits.
class OfflineVerifier final : public QObject
{
    Q_OBJECT

public:
    explicit OfflineVerifier(QObject *parent = nullptr);

    void remember(const QString &server, const SignedInUser &user, const QString &password);
    void check(const QString &server, const QString &username, const QString &password);
    void forget(const QString &server, const QString &username);

    static QString keyFor(const QString &server, const QString &username);

Q_SIGNALS:
    void remembered();
    void verified(const FirstStop::SignedInUser &user);
    // wrongPassword: a verifier was found and the password does not match it (otherwise there is
    // none to check against on this desk).
    void refused(const QString &message, bool wrongPassword);
    void failed(const QString &message);

private:
    CredentialStore *m_credentials;
    QString m_pendingKey;
    QString m_pendingPassword;
};

} // namespace FirstStop
