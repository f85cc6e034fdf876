#include "app/SyncEngine.h"
#include "models/LocalStore.h"
#include "tests/support/PgTestDatabase.h"
#include "tests/support/ServerProcess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace FirstStop;
using FirstStop::Test::PgTestDatabase;
using FirstStop::Test::ServerProcess;

namespace {

constexpr int kWaitMs = 30'000;

// One desk: a cache file and the real sync engine, signed in to the server.
struct Desk
{
    explicit Desk(const QString &path)
        : cachePath(path)
    {
        SyncEngine::Timing timing;
        timing.retryBaseMs = 200;
        timing.retryMaxMs = 800;
        timing.pollIntervalMs = 600'000; // only the retry timer and explicit syncs in these tests
        engine.setTiming(timing);
        engine.api().setTimeout(5000);
    }

    bool open()
    {
        QSignalSpy opened(&engine, &SyncEngine::opened);
        engine.open(cachePath);
        return opened.size() == 1 && opened.at(0).at(0).toBool();
    }

    // Signs in and waits for the first full sync.
    bool signIn(const QUrl &server, const QString &user = u"counter1"_qs,
                const QString &password = u"counter1-demo"_qs)
    {
        engine.setServer(server);
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        QSignalSpy failed(&engine, &SyncEngine::signInFailed);
        engine.signIn(user, password);
        if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, kWaitMs)) {
            return false;
        }
        return failed.isEmpty() && done.last().at(0).toBool();
    }

    // Runs one sync cycle now and reports whether it succeeded.
    bool syncOnce()
    {
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        engine.syncNow();
        return QTest::qWaitFor([&] { return !done.isEmpty(); }, kWaitMs) &&
               done.last().at(0).toBool();
    }

    // A second connection to the same cache, as the search thread has.
    LocalStore &reader()
    {
        if (!readStore) {
            readStore = std::make_unique<LocalStore>();
            readStore->open(cachePath, nullptr);
        }
        return *readStore;
    }

    QString cachePath;
    SyncEngine engine;
    std::unique_ptr<LocalStore> readStore;
};

Person newPerson(const QString &given, const QString &family)
{
    Person p;
    p.id = QUuid::createUuid();
    p.givenName = given;
    p.familyName = family;
    p.dateOfBirth = QDate(1990, 5, 17);
    p.postcode = u"SA1 1AA"_qs;
    return p;
}

} // namespace

class TestSyncEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestDatabase> m_pg;
    int m_counter = 0;

    // A fresh database on the backend named by the current data row.
    QString freshDatabase()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            return u"sqlite:"_qs + m_dir.filePath(QStringLiteral("server-%1.db").arg(++m_counter));
        }
        m_pg = std::make_unique<PgTestDatabase>();
        return m_pg->isValid() ? m_pg->databaseUrl() : QString();
    }

    QString cachePath()
    {
        return m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++m_counter));
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

    void firstSyncPullsEveryoneAndSearchFindsThem()
    {
        const QString db = freshDatabase();
        QVERIFY(!db.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"2500"_qs}),
                 qPrintable(server.errorString()));
        Desk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        // More than two pages: the cursor moved page by page and nothing was skipped or doubled.
        QCOMPARE(desk.reader().counts().people, 2500);
        QVERIFY(desk.reader().cursor() >= 2500);
        // Every pulled person is findable by the first letters of their family name.
        const auto somePerson = desk.reader().search(u"a"_qs, 1);
        QVERIFY(!somePerson.isEmpty());
        const Person p = somePerson.first().person;
        const QString family = p.familyName.left(4);
        bool found = false;
        for (const PersonMatch &m : desk.reader().search(p.givenName + u' ' + family, 50)) {
            found = found || m.person.id == p.id;
        }
        QVERIFY2(found, qPrintable(p.displayName()));
        QVERIFY(desk.reader().lastSynced().isValid());
    }

    void editMadeAtOneDeskReachesAnother()
    {
        const QString db = freshDatabase();
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        Desk a(cachePath());
        Desk b(cachePath());
        QVERIFY(a.open() && b.open());
        QVERIFY(a.signIn(server.baseUrl()));
        QVERIFY(b.signIn(server.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs));

        const Person p = newPerson(u"Siân"_qs, u"Ó Súilleabháin"_qs);
        QSignalSpy saved(&a.engine, &SyncEngine::personSaved);
        QSignalSpy done(&a.engine, &SyncEngine::cycleFinished);
        a.engine.savePerson(p);
        QCOMPARE(saved.size(), 1); // written locally at once, before any network
        QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, kWaitMs));
        QVERIFY(done.last().at(0).toBool());
        QCOMPARE(a.reader().counts().pending, 0);
        QVERIFY(a.reader().person(p.id)->version > 0); // the pull after the push confirmed it

        QVERIFY(b.syncOnce());
        const auto atB = b.reader().person(p.id);
        QVERIFY(atB);
        QCOMPARE(atB->givenName, u"Siân"_qs);
        QCOMPARE(atB->familyName, u"Ó Súilleabháin"_qs);
        QCOMPARE(atB->reference, a.reader().person(p.id)->reference);
        QCOMPARE(b.reader().search(u"sian suilleabhain"_qs, 5).size(), 1);
    }

    void personCreatedWhileServerIsDownArrivesWhenItIsBack()
    {
        const QString db = freshDatabase();
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(db, {u"--demo-users"_qs}), qPrintable(server->errorString()));
        const QUrl url = server->baseUrl();
        Desk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(url));

        server->kill();
        server.reset();

        const Person p = newPerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs);
        QSignalSpy statuses(&desk.engine, &SyncEngine::statusChanged);
        QSignalSpy done(&desk.engine, &SyncEngine::cycleFinished);
        desk.engine.savePerson(p);
        QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, kWaitMs));
        QVERIFY(!done.first().at(0).toBool());
        // The desk works on: the person is findable and waiting to go.
        QCOMPARE(desk.reader().search(u"zoe obrien"_qs, 5).size(), 1);
        QCOMPARE(desk.reader().counts().pending, 1);
        const auto offline = statuses.last().at(0).value<SyncStatus>();
        QCOMPARE(offline.connection, SyncStatus::Connection::Offline);
        QCOMPARE(offline.pending, 1);
        QVERIFY(!offline.lastError.isEmpty());

        // Back on the same address; the engine's own retry timer takes it from here: nobody
        // edits anything or presses a button.
        ServerProcess again;
        QVERIFY2(again.start(db, {u"--port"_qs, QString::number(url.port())}),
                 qPrintable(again.errorString()));
        QCOMPARE(again.baseUrl(), url);
        QVERIFY(QTest::qWaitFor([&] { return desk.reader().counts().pending == 0; }, kWaitMs));

        Desk other(cachePath());
        QVERIFY(other.open());
        QVERIFY(other.signIn(url, u"lead1"_qs, u"lead1-demo"_qs));
        const auto there = other.reader().person(p.id);
        QVERIFY(there);
        QCOMPARE(there->familyName, u"O'Brien-Nwosu"_qs);
    }

    void replayedPushIsAppliedOnce()
    {
        const QString db = freshDatabase();
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        Desk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));

        // Queue an edit without letting the engine send it, then send the same batch twice, as
        // after a reply lost to a timeout.
        LocalStore &store = desk.reader();
        const Person p = newPerson(u"Pádraig"_qs, u"Mac Cárthaigh"_qs);
        QVERIFY(store.saveLocalEdit(p, nullptr));
        Wire::MutationBatch batch;
        batch.clientId = store.clientId();
        for (const OutboxEntry &e : store.pendingMutations(10)) {
            batch.mutations.append(e.mutation);
        }
        QCOMPARE(batch.mutations.size(), 1);

        QList<Wire::MutationResult> first;
        QList<Wire::MutationResult> second;
        bool firstDone = false;
        bool secondDone = false;
        desk.engine.api().pushMutations(batch, [&](auto results, ApiFailure) {
            first = results.value_or(QList<Wire::MutationResult>{});
            firstDone = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return firstDone; }, kWaitMs));
        desk.engine.api().pushMutations(batch, [&](auto results, ApiFailure) {
            second = results.value_or(QList<Wire::MutationResult>{});
            secondDone = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return secondDone; }, kWaitMs));
        QCOMPARE(first.size(), 1);
        QCOMPARE(second.size(), 1);
        QCOMPARE(first.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(second.at(0).status, Wire::MutationStatus::Duplicate);
        QCOMPARE(second.at(0).version, first.at(0).version);

        // The engine's own push now finds the entry already applied and settles it.
        QVERIFY(desk.syncOnce());
        QCOMPARE(store.counts().pending, 0);
        // A fresh desk sees exactly one such person, at the first push's version.
        Desk other(cachePath());
        QVERIFY(other.open());
        QVERIFY(other.signIn(server.baseUrl()));
        const auto hits = other.reader().search(u"padraig mac"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.version, first.at(0).version);
    }

    void wrongPasswordIsRefusedClearly()
    {
        const QString db = freshDatabase();
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        Desk desk(cachePath());
        QVERIFY(desk.open());
        desk.engine.setServer(server.baseUrl());
        QSignalSpy failed(&desk.engine, &SyncEngine::signInFailed);
        desk.engine.signIn(u"counter1"_qs, u"wrong"_qs);
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, kWaitMs));
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
        QCOMPARE(failed.at(0).at(1).toBool(), false); // refused, not "offline"
    }
};

QTEST_GUILESS_MAIN(TestSyncEndToEnd)
#include "tst_sync_e2e.moc"
