// The network and the centre misbehaving: a proxy in front of the real server that refuses,
// drops, cuts and delays; and a fake centre that answers garbage, truncated, oversized and
// wrong-type replies and storms of 5xx. The real engine must end consistent: the outbox and the
// cursor kept, nothing applied from a bad reply, a clear error, retries with backoff (not a
// tight loop), and recovery by itself once things heal.
#include "TestDesk.h"
#include "tests/support/FakeHttpServer.h"
#include "tests/support/FaultProxy.h"
#include "tests/support/ServerDb.h"
#include "tests/support/ServerProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

qint64 scalar(const QString &db, const QString &sql)
{
    const auto v = serverScalar(db, sql);
    return v ? v->toLongLong() : -1;
}

SyncStatus lastStatus(const QSignalSpy &spy)
{
    return spy.isEmpty() ? SyncStatus{} : spy.last().at(0).value<SyncStatus>();
}

const QUuid kKnownPerson = QUuid::fromString(u"6f1d2c1e-0000-4000-8000-000000000001"_qs);
const QUuid kBadPagePerson = QUuid::fromString(u"6f1d2c1e-0000-4000-8000-000000000002"_qs);

QByteArray tokens()
{
    Wire::AuthTokens t;
    t.accessToken = u"access"_qs;
    t.accessExpiresIn = 900;
    t.refreshToken = u"refresh"_qs;
    t.user = {u"counter1"_qs, u"Counter One"_qs, u"counter"_qs, u"Test"_qs};
    return Wire::encode(t);
}

// What a well-behaved centre would say: every mutation applied; one person at seq 7.
QByteArray goodAnswer(const FakeHttpServer::Request &r)
{
    if (r.path == u"/auth/login" || r.path == u"/auth/refresh") {
        return FakeHttpServer::response(200, tokens());
    }
    if (r.path == u"/mutations") {
        QString error;
        const auto batch = Wire::decodeMutationBatch(r.body, &error);
        QList<Wire::MutationResult> results;
        for (const Wire::Mutation &m : batch->mutations) {
            results.append({m.id, Wire::MutationStatus::Applied, 5, {}, {}, {}, {}});
        }
        return FakeHttpServer::response(200, Wire::encode(results));
    }
    if (r.path == u"/changes") {
        Wire::ChangePage page;
        page.cursor = 7;
        if (r.query.startsWith(u"since=0&")) {
            page.changes.append(
                {7, u"person"_qs, kKnownPerson, false,
                 QJsonObject{{u"reference"_qs, u"FS-KNOWN"_qs}, {u"given_name"_qs, u"Known"_qs}}});
        }
        return FakeHttpServer::response(200, Wire::encode(page));
    }
    return FakeHttpServer::response(404, "{}");
}

// A centre's people snapshot endpoint over blob, doing ranges as the real one does (RFC 9110:
// 206 with Content-Range and ETag, 412 when If-Match names another file), with faults on request.
struct FakeSnapshot
{
    QByteArray blob;
    QByteArray etag = "\"a\"";
    bool ranges = true;
    qint64 cap = 0;      // the most sent in one reply (0: as asked)
    int cutRequest = -1; // this request (from 0) is cut off halfway through its body
    bool cutAll = false; // every piece after the first is cut off
    // Called before each request is answered with how many came before (to replace the file).
    std::function<void(int)> before;
    int requests = 0;
    QList<QByteArray> ranges_asked;
    QList<QByteArray> ifMatch;

    QByteArray answer(const FakeHttpServer::Request &r)
    {
        const int index = requests++;
        if (before) {
            before(index);
        }
        ranges_asked.append(r.header("Range"));
        ifMatch.append(r.header("If-Match"));
        const QByteArray tagged = r.header("If-Match");
        if (!tagged.isEmpty() && tagged != etag) {
            return FakeHttpServer::response(
                412, R"({"error":{"code":"snapshot_replaced","message":"replaced"}})");
        }
        const QByteArray range = r.header("Range");
        if (!ranges || !range.startsWith("bytes=")) {
            return "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.sqlite3\r\nETag: " + etag +
                   "\r\nContent-Length: " + QByteArray::number(blob.size()) +
                   "\r\nConnection: close\r\n\r\n" + blob;
        }
        const QList<QByteArray> ends = range.mid(6).split('-');
        const qint64 first = ends.value(0).toLongLong();
        qint64 last = std::min<qint64>(ends.value(1).toLongLong(), blob.size() - 1);
        if (cap > 0) {
            last = std::min(last, first + cap - 1);
        }
        const QByteArray body = blob.mid(first, last - first + 1);
        const QByteArray head =
            "HTTP/1.1 206 Partial Content\r\nContent-Type: application/vnd.sqlite3\r\n"
            "Content-Range: bytes " +
            QByteArray::number(first) + '-' + QByteArray::number(last) + '/' +
            QByteArray::number(blob.size()) + "\r\nETag: " + etag +
            "\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\nConnection: close\r\n\r\n";
        if (index == cutRequest || (cutAll && index > 0)) {
            return head + body.left(body.size() / 2);
        }
        return head + body;
    }
};

