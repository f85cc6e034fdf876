#include "app/SyncEngine.h"

#include "app/Logging.h"

#include <QFile>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSysInfo>

namespace FirstStop {

SyncEngine::SyncEngine(QObject *parent)
    : QObject(parent)
    , m_api(new ApiClient(this))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncEngine::runCycle);
    connect(m_api, &ApiClient::tokensChanged, this, [this](const Wire::AuthTokens &tokens) {
        Q_EMIT refreshTokenChanged(m_username, tokens.refreshToken);
    });
    connect(m_api, &ApiClient::sessionExpired, this, [this](const QString &message) {
        m_timer->stop();
        m_status.connection = SyncStatus::Connection::NotSignedIn;
        publishStatus();
        Q_EMIT sessionExpired(message);
    });
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::open(const QString &cachePath)
{
    m_store = std::make_unique<LocalStore>();
    QString error;
    if (!m_store->open(cachePath, &error)) {
        m_store.reset();
        Q_EMIT opened(false, error);
        return;
    }
    m_status.lastSynced = m_store->lastSynced();
    publishStatus();
    Q_EMIT opened(true, {});
}

void SyncEngine::setServer(const QUrl &url)
{
    m_api->setBaseUrl(url);
}

void SyncEngine::signIn(const QString &username, const QString &password)
{
    m_username = username;
    m_status.connection = SyncStatus::Connection::Connecting;
    publishStatus();
    Wire::LoginRequest request{username, password, QSysInfo::machineHostName()};
    m_api->login(request, [this](std::optional<Wire::AuthTokens> tokens, ApiFailure failure) {
        takeSignInReply(tokens, failure);
    });
}

void SyncEngine::resume(const QString &username, const QString &refreshToken)
{
    m_username = username;
    m_api->setSession({}, refreshToken);
    m_status.connection = SyncStatus::Connection::Connecting;
    publishStatus();
    m_api->refresh([this](std::optional<Wire::AuthTokens> tokens, ApiFailure failure) {
        takeSignInReply(tokens, failure);
    });
}

void SyncEngine::takeSignInReply(const std::optional<Wire::AuthTokens> &tokens,
                                 const ApiFailure &failure)
{
    if (!tokens) {
        m_status.connection = SyncStatus::Connection::NotSignedIn;
        publishStatus();
        Q_EMIT signInFailed(failure.message, failure.retryable());
        return;
    }
    m_status.connection = SyncStatus::Connection::Online;
    if (m_store) {
        m_store->setEditor(tokens->user.username, tokens->user.displayName);
    }
    // Another member of staff on this PC, or the same one moved: the cache keeps only what this
    // user may hold before anything is shown or pulled.
    adoptScope({tokens->user.role, tokens->user.office});
    Q_EMIT signedIn(tokens->user.username, tokens->user.displayName, tokens->user.role,
                    tokens->user.office);
    runCycle();
}

void SyncEngine::resumeInBackground(const QString &username, const QString &refreshToken)
{
    m_username = username;
    if (m_store) {
        m_store->setEditor(username, {}); // checked offline; the name comes with the reconnect
    }
    m_api->setSession({}, refreshToken);
    m_status.connection = SyncStatus::Connection::Offline;
    publishStatus();
    runCycle();
}

void SyncEngine::signOut()
{
    m_timer->stop();
    m_api->clearSession();
    if (m_store) {
        m_store->setEditor({}, {});
    }
    m_status.connection = SyncStatus::Connection::NotSignedIn;
    publishStatus();
}

void SyncEngine::savePerson(const Person &person)
{
    QString error;
    if (!m_store) {
        Q_EMIT saveFailed(person.id, tr("The local cache is not open."));
        return;
    }
    if (!m_store->saveLocalEdit(person, &error)) {
        Q_EMIT saveFailed(person.id, error);
        return;
    }
    Q_EMIT personSaved(person.id);
    Q_EMIT localDataChanged();
    publishStatus();
    syncNow();
}

void SyncEngine::saveRecord(const Record &record)
{
    QString error;
    if (!m_store) {
        Q_EMIT recordSaveFailed(record.type, record.id, tr("The local cache is not open."));
        return;
    }
    if (!m_store->saveRecord(record, &error)) {
        Q_EMIT recordSaveFailed(record.type, record.id, error);
        return;
    }
    Q_EMIT recordSaved(record.type, record.id);
    Q_EMIT recordsChanged({record.type});
    publishStatus();
    syncNow();
}

