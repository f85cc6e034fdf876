#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop::Test;

namespace {

using Run = ServerProcess::Run;

// Runs firststop-server to completion (for arguments that must make it stop at once).
Run runServer(const QStringList &args)
{
    return ServerProcess::runToEnd(args);
}

} // namespace

// What an operator sees when starting firststop-server wrongly.
class TestServerCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString sqliteUrl(const QString &name) const
    {
        return QStringLiteral("sqlite:") + m_dir.filePath(name);
    }

private Q_SLOTS:
    void versionAndHelp()
    {
        const Run version = runServer({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.contains(QStringLiteral(FIRSTSTOP_VERSION)));
        const Run help = runServer({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *option : {"--database", "--demo-users", "--add-user", "--allow-plain-http",
                                   "--tls-cert", "--access-ttl", "--listen", "--port"}) {
            QVERIFY2(help.out.contains(QString::fromLatin1(option)), option);
        }
    }

    void refusesToStart_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("refuse.db"));
        QTest::newRow("bad database URL")
            << QStringList{QStringLiteral("--allow-plain-http"), QStringLiteral("--database"),
                           QStringLiteral("mysql://centre")}
            << QStringLiteral("database");
        QTest::newRow("unreachable postgres")
            << QStringList{QStringLiteral("--allow-plain-http"), QStringLiteral("--database"),
                           QStringLiteral("postgres:host=/nonexistent port=1 dbname=x")}
            << QStringLiteral("PostgreSQL");
        QTest::newRow("plain HTTP without asking")
            << QStringList{QStringLiteral("--database"), db} << QStringLiteral("TLS");
        QTest::newRow("plain HTTP off loopback")
            << QStringList{QStringLiteral("--allow-plain-http"), QStringLiteral("--listen"),
                           QStringLiteral("0.0.0.0"), QStringLiteral("--database"), db}
            << QStringLiteral("loopback");
        QTest::newRow("bad role") << QStringList{QStringLiteral("--allow-plain-http"),
                                                 QStringLiteral("--database"), db,
                                                 QStringLiteral("--add-user"),
                                                 QStringLiteral("a:b:boss:Office")}
                                  << QStringLiteral("role");
        QTest::newRow("bad port") << QStringList{QStringLiteral("--allow-plain-http"),
                                                 QStringLiteral("--port"), QStringLiteral("70000"),
                                                 QStringLiteral("--database"), db}
                                  << QStringLiteral("port");
    }
    void refusesToStart()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = runServer(args);
        QVERIFY2(r.exitCode > 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
        QVERIFY(!r.out.contains(u"listening"));
    }

    void portInUseIsReported()
    {
        ServerProcess first;
        QVERIFY2(first.start(sqliteUrl(QStringLiteral("a.db"))), qPrintable(first.errorString()));
        const Run second =
            runServer({QStringLiteral("--allow-plain-http"), QStringLiteral("--port"),
                       QString::number(first.baseUrl().port()), QStringLiteral("--database"),
                       sqliteUrl(QStringLiteral("b.db"))});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains(u"cannot listen"), qPrintable(second.err));
        QCOMPARE(httpGet(first.url(QStringLiteral("/health"))).status, 200);
    }

    void aDatabaseFromTheFutureIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("future.db"));
        {
            ServerProcess server;
            QVERIFY2(server.start(QStringLiteral("sqlite:") + path),
                     qPrintable(server.errorString()));
            server.stop();
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO schema_version (version, applied_at) VALUES (999, 'later')")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        const Run r = runServer({QStringLiteral("--allow-plain-http"), QStringLiteral("--database"),
                                 QStringLiteral("sqlite:") + path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"migration") && r.err.contains(u"newer"), qPrintable(r.err));
    }

    void demoUsersCanLogIn()
    {
        ServerProcess server;
        QVERIFY2(
            server.start(sqliteUrl(QStringLiteral("demo.db")), {QStringLiteral("--demo-users")}),
            qPrintable(server.errorString()));
        for (const char *user : {"counter1", "library1", "lead1", "admin"}) {
            const QString name = QString::fromLatin1(user);
            const HttpReply r = httpPost(
                server.url(QStringLiteral("/auth/login")),
                QStringLiteral(R"({"username":"%1","password":"%1-demo"})").arg(name).toUtf8());
            QVERIFY2(r.status == 200, user);
        }
    }
};

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
