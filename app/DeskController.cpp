#include "app/DeskController.h"

#include "app/AppointmentService.h"
#include "app/CredentialStore.h"
#include "app/EnquiryService.h"
#include "app/OfflineVerifier.h"
#include "app/SearchService.h"
#include "app/SyncEngine.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QSettings>

namespace FirstStop {

DeskController::DeskController(QObject *parent)
    : QObject(parent)
    , m_search(new SearchService(this))
    , m_enquiries(new EnquiryService(this))
    , m_appointments(new AppointmentService(this))
    , m_credentials(new CredentialStore(QStringLiteral(FIRSTSTOP_APP_ID), this))
    , m_offline(new OfflineVerifier(this))
{
    qRegisterMetaType<FirstStop::Person>();
    qRegisterMetaType<QList<FirstStop::Person>>();
    qRegisterMetaType<QList<QUuid>>();
    qRegisterMetaType<FirstStop::SyncStatus>();
    qRegisterMetaType<FirstStop::SignedInUser>();
    qRegisterMetaType<QList<FirstStop::PersonMatch>>();
    qRegisterMetaType<QList<FirstStop::ConflictRecord>>();
    qRegisterMetaType<FirstStop::Record>();
    qRegisterMetaType<QList<FirstStop::Record>>();
    qRegisterMetaType<FirstStop::Wire::MergeResult>();
    qRegisterMetaType<QList<FirstStop::PersonRedirect>>();

    m_syncThread.setObjectName(QStringLiteral("firststop-sync"));
    m_engine = new SyncEngine;
    m_engine->moveToThread(&m_syncThread);
    connect(&m_syncThread, &QThread::finished, m_engine, &QObject::deleteLater);

    connect(m_engine, &SyncEngine::opened, this, [this](bool ok, const QString &error) {
        if (ok) {
            m_search->open(m_cachePath);
            QMetaObject::invokeMethod(m_engine, &SyncEngine::requestReferenceRecords);
            requestAppointmentBook();
        }
        Q_EMIT ready(ok, error);
    });
    connect(m_engine, &SyncEngine::signedIn, this,
            [this](const QString &username, const QString &displayName, const QString &role,
                   const QString &office) {
                m_user = {username, displayName, role, office};
                m_workingOffline = false;
                if (!m_pendingPassword.isEmpty()) {
                    m_offline->remember(m_server.toString(), m_user,
                                        std::exchange(m_pendingPassword, {}));
                }
                Q_EMIT signedIn(m_user);
            });
    connect(m_engine, &SyncEngine::signInFailed, this,
            [this](const QString &message, bool offline) {
                const QString password = std::exchange(m_pendingPassword, {});
                if (offline && !password.isEmpty() && !m_signInUser.isEmpty()) {
                    m_offline->check(m_server.toString(), m_signInUser, password);
                    return;
                }
                Q_EMIT signInFailed(message, offline);
            });
    connect(m_offline, &OfflineVerifier::verified, this, [this](const SignedInUser &user) {
        if (std::exchange(m_unlocking, false)) {
            m_unlockPassword.clear();
            Q_EMIT unlocked();
            return;
        }
        m_user = user;
        m_workingOffline = true;
        // Signed in offline, perhaps as someone of another office or role than the cache was
        // filled for: it gives up what this user may not hold before anything is shown.
        QMetaObject::invokeMethod(
            m_engine,
            [e = m_engine, scope = DeskScope{user.role, user.office}] { e->adoptScope(scope); });
        // Reconnect by itself when the centre is back, with the refresh token kept at the last
        // online sign-in.
        m_resumeUser = user.username;
        m_resumeInBackground = true;
        m_credentials->read(CredentialStore::keyFor(user.username, m_server.toString()));
        Q_EMIT signedIn(m_user);
        Q_EMIT notice(tr("Working offline: the central service cannot be reached. Your work is "
                         "kept on this desk and sent when the connection is back."));
    });
    connect(m_offline, &OfflineVerifier::refused, this,
            [this](const QString &message, bool wrongPassword) {
                if (std::exchange(m_unlocking, false)) {
                    const QString password = std::exchange(m_unlockPassword, {});
                    if (wrongPassword) {
                        Q_EMIT unlockFailed(
                            tr("That is not the right password for %1.").arg(m_user.displayName));
                    } else {
                        // No verifier kept on this desk: the centre checks the password.
                        signIn(m_user.username, password);
                    }
                    return;
                }
                Q_EMIT signInFailed(message, true);
            });
    connect(m_offline, &OfflineVerifier::failed, this, [this](const QString &message) {
        if (std::exchange(m_unlocking, false)) {
            // No verifier on this desk (e.g. no keychain): the centre checks the password.
            signIn(m_user.username, std::exchange(m_unlockPassword, {}));
            return;
        }
        Q_EMIT notice(message);
    });
    connect(m_offline, &OfflineVerifier::remembered, this, &DeskController::offlineSignInSaved);
    connect(m_credentials, &CredentialStore::written, this, [this](const QString &key) {
        if (key == CredentialStore::keyFor(m_user.username, m_server.toString())) {
            Q_EMIT refreshTokenSaved();
        }
    });
    connect(m_engine, &SyncEngine::sessionExpired, this, [this](const QString &message) {
        m_credentials->remove(CredentialStore::keyFor(m_user.username, m_server.toString()));
        Q_EMIT notice(tr("Your session has ended; please sign in again. (%1)").arg(message));
    });
    connect(m_engine, &SyncEngine::refreshTokenChanged, this,
            [this](const QString &username, const QString &token) {
                m_credentials->write(CredentialStore::keyFor(username, m_server.toString()), token);
            });
    connect(m_engine, &SyncEngine::statusChanged, this, [this](const SyncStatus &status) {
        m_status = status;
        Q_EMIT statusChanged(status);
    });
    connect(m_engine, &SyncEngine::localDataChanged, m_search, &SearchService::refresh);
    connect(m_engine, &SyncEngine::personSaved, this, &DeskController::personSaved);
    connect(m_engine, &SyncEngine::saveFailed, this, &DeskController::saveFailed);
    connect(m_engine, &SyncEngine::recordSaved, this, &DeskController::recordSaved);
    connect(m_engine, &SyncEngine::recordSaveFailed, this, &DeskController::recordSaveFailed);
    connect(m_engine, &SyncEngine::recordsChanged, this, &DeskController::recordsChanged);
    // A new enquiry or note moves someone's last contact in the results.
    connect(m_engine, &SyncEngine::recordsChanged, m_search, &SearchService::refresh);
    connect(m_engine, &SyncEngine::personHistoryReady, this, &DeskController::personHistoryReady);
    connect(m_engine, &SyncEngine::mergeFinished, this, &DeskController::mergeFinished);
    connect(m_engine, &SyncEngine::mergeFailed, this, &DeskController::mergeFailed);
    connect(m_engine, &SyncEngine::mergedRecordsReady, this, &DeskController::mergedRecordsReady);
    connect(m_engine, &SyncEngine::personReady, this, &DeskController::personReady);
    connect(m_engine, &SyncEngine::peopleReady, this, &DeskController::peopleReady);
    connect(m_search, &SearchService::resultsReady, this, &DeskController::searchResults);
    connect(m_search, &SearchService::duplicatesReady, this, &DeskController::duplicatesFound);
    connect(m_enquiries, &EnquiryService::notice, this, &DeskController::notice);
    connect(m_enquiries, &EnquiryService::recordToSave, this, &DeskController::saveRecord);
    connect(m_enquiries, &EnquiryService::personHistoryWanted, this,
            &DeskController::requestPersonHistory);
    connect(this, &DeskController::recordSaved, m_enquiries, &EnquiryService::takeRecordSaved);
    connect(this, &DeskController::recordSaveFailed, m_enquiries,
            &EnquiryService::takeRecordSaveFailed);
    connect(this, &DeskController::personHistoryReady, m_enquiries,
            &EnquiryService::takePersonHistory);
    // The centre's service list changes and charter standards: read when the cache opens and
    // whenever a sync brings new ones.
    connect(m_engine, &SyncEngine::referenceRecordsReady, m_enquiries,
            &EnquiryService::takeReferenceRecords);
    connect(m_engine, &SyncEngine::recordsChanged, this, [this](const QStringList &types) {
        if (types.contains(QString::fromUtf16(kTypeServiceCategory)) ||
            types.contains(QString::fromUtf16(kTypeCharterStandard))) {
            QMetaObject::invokeMethod(m_engine, &SyncEngine::requestReferenceRecords);
        }
    });
    connect(this, &DeskController::signedIn, m_enquiries,
            [this](const SignedInUser &user) { m_enquiries->setOffice(user.office); });
    // Appointments: the set-up and the bookings are read on the sync thread when the cache opens
    // and whenever a sync or a save touches them; a booking made here waits for the centre's
    // judgement, so each finished cycle reads them again while any is unsettled.
    connect(m_engine, &SyncEngine::appointmentBookReady, m_appointments,
            &AppointmentService::takeBook);
    connect(m_appointments, &AppointmentService::recordToSave, this, &DeskController::saveRecord);
    connect(m_engine, &SyncEngine::recordsChanged, this, [this](const QStringList &types) {
        if (types.contains(QString::fromUtf16(kTypeAppointment)) ||
            types.contains(QString::fromUtf16(kTypeAppointmentSetup))) {
            requestAppointmentBook();
        }
    });
    connect(m_engine, &SyncEngine::cycleFinished, this, [this] {
        if (m_appointments->hasUnsettled()) {
            requestAppointmentBook();
        }
    });
    connect(this, &DeskController::signedIn, m_appointments, [this](const SignedInUser &user) {
        m_appointments->setOffice(user.office, user.role == u"admin");
    });
    connect(m_engine, &SyncEngine::conflictsReady, this, &DeskController::conflictsReady);
    connect(m_engine, &SyncEngine::conflictResolveFailed, this, &DeskController::notice);

    connect(m_credentials, &CredentialStore::failed, this,
            [this](const QString &key, const QString &message) {
                if (!m_resumeUser.isEmpty() &&
                    key == CredentialStore::keyFor(m_resumeUser, m_server.toString())) {
                    m_resumeUser.clear();
                    Q_EMIT resumeUnavailable(message);
                    return;
                }
                Q_EMIT notice(message);
            });
    connect(m_credentials, &CredentialStore::notFound, this, [this](const QString &) {
        m_resumeUser.clear();
        if (std::exchange(m_resumeInBackground, false)) {
            return; // working offline without a token: a sign-in will be asked for when online
        }
        Q_EMIT resumeUnavailable(tr("No saved sign-in on this desk."));
    });
    connect(m_credentials, &CredentialStore::readFinished, this,
            [this](const QString &, const QString &token) {
                const QString username = std::exchange(m_resumeUser, {});
                if (std::exchange(m_resumeInBackground, false)) {
                    QMetaObject::invokeMethod(m_engine, [e = m_engine, username, token] {
                        e->resumeInBackground(username, token);
                    });
                    return;
                }
                QMetaObject::invokeMethod(
                    m_engine, [e = m_engine, username, token] { e->resume(username, token); });
            });

    m_syncThread.start();
}

void DeskController::requestAppointmentBook()
{
    // The saves handed to the sync thread so far are queued before this request, so the book it
    // reads holds them.
    QMetaObject::invokeMethod(m_engine, [e = m_engine, saves = m_appointments->saveToken()] {
        e->requestAppointmentBook(saves);
    });
}

QString DeskController::dataDir() const
{
    return QFileInfo(m_cachePath).absolutePath();
}

DeskController::~DeskController()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::shutdown, Qt::BlockingQueuedConnection);
    m_syncThread.quit();
    m_syncThread.wait();
}