QByteArray randomBytes(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i) {
        out[i] = static_cast<char>(QRandomGenerator::global()->bounded(256));
    }
    return out;
}

// Downloads the fake's snapshot with the desk's client; the file's bytes, or nothing (and why).
struct Downloaded
{
    std::optional<QByteArray> bytes;
    ApiFailure failure;
    ApiClient::SnapshotStats stats;
};

Downloaded download(FakeHttpServer &fake, const QString &path,
                    const ApiClient::SnapshotTransfer &transfer)
{
    ApiClient api;
    api.setBaseUrl(fake.url());
    api.setSession(u"access"_qs, u"refresh"_qs);
    api.setTimeout(5000);
    api.setSnapshotTransfer(transfer);
    QFile file(path);
    file.open(QIODevice::ReadWrite | QIODevice::Truncate);
    Downloaded out;
    bool done = false;
    api.downloadSnapshot(&file, [&](std::optional<qint64> bytes, ApiFailure failure) {
        done = true;
        out.failure = failure;
        if (bytes) {
            file.seek(0);
            out.bytes = file.readAll();
        }
    });
    if (!QTest::qWaitFor([&] { return done; }, kDeskWaitMs)) {
        out.failure.message = QStringLiteral("the download never ended");
    }
    out.stats = api.lastSnapshotStats();
    return out;
}

ApiClient::SnapshotTransfer smallPieces()
{
    ApiClient::SnapshotTransfer t;
    t.pieceBytes = 64 * 1024;
    t.piecesInFlight = 3;
    return t;
}

} // namespace

class TestNetworkFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString cachePath()
    {
        return m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++m_counter));
    }