void SyncEngine::deleteRecord(const QUuid &id)
{
    QString error;
    const std::optional<Record> current = m_store ? m_store->record(id) : std::nullopt;
    if (!current || !m_store->deleteRecord(id, &error)) {
        Q_EMIT recordSaveFailed(current ? current->type : QString(), id,
                                error.isEmpty() ? tr("The record is no longer on this desk.")
                                                : error);
        return;
    }
    Q_EMIT recordSaved(current->type, id);
    Q_EMIT recordsChanged({current->type});
    publishStatus();
    syncNow();
}

void SyncEngine::requestPersonHistory(const QUuid &personId)
{
    Q_EMIT personHistoryReady(personId,
                              m_store ? m_store->recordsForPerson(personId) : QList<Record>{});
}

void SyncEngine::requestReferenceRecords()
{
    Q_EMIT referenceRecordsReady(
        m_store ? m_store->recordsOfTypes({QString::fromUtf16(kTypeServiceCategory),
                                           QString::fromUtf16(kTypeCharterStandard)})
                : QList<Record>{});
}

void SyncEngine::requestAppointmentBook(quint64 savesSeen)
{
    if (!m_store) {
        Q_EMIT appointmentBookReady({});
        return;
    }
    const QString appointment = QString::fromUtf16(kTypeAppointment);
    AppointmentBook book = AppointmentBook::fromRecords(
        m_store->recordsOfTypes({QString::fromUtf16(kTypeAppointmentSetup), appointment}, 1000000),
        m_store->unsettledRecords(appointment));
    book.savesSeen = savesSeen;
    Q_EMIT appointmentBookReady(book);
}

void SyncEngine::mergePeople(const QUuid &survivor, const QUuid &merged,
                             const QStringList &takeFromMerged)
{
    if (!m_api->hasSession()) {
        Q_EMIT mergeFailed(survivor, merged,
                           tr("Merging needs the central service, and this desk is not signed in "
                              "to it. Nothing was changed."));
        return;
    }
    m_api->mergePeople(
        {survivor, merged, takeFromMerged},
        [this, survivor, merged](std::optional<Wire::MergeResult> result, ApiFailure failure) {
            if (!result) {
                QString message = failure.message;
                if (failure.retryable()) {
                    message = tr("The central service could not be reached, so nothing was "
                                 "merged; try again when the desk is back online. (%1)")
                                  .arg(failure.message);
                }
                Q_EMIT mergeFailed(survivor, merged, message);
                return;
            }
            Q_EMIT mergeFinished(*result);
            syncNow(); // bring the survivor, its history and the redirect to this desk
        });
}

void SyncEngine::requestMergedRecords(const QUuid &personId)
{
    Q_EMIT mergedRecordsReady(personId,
                              m_store ? m_store->mergedInto(personId) : QList<PersonRedirect>{});
}

void SyncEngine::requestPerson(const QUuid &id)
{
    const std::optional<Person> current = m_store ? m_store->currentPerson(id) : std::nullopt;
    Q_EMIT personReady(id, current.value_or(Person{}), current.has_value());
}

void SyncEngine::requestPeople(const QList<QUuid> &ids)
{
    QList<Person> people;
    people.reserve(ids.size());
    for (const QUuid &id : ids) {
        std::optional<Person> p = m_store ? m_store->currentPerson(id) : std::nullopt;
        people.append(p.value_or(Person{}));
    }
    Q_EMIT peopleReady(ids, people);
}

void SyncEngine::syncNow()
{
    m_failures = 0; // a person asked: try straight away, and back off from scratch
    runCycle();
}

void SyncEngine::adoptScope(const DeskScope &scope)
{
    QString error;
    if (m_store && !takeScope(scope, &error)) {
        qCWarning(lcSync).noquote() << "the cache could not follow the user's scope:" << error;
    }
}

bool SyncEngine::takeScope(const DeskScope &scope, QString *error)
{
    QStringList removed;
    if (!m_store->adoptScope(scope, &removed, error)) {
        return false;
    }
    if (!removed.isEmpty()) {
        Q_EMIT localDataChanged();
        Q_EMIT recordsChanged(removed);
    }
    return true;
}

void SyncEngine::shutdown()
{
    m_timer->stop();
    m_store.reset();
}

void SyncEngine::requestConflicts()
{
    Q_EMIT conflictsReady(m_store ? m_store->openConflicts() : QList<ConflictRecord>{});
}

void SyncEngine::resolveConflict(qint64 conflictId, bool keepDeskValue)
{
    QString error;
    if (!m_store || !m_store->resolveConflict(conflictId, keepDeskValue, &error)) {
        Q_EMIT conflictResolveFailed(error.isEmpty() ? tr("The local cache is not open.") : error);
    } else {
        Q_EMIT localDataChanged();
        if (keepDeskValue) {
            syncNow();
        }
    }
    publishStatus();
    requestConflicts();
}

