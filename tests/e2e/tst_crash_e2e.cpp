// Crashes and clocks, against the real server process and the real client engine: the desk
// killed (SIGKILL) in the middle of a push and of a pull, the server killed in the middle of a
// transaction, and desks whose clocks are a day out. Nothing may be lost and nothing applied twice.
#include "DeskToolProcess.h"
#include "TestDesk.h"
#include "server/Database.h"
#include "tests/support/PgTestDatabase.h"
#include "tests/support/ServerDb.h"
#include "tests/support/ServerProcess.h"

#include <QStandardPaths>
#include <QTemporaryDir>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

qint64 scalar(const QString &db, const QString &sql)
{
    QString error;
    const auto v = serverScalar(db, sql, &error);
    if (!v) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(error));
        return -1;
    }
    return v->toLongLong();
}

} // namespace

class TestCrashEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestDatabase> m_pg;
    int m_counter = 0;

    QString cachePath()
    {
        return m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++m_counter));
    }

    QString freshDatabase()
    {
        QFETCH(QString, backend);
        if (backend == u"sqlite") {
            return u"sqlite:"_qs + m_dir.filePath(QStringLiteral("c-%1.db").arg(++m_counter));
        }
        m_pg = std::make_unique<PgTestDatabase>();
        return m_pg->isValid() ? m_pg->databaseUrl() : QString();
    }

    void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_qs;
        QTest::newRow("postgresql") << u"postgresql"_qs;
    }

    void requireBackend()
    {
        QFETCH(QString, backend);
        if (backend == u"postgresql") {
            FIRSTSTOP_REQUIRE_POSTGRES();
        }
    }

