#pragma once

#include "models/WireCodec.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace FirstStop::Server {

class AppointmentJudge;
class Database;
class Sql;

// The sync contract at the centre: pull changes after a cursor, push a batch of mutations.
// Works on one Database (SQLite or PostgreSQL through the same SQL).
class SyncService final
{
public:
    explicit SyncService(Database &db);
    ~SyncService();

    // Strings longer than this are refused rather than stored.
    static constexpr qsizetype kMaxFieldLength = 2000;
    static constexpr qsizetype kMaxListEntries = 50; // previous names, addresses, adjustments

    // Changes with seq > since, oldest first, at most limit of them: people and every kind of
    // record (models/EntityType.h) interleaved in seq order.
    std::optional<Wire::ChangePage> changes(qint64 since, int limit, QString *error);
    // The same, as one user's desk sees them: records of kinds the user's role may not read and
    // records outside the desk's scope (another office's enquiries) are left out, but the cursor
    // still moves past them, so a page is never empty while more is true.
    // peopleThrough: the desk took every person up to that seq from a snapshot, so people up to
    // it are left out; once a page is the last, its cursor is at least peopleThrough.
    std::optional<Wire::ChangePage> changes(qint64 since, int limit, const Wire::UserInfo &user,
                                            QString *error, qint64 peopleThrough = 0);

    // For the people snapshot (server/PeopleSnapshot.h), inside one read snapshot of the database:
    // the latest change seq, and the people (deleted ones left out) with since < seq <= through.
    std::optional<qint64> latestSeq(QString *error);
    std::optional<Wire::ChangePage> peopleUpTo(qint64 since, qint64 through, int limit,
                                               QString *error);

    // Why the user's role may not send this batch (the first mutation of a kind of record it may
    // not write or delete), or an empty string. The API answers 403 and applies nothing.
    static QString roleRefusal(const Wire::MutationBatch &batch, const Wire::UserInfo &user);

    // Applies a whole batch in one transaction and returns one result per mutation, in order.
    // nullopt (with error) when the database failed: nothing of the batch was kept, and the desk
    // may safely send it again.
    std::optional<QList<Wire::MutationResult>> apply(const Wire::MutationBatch &batch,
                                                     const Wire::UserInfo &user, QString *error);

    // Why a merge was not done.
    enum class MergeError
    {
        None,
        NotFound, // either record is unknown at the centre
        Invalid,  // the same record twice, a deleted or already merged record, a bad field name
        Database, // nothing was changed; the request may be sent again
    };
    // A team lead's merge of two records of one person, in one transaction: every record of the
    // merged person (enquiries, notes, …) is re-pointed to the survivor with a new seq; the
    // survivor keeps its values, its blank fields are filled from the merged record and the
    // fields in takeFromMerged take the merged record's value; the merged record stays as a
    // redirect (merged_into) with a new seq, so every desk hears of it; the merge is written to
    // person_merge (who, when, both records as they were). Repeating a merge already done returns
    // it again with alreadyMerged. The role is the caller's to check (ApiServer: team_lead only).
    std::optional<Wire::MergeResult> mergePeople(const Wire::MergeRequest &request,
                                                 const Wire::UserInfo &user, MergeError *why,
                                                 QString *error);
    static bool mayMerge(const Wire::UserInfo &user) { return user.role == u"team_lead"; }

    // Seeds count demo residents from DemoDataGenerator, only into an empty person table.
    // Returns the number written (0 when the table already had people).
    std::optional<qint64> seedDemo(qint64 count, QString *error);

    // Writes new people inside the caller's write transaction (see Database::beginWrite), with
    // consecutive fresh change sequence numbers so every desk pulls them as usual. People whose
    // id the centre already holds (live or deleted) are left out; an empty or taken reference is
    // replaced by a free one. Returns the people written, as stored; nullopt when the database
    // failed. For the bulk import (PersonImport).
    std::optional<QList<Person>> insertNewPeople(QList<Person> people, const QString &username,
                                                 QString *error);

    // A test seam: runs inside apply()'s transaction just before it commits, so a test can hold a
    // writer open while others write and read.
    void setBeforeCommitHook(std::function<void()> hook) { m_beforeCommit = std::move(hook); }

private:
    std::optional<Wire::MutationResult> applyOne(const Wire::MutationBatch &batch,
                                                 const Wire::Mutation &m,
                                                 const Wire::UserInfo &user, QString *error);
    // A mutation of a generic record: fills r; false when the database failed.
    bool applyRecord(const Wire::Mutation &m, const Wire::UserInfo &user, Wire::MutationResult &r,
                     QString *error);
    // After a record moved from one office to another: the records whose scope follows it (an
    // enquiry's notes) move too, each with a new seq, so both offices' desks hear of them.
    bool moveDependentRecords(const EntityType &type, const QUuid &id, const QString &from,
                              const QString &to, const Wire::UserInfo &user, QString *error);
    // The rules of a kind beyond its fields, run in the write's transaction just before a record
    // is written (`before`: as the centre had it, nullptr when new; `next` may be adjusted, and
    // what was adjusted goes into r.serverFields). Today: appointments claim their slot
    // (AppointmentJudge).
    enum class RecordVerdict
    {
        Write,
        Rejected, // r says why
        Failed,   // the database failed: *error
    };
    RecordVerdict judgeRecord(const EntityType &type, const QUuid &id, const QJsonObject *before,
                              QJsonObject &next, Wire::MutationResult &r, QString *error);
    // Folds the generic records' changes after since into a page of people's changes (at most
    // limit rows examined in all, in seq order; see SyncServiceRecords.cpp).
    bool mergeRecordChanges(qint64 since, int limit, const Wire::UserInfo *user,
                            Wire::ChangePage &page, QString *error);
    std::optional<Wire::ChangePage> pull(qint64 since, int limit, const Wire::UserInfo *user,
                                         qint64 peopleThrough, QString *error);
    // Reads the people rows of q (in seq order, at most limit, one more only to set page.more)
    // into page as changes.
    static void readPeople(Sql &q, int limit, Wire::ChangePage &page);
    std::optional<qint64> allocateSeqs(qint64 count, QString *error);
    // The record a person's id leads to now: itself, or the survivor of the merges it went
    // through. A null id when the chain ends nowhere (an unknown or deleted person is returned
    // as it is: the caller judges it). nullopt on a database error.
    std::optional<QUuid> survivorOf(const QUuid &personId, QString *error);
    bool lockForWrite(QString *error);

    Database &m_db;
    std::function<void()> m_beforeCommit;
    std::unique_ptr<AppointmentJudge> m_appointments; // made on first use
};

} // namespace FirstStop::Server
