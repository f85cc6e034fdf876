#include "app/CredentialStore.h"

#include "app/Logging.h"

#include <qt6keychain/keychain.h>

namespace FirstStop {

namespace {

QString explain(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        return CredentialStore::
            tr("No keychain is available on this computer, so FirstStop cannot keep your sign-in "
               "safely and will not store it. Ask IT to enable the desktop keyring (%1).")
                .arg(job->errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return CredentialStore::tr("The keychain refused access: %1").arg(job->errorString());
    default:
        return CredentialStore::tr("The keychain reported an error: %1").arg(job->errorString());
    }
}

// A job has no parent and deletes itself when it has finished (QKeychain's auto-delete). Owned by
// this store, it would be deleted with it while the secret service is still answering, and that
// late answer would land in a deleted job (a crash seen when a desk closes mid-read). The
// finished connection has this store as its context, so a late answer reaches nobody.
template <typename JobType>
JobType *prepared(JobType *job, const QString &key)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

QString CredentialStore::keyFor(const QString &username, const QString &server)
{
    return username + u'@' + server;
}

void CredentialStore::write(const QString &key, const QString &secret)
{
    auto *job = prepared(new QKeychain::WritePasswordJob(m_service), key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError) {
            qCDebug(lcCredentials) << "stored" << key;
            Q_EMIT written(key);
        } else {
            qCWarning(lcCredentials) << "write failed:" << j->errorString();
            Q_EMIT failed(key, explain(j));
        }
    });
    job->start();
}

void CredentialStore::read(const QString &key)
{
    auto *job = prepared(new QKeychain::ReadPasswordJob(m_service), key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        qCDebug(lcCredentials) << "read" << key << "->" << j->error();
        if (j->error() == QKeychain::NoError) {
            Q_EMIT readFinished(key, readJob->textData());
        } else if (j->error() == QKeychain::EntryNotFound) {
            Q_EMIT notFound(key);
        } else {
            qCWarning(lcCredentials) << "read failed:" << j->errorString();
            Q_EMIT failed(key, explain(j));
        }
    });
    job->start();
}

void CredentialStore::remove(const QString &key)
{
    auto *job = prepared(new QKeychain::DeletePasswordJob(m_service), key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound) {
            Q_EMIT removed(key);
        } else {
            Q_EMIT failed(key, explain(j));
        }
    });
    job->start();
}

} // namespace FirstStop
