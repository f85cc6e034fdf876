#pragma once

#include "models/EntityType.h"
#include "models/NameVariants.h"
#include "models/Person.h"
#include "models/PersonSearch.h"
#include "models/WireCodec.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>

namespace FirstStop {

// One search hit with the reason it matched, so the desk can say *why* a person is listed.
struct PersonMatch
{
    Person person;
    QString reason;
    MatchTier tier = MatchTier::Exact;
    int score = 0; // within a tier, higher is better
    // The newest of the person's records on this desk (an enquiry, a note…): when they were last
    // in touch. Invalid when there is none, or until LocalStore::fillLastContacts has run.
    QDateTime lastContact{};
};

struct OutboxEntry
{
    qint64 seq = 0;
    Wire::Mutation mutation;
    int attempts = 0;
    QString lastError;
};

// A field two desks changed differently: the centre kept its value; a person decides.
struct ConflictRecord
{
    qint64 id = 0;
    QUuid personId;         // the record's id (a person's, or an enquiry's, …)
    QString personName;     // a person's name, or the record's title (an enquiry's summary)
    QString field;          // wire name, e.g. "phone"
    QJsonValue deskValue;   // what this desk had typed
    QJsonValue centreValue; // what the centre kept
    qint64 centreVersion = 0;
    QDateTime noticedAt;                           // UTC
    QString entityType = QStringLiteral("person"); // or "enquiry", …
    // Who typed this desk's value and when (from its outbox entry), and who last changed the
    // field at the centre and when (from the centre's answer). Unknown (not isKnown()) for a
    // conflict noticed before the desk kept them, or from a centre that does not say.
    Wire::FieldChange deskChange{};
    Wire::FieldChange centreChange{};
};

// A record a team lead merged into another: kept on the desk only as a redirect, so its old
// reference (on a slip, in a letter) and its id still lead to the person.
struct PersonRedirect
{
    QUuid id;
    QString reference;
    QString name; // how the merged record named the person
    QUuid mergedInto;
    qint64 version = 0;
};

struct SyncCounts
{
    int pending = 0;   // local edits waiting to reach the centre
    int rejected = 0;  // set aside: the centre refused them for good
    int conflicts = 0; // fields a person has to decide between
    qint64 people = 0;
};

// The desk's local SQLite cache: people, the outbox of local edits, conflicts and the sync cursor.
// The desk always works on this cache; the network only moves changes.
//
// One LocalStore is one database connection and belongs to the thread that opened it (SQLite
// connections must not be shared across threads). Writers and readers on other threads open their
// own LocalStore on the same file; WAL lets readers run while a writer commits.
class LocalStore final
{
    Q_DISABLE_COPY_MOVE(LocalStore)

public:
    static constexpr int kSchemaVersion = 8;

    LocalStore();
    ~LocalStore();

    // Opens (creating if needed) and migrates the cache at path.
    bool open(const QString &path, QString *error);
    bool isOpen() const;
    QString lastError() const { return m_lastError; }

    // --- reads ---
    std::optional<Person> person(const QUuid &id);
    // Citizen search (see docs/architecture.md, "Search"): the best `limit` people for what was
    // typed, best tier first, each with the reason it matched.
    QList<PersonMatch> search(const QString &query, int limit);
    // The same search for a query already understood (built from fields rather than typed).
    QList<PersonMatch> search(SearchQuery query, int limit);
    // The duplicate check before a new record is saved: people already in the cache who may be
    // the candidate (same date of birth and a similar name, same postcode and a similar name, the
    // same phone or e-mail), strongest reason first, each saying why. The candidate itself is
    // never listed.
    QList<PersonMatch> likelyDuplicates(const Person &candidate, int limit = 10);
    // Loads the name variant tables now rather than on the first search (the search thread calls
    // this when it opens, so the first keystroke is as fast as the rest).
    void prepareSearch();
    SyncCounts counts();
    qint64 cursor();
    QUuid clientId();
    QList<OutboxEntry> pendingMutations(int limit);

    // --- merged records ---
    // The redirect left by a merged record, if this id is one.
    std::optional<PersonRedirect> redirect(const QUuid &id);
    // The person this id leads to now: the person itself, or the survivor of the merges it went
    // through (the end of the chain of redirects). nullopt when the desk knows neither.
    std::optional<Person> currentPerson(const QUuid &id);
    // The records merged into this person (directly or through another merged record).
    QList<PersonRedirect> mergedInto(const QUuid &survivorId);

