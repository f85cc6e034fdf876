// Many desks and more than one server: what a council with several offices would notice.
// Real firststop-server processes over HTTP on loopback, real desk caches and sync engines, on
// SQLite and on PostgreSQL (the two-server cases need PostgreSQL: that is the deployment with
// more than one server).

#include "TestDesk.h"
#include "models/WireCodec.h"
#include "tests/support/PgTestDatabase.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

// Everything the centre has, as a fresh desk would pull it, straight from the feed.
QList<Wire::Change> pullFeed(const ServerProcess &server, QString *error)
{
    const HttpReply login =
        httpPost(server.url(u"/auth/login"_qs),
                 Wire::encode(Wire::LoginRequest{u"admin"_qs, u"admin-demo"_qs, u"check"_qs}));
    const auto tokens = Wire::decodeAuthTokens(login.body, error);
    if (!tokens) {
        return {};
    }
    QList<Wire::Change> all;
    qint64 since = 0;
    for (;;) {
        const HttpReply r =
            httpGet(server.url(QStringLiteral("/changes?since=%1&limit=%2").arg(since).arg(1000)),
                    tokens->accessToken);
        const auto page = Wire::decodeChangePage(r.body, error);
        if (!page) {
            return {};
        }
        all += page->changes;
        if (!page->more || page->changes.isEmpty()) {
            return all;
        }
        since = page->cursor;
    }
}

bool waitForAll(const std::vector<std::unique_ptr<TestDesk>> &desks,
                const std::function<bool(TestDesk &)> &done, int timeoutMs = 60'000)
{
    return QTest::qWaitFor(
        [&] {
            for (const auto &d : desks) {
                if (!done(*d)) {
                    return false;
                }
            }
            return true;
        },
        timeoutMs);
}

} // namespace

class TestMultiDeskEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestDatabase> m_pg;
    int m_counter = 0;

    QString freshDatabase()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            return u"sqlite:"_qs + m_dir.filePath(QStringLiteral("centre-%1.db").arg(++m_counter));
        }
        m_pg = std::make_unique<PgTestDatabase>();
        return m_pg->isValid() ? m_pg->databaseUrl() : QString();
    }

    QString cachePath()
    {
        return m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++m_counter));
    }

    std::unique_ptr<TestDesk> signedInDesk(const QUrl &server, const QString &user,
                                           const QString &password)
    {
        auto desk = std::make_unique<TestDesk>(cachePath());
        QString message;
        if (!desk->open() || !desk->signIn(server, user, password, &message)) {
            qWarning("a desk did not sign in: %s", qPrintable(message));
            return nullptr;
        }
        return desk;
    }

    static bool postgresOnly()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend == u"postgresql";
    }

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

    void cleanup() { m_pg.reset(); }

    // Stateless servers: a desk signs in at one, carries on at the other mid-session with the
    // same tokens (the access token, and the refresh token once the access token expires), and
    // what it pushes through one is pulled through the other.
    void aDeskSwitchesServersMidSession()
    {
        if (!postgresOnly()) {
            QSKIP("two servers share one PostgreSQL; SQLite is the single-server default");
        }
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        const QStringList ttl{u"--access-ttl"_qs, u"2"_qs};
        ServerProcess a;
        QVERIFY2(a.start(db, QStringList{u"--demo-users"_qs, u"--demo"_qs, u"30"_qs} + ttl),
                 qPrintable(a.errorString()));
        ServerProcess b;
        QVERIFY2(b.start(db, ttl), qPrintable(b.errorString()));
        QVERIFY(a.baseUrl() != b.baseUrl());

        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QSignalSpy rotated(&desk.engine, &SyncEngine::refreshTokenChanged);
        QVERIFY(desk.signIn(a.baseUrl()));
        QCOMPARE(desk.reader().counts().people, 30);

        // The office's load balancer sends the desk to the other server.
        desk.engine.setServer(b.baseUrl());
        const Person p = newTestPerson(u"Siân"_qs, u"Ó Súilleabháin"_qs);
        QSignalSpy done(&desk.engine, &SyncEngine::cycleFinished);
        desk.engine.savePerson(p);
        QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, kDeskWaitMs));
        QVERIFY(done.last().at(0).toBool());
        QCOMPARE(desk.reader().counts().pending, 0);
        QVERIFY(desk.reader().person(p.id)->version > 0);

        // The access token from A expires; B takes the refresh token A issued.
        const int rotationsBefore = static_cast<int>(rotated.size());
        QThread::msleep(2300);
        Person edited = *desk.reader().person(p.id);
        edited.phone = u"029 2018 0111"_qs;
        done.clear();
        desk.engine.savePerson(edited);
        QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, kDeskWaitMs));
        QVERIFY(done.last().at(0).toBool());
        QVERIFY2(rotated.size() > rotationsBefore, "the desk did not refresh its session at B");
        QCOMPARE(desk.reader().counts().pending, 0);

        // And back to A with the tokens B issued.
        desk.engine.setServer(a.baseUrl());
        QVERIFY(desk.syncOnce());

        auto other = signedInDesk(b.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs);
        QVERIFY(other);
        const auto there = other->reader().person(p.id);
        QVERIFY(there);
        QCOMPARE(there->familyName, u"Ó Súilleabháin"_qs);
        QCOMPARE(there->phone, u"029 2018 0111"_qs);
        QCOMPARE(other->reader().counts().people, 31);
    }

    // Desks pushing at the same time through two servers on one PostgreSQL: every change gets
    // its own sequence number, none is used twice and none is skipped (the counter row).
    void pushesThroughTwoServersNeverReuseOrSkipASeq()
    {
        if (!postgresOnly()) {
            QSKIP("two servers share one PostgreSQL; SQLite is the single-server default");
        }
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess a;
        QVERIFY2(a.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"20"_qs}),
                 qPrintable(a.errorString()));
        ServerProcess b;
        QVERIFY2(b.start(db), qPrintable(b.errorString()));

        constexpr int kDesks = 6;
        constexpr int kPeopleEach = 8;
        std::vector<std::unique_ptr<TestDesk>> desks;
        for (int i = 0; i < kDesks; ++i) {
            desks.push_back(signedInDesk(i % 2 ? b.baseUrl() : a.baseUrl(), u"counter1"_qs,
                                         u"counter1-demo"_qs));
            QVERIFY(desks.back());
        }
        QSet<QUuid> created;
        for (int j = 0; j < kPeopleEach; ++j) {
            for (int i = 0; i < kDesks; ++i) {
                const Person p = newTestPerson(QStringLiteral("Desk%1").arg(i),
                                               QStringLiteral("Person%1").arg(j));
                created.insert(p.id);
                desks[i]->engine.savePerson(p);
            }
        }
        for (const auto &d : desks) {
            d->engine.syncNow();
        }
        QVERIFY2(waitForAll(desks, [](TestDesk &d) { return d.reader().counts().pending == 0; }),
                 "not every desk's edits reached the centre");

        QString error;
        const QList<Wire::Change> feed = pullFeed(a, &error);
        QVERIFY2(!feed.isEmpty(), qPrintable(error));
        QCOMPARE(feed.size(), qsizetype(20 + kDesks * kPeopleEach));
        QSet<QUuid> inFeed;
        for (qsizetype i = 0; i < feed.size(); ++i) {
            // Each new person is one write, so the feed's numbers are exactly 1, 2, 3, …
            QCOMPARE(feed.at(i).seq, static_cast<qint64>(i) + 1);
            inFeed.insert(feed.at(i).id);
        }
        QVERIFY(inFeed.contains(created));
        // The desks were told the same numbers the feed shows.
        for (const auto &d : desks) {
            for (const Wire::Change &c : feed) {
                if (const auto p = d->reader().person(c.id); p && created.contains(c.id)) {
                    QCOMPARE(p->version, c.seq);
                }
            }
        }
        QCOMPARE(pullFeed(b, &error).size(), feed.size());
    }

    // Two desks change the same resident while both are offline. Fields only one desk touched
    // merge; the field both changed becomes a conflict on the desk that synced second, with
    // both values; nothing is silently lost, and the person's decision reaches both desks.
    void twoDesksEditTheSamePersonOffline()
    {
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(db, {u"--demo-users"_qs, u"--demo"_qs, u"10"_qs}),
                 qPrintable(server->errorString()));
        const QUrl url = server->baseUrl();
        auto a = signedInDesk(url, u"counter1"_qs, u"counter1-demo"_qs);
        auto b = signedInDesk(url, u"lead1"_qs, u"lead1-demo"_qs);
        QVERIFY(a && b);
        const Person original = a->reader().search(u"a"_qs, 1).value(0).person;
        QVERIFY(!original.id.isNull());

        server->kill(); // the network is down at both desks
        server.reset();
        const QDateTime beforeEdits = QDateTime::currentDateTimeUtc().addSecs(-1);
        Person atA = *a->reader().person(original.id);
        atA.phone = u"029 2018 0111"_qs;
        atA.address = u"1 Heol y Felin\nCaerdydd"_qs;
        Person atB = *b->reader().person(original.id);
        atB.phone = u"029 2018 0222"_qs;
        atB.email = u"from.desk.b@example.org"_qs;
        QSignalSpy aDone(&a->engine, &SyncEngine::cycleFinished);
        QSignalSpy bDone(&b->engine, &SyncEngine::cycleFinished);
        a->engine.savePerson(atA);
        b->engine.savePerson(atB);
        QVERIFY(QTest::qWaitFor([&] { return !aDone.isEmpty() && !bDone.isEmpty(); }, kDeskWaitMs));
        QVERIFY(!aDone.first().at(0).toBool());
        QCOMPARE(a->reader().counts().pending, 1);
        QCOMPARE(b->reader().counts().pending, 1);

        // The network comes back; the desks' own retry timers push, in whatever order.
        ServerProcess again;
        QVERIFY2(again.start(db, {u"--port"_qs, QString::number(url.port())}),
                 qPrintable(again.errorString()));
        std::vector<std::unique_ptr<TestDesk>> both;
        both.push_back(std::move(a));
        both.push_back(std::move(b));
        QVERIFY(waitForAll(both, [](TestDesk &d) { return d.reader().counts().pending == 0; }));
        for (const auto &d : both) {
            QVERIFY(d->syncOnce()); // each pulls what the other pushed
        }
        const int conflictsA = both[0]->reader().counts().conflicts;
        const int conflictsB = both[1]->reader().counts().conflicts;
        QCOMPARE(conflictsA + conflictsB, 1);
        TestDesk &second = conflictsA == 1 ? *both[0] : *both[1];
        TestDesk &first = conflictsA == 1 ? *both[1] : *both[0];
        const QString firstPhone = conflictsA == 1 ? atB.phone : atA.phone;
        const QString secondPhone = conflictsA == 1 ? atA.phone : atB.phone;
        // Desk a is counter1's, desk b the team lead's (display names as --demo-users makes them).
        const QString firstUser = conflictsA == 1 ? u"lead1"_qs : u"counter1"_qs;
        const QString firstName = conflictsA == 1 ? u"Team Lead 1"_qs : u"Counter Desk 1"_qs;
        const QString secondUser = conflictsA == 1 ? u"counter1"_qs : u"lead1"_qs;
        const QString secondName = conflictsA == 1 ? u"Counter Desk 1"_qs : u"Team Lead 1"_qs;

        // Disjoint fields merged everywhere.
        for (const auto &d : both) {
            const auto p = d->reader().person(original.id);
            QVERIFY(p);
            QCOMPARE(p->address, atA.address);
            QCOMPARE(p->email, atB.email);
            QCOMPARE(p->givenName, original.givenName);
        }
        QCOMPARE(first.reader().person(original.id)->phone, firstPhone);
        // The conflict shows both values; the second desk's value is not lost.
        const QList<ConflictRecord> open = second.reader().openConflicts();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).personId, original.id);
        QCOMPARE(open.at(0).field, u"phone"_qs);
        QCOMPARE(open.at(0).deskValue.toString(), secondPhone);
        QCOMPARE(open.at(0).centreValue.toString(), firstPhone);
        // Who and when on both sides: the other desk's user changed it at the centre when that
        // desk came back online; this desk's own user typed theirs while offline.
        const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(1);
        const Wire::FieldChange centre = open.at(0).centreChange;
        QCOMPARE(centre.username, firstUser);
        QCOMPARE(centre.displayName, firstName);
        QVERIFY2(centre.at >= beforeEdits && centre.at <= now,
                 qPrintable(centre.at.toString(Qt::ISODateWithMs)));
        const Wire::FieldChange desk = open.at(0).deskChange;
        QCOMPARE(desk.username, secondUser);
        QCOMPARE(desk.displayName, secondName);
        QVERIFY2(desk.at >= beforeEdits && desk.at <= centre.at,
                 qPrintable(desk.at.toString(Qt::ISODateWithMs)));

        // The clerk at the second desk checks with the resident: their number is right.
        QSignalSpy secondDone(&second.engine, &SyncEngine::cycleFinished);
        second.engine.resolveConflict(open.at(0).id, true);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return second.reader().counts().conflicts == 0 &&
                       second.reader().counts().pending == 0 && !secondDone.isEmpty();
            },
            kDeskWaitMs));
        QVERIFY(first.syncOnce());
        QCOMPARE(first.reader().person(original.id)->phone, secondPhone);
        QCOMPARE(second.reader().person(original.id)->phone, secondPhone);
        QCOMPARE(first.reader().person(original.id)->email, atB.email);
    }

    // Ten desks come back online at once with edits made offline: every mutation is applied
    // exactly once and all ten desks end with the same people at the same versions.
    void tenDesksPushAtOnceAndConverge()
    {
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(db, {u"--demo-users"_qs, u"--demo"_qs, u"20"_qs}),
                 qPrintable(server->errorString()));
        const QUrl url = server->baseUrl();
        constexpr int kDesks = 10;
        constexpr int kPeopleEach = 5;
        std::vector<std::unique_ptr<TestDesk>> desks;
        for (int i = 0; i < kDesks; ++i) {
            desks.push_back(signedInDesk(url, u"counter1"_qs, u"counter1-demo"_qs));
            QVERIFY(desks.back());
        }
        QString error;
        const QList<Wire::Change> before = pullFeed(*server, &error);
        QVERIFY2(before.size() == 20, qPrintable(error));

        server->kill();
        server.reset();
        QSet<QUuid> created;
        for (int i = 0; i < kDesks; ++i) {
            for (int j = 0; j < kPeopleEach; ++j) {
                const Person p = newTestPerson(QStringLiteral("Desk%1").arg(i),
                                               QStringLiteral("Offline%1").arg(j));
                created.insert(p.id);
                desks[i]->engine.savePerson(p);
            }
            // Each desk also corrects one existing resident's phone number.
            Person fix = *desks[i]->reader().person(before.at(i).id);
            fix.phone = QStringLiteral("029 2000 %1").arg(1000 + i);
            desks[i]->engine.savePerson(fix);
        }
        QVERIFY(waitForAll(
            desks, [](TestDesk &d) { return d.reader().counts().pending == kPeopleEach + 1; }));

        ServerProcess again;
        QVERIFY2(again.start(db, {u"--port"_qs, QString::number(url.port())}),
                 qPrintable(again.errorString()));
        for (const auto &d : desks) {
            d->engine.syncNow(); // all ten at once
        }
        QVERIFY2(waitForAll(desks, [](TestDesk &d) { return d.reader().counts().pending == 0; }),
                 "not every desk's edits reached the centre");
        for (const auto &d : desks) {
            QVERIFY(d->syncOnce());
        }

        const QList<Wire::Change> feed = pullFeed(again, &error);
        QVERIFY2(!feed.isEmpty(), qPrintable(error));
        QCOMPARE(feed.size(), qsizetype(20 + kDesks * kPeopleEach)); // no person made twice
        QSet<QUuid> ids;
        QSet<qint64> seqs;
        for (const Wire::Change &c : feed) {
            ids.insert(c.id);
            seqs.insert(c.seq);
        }
        QCOMPARE(ids.size(), feed.size());
        QCOMPARE(seqs.size(), feed.size());
        QVERIFY(ids.contains(created));
        // 20 seeded, 50 created, 10 corrections: each applied exactly once, one number each.
        QCOMPARE(feed.last().seq, qint64(20 + kDesks * kPeopleEach + kDesks));

        for (const auto &d : desks) {
            const SyncCounts counts = d->reader().counts();
            QCOMPARE(counts.people, qint64(feed.size()));
            QCOMPARE(counts.conflicts, 0);
            QCOMPARE(counts.rejected, 0);
            for (const Wire::Change &c : feed) {
                const auto p = d->reader().person(c.id);
                QVERIFY(p);
                QCOMPARE(p->version, c.seq);
                QString personError;
                const auto atCentre = Wire::personFromJson(c.id, c.data, &personError);
                QVERIFY2(atCentre, qPrintable(personError));
                QCOMPARE(p->phone, atCentre->phone);
                QCOMPARE(p->givenName, atCentre->givenName);
            }
            for (int i = 0; i < kDesks; ++i) {
                QCOMPARE(d->reader().person(before.at(i).id)->phone,
                         QStringLiteral("029 2000 %1").arg(1000 + i));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestMultiDeskEndToEnd)
#include "tst_multidesk_e2e.moc"
