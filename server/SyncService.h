#pragma once

#include "models/WireCodec.h"

#include <QString>

#include <functional>
#include <optional>

namespace FirstStop::Server {

class Database;

// The sync contract at the centre: pull changes after a cursor, push a batch of mutations.
// Works on one Database (SQLite or PostgreSQL through the same SQL).
class SyncService final
{
public:
    explicit SyncService(Database &db);

    // Strings longer than this are refused rather than stored.
    static constexpr qsizetype kMaxFieldLength = 2000;

    // Changes with seq > since, oldest first, at most limit of them.
    std::optional<Wire::ChangePage> changes(qint64 since, int limit, QString *error);

    // Applies a whole batch in one transaction and returns one result per mutation, in order.
    // nullopt (with error) when the database failed: nothing of the batch was kept, and the desk
    // may safely send it again.
    std::optional<QList<Wire::MutationResult>> apply(const Wire::MutationBatch &batch,
                                                     const Wire::UserInfo &user, QString *error);

    // Seeds count demo residents from DemoDataGenerator, only into an empty person table.
    // Returns the number written (0 when the table already had people).
    std::optional<qint64> seedDemo(qint64 count, QString *error);

    // A test seam: runs inside apply()'s transaction just before it commits, so a test can hold a
    // writer open while others write and read.
    void setBeforeCommitHook(std::function<void()> hook) { m_beforeCommit = std::move(hook); }

private:
    std::optional<Wire::MutationResult> applyOne(const Wire::MutationBatch &batch,
                                                 const Wire::Mutation &m,
                                                 const Wire::UserInfo &user, QString *error);
    std::optional<qint64> allocateSeqs(qint64 count, QString *error);

    Database &m_db;
    std::function<void()> m_beforeCommit;
};

} // namespace FirstStop::Server