    // --- generic records (models/EntityType.h) ---
    std::optional<Record> record(const QUuid &id);
    // A person's history: their records of the given kinds (all kinds when empty), newest first
    // (by when they were made; then the most recently changed).
    QList<Record> recordsForPerson(const QUuid &personId, const QStringList &types = {},
                                   int limit = 500);
    // Sets each match's lastContact: the newest time among the person's records (the kind's time
    // field, as the history is ordered). One statement, one index look-up per person, so it is
    // meant for the rows a clerk sees (a page of results), not for the search's candidates.
    void fillLastContacts(QList<PersonMatch> &matches);
    // Records of a kind whose field holds a value (the notes of one enquiry), oldest first.
    // Every record of these kinds (reference data: the service catalogue's changes, the charter).
    QList<Record> recordsOfTypes(const QStringList &types, int limit = 100000);
    QList<Record> recordsWhere(const QString &type, const QString &field, const QString &value,
                               int limit = 500);
    // The records of a kind this desk has edits of that the centre has not accepted: the id with
    // an empty string while an edit is waiting to go, or the centre's reason when it refused one.
    QHash<QUuid, QString> unsettledRecords(const QString &type);
    // Writes a new or edited record and its outbox entry (only the changed fields, the version
    // the edit was based on) in one transaction, after checking it against its kind's rules; an
    // append-only record can only be written once. False with a message when nothing was written.
    bool saveRecord(const Record &edited, QString *error);
    // Removes the record from this desk and queues its deletion, in one transaction.
    bool deleteRecord(const QUuid &id, QString *error);

    // --- local edits ---
    // Who is signed in on this desk: every local edit queued from now on is theirs (a conflict
    // it meets shows who typed it). Empty until someone signs in.
    void setEditor(const QString &username, const QString &displayName);

    // Writes the edit and its outbox entry in one transaction: either both land or neither.
    // A new person (unknown id) gets a reference if it has none. Returns false with a message when
    // nothing was written.
    bool saveLocalEdit(const Person &edited, QString *error);

    // --- sync ---
    // Applies one pulled page and moves the cursor in the same transaction. Fields with pending
    // local edits are kept (the local edit is rebased on top of the centre's version).
    bool applyChangePage(const Wire::ChangePage &page, QString *error);
    // Records what the centre said about pushed mutations: applied/duplicate leave the outbox,
    // conflicts become conflict records, rejected ones are set aside (never block the queue).
    bool applyMutationResults(const QList<Wire::MutationResult> &results, QString *error);
    bool recordPushFailure(const QList<QUuid> &mutationIds, const QString &error);

    // --- conflicts ---
    QList<ConflictRecord> openConflicts(int limit = 500);
    // Keeping this desk's value queues it again as an edit of the record as it now stands at the
    // centre (so it applies); keeping the centre's value only closes the conflict. Either way
    // the decision is one transaction.
    bool resolveConflict(qint64 conflictId, bool keepDeskValue, QString *error);
    void setLastSynced(const QDateTime &when);
    QDateTime lastSynced();

    // --- first sync from a snapshot (docs/architecture.md, "First sync from a snapshot") ---
    // The centre keeps a snapshot of its people: a cache of this same schema holding every person
    // up to one change seq, search index written. A new desk takes it whole instead of pulling
    // the people page by page, then pulls only what came after.
    //
    // Run by the centre on the cache it built from people pages: marks it as a snapshot of every
    // person up to throughSeq and packs it into one file (no WAL beside it, index merged).
    bool finishSnapshot(qint64 throughSeq, QString *error);
    // True when this cache holds nothing of its own (no person, record, local edit or conflict,
    // never pulled): the only state a snapshot may replace.
    bool canAdoptSnapshot();
    // Replaces this empty cache with the snapshot file at path, keeping this desk's identity (its
    // client id). First checks the file is a whole snapshot of this schema and search index
    // version (not cut short, the count of people it claims); then copies it in with SQLite's
    // online backup, which other connections see whole or not at all. False with a message, and
    // this cache as it was, otherwise.
    bool adoptSnapshot(const QString &path, QString *error);
    // The people changes up to this seq came in a snapshot: pulls ask the centre not to send
    // them again (0: no snapshot).
    qint64 peopleThrough();
    // --- the scope the cache was filled for (docs/architecture.md, "Records that leave a desk's
    // scope") ---
    // The role and office of the user whose pulls filled the record cache; empty when no user's
    // scope was ever recorded (a new cache, or one from before this was kept).
    DeskScope cacheScope();
    // Makes the cache fit another user's scope (another member of staff signed in on this PC, or
    // the same user moved to another office or role), in one transaction: the records the new
    // scope may not hold (kinds its role may not read, other offices' records) leave the cache
    // (not deletions: nothing is queued, and the outbox and conflicts are kept whole); when the
    // new scope may hold records the old one did not, the records are pulled again from the start
    // (the cursor goes back to 0, and the people already here are not sent again:
    // peopleThrough). Nothing happens when the scope is the one recorded. removedTypes: the kinds
    // of record that left the cache.
    bool adoptScope(const DeskScope &scope, QStringList *removedTypes, QString *error);
    // Where a snapshot for this cache is downloaded to before it is adopted.
    QString snapshotDownloadPath() const { return m_path + QStringLiteral(".snapshot"); }

private:
    // For writes the centre can give again (a pulled page, the answer to a push, the time of the
    // last sync): the transactions in its scope commit with synchronous=NORMAL, without waiting
    // for the disk. In WAL mode a power cut can then lose the last such commits, whole (a page
    // and its cursor together, so the page is pulled again), never corrupt the cache. Local
    // edits and their outbox entries keep synchronous=FULL, and their commit makes everything
    // before it durable too.
    class RelaxedDurability final
    {
    public:
        explicit RelaxedDurability(LocalStore &store);
        ~RelaxedDurability();
        Q_DISABLE_COPY_MOVE(RelaxedDurability)