private Q_SLOTS:
    void proxyRefusesDropsAndHeals()
    {
        const QString db = u"sqlite:"_qs + m_dir.filePath(u"proxy1.db"_qs);
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        FaultProxy proxy(static_cast<quint16>(server.baseUrl().port()));
        QVERIFY(proxy.listen());
        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(proxy.url()));
        QSignalSpy statuses(&desk.engine, &SyncEngine::statusChanged);

        proxy.setMode(FaultProxy::Mode::Refuse);
        for (int i = 0; i < 3; ++i) {
            desk.engine.savePerson(newTestPerson(u"Proxied"_qs, QString::number(i)));
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return lastStatus(statuses).connection == SyncStatus::Connection::Offline; },
            kDeskWaitMs));
        QVERIFY(!lastStatus(statuses).lastError.isEmpty());
        QCOMPARE(desk.reader().counts().pending, 3);

        // Connections accepted and dropped at once: the engine retries with backoff, not in a
        // tight loop (base 200 ms doubling to 800 ms, with jitter: at most ~8 tries in 3 s).
        proxy.setMode(FaultProxy::Mode::Drop);
        QTest::qWait(3000);
        const int tries = proxy.connectionsAccepted();
        QVERIFY2(tries >= 2 && tries <= 12, qPrintable(QString::number(tries)));
        QCOMPARE(desk.reader().counts().pending, 3);

        // Healed: the retry timer sends the outbox without anyone touching the desk.
        proxy.setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kDeskWaitMs));
        QCOMPARE(scalar(db, u"SELECT count(*) FROM person WHERE given_name = 'Proxied'"_qs), 3);
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), 3);
    }

    void replyCutIsRetriedAndAppliedOnce_data()
    {
        QTest::addColumn<int>("bytes");
        QTest::newRow("in the status line") << 10;
        QTest::newRow("in the body") << 160;
    }

    void replyCutIsRetriedAndAppliedOnce()
    {
        QFETCH(int, bytes);
        const QString db = u"sqlite:"_qs + m_dir.filePath(QStringLiteral("cut-%1.db").arg(bytes));
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        FaultProxy proxy(static_cast<quint16>(server.baseUrl().port()));
        QVERIFY(proxy.listen());
        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(proxy.url()));

        // The centre commits the push, the desk never hears the whole answer.
        proxy.setMode(FaultProxy::Mode::CutReplyAfter, bytes);
        QSignalSpy done(&desk.engine, &SyncEngine::cycleFinished);
        const Person p = newTestPerson(u"Cut"_qs, u"Short"_qs);
        desk.engine.savePerson(p);
        QVERIFY(QTest::qWaitFor([&] { return done.size() >= 2; }, kDeskWaitMs));
        QVERIFY(!done.first().at(0).toBool());
        QVERIFY(proxy.repliesCut() >= 2);
        QCOMPARE(desk.reader().counts().pending, 1);
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), 1);

        proxy.setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kDeskWaitMs));
        QCOMPARE(scalar(db, u"SELECT count(*) FROM applied_mutation"_qs), 1);
        QCOMPARE(scalar(db, u"SELECT value FROM change_counter WHERE id = 1"_qs), 1);
        QVERIFY(desk.syncOnce());
        QCOMPARE(desk.reader().person(p.id)->version, 1);
    }

    void slowLinkTimesOutAndRecovers()
    {
        const QString db = u"sqlite:"_qs + m_dir.filePath(u"slow.db"_qs);
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        FaultProxy proxy(static_cast<quint16>(server.baseUrl().port()));
        QVERIFY(proxy.listen());
        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(proxy.url()));
        desk.engine.api().setTimeout(800);

        proxy.setMode(FaultProxy::Mode::Delay, 1500);
        QSignalSpy statuses(&desk.engine, &SyncEngine::statusChanged);
        QVERIFY(!desk.syncOnce());
        QVERIFY(!lastStatus(statuses).lastError.isEmpty());

        proxy.setMode(FaultProxy::Mode::Delay, 50); // slow but within the timeout
        desk.engine.savePerson(newTestPerson(u"Slow"_qs, u"Link"_qs));
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kDeskWaitMs));
        QCOMPARE(scalar(db, u"SELECT count(*) FROM person WHERE given_name = 'Slow'"_qs), 1);
    }

    void badRepliesKeepOutboxAndCursor_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("reply");
        const auto ok = [](const QByteArray &body) {
            return FakeHttpServer::response(200, body);
        };
        const QByteArray badPerson =
            "{\"seq\":8,\"type\":\"person\",\"id\":\"" +
            kBadPagePerson.toString(QUuid::WithoutBraces).toLatin1() +
            "\",\"deleted\":false,\"data\":{\"given_name\":\"Should Not Land\"}}";
        QTest::newRow("push: html") << u"/mutations"_qs << ok("<html>Gateway</html>");
        QTest::newRow("push: truncated") << u"/mutations"_qs << ok("{\"results\":[{\"id\":");
        QTest::newRow("push: wrong types") << u"/mutations"_qs << ok("{\"results\":\"yes\"}");
        QTest::newRow("push: answers for other ids")
            << u"/mutations"_qs
            << ok("{\"results\":[{\"id\":\"" +
                  QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() +
                  "\",\"status\":\"applied\",\"version\":3}]}");
        QTest::newRow("push: no answers") << u"/mutations"_qs << ok("{\"results\":[]}");
        QTest::newRow("push: 503 storm")
            << u"/mutations"_qs
            << FakeHttpServer::response(503, "{\"error\":{\"code\":\"x\",\"message\":\"busy\"}}");
        QTest::newRow("push: oversized")
            << u"/mutations"_qs << ok(QByteArray(Wire::kMaxBodyBytes + 1024, ' '));
        QTest::newRow("pull: not HTTP") << u"/changes"_qs << QByteArray("\x01\x02 garbage\r\n\r\n");
        QTest::newRow("pull: html") << u"/changes"_qs << ok("<html>");
        QTest::newRow("pull: one bad change after a good one")
            << u"/changes"_qs
            << ok("{\"changes\":[" + badPerson + ",{\"seq\":\"9\"}],\"cursor\":9,\"more\":false}");
        QTest::newRow("pull: cursor going backwards")
            << u"/changes"_qs << ok("{\"changes\":[],\"cursor\":2,\"more\":false}");
        QTest::newRow("pull: change at or before the cursor")
            << u"/changes"_qs
            << ok("{\"changes\":[" + QByteArray(badPerson).replace("\"seq\":8", "\"seq\":6") +
                  "],\"cursor\":8,\"more\":false}");
        QTest::newRow("pull: more without progress")
            << u"/changes"_qs << ok("{\"changes\":[],\"cursor\":7,\"more\":true}");
        QTest::newRow("pull: 500 storm")
            << u"/changes"_qs
            << FakeHttpServer::response(500, "{\"error\":{\"code\":\"x\",\"message\":\"db\"}}");
    }

    void badRepliesKeepOutboxAndCursor()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, reply);
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        bool bad = false;
        fake.setHandler([&](const FakeHttpServer::Request &r) {
            return bad && r.path == path ? reply : goodAnswer(r);
        });
        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(fake.url()));
        QCOMPARE(desk.reader().cursor(), 7);
        QVERIFY(desk.reader().person(kKnownPerson));

        bad = true;
        QSignalSpy statuses(&desk.engine, &SyncEngine::statusChanged);
        QSignalSpy done(&desk.engine, &SyncEngine::cycleFinished);
        const Person p = newTestPerson(u"Waiting"_qs, u"Patiently"_qs);
        desk.engine.savePerson(p);
        const int before = fake.count(path);
        QTest::qWait(2000);
        const int tries = fake.count(path) - before;
        // Retried, with backoff: not given up, and not a tight loop (base 200 ms doubling to
        // 800 ms with jitter: about 5 tries in 2 s).
        QVERIFY2(tries >= 2 && tries <= 10, qPrintable(QString::number(tries)));
        QVERIFY(!done.isEmpty());
        for (const auto &call : std::as_const(done)) {
            QVERIFY(!call.at(0).toBool());
        }
        const SyncStatus status = lastStatus(statuses);
        QCOMPARE(status.connection, SyncStatus::Connection::Offline);
        QVERIFY2(status.lastError.contains(u"central service"), qPrintable(status.lastError));
        QCOMPARE(desk.reader().cursor(), 7);
        QVERIFY(!desk.reader().person(kBadPagePerson)); // nothing applied from a bad page
        QVERIFY(desk.reader().person(p.id));
        if (path == u"/mutations") {
            QCOMPARE(desk.reader().counts().pending, 1);
            QCOMPARE(desk.reader().counts().rejected, 0); // a bad reply is no verdict
        }

        // Healed: the desk catches up by itself.
        bad = false;
        QVERIFY(QTest::qWaitFor(
            [&] { return lastStatus(statuses).connection == SyncStatus::Connection::Online; },
            kDeskWaitMs));
        QCOMPARE(desk.reader().counts().pending, 0);
        QCOMPARE(desk.reader().cursor(), 7);
    }

    // The people snapshot in pieces: every byte where it belongs, each piece after the first
    // pinned to the first one's file, no more asked for at once than allowed.
    void snapshotPiecesAreReassembledByteForByte_data()
    {
        QTest::addColumn<qint64>("cap");
        QTest::newRow("as asked") << qint64(0);
        QTest::newRow("centre sends less than asked") << qint64(40'000);
    }
    void snapshotPiecesAreReassembledByteForByte()
    {
        QFETCH(qint64, cap);
        FakeSnapshot centre;
        centre.blob = randomBytes(1'000'003);
        centre.cap = cap;
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        fake.setHandler([&](const FakeHttpServer::Request &r) { return centre.answer(r); });
        const Downloaded got = download(fake, m_dir.filePath(u"pieces.snapshot"_qs), smallPieces());
        QVERIFY2(got.bytes, qPrintable(got.failure.message));
        QCOMPARE(got.bytes->size(), centre.blob.size());
        QVERIFY(*got.bytes == centre.blob);
        QVERIFY(got.stats.ranged);
        // 16 pieces of 64 KiB; more when the centre sends less and the rest is asked for again.
        if (cap == 0) {
            QCOMPARE(got.stats.requests, 16);
        } else {
            QVERIFY(got.stats.requests > 16);
        }
        QCOMPARE(got.stats.restarts, 0);
        QCOMPARE(got.stats.resumes, 0);
        // Bounded: never more than 3 pieces of 64 KiB on their way.
        QVERIFY(got.stats.maxInFlight >= 2 && got.stats.maxInFlight <= 3);
        QCOMPARE(got.stats.maxAsked, 64 * 1024);
        QVERIFY(got.stats.maxUnwritten <= 3 * 64 * 1024);
        QVERIFY(centre.ifMatch.first().isEmpty());
        for (int i = 1; i < centre.requests; ++i) {
            QCOMPARE(centre.ifMatch.at(i), centre.etag);
            QVERIFY(centre.ranges_asked.at(i).startsWith("bytes="));
        }
    }

    // The centre built a newer snapshot while the desk was part way through: the rest is refused
    // (412) and the desk starts again from the new file; one replaced every time is given up.
    void aSnapshotReplacedBetweenPiecesStartsAgain()
    {
        FakeSnapshot centre;
        centre.blob = randomBytes(500'000);
        const QByteArray newer = randomBytes(450'000);
        centre.before = [&](int index) {
            if (index == 4) {
                centre.blob = newer;
                centre.etag = "\"b\"";
            }
        };
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        fake.setHandler([&](const FakeHttpServer::Request &r) { return centre.answer(r); });
        const Downloaded got =
            download(fake, m_dir.filePath(u"replaced.snapshot"_qs), smallPieces());
        QVERIFY2(got.bytes, qPrintable(got.failure.message));
        QVERIFY(*got.bytes == newer); // all of the new file, nothing of the old
        QCOMPARE(got.stats.restarts, 1);
        QVERIFY(centre.ifMatch.contains("\"a\""));
        QCOMPARE(centre.ifMatch.last(), QByteArray("\"b\""));

        // Replaced again and again: given up (the desk pulls pages instead).
        FakeSnapshot restless;
        restless.blob = randomBytes(500'000);
        restless.before = [&](int index) {
            restless.etag = '"' + QByteArray::number(index / 3) + '"';
        };
        fake.setHandler([&](const FakeHttpServer::Request &r) { return restless.answer(r); });
        const Downloaded lost =
            download(fake, m_dir.filePath(u"restless.snapshot"_qs), smallPieces());
        QVERIFY(!lost.bytes);
        QCOMPARE(lost.failure.httpStatus, 412);
        QVERIFY2(lost.failure.message.contains(u"replaced"), qPrintable(lost.failure.message));
        QCOMPARE(lost.stats.restarts, 2);
    }

    // A piece cut off part way is asked for again from where it broke, and the file is whole.
    void aCutPieceResumesFromWhereItBroke()
    {
        FakeSnapshot centre;
        centre.blob = randomBytes(600'000);
        centre.cutRequest = 3;
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        fake.setHandler([&](const FakeHttpServer::Request &r) { return centre.answer(r); });
        const Downloaded got = download(fake, m_dir.filePath(u"cut.snapshot"_qs), smallPieces());
        QVERIFY2(got.bytes, qPrintable(got.failure.message));
        QVERIFY(*got.bytes == centre.blob);
        QCOMPARE(got.stats.resumes, 1);
        QCOMPARE(got.stats.restarts, 0);
        // The piece asked for again starts where the cut one broke, not at its beginning.
        const QByteArray cut = centre.ranges_asked.at(3);
        const qint64 cutFirst = cut.mid(6).split('-').value(0).toLongLong();
        const qint64 resumedFrom = cutFirst + 32 * 1024;
        QVERIFY2(centre.ranges_asked.contains("bytes=" + QByteArray::number(resumedFrom) + '-' +
                                              cut.mid(6).split('-').value(1)),
                 qPrintable(QString::fromLatin1(centre.ranges_asked.join(' '))));
    }

    // A centre that does not do ranges sends the whole file at once: taken as before.
    void aCentreWithoutRangesSendsTheWholeFile()
    {
        FakeSnapshot centre;
        centre.blob = randomBytes(300'000);
        centre.ranges = false;
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        fake.setHandler([&](const FakeHttpServer::Request &r) { return centre.answer(r); });
        const Downloaded got = download(fake, m_dir.filePath(u"whole.snapshot"_qs), smallPieces());
        QVERIFY2(got.bytes, qPrintable(got.failure.message));
        QVERIFY(*got.bytes == centre.blob);
        QVERIFY(!got.stats.ranged);
        QCOMPARE(got.stats.requests, 1);
    }

    // Every piece cut off: the download is given up and the desk pulls pages, as before.
    void snapshotPiecesCutForEverFallBackToPages()
    {
        FakeSnapshot centre;
        centre.blob = randomBytes(400'000);
        centre.cutAll = true;
        FakeHttpServer fake;
        QVERIFY(fake.listen());
        fake.setHandler([&](const FakeHttpServer::Request &r) {
            return r.path == u"/snapshot/people" ? centre.answer(r) : goodAnswer(r);
        });
        TestDesk desk(cachePath());
        desk.engine.api().setSnapshotTransfer(smallPieces());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(fake.url()));
        QVERIFY(centre.requests > 1);
        QCOMPARE(desk.engine.api().lastSnapshotStats().resumes, 4);
        QCOMPARE(desk.reader().peopleThrough(), 0);
        QCOMPARE(desk.reader().cursor(), 7);
        QVERIFY(desk.reader().person(kKnownPerson));
        QVERIFY(!QFile::exists(desk.reader().snapshotDownloadPath()));
    }
};

QTEST_GUILESS_MAIN(TestNetworkFaults)
#include "tst_network_faults.moc"
