#pragma once

#include <QObject>
#include <QString>

namespace FirstStop {

// The one place secrets are kept: the OS keychain through QtKeychain (Secret Service on Linux).
// There is deliberately no plaintext fallback: where no keychain answers, the caller is told and
// nothing is kept. Every call is asynchronous; the GUI thread never waits on the keychain.
class CredentialStore final : public QObject
{
    Q_OBJECT

public:
    explicit CredentialStore(QString service = QStringLiteral(FIRSTSTOP_APP_ID),
                             QObject *parent = nullptr);

    // The key is "<user>@<server>", so two servers or users never share a secret.
    static QString keyFor(const QString &username, const QString &server);

    void write(const QString &key, const QString &secret);
    void read(const QString &key);
    void remove(const QString &key);

Q_SIGNALS:
    void written(const QString &key);
    // notFound: there is no entry (not an error; e.g. first log-in on this desk).
    void readFinished(const QString &key, const QString &secret);
    void notFound(const QString &key);
    void removed(const QString &key);
    // A message a person can act on ("No keychain is available…").
    void failed(const QString &key, const QString &message);

private:
    QString m_service;
};

} // namespace FirstStop