    private:
        LocalStore &m_store;
    };

    bool migrate();
    bool exec(const QString &sql);
    bool upsertPersonRow(const Person &p);
    // Writes many people at once (a pulled page); each id at most once.
    bool upsertPersonRows(const QList<Person> &batch);
    bool deletePersonRow(const QUuid &id);
    bool upsertRedirect(const Person &merged);
    // Puts the survivors of merged records whose reference is the one typed first in the results.
    void addMergedReferences(const QString &referenceKey, QList<PersonMatch> &out);
    bool upsertRecordRow(const Record &r);
    bool deleteRecordRow(const QUuid &id);
    // One pulled change of a generic record (withPending: it has local edits to rebase).
    bool applyRecordChange(const EntityType &type, const Wire::Change &c, bool withPending,
                           QString *error);
    bool queueMutation(const QString &type, const QUuid &id, Wire::MutationOp op,
                       qint64 baseVersion, const QJsonObject &fields);
    // The search index is written with the person, in the same transaction, by the two functions
    // above; these queue one person's entry to be added or removed, and flushSearchIndex() writes
    // what is queued (every write transaction calls it before its commit).
    bool indexPerson(qint64 rowid, const Person &p);
    bool unindexPerson(qint64 rowid, const Person &p);
    bool flushSearchIndex();
    bool rebuildSearchIndex();
    bool lookUpTypoWords(PersonSearch::Matcher &matcher);
    bool lookUpOutwards(PersonSearch::Matcher &matcher);
    // Records WHERE `where` (with its bound values) and, if given, of these kinds.
    QList<Record> selectRecords(const QString &where, const QVariantList &binds,
                                const QStringList &types, const QString &order, int limit);
    bool ensureSearchIndexCurrent();
    std::optional<std::pair<qint64, Person>> personRow(const QUuid &id);
    // Starts a write transaction's bookkeeping (the vocabulary words already written in it, the
    // index entries not yet written).
    void beginWrite()
    {
        m_wordsWritten.clear();
        m_wordsPending.clear();
        m_indexAdds.clear();
        m_indexAddRowids.clear();
        m_indexRemovals.clear();
    }
    QSet<QString> pendingFields(const QUuid &entityId);
    QString setting(const QString &key);
    bool setSetting(const QString &key, const QString &value);
    bool fail(QString *error, const QString &message);
    // A prepared statement kept for the life of the connection: the hot write paths (a pulled
    // page is thousands of rows) must not parse their SQL again for every row.
    QSqlQuery &statement(const QString &sql);

    QString m_connectionName;
    QString m_path;
    QString m_lastError;
    QString m_editor;     // user name of who is signed in (setEditor)
    QString m_editorName; // their display name
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    struct IndexEntry
    {
        qint64 rowid = 0;
        QString keys;
    };
    // Entries queued in the current write transaction; a long one (a rebuild) writes every
    // kIndexBatchRows entries, so memory stays bounded.
    static constexpr qsizetype kIndexBatchRows = 5000;
    QList<IndexEntry> m_indexAdds;
    QSet<qint64> m_indexAddRowids;
    QList<IndexEntry> m_indexRemovals;
    QSet<QString> m_wordsWritten;
    QStringList m_wordsPending;
    std::shared_ptr<const NameVariants> m_variants;
};

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::PersonRedirect)
