#include "app/DeskController.h"
#include "app/SyncEngine.h"
#include "models/LocalStore.h"
#include "tests/support/ServerProcess.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;

// The desk's application layer as the window uses it: sync and search on their own threads, the
// refresh token in the real keychain (when the harness provides one), the real server process.
class TestDeskEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        // Objects used across threads the wrong way show up as these warnings; none may appear.
        QTest::failOnWarning(QRegularExpression(
            QStringLiteral("different thread|another thread|Cannot create children")));
    }

    void signInSyncSearchAndSaveAcrossThreads()
    {
        ServerProcess server;
        QVERIFY2(server.start(u"sqlite:"_qs + m_dir.filePath(u"server.db"_qs),
                              {u"--demo-users"_qs, u"--demo"_qs, u"1500"_qs}),
                 qPrintable(server.errorString()));
        DeskController desk;
        QSignalSpy ready(&desk, &DeskController::ready);
        desk.start(m_dir.filePath(u"desk"_qs), server.baseUrl());
        QVERIFY(ready.wait(10000));
        QVERIFY(ready.at(0).at(0).toBool());

        QSignalSpy signedIn(&desk, &DeskController::signedIn);
        QSignalSpy failed(&desk, &DeskController::signInFailed);
        desk.signIn(u"counter1"_qs, u"counter1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty() || !failed.isEmpty(), 20000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(signedIn.at(0).at(0).value<SignedInUser>().role, u"counter"_qs);
        QCOMPARE(desk.user().office, u"Cardiff Central"_qs);

        // The status reaches the GUI thread: online, everyone pulled, nothing waiting.
        QTRY_VERIFY_WITH_TIMEOUT(desk.status().people == 1500 && !desk.status().syncing &&
                                     desk.status().lastSynced.isValid(),
                                 30000);
        QCOMPARE(desk.status().connection, SyncStatus::Connection::Online);

        QSignalSpy results(&desk, &DeskController::searchResults);
        desk.search(u"a"_qs);
        QTRY_VERIFY(!results.isEmpty());
        const auto found = results.last().at(1).value<QList<PersonMatch>>();
        QVERIFY(!found.isEmpty());

        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Gwenllian"_qs;
        p.familyName = u"Nic Cárthaigh"_qs;
        QSignalSpy saved(&desk, &DeskController::personSaved);
        desk.savePerson(p);
        QTRY_COMPARE(saved.size(), 1);
        // The sync cycle after the save sends it: nothing is left waiting.
        QTRY_VERIFY_WITH_TIMEOUT(desk.status().pending == 0 && desk.status().people == 1501 &&
                                     !desk.status().syncing,
                                 20000);
        results.clear();
        desk.search(u"gwenllian carthaigh"_qs);
        QTRY_VERIFY(!results.isEmpty());
        const auto mine = results.last().at(1).value<QList<PersonMatch>>();
        QCOMPARE(mine.size(), 1);
        QVERIFY(mine.at(0).person.version > 0); // confirmed by the centre
    }

    void offlineSignInAgainstTheKeychainVerifierThenReconnects()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            if (qEnvironmentVariableIntValue("FIRSTSTOP_HARNESS") == 1) {
                QFAIL("the harness should provide a keychain");
            }
            QSKIP("needs the keychain (run under scripts/test.sh)");
        }
        const QString db = u"sqlite:"_qs + m_dir.filePath(u"offline.db"_qs);
        const QString deskDir = m_dir.filePath(u"offline-desk"_qs);
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(db, {u"--demo-users"_qs, u"--demo"_qs, u"200"_qs}),
                 qPrintable(server->errorString()));
        const QUrl url = server->baseUrl();
        {
            // Day one: an online sign-in leaves a verifier and a refresh token in the keychain.
            DeskController desk;
            QSignalSpy ready(&desk, &DeskController::ready);
            desk.start(deskDir, url);
            QVERIFY(ready.wait(10000));
            QSignalSpy signedIn(&desk, &DeskController::signedIn);
            desk.signIn(u"counter1"_qs, u"counter1-demo"_qs);
            QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty(), 20000);
            QVERIFY(!desk.isWorkingOffline());
            QTRY_VERIFY_WITH_TIMEOUT(desk.status().people == 200 && !desk.status().syncing, 20000);
            QTest::qWait(1500); // the verifier is hashed and stored in the background
        }
        server->kill();
        server.reset();

        // Day two, the network is down.
        DeskController desk;
        QSignalSpy ready(&desk, &DeskController::ready);
        desk.start(deskDir, url);
        QVERIFY(ready.wait(10000));
        QSignalSpy signedIn(&desk, &DeskController::signedIn);
        QSignalSpy failed(&desk, &DeskController::signInFailed);

        desk.signIn(u"counter1"_qs, u"not-the-password"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
        QVERIFY(signedIn.isEmpty());
        QVERIFY2(failed.last().at(0).toString().contains(u"does not match"),
                 qPrintable(failed.last().at(0).toString()));

        desk.signIn(u"counter1"_qs, u"counter1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty(), 20000);
        QVERIFY(desk.isWorkingOffline());
        QCOMPARE(desk.user().office, u"Cardiff Central"_qs);
        QCOMPARE(desk.user().role, u"counter"_qs);

        // Work goes on offline…
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Caoimhe"_qs;
        p.familyName = u"Ní Bhriain"_qs;
        QSignalSpy saved(&desk, &DeskController::personSaved);
        desk.savePerson(p);
        QTRY_COMPARE(saved.size(), 1);
        QTRY_COMPARE(desk.status().pending, 1);
        QTRY_COMPARE(desk.status().connection, SyncStatus::Connection::Offline);

        // …and reaches the centre when it is back, with nobody touching the desk.
        ServerProcess again;
        QVERIFY2(again.start(db, {u"--port"_qs, QString::number(url.port())}),
                 qPrintable(again.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(desk.status().pending == 0 &&
                                     desk.status().connection == SyncStatus::Connection::Online,
                                 60000);
        QCOMPARE(desk.status().people, 201);
    }

    void sameFieldEditedAtTwoDesksBecomesAConflictAPersonResolves()
    {
        ServerProcess server;
        QVERIFY2(server.start(u"sqlite:"_qs + m_dir.filePath(u"conflict.db"_qs),
                              {u"--demo-users"_qs, u"--demo"_qs, u"50"_qs}),
                 qPrintable(server.errorString()));
        // Desk A is the one a clerk is sitting at; desk B is another desk's engine.
        DeskController a;
        QSignalSpy ready(&a, &DeskController::ready);
        a.start(m_dir.filePath(u"conflict-a"_qs), server.baseUrl());
        QVERIFY(ready.wait(10000));
        a.signIn(u"counter1"_qs, u"counter1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(a.status().people == 50 && !a.status().syncing, 20000);

        const QString bCache = m_dir.filePath(u"conflict-b.sqlite"_qs);
        SyncEngine b;
        QSignalSpy bOpened(&b, &SyncEngine::opened);
        b.open(bCache);
        b.setServer(server.baseUrl());
        QSignalSpy bDone(&b, &SyncEngine::cycleFinished);
        b.signIn(u"lead1"_qs, u"lead1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!bDone.isEmpty(), 20000);
        LocalStore bStore;
        QVERIFY(bStore.open(bCache, nullptr));
        Person atB = bStore.search(u"a"_qs, 1).value(0).person;
        QVERIFY(!atB.id.isNull());

        // Both desks change the same phone number and a different field each.
        Person atA = atB;
        atB.phone = u"029 2018 0222"_qs;
        atB.email = u"from.b@example.org"_qs;
        bDone.clear();
        b.savePerson(atB);
        QTRY_VERIFY_WITH_TIMEOUT(!bDone.isEmpty() && bDone.last().at(0).toBool(), 20000);

        atA.phone = u"029 2018 0111"_qs;
        atA.address = u"1 Heol y Felin\nCaerdydd"_qs;
        a.savePerson(atA);
        QTRY_VERIFY_WITH_TIMEOUT(a.status().conflicts == 1 && !a.status().syncing, 20000);

        QSignalSpy conflicts(&a, &DeskController::conflictsReady);
        a.requestConflicts();
        QTRY_VERIFY(!conflicts.isEmpty());
        const auto open = conflicts.last().at(0).value<QList<ConflictRecord>>();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).field, u"phone"_qs);
        QCOMPARE(open.at(0).deskValue.toString(), u"029 2018 0111"_qs);
        QCOMPARE(open.at(0).centreValue.toString(), u"029 2018 0222"_qs);

        // The clerk checks with the resident: this desk's number is right.
        a.resolveConflict(open.at(0).id, true);
        QTRY_VERIFY_WITH_TIMEOUT(
            a.status().conflicts == 0 && a.status().pending == 0 && !a.status().syncing, 20000);
        bDone.clear();
        b.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!bDone.isEmpty(), 20000);
        const auto merged = bStore.person(atB.id);
        QVERIFY(merged);
        QCOMPARE(merged->phone, u"029 2018 0111"_qs);              // the decision
        QCOMPARE(merged->email, u"from.b@example.org"_qs);         // B's other field kept
        QCOMPARE(merged->address, u"1 Heol y Felin\nCaerdydd"_qs); // A's other field merged
    }
};

QTEST_GUILESS_MAIN(TestDeskEndToEnd)
#include "tst_desk_e2e.moc"