void SyncEngine::runCycle()
{
    if (!m_store || !m_api->hasSession()) {
        return;
    }
    if (m_running) {
        m_runAgain = true;
        return;
    }
    m_running = true;
    m_runAgain = false;
    m_timer->stop();
    m_status.syncing = true;
    publishStatus();
    // Push first, so the pull that follows brings back this desk's own edits at their centre
    // versions (and any conflicts they met).
    pushNext(m_timing.pushBatchSize);
}

void SyncEngine::pushNext(int batchSize)
{
    const QList<OutboxEntry> entries = m_store->pendingMutations(batchSize);
    if (entries.isEmpty()) {
        pullNext();
        return;
    }
    Wire::MutationBatch batch;
    batch.clientId = m_store->clientId();
    QList<QUuid> ids;
    for (const OutboxEntry &e : entries) {
        batch.mutations.append(e.mutation);
        ids.append(e.mutation.id);
    }
    m_api->pushMutations(batch,
                         [this, ids, batchSize](std::optional<QList<Wire::MutationResult>> results,
                                                ApiFailure failure) {
                             if (!m_store) {
                                 return;
                             }
                             if (m_stepHook) {
                                 m_stepHook(Step::PushReplyReceived);
                             }
                             if (!results) {
                                 if (failure.kind == ApiFailure::Kind::Refused) {
                                     if (ids.size() > 1) {
                                         // One bad entry must not hold the rest back: find it by
                                         // sending one at a time.
                                         pushNext(1);
                                         return;
                                     }
                                     Wire::MutationResult rejected;
                                     rejected.id = ids.first();
                                     rejected.status = Wire::MutationStatus::Rejected;
                                     rejected.error = failure.message;
                                     QString error;
                                     m_store->applyMutationResults({rejected}, &error);
                                     publishStatus();
                                     pushNext(m_timing.pushBatchSize);
                                     return;
                                 }
                                 m_store->recordPushFailure(ids, failure.message);
                                 finishCycle(false, failure);
                                 return;
                             }
                             QString error;
                             if (!m_store->applyMutationResults(*results, &error)) {
                                 finishCycle(false, {ApiFailure::Kind::BadReply, 0, error});
                                 return;
                             }
                             Q_EMIT localDataChanged();
                             publishStatus();
                             pushNext(batchSize == 1 ? m_timing.pushBatchSize : batchSize);
                         });
}

void SyncEngine::pullNext()
{
    if (m_timing.useSnapshot && !m_snapshotTried && m_store->canAdoptSnapshot()) {
        m_snapshotTried = true;
        fetchSnapshot();
        return;
    }
    fetchPage(m_store->cursor());
}

void SyncEngine::fetchSnapshot()
{
    const QString path = m_store->snapshotDownloadPath();
    auto file = std::make_shared<QFile>(path);
    if (!file->open(QIODevice::ReadWrite | QIODevice::Truncate)) {
        qCInfo(lcSync).noquote() << "no room for the people snapshot:" << file->errorString();
        fetchPage(m_store->cursor());
        return;
    }
    const quint64 epoch = m_epoch;
    QElapsedTimer timer;
    timer.start();
    m_status.syncing = true;
    publishStatus();
    m_api->downloadSnapshot(
        file.get(), [this, file, epoch, timer](std::optional<qint64> bytes, ApiFailure failure) {
            file->close();
            const auto cleanUp = qScopeGuard([&file] { file->remove(); });
            if (!m_store || epoch != m_epoch) {
                return;
            }
            if (!bytes) {
                if (failure.kind == ApiFailure::Kind::Unauthorized ||
                    failure.kind == ApiFailure::Kind::Untrusted) {
                    finishCycle(false, failure);
                    return;
                }
                // No snapshot (an older centre, none built yet, a broken download): the pages
                // bring the same people, only more slowly.
                qCInfo(lcSync).noquote() << "people snapshot not used:" << failure.message;
                fetchPage(m_store->cursor());
                return;
            }
            if (m_stepHook) {
                m_stepHook(Step::SnapshotDownloaded);
            }
            QString error;
            if (m_store->adoptSnapshot(file->fileName(), &error)) {
                qCInfo(lcSync) << "first sync from the people snapshot:" << *bytes << "bytes in"
                               << timer.elapsed() << "ms";
                Q_EMIT localDataChanged();
                publishStatus();
            }
            fetchPage(m_store->cursor());
        });
}

