#pragma once

#include "app/SyncStatus.h"
#include "app/TlsTrust.h"
#include "models/LocalStore.h"
#include "models/Person.h"

#include <QObject>
#include <QThread>
#include <QUrl>

namespace FirstStop {

class AppointmentService;
class CredentialStore;
class EnquiryService;
class OfflineVerifier;
class SearchService;
class SyncEngine;

struct SignedInUser
{
    QString username;
    QString displayName;
    QString role;
    QString office;
};

// The desk's application layer in one object for the screens: opens the cache, signs in (keeping
// the refresh token in the OS keychain), runs the sync engine on its own thread and the search on
// another, and reports everything back as signals on the GUI thread. Nothing here blocks.
class DeskController final : public QObject
{
    Q_OBJECT

public:
    explicit DeskController(QObject *parent = nullptr);
    ~DeskController() override;

    // Which certificates an https:// centre may present (a private CA, pins). Before start().
    void setTlsTrust(const TlsTrust &trust) { m_tls = trust; }
    // The cache lives in dataDir/desk.sqlite. Emits ready() when it is open.
    void start(const QString &dataDir, const QUrl &server);
    QUrl server() const { return m_server; }
    // Reads the cache's appointments again for appointments() (on the sync thread).
    void requestAppointmentBook();
    // The folder the cache lives in (confirmations and other files the desk writes go beside it).
    QString dataDir() const;
    const SignedInUser &user() const { return m_user; }
    const SyncStatus &status() const { return m_status; }
    bool isSignedIn() const { return !m_user.username.isEmpty(); }
    // Signed in against the local verifier because the centre could not be reached.
    bool isWorkingOffline() const { return m_workingOffline; }

    // Signs in at the centre; when it cannot be reached, against the verifier this desk kept at
    // the last online sign-in (signedIn() then comes with isWorkingOffline() true).
    void signIn(const QString &username, const QString &password);
    // Signs in again with the refresh token kept in the keychain, if there is one.
    void resumeSession(const QString &username);
    void signOut();
    // Unlocks a locked screen. The same user is checked against this desk's slow verifier in the
    // keychain (no network, nothing else disturbed); anyone else signs in as signIn() does.
    void unlock(const QString &username, const QString &password);
    void savePerson(const Person &person);
    // Any other kind of record, off the GUI thread; recordSaved / recordSaveFailed tell.
    void saveRecord(const Record &record);
    void deleteRecord(const QUuid &id);
    // The person's records, newest first, through personHistoryReady().
    void requestPersonHistory(const QUuid &personId);
    void search(const QString &text);
    // A second search for choosing another person (the duplicate to merge) while the main
    // results stay as they are: answered through pickResults. Its thread starts on first use.
    void searchToPick(const QString &text);
    // Before a new person is saved: who may already be on record (duplicatesFound, off the GUI
    // thread).
    void checkDuplicates(const Person &candidate);
    // Only a team lead may merge duplicates (the centre checks it again): the screens offer the
    // action to nobody else.
    bool canMergePeople() const { return m_user.role == u"team_lead"; }
    // Merges the record `merged` into `survivor` at the centre (mergeFinished / mergeFailed).
    void mergePeople(const QUuid &survivor, const QUuid &merged, const QStringList &takeFromMerged);
    // The records merged into this person (their old references), through mergedRecordsReady.
    void requestMergedRecords(const QUuid &personId);
    // The person an id leads to now (itself, or the survivor it was merged into): personReady.
    void requestPerson(const QUuid &id);
    // Several people at once (a day's appointments): peopleReady, an empty Person for an id the
    // desk does not know.
    void requestPeople(const QList<QUuid> &ids);
    void syncNow();
    // Conflicts come back through conflictsReady().
    void requestConflicts();
    void resolveConflict(qint64 conflictId, bool keepDeskValue);

    SyncEngine *engine() const { return m_engine; }
    // Enquiries, complaints and their reference data.
    EnquiryService *enquiries() const { return m_enquiries; }
    // Appointments: the set-up, the bookings on this desk, the slot finder.
    AppointmentService *appointments() const { return m_appointments; }

Q_SIGNALS:
    void ready(bool ok, const QString &error);
    void signedIn(const FirstStop::SignedInUser &user);
    void signInFailed(const QString &message, bool offline);
    // No stored session to resume: ask for the password.
    void resumeUnavailable(const QString &reason);
    void statusChanged(const FirstStop::SyncStatus &status);
    void searchResults(const QString &text, const QList<FirstStop::PersonMatch> &matches);
    void pickResults(const QString &text, const QList<FirstStop::PersonMatch> &matches);
    void personSaved(const QUuid &id);
    void duplicatesFound(const FirstStop::Person &candidate,
                         const QList<FirstStop::PersonMatch> &matches);
    void saveFailed(const QUuid &id, const QString &message);
    void recordSaved(const QString &type, const QUuid &id);
    void recordSaveFailed(const QString &type, const QUuid &id, const QString &message);
    // Records of these kinds changed on this desk: screens showing them read them again.
    void recordsChanged(const QStringList &types);
    void personHistoryReady(const QUuid &personId, const QList<FirstStop::Record> &records);
    // Something a person should know that is not an error of their doing (e.g. no keychain).
    void notice(const QString &message);
    // The refresh token / the offline sign-in verifier are now kept in the keychain.
    void refreshTokenSaved();
    void offlineSignInSaved();
    // The same user unlocked the screen; or the password did not match.
    void unlocked();
    void unlockFailed(const QString &message);
    void conflictsReady(const QList<FirstStop::ConflictRecord> &conflicts);
    void mergeFinished(const FirstStop::Wire::MergeResult &result);
    void mergeFailed(const QUuid &survivor, const QUuid &merged, const QString &message);
    void mergedRecordsReady(const QUuid &personId,
                            const QList<FirstStop::PersonRedirect> &redirects);
    void personReady(const QUuid &requested, const FirstStop::Person &current, bool found);
    void peopleReady(const QList<QUuid> &ids, const QList<FirstStop::Person> &people);

private:
    QThread m_syncThread;
    SyncEngine *m_engine = nullptr;
    SearchService *m_search = nullptr;
    SearchService *m_pickSearch = nullptr;
    EnquiryService *m_enquiries = nullptr;
    AppointmentService *m_appointments = nullptr;
    CredentialStore *m_credentials = nullptr;
    OfflineVerifier *m_offline = nullptr;
    QString m_pendingPassword; // only between a sign-in request and its outcome
    QString m_signInUser;
    bool m_workingOffline = false;
    bool m_resumeInBackground = false;
    bool m_unlocking = false; // a verifier check is for unlock(), not an offline sign-in
    QString m_unlockPassword; // only while that check runs
    QUrl m_server;
    TlsTrust m_tls;
    QString m_cachePath;
    SignedInUser m_user;
    SyncStatus m_status;
    QString m_resumeUser;
};

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::SignedInUser)