void DeskController::start(const QString &dataDir, const QUrl &server)
{
    m_server = server;
    QDir().mkpath(dataDir);
    m_cachePath = QDir(dataDir).filePath(QStringLiteral("desk.sqlite"));
    // The office's region for bank holidays: an administrator sets holidayRegion (a division of
    // the gov.uk file: england-and-wales, scotland, northern-ireland) in the desk's settings.
    // The complaint policy preset (enquiry/complaintPolicy: "scotland", else the LGSCO code; a
    // complaint-policy.json beside the cache wins) and the repeat-contact window in days.
    const QSettings settings;
    m_enquiries->loadReferenceData(
        dataDir, settings.value(QStringLiteral("enquiry/holidayRegion")).toString(),
        settings.value(QStringLiteral("enquiry/complaintPolicy")).toString());
    if (const int days = settings.value(QStringLiteral("enquiry/repeatWindowDays")).toInt();
        days > 0 && days <= 366) {
        m_enquiries->setRepeatWindowDays(days);
    }
    QMetaObject::invokeMethod(m_engine, [e = m_engine, path = m_cachePath, server, tls = m_tls] {
        e->api().setTlsTrust(tls);
        e->setServer(server);
        e->open(path);
    });
}

void DeskController::signIn(const QString &username, const QString &password)
{
    m_pendingPassword = password;
    m_signInUser = username;
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, username, password] { e->signIn(username, password); });
}

