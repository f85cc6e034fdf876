#include "app/OfflineVerifier.h"

#include "app/CredentialStore.h"
#include "models/PasswordHasher.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>

namespace FirstStop {

OfflineVerifier::OfflineVerifier(QObject *parent)
    : QObject(parent)
    , m_credentials(new CredentialStore(QStringLiteral(FIRSTSTOP_APP_ID), this))
{
    connect(m_credentials, &CredentialStore::written, this, &OfflineVerifier::remembered);
    connect(m_credentials, &CredentialStore::failed, this,
            [this](const QString &key, const QString &message) {
                if (key == m_pendingKey) {
                    m_pendingKey.clear();
                    m_pendingPassword.clear();
                    Q_EMIT refused(tr("The central service cannot be reached and this desk "
                                      "cannot check your password offline: %1")
                                       .arg(message),
                                   false);
                    return;
                }
                Q_EMIT failed(message);
            });
    connect(m_credentials, &CredentialStore::notFound, this, [this](const QString &key) {
        if (key != m_pendingKey) {
            return;
        }
        m_pendingKey.clear();
        m_pendingPassword.clear();
        Q_EMIT refused(tr("The central service cannot be reached, and you have not signed in "
                          "on this desk before, so you cannot work offline yet."),
                       false);
    });
    connect(m_credentials, &CredentialStore::readFinished, this,
            [this](const QString &key, const QString &secret) {
                if (key != m_pendingKey) {
                    return;
                }
                const QString password = std::exchange(m_pendingPassword, {});
                m_pendingKey.clear();
                const QJsonObject o = QJsonDocument::fromJson(secret.toUtf8()).object();
                const QString hash = o.value(u"hash").toString();
                SignedInUser user{o.value(u"username").toString(),
                                  o.value(u"display_name").toString(), o.value(u"role").toString(),
                                  o.value(u"office").toString()};
                auto *watcher = new QFutureWatcher<bool>(this);
                connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, user] {
                    watcher->deleteLater();
                    if (watcher->result()) {
                        Q_EMIT verified(user);
                    } else {
                        Q_EMIT refused(tr("The central service cannot be reached, and the "
                                          "password does not match the one last used on this "
                                          "desk."),
                                       true);
                    }
                });
                watcher->setFuture(QtConcurrent::run(
                    [password, hash] { return PasswordHasher::verify(password, hash); }));
            });
}

QString OfflineVerifier::keyFor(const QString &server, const QString &username)
{
    return QStringLiteral("offline-verifier:") + CredentialStore::keyFor(username, server);
}

void OfflineVerifier::remember(const QString &server, const SignedInUser &user,
                               const QString &password)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, server, user] {
        watcher->deleteLater();
        const QString hash = watcher->result();
        if (hash.isEmpty()) {
            Q_EMIT failed(tr("Could not prepare offline sign-in on this desk."));
            return;
        }
        const QJsonObject o{{QStringLiteral("hash"), hash},
                            {QStringLiteral("username"), user.username},
                            {QStringLiteral("display_name"), user.displayName},
                            {QStringLiteral("role"), user.role},
                            {QStringLiteral("office"), user.office}};
        m_credentials->write(keyFor(server, user.username),
                             QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    });
    watcher->setFuture(QtConcurrent::run([password] { return PasswordHasher::hash(password); }));
}

void OfflineVerifier::check(const QString &server, const QString &username, const QString &password)
{
    m_pendingKey = keyFor(server, username);
    m_pendingPassword = password;
    m_credentials->read(m_pendingKey);
}

void OfflineVerifier::forget(const QString &server, const QString &username)
{
    m_credentials->remove(keyFor(server, username));
}

} // namespace FirstStop
