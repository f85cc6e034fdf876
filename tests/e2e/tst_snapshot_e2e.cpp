// A new desk's first sync from the centre's people snapshot, end to end: the real server process
// (SQLite and PostgreSQL) builds it in the background, the real sync engine downloads it over
// HTTP, takes it into its cache and pulls only what came after; a desk whose centre has none yet
// pulls page by page as before.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "models/Person.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QFile>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::BackendFiles;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::TestDesk;

class TestSnapshotEndToEnd : public QObject
{
    Q_OBJECT

private:
    BackendFiles m_files;

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_qs;
        QTest::newRow("postgresql") << u"postgresql"_qs;
    }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"postgresql") {
            FIRSTSTOP_REQUIRE_POSTGRES();
        }
    }

    void cleanup() { m_files.reset(); }

    void aNewDeskStartsFromTheSnapshotAndFindsEveryone()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"2500"_qs,
                                   u"--snapshot-min-people"_qs, u"1000"_qs}),
                 qPrintable(server.errorString()));
        QVERIFY(server.waitForPeopleSnapshot());

        // A person written after the snapshot was built: the pull after it brings them.
        TestDesk first(m_files.cachePath());
        first.engine.setTiming([] {
            SyncEngine::Timing t;
            t.useSnapshot = false; // this desk pulls page by page, as an older desk would
            return t;
        }());
        QVERIFY(first.open());
        QVERIFY(first.signIn(server.baseUrl()));
        QCOMPARE(first.reader().counts().people, 2500);
        QCOMPARE(first.reader().peopleThrough(), 0);
        Person late;
        late.id = QUuid::createUuid();
        late.givenName = u"Seán"_qs;
        late.familyName = u"Ó Súilleabháin"_qs;
        late.dateOfBirth = QDate(1985, 3, 12);
        first.engine.savePerson(late);
        QVERIFY(first.syncOnce());

        // In pieces of 64 KiB (about 16 of them), three at a time, as a big centre's would come.
        TestDesk desk(m_files.cachePath());
        ApiClient::SnapshotTransfer pieces;
        pieces.pieceBytes = 64 * 1024;
        pieces.piecesInFlight = 3;
        desk.engine.api().setSnapshotTransfer(pieces);
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        QVERIFY(desk.engine.api().lastSnapshotStats().ranged);
        QVERIFY(desk.engine.api().lastSnapshotStats().requests > 4);
        LocalStore &cache = desk.reader();
        QCOMPARE(cache.counts().people, 2501);
        QVERIFY2(cache.peopleThrough() > 0, "the desk did not start from the snapshot");
        QVERIFY(cache.cursor() >= cache.peopleThrough());
        // Searchable at once, with the index the centre built, and the late person too.
        const auto found = cache.search(u"o'sullivan 12/3/85"_qs, 5);
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.first().person.id, late.id);
        // It is itself to the centre: an edit it makes goes through and comes back.
        Person edited = *cache.person(late.id);
        edited.phone = u"029 2087 2087"_qs;
        desk.engine.savePerson(edited);
        QVERIFY(desk.syncOnce());
        QVERIFY(first.syncOnce());
        QCOMPARE(first.reader().person(late.id)->phone, u"029 2087 2087"_qs);
        QCOMPARE(desk.reader().counts().pending, 0);
    }

    // The pieces the real centre sends (206, pinned by ETag) make the very file it sends whole.
    void thePiecesMakeTheWholeFileByteForByte()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"1500"_qs,
                                   u"--snapshot-min-people"_qs, u"1000"_qs}),
                 qPrintable(server.errorString()));
        QVERIFY(server.waitForPeopleSnapshot());
        ApiClient api;
        api.setBaseUrl(server.baseUrl());
        std::optional<Wire::AuthTokens> tokens;
        api.login({u"counter1"_qs, u"counter1-demo"_qs, u"test"_qs},
                  [&](std::optional<Wire::AuthTokens> t, ApiFailure) {
                      tokens = t ? t : Wire::AuthTokens{};
                  });
        QVERIFY(QTest::qWaitFor([&] { return tokens.has_value(); }, 30000));
        QVERIFY(!tokens->accessToken.isEmpty());
        ApiClient::SnapshotTransfer pieces;
        pieces.pieceBytes = 50'000; // not a multiple of the page size: pieces cut pages in two
        pieces.piecesInFlight = 4;
        api.setSnapshotTransfer(pieces);
        QFile file(m_files.cachePath() + u".pieces"_qs);
        QVERIFY(file.open(QIODevice::ReadWrite | QIODevice::Truncate));
        std::optional<qint64> bytes;
        bool done = false;
        api.downloadSnapshot(&file, [&](std::optional<qint64> b, ApiFailure failure) {
            QVERIFY2(b, qPrintable(failure.message));
            bytes = b;
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 30000));
        QVERIFY(bytes);
        const auto &stats = api.lastSnapshotStats();
        QVERIFY(stats.ranged);
        QCOMPARE(stats.requests, int((*bytes + 49'999) / 50'000));
        QVERIFY(stats.maxInFlight <= 4);
        QVERIFY(stats.maxUnwritten <= 4 * 50'000);

        // The whole file in one reply, as a desk of before asks for it.
        const auto whole =
            Test::httpGet(server.url(QStringLiteral("/snapshot/people?schema=%1&index=%2")
                                         .arg(LocalStore::kSchemaVersion)
                                         .arg(PersonSearch::kIndexVersion)),
                          tokens->accessToken);
        QCOMPARE(whole.status, 200);
        QVERIFY(!whole.header("ETag").isEmpty());
        QCOMPARE(whole.header("Accept-Ranges"), QByteArray("bytes"));
        file.seek(0);
        const QByteArray assembled = file.readAll();
        QCOMPARE(assembled.size(), whole.body.size());
        QVERIFY(assembled == whole.body);
    }

    void withoutASnapshotTheDeskPullsPages()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        // Too few people for a snapshot: the endpoint answers 503 and the desk pulls pages.
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"400"_qs}),
                 qPrintable(server.errorString()));
        TestDesk desk(m_files.cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        QCOMPARE(desk.reader().counts().people, 400);
        QCOMPARE(desk.reader().peopleThrough(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotEndToEnd)
#include "tst_snapshot_e2e.moc"