void DeskController::unlock(const QString &username, const QString &password)
{
    if (m_user.username.isEmpty() || username.compare(m_user.username, Qt::CaseInsensitive) != 0) {
        signIn(username, password);
        return;
    }
    m_unlocking = true;
    m_unlockPassword = password;
    m_offline->check(m_server.toString(), m_user.username, password);
}

void DeskController::resumeSession(const QString &username)
{
    m_resumeUser = username;
    m_credentials->read(CredentialStore::keyFor(username, m_server.toString()));
}

void DeskController::signOut()
{
    m_credentials->remove(CredentialStore::keyFor(m_user.username, m_server.toString()));
    m_user = {};
    QMetaObject::invokeMethod(m_engine, &SyncEngine::signOut);
}

void DeskController::savePerson(const Person &person)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, person] { e->savePerson(person); });
}

void DeskController::saveRecord(const Record &record)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, record] { e->saveRecord(record); });
}

void DeskController::deleteRecord(const QUuid &id)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, id] { e->deleteRecord(id); });
}

void DeskController::mergePeople(const QUuid &survivor, const QUuid &merged,
                                 const QStringList &takeFromMerged)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, survivor, merged, takeFromMerged] {
        e->mergePeople(survivor, merged, takeFromMerged);
    });
}

void DeskController::requestPeople(const QList<QUuid> &ids)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, ids] { e->requestPeople(ids); });
}

