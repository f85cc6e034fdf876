#include "app/DeskController.h"
#include "models/LocalStore.h"
#include "tests/support/ServerProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;

// `firststop provision`, the real executable, as a script setting up desks overnight runs it.
class TestProvisionEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run provision(const QStringList &args, const QByteArray &stdinText)
    {
        return runClient(QStringList{u"provision"_qs} + args, stdinText);
    }

    static Run runClient(const QStringList &args, const QByteArray &stdinText = {})
    {
        QProcess p;
        p.setProgram(QStringLiteral(FIRSTSTOP_CLIENT_EXE));
        p.setArguments(args);
        // No display is needed: a provisioning machine may well have none.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_qs);
        p.setProcessEnvironment(env);
        p.start();
        if (!p.waitForStarted(10000)) {
            return {};
        }
        p.write(stdinText);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromLocal8Bit(p.readAllStandardOutput()),
                QString::fromLocal8Bit(p.readAllStandardError())};
    }

private Q_SLOTS:
    void provisionsAnEmptyDeskAndExits()
    {
        ServerProcess server;
        QVERIFY2(server.start(u"sqlite:"_qs + m_dir.filePath(u"server.db"_qs),
                              {u"--demo-users"_qs, u"--demo"_qs, u"1200"_qs}),
                 qPrintable(server.errorString()));
        const QString deskDir = m_dir.filePath(u"desk"_qs);
        const Run run = provision({u"--server"_qs, server.baseUrl().toString(), u"--data-dir"_qs,
                                   deskDir, u"--user"_qs, u"counter1"_qs},
                                  "counter1-demo\n");
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(u"1200"), qPrintable(run.out));
        {
            LocalStore cache;
            QVERIFY(cache.open(deskDir + u"/desk.sqlite"_qs, nullptr));
            QCOMPARE(cache.counts().people, 1200);
            QVERIFY(cache.lastSynced().isValid());
            const QList<PersonMatch> some = cache.search(u"a"_qs, 1);
            QVERIFY(!some.isEmpty());
            // `firststop search` finds the same person by reference, from a script.
            const Run found = runClient({u"search"_qs, u"--data-dir"_qs, deskDir, u"--json"_qs,
                                         some.first().person.reference});
            QVERIFY2(found.exitCode == 0, qPrintable(found.err));
            const QJsonArray rows = QJsonDocument::fromJson(found.out.toUtf8()).array();
            QVERIFY2(!rows.isEmpty(), qPrintable(found.out));
            QCOMPARE(rows.first()[u"id"_qs].toString(),
                     some.first().person.id.toString(QUuid::WithoutBraces));
            QCOMPARE(
                runClient({u"search"_qs, u"--data-dir"_qs, m_dir.filePath(u"none"_qs), u"x"_qs})
                    .exitCode,
                1);
        }

        // The morning after, with the network down: the desk signs in from the keychain.
        const QUrl url = server.baseUrl();
        server.stop();
        DeskController desk;
        QSignalSpy ready(&desk, &DeskController::ready);
        QSignalSpy signedIn(&desk, &DeskController::signedIn);
        desk.start(deskDir, url);
        QVERIFY(ready.wait(10000));
        desk.signIn(u"counter1"_qs, u"counter1-demo"_qs);
        QVERIFY(signedIn.wait(30000));
        QVERIFY(desk.isWorkingOffline());
    }

    void wrongPasswordFailsClearly()
    {
        ServerProcess server;
        QVERIFY2(
            server.start(u"sqlite:"_qs + m_dir.filePath(u"server2.db"_qs), {u"--demo-users"_qs}),
            qPrintable(server.errorString()));
        const Run run = provision({u"--server"_qs, server.baseUrl().toString(), u"--data-dir"_qs,
                                   m_dir.filePath(u"desk2"_qs), u"--user"_qs, u"counter1"_qs},
                                  "not-it\n");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"firststop provision:"), qPrintable(run.err));
    }

    void unreachableServerFailsWithoutHanging()
    {
        // Nothing listens on port 9 of loopback; there is no verifier for this user on this
        // desk either, so nothing can be provisioned.
        const Run run = provision({u"--server"_qs, u"http://127.0.0.1:9"_qs, u"--data-dir"_qs,
                                   m_dir.filePath(u"desk3"_qs), u"--user"_qs, u"nobody-here"_qs},
                                  "whatever\n");
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!run.err.isEmpty());
    }

    void usageErrors()
    {
        QCOMPARE(provision({u"--server"_qs, u"http://127.0.0.1:9"_qs}, "pw\n").exitCode, 2);
        QCOMPARE(provision({u"--server"_qs, u"http://127.0.0.1:9"_qs, u"--data-dir"_qs,
                            m_dir.filePath(u"desk4"_qs), u"--user"_qs, u"x"_qs},
                           "")
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestProvisionEndToEnd)
#include "tst_provision_e2e.moc"
