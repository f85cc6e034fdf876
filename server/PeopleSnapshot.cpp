#include "server/PeopleSnapshot.h"

#include "models/LocalStore.h"
#include "server/Logging.h"
#include "server/SyncService.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

namespace FirstStop::Server {

namespace {

// People per page read from the database into the snapshot: big enough that the per-statement
// costs vanish, small enough that memory stays flat at a million people.
constexpr int kBuildPageSize = 5000;

const QString kPrefix = QStringLiteral("people-");
const QString kSuffix = QStringLiteral(".fscache");

} // namespace

PeopleSnapshot::PeopleSnapshot(const DatabaseConfig &config, const QString &dir, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_tempDir(QDir::temp().filePath(QStringLiteral("firststop-snapshot-XXXXXX")))
    , m_dir(dir.isEmpty() ? m_tempDir.path() : dir)
{
    if (!dir.isEmpty()) {
        m_tempDir.remove();
    }
    QDir folder(m_dir);
    folder.mkpath(QStringLiteral("."));
    // A snapshot of an earlier run may not match this database any more (restored, replaced).
    const QStringList old = folder.entryList({kPrefix + u'*'}, QDir::Files);
    for (const QString &name : old) {
        folder.remove(name);
    }
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &PeopleSnapshot::finished);
}

PeopleSnapshot::~PeopleSnapshot()
{
    m_watcher.waitForFinished();
}

void PeopleSnapshot::refresh(qint64 latestSeq)
{
    if (building()) {
        return;
    }
    const qint64 allowance = m_staleAfter > 0
                                 ? m_staleAfter
                                 : std::max<qint64>(1000, m_current ? m_current->people / 20 : 0);
    const qint64 since = m_current ? m_current->throughSeq : m_lastTriedSeq;
    if (since >= 0 && latestSeq - since <= allowance) {
        return;
    }
    m_lastTriedSeq = latestSeq;
    m_watcher.setFuture(
        QtConcurrent::run(&PeopleSnapshot::build, m_config, m_dir, m_minimumPeople));
}

void PeopleSnapshot::finished()
{
    const Outcome outcome = m_watcher.result();
    if (outcome.tooFew) {
        return;
    }
    if (!outcome.file) {
        qCWarning(lcDatabase).noquote() << "people snapshot failed:" << outcome.error;
        Q_EMIT buildFailed(outcome.error);
        return;
    }
    // A download of the old file keeps reading it: on POSIX an open file outlives its name.
    if (m_current && m_current->path != outcome.file->path) {
        QFile::remove(m_current->path);
    }
    m_current = outcome.file;
    qCInfo(lcDatabase).noquote() << "people snapshot:" << m_current->people << "people through"
                                 << m_current->throughSeq << "," << m_current->bytes << "bytes in"
                                 << m_current->buildMs << "ms";
    Q_EMIT built(*m_current);
}

PeopleSnapshot::Outcome PeopleSnapshot::build(const DatabaseConfig &config, const QString &dir,
                                              qint64 minimumPeople)
{
    Outcome out;
    QElapsedTimer timer;
    timer.start();
    Database db;
    if (!db.open(config, &out.error) || !db.beginReadSnapshot(&out.error)) {
        return out;
    }
    // Everything below reads the one state of the database the transaction sees.
    struct EndRead
    {
        Database &db;
        ~EndRead() { db.rollback(); }
    } endRead{db};
    SyncService sync(db);
    const auto through = sync.latestSeq(&out.error);
    if (!through) {
        return out;
    }
    Sql count(db, QStringLiteral("SELECT count(*) FROM person WHERE deleted = 0"));
    if (!count.exec(&out.error) || !count.next()) {
        return out;
    }
    if (count.value(0).toLongLong() < std::max<qint64>(1, minimumPeople)) {
        out.tooFew = true;
        return out;
    }
    const QString path = QDir(dir).filePath(kPrefix + QString::number(*through) + kSuffix);
    const QString building = path + QStringLiteral(".part");
    QFile::remove(building);
    {
        LocalStore store;
        if (!store.open(building, &out.error)) {
            return out;
        }
        qint64 since = 0;
        for (bool more = true; more;) {
            auto page = sync.peopleUpTo(since, *through, kBuildPageSize, &out.error);
            if (!page || !store.applyChangePage(*page, &out.error)) {
                return out;
            }
            more = page->more;
            since = page->cursor;
        }
        if (!store.finishSnapshot(*through, &out.error)) {
            return out;
        }
        out.file = SnapshotFile{path, *through, store.counts().people, 0, 0, {}};
    }
    QFile::remove(path);
    if (!QFile::rename(building, path)) {
        out.error = QStringLiteral("cannot move the snapshot into place at %1").arg(path);
        out.file.reset();
        return out;
    }
    out.file->bytes = QFileInfo(path).size();
    out.file->buildMs = timer.elapsed();
    // The seq alone would not do: a centre restored from a backup, or restarted, may build
    // another file through the same seq.
    out.file->etag = '"' + QByteArray::number(*through) + '-' +
                     QByteArray::number(QRandomGenerator::system()->generate64(), 16) + '"';
    return out;
}

} // namespace FirstStop::Server