void SyncEngine::fetchPage(qint64 since)
{
    const quint64 epoch = m_epoch;
    const qint64 peopleThrough = m_store->peopleThrough();
    m_api->fetchChanges(
        since, m_timing.pageSize, peopleThrough,
        [this, since, epoch](std::optional<Wire::ChangePage> page, ApiFailure failure) {
            // A reply for a cycle that has already ended (a prefetch overtaken by a failure) or for
            // a cursor this desk is no longer at is dropped: the next cycle asks again.
            if (!m_store || epoch != m_epoch || since != m_store->cursor()) {
                return;
            }
            if (!page) {
                finishCycle(false, failure);
                return;
            }
            // The centre chose this page's records for a scope the cache was not filled for
            // (another user signed in, or this one was moved at the centre): the cache follows
            // first. If the records have to be pulled again from the start, this page (from the
            // old cursor) is not taken; the next request starts from the new cursor.
            if (page->scope && m_store->cacheScope() != *page->scope) {
                QString error;
                if (!takeScope(*page->scope, &error)) {
                    finishCycle(false, {ApiFailure::Kind::BadReply, 0,
                                        tr("This desk's cache could not follow the signed-in "
                                           "user's office and role: %1")
                                            .arg(error)});
                    return;
                }
                if (since != m_store->cursor()) {
                    fetchPage(m_store->cursor());
                    return;
                }
            }
            // Ask for the next page before writing this one, so the download (on the network
            // thread) overlaps the write. Its reply is only used if this page commits.
            if (page->more) {
                fetchPage(page->cursor);
            }
            QString error;
            if (!m_store->applyChangePage(*page, &error)) {
                finishCycle(false,
                            {ApiFailure::Kind::BadReply, 0,
                             tr("Changes from the central service could not be stored on this "
                                "desk (nothing of the page was kept): %1")
                                 .arg(error)});
                return;
            }
            if (m_stepHook) {
                m_stepHook(Step::PageApplied);
            }
            if (!page->changes.isEmpty()) {
                Q_EMIT localDataChanged();
                QStringList types;
                for (const Wire::Change &c : page->changes) {
                    if (c.type != Wire::kTypePerson && !types.contains(c.type)) {
                        types.append(c.type);
                    }
                }
                if (!types.isEmpty()) {
                    Q_EMIT recordsChanged(types);
                }
            }
            if (page->more) {
                // Counting a big cache is not free: during a long pull, tell the UI a few times a
                // second, not after every page.
                if (!m_sincePublished.isValid() || m_sincePublished.elapsed() > 250) {
                    publishStatus();
                }
                return;
            }
            finishCycle(true);
        });
}

void SyncEngine::finishCycle(bool ok, const ApiFailure &failure)
{
    ++m_epoch;
    m_running = false;
    m_status.syncing = false;
    if (ok) {
        m_failures = 0;
        m_status.connection = SyncStatus::Connection::Online;
        m_status.lastError.clear();
        m_status.nextRetrySeconds = 0;
        m_status.lastSynced = QDateTime::currentDateTimeUtc();
        m_store->setLastSynced(m_status.lastSynced);
        m_timer->start(m_timing.pollIntervalMs);
    } else if (failure.kind == ApiFailure::Kind::Unauthorized) {
        m_status.connection = SyncStatus::Connection::NotSignedIn;
        m_status.lastError = failure.message;
    } else {
        qCInfo(lcSync).noquote() << "sync failed:" << failure.message;
        m_status.connection = SyncStatus::Connection::Offline;
        m_status.lastError = failure.message;
        scheduleRetry();
    }
    publishStatus();
    Q_EMIT cycleFinished(ok);
    if (m_runAgain) {
        runCycle();
    }
}

void SyncEngine::scheduleRetry()
{
    ++m_failures;
    const qint64 exp = qint64(m_timing.retryBaseMs) << std::min(m_failures - 1, 16);
    const qint64 cap = std::min<qint64>(exp, m_timing.retryMaxMs);
    // Full jitter between half and all of the delay, so ten desks coming back after an outage do
    // not hammer the centre in step.
    const qint64 delay = cap / 2 + QRandomGenerator::global()->bounded(cap / 2 + 1);
    m_status.nextRetrySeconds = static_cast<int>((delay + 999) / 1000);
    m_timer->start(static_cast<int>(delay));
}

void SyncEngine::publishStatus()
{
    m_sincePublished.start();
    if (m_store) {
        const SyncCounts counts = m_store->counts();
        m_status.pending = counts.pending;
        m_status.rejected = counts.rejected;
        m_status.conflicts = counts.conflicts;
        m_status.people = counts.people;
    }
    Q_EMIT statusChanged(m_status);
}

} // namespace FirstStop