private Q_SLOTS:
    void cleanup() { m_pg.reset(); }

    void clientKilledMidPushLosesNothingAndAppliesOnce_data() { backends(); }
    void clientKilledMidPushLosesNothingAndAppliesOnce()
    {
        requireBackend();
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        const QString cache = cachePath();
        const QStringList common = {u"--cache"_qs, cache, u"--server"_qs,
                                    server.baseUrl().toString()};

        // 30 people made offline; the first batch of 10 reaches the centre and is committed
        // there, and the desk dies before it records the answer.
        DeskToolProcess first;
        first.start(common + QStringList{u"--create"_qs, u"30"_qs, u"--prefix"_qs, u"Crashpush"_qs,
                                         u"--push-batch"_qs, u"10"_qs,
                                         u"--pause-after-push-reply"_qs});
        QVERIFY2(!first.waitForLine(u"paused"_qs).isEmpty(), qPrintable(first.lines().join(u'\n')));
        first.kill();
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), 10);
        {
            LocalStore store;
            QVERIFY(store.open(cache, nullptr));
            QCOMPARE(store.counts().pending, 30); // the outbox survived the crash whole
        }

        // Started again: the 10 are sent again and answered "duplicate", the rest go out.
        DeskToolProcess second;
        second.start(common);
        const QString result = second.result();
        QVERIFY2(result.startsWith(u"result ok"), qPrintable(result));
        QCOMPARE(DeskToolProcess::field(result, u"pending"_qs), 0);
        QCOMPARE(DeskToolProcess::field(result, u"people"_qs), 30);
        QCOMPARE(DeskToolProcess::field(result, u"cursor"_qs), 30);
        // Each mutation applied exactly once: 30 recorded, 30 sequence numbers used, 30 people.
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), 30);
        QCOMPARE(scalar(db, u"SELECT value FROM change_counter WHERE id = 1"_qs), 30);
        QCOMPARE(scalar(db, u"SELECT count(*) FROM person WHERE given_name = 'Crashpush'"_qs), 30);
    }

    void clientKilledMidPullResumesFromItsCursor_data() { backends(); }
    void clientKilledMidPullResumesFromItsCursor()
    {
        requireBackend();
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"2500"_qs}),
                 qPrintable(server.errorString()));
        const QString cache = cachePath();
        const QStringList common = {u"--cache"_qs,     cache,
                                    u"--server"_qs,    server.baseUrl().toString(),
                                    u"--page-size"_qs, u"500"_qs};

        // Killed after the second page is committed, while the third is already being fetched.
        DeskToolProcess first;
        first.start(common + QStringList{u"--pause-after-pages"_qs, u"2"_qs});
        QVERIFY2(!first.waitForLine(u"paused"_qs).isEmpty(), qPrintable(first.lines().join(u'\n')));
        first.kill();
        {
            LocalStore store;
            QVERIFY(store.open(cache, nullptr));
            // Exactly the committed pages: the page and its cursor landed together.
            QCOMPARE(store.cursor(), 1000);
            QCOMPARE(store.counts().people, 1000);
        }

        DeskToolProcess second;
        second.start(common);
        // It carries on from its cursor instead of starting again.
        QCOMPARE(second.waitForLine(u"page 1 "_qs), u"page 1 cursor 1500"_qs);
        const QString result = second.result();
        QVERIFY2(result.startsWith(u"result ok"), qPrintable(result));
        QCOMPARE(DeskToolProcess::field(result, u"people"_qs), 2500);
        QCOMPARE(DeskToolProcess::field(result, u"cursor"_qs), 2500);
    }

    // Killed with the people snapshot downloaded but not yet taken in, then again in the middle of
    // the pages after it: each restart finds a cache that is whole (empty, then the snapshot with
    // its cursor) and ends with every person exactly once.
    void clientKilledAroundTheSnapshotEndsWithEveryoneOnce_data() { backends(); }
    void clientKilledAroundTheSnapshotEndsWithEveryoneOnce()
    {
        requireBackend();
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"1500"_qs,
                                   u"--snapshot-min-people"_qs, u"1000"_qs}),
                 qPrintable(server.errorString()));
        const QString cache = cachePath();
        const QStringList common = {u"--cache"_qs,     cache,
                                    u"--server"_qs,    server.baseUrl().toString(),
                                    u"--page-size"_qs, u"200"_qs};
        // Another desk adds people after the snapshot: the pages after it bring them.
        QVERIFY(server.waitForPeopleSnapshot());
        DeskToolProcess other;
        other.start({u"--cache"_qs, cachePath(), u"--server"_qs, server.baseUrl().toString(),
                     u"--page-by-page"_qs, u"--create"_qs, u"500"_qs, u"--prefix"_qs,
                     u"Afterwards"_qs});
        QVERIFY(other.result().startsWith(u"result ok"));

        DeskToolProcess first;
        first.start(common + QStringList{u"--pause-after-snapshot"_qs});
        QVERIFY2(!first.waitForLine(u"paused"_qs).isEmpty(), qPrintable(first.lines().join(u'\n')));
        first.kill();
        {
            LocalStore store;
            QVERIFY(store.open(cache, nullptr));
            QCOMPARE(store.counts().people, 0);
            QVERIFY(store.canAdoptSnapshot());
        }

        DeskToolProcess second;
        second.start(common + QStringList{u"--pause-after-pages"_qs, u"1"_qs});
        QVERIFY2(!second.waitForLine(u"paused"_qs).isEmpty(),
                 qPrintable(second.lines().join(u'\n')));
        second.kill();
        {
            LocalStore store;
            QVERIFY(store.open(cache, nullptr));
            QCOMPARE(store.counts().people, 1700); // the snapshot's 1,500 and one page of 200
            QVERIFY(store.peopleThrough() > 0);
        }

        DeskToolProcess third;
        third.start(common);
        const QString result = third.result();
        QVERIFY2(result.startsWith(u"result ok"), qPrintable(result));
        QCOMPARE(DeskToolProcess::field(result, u"people"_qs), 2000);
        QCOMPARE(DeskToolProcess::field(result, u"pending"_qs), 0);
    }

    // The server dies while a batch's transaction is open at the database: PostgreSQL rolls it
    // back, the desk's retry sends the whole batch again, and every mutation lands once.
    void serverKilledMidTransactionAppliesOnceOnRetry()
    {
        FIRSTSTOP_REQUIRE_POSTGRES();
        m_pg = std::make_unique<PgTestDatabase>();
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
        const QString db = m_pg->databaseUrl();
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(db, {u"--demo-users"_qs}), qPrintable(server->errorString()));
        const QUrl url = server->baseUrl();

        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(url));
        Person x = newTestPerson(u"Held"_qs, u"Row"_qs);
        desk.engine.savePerson(x);
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kDeskWaitMs));
        QVERIFY(desk.syncOnce());
        const qint64 mutationsBefore = scalar(db, u"SELECT count(*) FROM applied_mutation"_qs);
        const qint64 counterBefore =
            scalar(db, u"SELECT value FROM change_counter WHERE id = 1"_qs);

        // Hold X's row, so the server's transaction gets as far as writing Y and then waits.
        const auto config = Server::DatabaseConfig::parse(db, nullptr);
        QVERIFY(config);
        Server::Database holder;
        QString error;
        QVERIFY2(holder.open(*config, &error), qPrintable(error));
        QSqlQuery hold(holder.connection());
        QVERIFY(hold.exec(u"BEGIN"_qs));
        QVERIFY(hold.exec(QStringLiteral("SELECT 1 FROM person WHERE id = '%1' FOR UPDATE")
                              .arg(x.id.toString(QUuid::WithoutBraces))));

        const Person y = newTestPerson(u"Written"_qs, u"ThenLost"_qs);
        desk.engine.savePerson(y); // first in the outbox, so the server inserts it first
        x = *desk.reader().person(x.id);
        x.phone = u"029 2087 2087"_qs;
        desk.engine.savePerson(x);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return scalar(db,
                              u"SELECT count(*) FROM pg_stat_activity WHERE"
                              " wait_event_type = 'Lock' AND datname = current_database()"_qs) == 1;
            },
            kDeskWaitMs));
        server->kill(); // mid-transaction: Y is written but not committed
        server.reset();
        QVERIFY(hold.exec(u"ROLLBACK"_qs));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return scalar(db, u"SELECT count(*) FROM pg_stat_activity WHERE"
                                  " wait_event_type = 'Lock'"_qs) == 0;
            },
            kDeskWaitMs));
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), mutationsBefore);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM person WHERE id = '%1'")
                                .arg(y.id.toString(QUuid::WithoutBraces))),
                 0);
        QCOMPARE(desk.reader().counts().pending, 2); // the desk kept both

        // Back on the same address; the engine's own retry timer sends the batch again.
        ServerProcess again;
        QVERIFY2(again.start(db, {u"--port"_qs, QString::number(url.port())}),
                 qPrintable(again.errorString()));
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kDeskWaitMs));
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), mutationsBefore + 2);
        QCOMPARE(scalar(db, u"SELECT value FROM change_counter WHERE id = 1"_qs),
                 counterBefore + 2);
        QVERIFY(desk.syncOnce());
        QCOMPARE(desk.reader().person(x.id)->phone, u"029 2087 2087"_qs);
        QVERIFY(desk.reader().person(y.id));
        QCOMPARE(desk.reader().counts().conflicts, 0);
    }

    // One desk a day ahead, one a day behind. The later edit (by the centre's sequence) wins
    // even though its desk clock says it is two days older, and access tokens expire when the
    // centre says so (a 2 s lifetime, crossed mid-run) whatever the desk's clock believes.
    void skewedDeskClocksOrderBySequence()
    {
        const QString faketime = QStandardPaths::findExecutable(u"faketime"_qs);
        if (faketime.isEmpty()) {
            if (qEnvironmentVariable("FIRSTSTOP_HARNESS") == u"1") {
                QFAIL("faketime is missing (scripts/install-deps.sh installs it)");
            }
            QSKIP("faketime is not installed");
        }
        ServerProcess server;
        QVERIFY2(server.start(u"sqlite:"_qs + m_dir.filePath(u"clock.db"_qs),
                              {u"--demo-users"_qs, u"--access-ttl"_qs, u"2"_qs}),
                 qPrintable(server.errorString()));
        const QStringList ahead = {faketime, u"-f"_qs, u"+1d"_qs};
        const QStringList behind = {faketime, u"-f"_qs, u"-1d"_qs};
        const QString cacheAhead = cachePath();
        const QString cacheBehind = cachePath();
        const auto args = [&](const QString &cache) {
            return QStringList{u"--cache"_qs, cache, u"--server"_qs, server.baseUrl().toString()};
        };

        // The desk a day ahead creates the person, and really runs under the fake clock.
        DeskToolProcess a;
        a.start(args(cacheAhead) +
                    QStringList{u"--create"_qs, u"1"_qs, u"--prefix"_qs, u"Clocky"_qs},
                ahead);
        QVERIFY2(a.result().startsWith(u"result ok"), qPrintable(a.lines().join(u'\n')));
        QUuid id;
        {
            LocalStore store;
            QVERIFY(store.open(cacheAhead, nullptr));
            const auto hits = store.search(u"clocky"_qs, 5);
            QCOMPARE(hits.size(), 1);
            id = hits.first().person.id;
            const qint64 skew = QDateTime::currentDateTimeUtc().secsTo(store.lastSynced());
            QVERIFY2(skew > 20 * 3600, qPrintable(QString::number(skew)));
        }

        // The desk a day behind pulls it and changes the phone; then, after the access token's
        // lifetime, syncs again (the centre answers token_expired and the desk renews).
        DeskToolProcess b;
        b.start(args(cacheBehind) + QStringList{u"--sync-again-after-ms"_qs, u"2500"_qs}, behind);
        QVERIFY2(b.result().startsWith(u"result ok"), qPrintable(b.lines().join(u'\n')));
        {
            LocalStore store;
            QVERIFY(store.open(cacheBehind, nullptr));
            Person p = *store.person(id);
            p.phone = u"01792 000111"_qs;
            QVERIFY(store.saveLocalEdit(p, nullptr));
        }
        DeskToolProcess b2;
        b2.start(args(cacheBehind), behind);
        const QString r2 = b2.result();
        QVERIFY2(r2.startsWith(u"result ok"), qPrintable(r2));
        QCOMPARE(DeskToolProcess::field(r2, u"pending"_qs), 0);

        // The desk ahead, 2.5 s later (its token expired at the centre), pulls the change: the
        // "older" desk's edit is the newer one by sequence and is not a conflict.
        QTest::qWait(2500);
        DeskToolProcess a2;
        a2.start(args(cacheAhead), ahead);
        const QString r3 = a2.result();
        QVERIFY2(r3.startsWith(u"result ok"), qPrintable(r3));
        QCOMPARE(DeskToolProcess::field(r3, u"conflicts"_qs), 0);
        LocalStore store;
        QVERIFY(store.open(cacheAhead, nullptr));
        QCOMPARE(store.person(id)->phone, u"01792 000111"_qs);
    }
};

QTEST_GUILESS_MAIN(TestCrashEndToEnd)
#include "tst_crash_e2e.moc"