void DeskController::requestPerson(const QUuid &id)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, id] { e->requestPerson(id); });
}

void DeskController::searchToPick(const QString &text)
{
    if (m_cachePath.isEmpty()) {
        return; // not started: nothing to search yet
    }
    if (!m_pickSearch) {
        m_pickSearch = new SearchService(this);
        m_pickSearch->open(m_cachePath);
        connect(m_pickSearch, &SearchService::resultsReady, this, &DeskController::pickResults);
        connect(m_engine, &SyncEngine::localDataChanged, m_pickSearch, &SearchService::refresh);
    }
    m_pickSearch->search(text, 20);
}

void DeskController::requestMergedRecords(const QUuid &personId)
{
    QMetaObject::invokeMethod(m_engine,
                              [e = m_engine, personId] { e->requestMergedRecords(personId); });
}

void DeskController::requestPersonHistory(const QUuid &personId)
{
    QMetaObject::invokeMethod(m_engine,
                              [e = m_engine, personId] { e->requestPersonHistory(personId); });
}

void DeskController::search(const QString &text)
{
    m_search->search(text);
}

void DeskController::checkDuplicates(const Person &candidate)
{
    m_search->checkDuplicates(candidate);
}

void DeskController::syncNow()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::syncNow);
}

void DeskController::requestConflicts()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::requestConflicts);
}

void DeskController::resolveConflict(qint64 conflictId, bool keepDeskValue)
{
    QMetaObject::invokeMethod(m_engine, [e = m_engine, conflictId, keepDeskValue] {
        e->resolveConflict(conflictId, keepDeskValue);
    });
}

} // namespace FirstStop
