#include "app/ProvisionCommand.h"

#include "app/DeskController.h"

#include <cstdio>

namespace FirstStop {

namespace {

void printLine(FILE *stream, const QString &text)
{
    std::fprintf(stream, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stream);
}

} // namespace

ProvisionCommand::ProvisionCommand(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_desk(std::make_unique<DeskController>())
{}

ProvisionCommand::~ProvisionCommand() = default;

void ProvisionCommand::fail(const QString &message)
{
    if (m_done) {
        return;
    }
    m_done = true;
    printLine(stderr, tr("firststop provision: %1").arg(message));
    Q_EMIT finished(1);
}

void ProvisionCommand::finishIfDone()
{
    // Done when the cache is full and the sign-in is kept (or the keychain said it cannot be).
    if (m_done || !m_synced || (!m_keychainWarned && (!m_tokenSaved || !m_verifierSaved))) {
        return;
    }
    m_done = true;
    printLine(stdout, tr("Desk provisioned: %1 people in the local cache at %2.")
                          .arg(m_people)
                          .arg(m_options.dataDir));
    Q_EMIT finished(0);
}

void ProvisionCommand::start()
{
    connect(m_desk.get(), &DeskController::ready, this, [this](bool ok, const QString &error) {
        if (!ok) {
            fail(error);
            return;
        }
        printLine(stdout, tr("Signing in to %1 as %2…")
                              .arg(m_options.server.toDisplayString(), m_options.username));
        m_desk->signIn(m_options.username, std::exchange(m_options.password, {}));
    });
    connect(m_desk.get(), &DeskController::signInFailed, this,
            [this](const QString &message, bool) { fail(message); });
    connect(m_desk.get(), &DeskController::notice, this, [this](const QString &message) {
        // A keychain problem is worth saying but does not stop the cache being filled.
        m_keychainWarned = true;
        printLine(stderr, tr("firststop provision: warning: %1").arg(message));
        finishIfDone();
    });
    connect(m_desk.get(), &DeskController::statusChanged, this, [this](const SyncStatus &s) {
        if (m_done || !m_desk->isSignedIn() || m_desk->isWorkingOffline()) {
            if (m_desk->isWorkingOffline()) {
                fail(tr("the central service cannot be reached; nothing was provisioned."));
            }
            return;
        }
        if (s.connection == SyncStatus::Connection::Offline && !s.lastError.isEmpty()) {
            fail(s.lastError);
            return;
        }
        if (s.syncing || !s.lastSynced.isValid() ||
            s.connection != SyncStatus::Connection::Online) {
            return;
        }
        m_synced = true;
        m_people = s.people;
        finishIfDone();
    });
    connect(m_desk.get(), &DeskController::refreshTokenSaved, this, [this] {
        m_tokenSaved = true;
        finishIfDone();
    });
    connect(m_desk.get(), &DeskController::offlineSignInSaved, this, [this] {
        m_verifierSaved = true;
        finishIfDone();
    });
    m_desk->start(m_options.dataDir, m_options.server);
}

} // namespace FirstStop
