#pragma once

#include "app/ApiClient.h"
#include "app/SyncStatus.h"
#include "models/Appointment.h"
#include "models/LocalStore.h"
#include "models/Person.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace FirstStop {

// Moves changes between the desk's cache and the central service: pushes the outbox, then pulls
// pages of changes, on its own thread, with its own retry timer (backoff with jitter) so work
// waiting in the outbox goes out when the network comes back even if nobody edits anything.
//
// Every public slot is meant to be invoked from another thread through a queued call; results come
// back as signals. The engine owns the only writing connection to the cache.
class SyncEngine final : public QObject
{
    Q_OBJECT

public:
    struct Timing
    {
        int pollIntervalMs = 30'000; // check for changes when idle
        int retryBaseMs = 1'000;     // first retry after a failure; doubles each time
        int retryMaxMs = 60'000;
        int pageSize = Wire::kDefaultPageSize;
        int pushBatchSize = 200;
        // An empty cache starts from the centre's people snapshot when it has one
        // (docs/architecture.md, "First sync from a snapshot"); off: page by page only.
        bool useSnapshot = true;
    };

    explicit SyncEngine(QObject *parent = nullptr);
    ~SyncEngine() override;

    void setTiming(const Timing &timing) { m_timing = timing; }
    // The engine's API client (TLS trust; for tests, shorter timeouts).
    ApiClient &api() { return *m_api; }

    // A test seam (tests/e2e/desk_sync_tool): called at the points where a crash must lose
    // nothing, so a test can kill the process exactly there.
    enum class Step
    {
        PushReplyReceived,  // the centre answered a push; the answer is not yet recorded
        PageApplied,        // a pulled page and its cursor are committed to the cache
        SnapshotDownloaded, // the snapshot file is on disk; not yet taken into the cache
    };
    void setStepHook(std::function<void(Step)> hook) { m_stepHook = std::move(hook); }

public Q_SLOTS:
    void open(const QString &cachePath);
    void setServer(const QUrl &url);
    void signIn(const QString &username, const QString &password);
    void resume(const QString &username, const QString &refreshToken);
    // After an offline sign-in: keep the refresh token and let the retry timer reconnect when the
    // centre is reachable again, without bothering the person at the desk.
    void resumeInBackground(const QString &username, const QString &refreshToken);
    void signOut();
    void savePerson(const FirstStop::Person &person);
    // Any other kind of record (models/EntityType.h): written with its outbox entry, then synced.
    void saveRecord(const FirstStop::Record &record);
    void deleteRecord(const QUuid &id);
    // The person's history (their records, newest first) comes back through personHistoryReady.
    void requestPersonHistory(const QUuid &personId);
    // The reference data the centre's team leads maintain (the service catalogue's changes, the
    // charter standards) comes back through referenceRecordsReady.
    void requestReferenceRecords();
    // The appointment set-up and every appointment in the cache, read and parsed here, off the
    // GUI thread: appointmentBookReady.
    void requestAppointmentBook(quint64 savesSeen = 0);
    // The people these ids lead to now (merged ones followed to their survivor), for lists that
    // name them (the day's appointments): peopleReady, with the ids asked for in the same order.
    void requestPeople(const QList<QUuid> &ids);
    // A team lead merges the record `merged` into `survivor` at the centre (never offline: the
    // centre decides, in one transaction); mergeFinished or mergeFailed tells, and the pull that
    // follows brings the survivor, its new history and the redirect.
    void mergePeople(const QUuid &survivor, const QUuid &merged, const QStringList &takeFromMerged);
    // The records merged into this person, through mergedRecordsReady.
    void requestMergedRecords(const QUuid &personId);
    // The person an id leads to now (itself, or the survivor of a merge), through personReady.
    void requestPerson(const QUuid &id);
    void syncNow();
    // The signed-in user's role and office (an offline sign-in, which the centre has not seen
    // yet): the cache gives up the records that user may not hold (LocalStore::adoptScope).
    // Online, the centre's answers say the same and the engine follows them.
    void adoptScope(const FirstStop::DeskScope &scope);
    void shutdown();
    void requestConflicts();
    void resolveConflict(qint64 conflictId, bool keepDeskValue);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void signedIn(const QString &username, const QString &displayName, const QString &role,
                  const QString &office);
    // offline: the centre could not be reached (as opposed to a refused password).
    void signInFailed(const QString &message, bool offline);
    void sessionExpired(const QString &message);
    void refreshTokenChanged(const QString &username, const QString &refreshToken);
    void statusChanged(const FirstStop::SyncStatus &status);
    void localDataChanged();
    void personSaved(const QUuid &id);
    void saveFailed(const QUuid &id, const QString &message);
    void recordSaved(const QString &type, const QUuid &id);
    void recordSaveFailed(const QString &type, const QUuid &id, const QString &message);
    // Records of these kinds changed on this desk (a local save or deletion, a pulled page).
    void recordsChanged(const QStringList &types);
    void personHistoryReady(const QUuid &personId, const QList<FirstStop::Record> &records);
    void referenceRecordsReady(const QList<FirstStop::Record> &records);
    void appointmentBookReady(const FirstStop::AppointmentBook &book);
    void peopleReady(const QList<QUuid> &ids, const QList<FirstStop::Person> &people);
    void cycleFinished(bool ok);
    void mergeFinished(const FirstStop::Wire::MergeResult &result);
    void mergeFailed(const QUuid &survivor, const QUuid &merged, const QString &message);
    void mergedRecordsReady(const QUuid &personId,
                            const QList<FirstStop::PersonRedirect> &redirects);
    // found false: the desk knows no such person (any more).
    void personReady(const QUuid &requested, const FirstStop::Person &current, bool found);
    void conflictsReady(const QList<FirstStop::ConflictRecord> &conflicts);
    void conflictResolveFailed(const QString &message);

private:
    // A log-in or a session resumed with the refresh token: signed in and syncing, or why not.
    void takeSignInReply(const std::optional<Wire::AuthTokens> &tokens, const ApiFailure &failure);
    void runCycle();
    void pushNext(int batchSize);
    void pullNext();
    // First sync of an empty cache: the centre's people snapshot, then the pages after it.
    void fetchSnapshot();
    void fetchPage(qint64 since);
    void finishCycle(bool ok, const ApiFailure &failure = {});
    void scheduleRetry();
    void publishStatus();
    // LocalStore::adoptScope, telling the screens what left the cache. False when the cache could
    // not be changed (the cycle stops with that error).
    bool takeScope(const DeskScope &scope, QString *error);

    std::unique_ptr<LocalStore> m_store;
    ApiClient *m_api = nullptr;
    QTimer *m_timer; // a child, so it moves with the engine to the sync thread
    Timing m_timing;
    std::function<void(Step)> m_stepHook;
    SyncStatus m_status;
    QString m_username;
    bool m_running = false;
    bool m_runAgain = false;
    int m_failures = 0;
    bool m_snapshotTried = false; // once per run: a centre without one is asked no more
    quint64 m_epoch = 0; // bumped when a cycle ends; late replies of an old cycle are dropped
    QElapsedTimer m_sincePublished;
};

} // namespace FirstStop
