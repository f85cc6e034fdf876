#pragma once

#include "server/Database.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <optional>

namespace FirstStop::Server {

// One built snapshot: a desk cache file holding every person up to throughSeq.
struct SnapshotFile
{
    QString path;
    qint64 throughSeq = 0;
    qint64 people = 0;
    qint64 bytes = 0;
    qint64 buildMs = 0;
    // Its HTTP entity tag (quoted), unique to this build: a desk downloading it in pieces names it
    // in each request (If-Match), so every piece comes from this one file.
    QByteArray etag;
};

// The centre's snapshot of its people, for a new desk's first sync (docs/architecture.md, "First
// sync from a snapshot"). A desk with an empty cache downloads one file, a desk cache of the same
// schema (models/LocalStore) with every person up to one change seq and the search index already
// written, instead of pulling and indexing the people page by page; then it pulls what came
// after. The work a desk used to do for each person is done here once for every desk.
//
// Built in the background on a database connection of its own, in one read snapshot (so the file
// is exactly the people as of its seq while writers go on), never on the thread that answers
// requests. The newest file is served; an older one stays readable by a download already under
// way. A stale snapshot is still correct (the desk pulls the rest); it is rebuilt when enough has
// changed since, so what the desk pulls after it stays small.
class PeopleSnapshot final : public QObject
{
    Q_OBJECT

public:
    // Builds into dir (created if needed; files of an earlier run there are removed), or into a
    // temporary folder of this process when dir is empty (two servers on one database each keep
    // their own).
    PeopleSnapshot(const DatabaseConfig &config, const QString &dir, QObject *parent = nullptr);
    ~PeopleSnapshot() override; // waits for a build under way

    // Below this many people no snapshot is made: pulling pages is quick enough.
    void setMinimumPeople(qint64 n) { m_minimumPeople = n; }
    // Changes allowed past a snapshot's seq before a request for it starts a new build.
    void setStaleAfter(qint64 changes) { m_staleAfter = changes; }

    std::optional<SnapshotFile> current() const { return m_current; }
    bool building() const { return m_watcher.isRunning(); }
    // Starts a build, unless one is under way, when there is no snapshot yet or latestSeq has gone
    // more than the allowance past the current one's. Returns at once.
    void refresh(qint64 latestSeq);

Q_SIGNALS:
    void built(const FirstStop::Server::SnapshotFile &file);
    void buildFailed(const QString &message);

private:
    struct Outcome
    {
        std::optional<SnapshotFile> file;
        QString error;
        bool tooFew = false;
    };
    static Outcome build(const DatabaseConfig &config, const QString &dir, qint64 minimumPeople);
    void finished();

    DatabaseConfig m_config;
    QTemporaryDir m_tempDir;
    QString m_dir;
    qint64 m_minimumPeople = 10000;
    qint64 m_staleAfter = 0; // 0: max(1000, a twentieth of the people)
    qint64 m_lastTriedSeq = -1;
    std::optional<SnapshotFile> m_current;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace FirstStop::Server
