#include "BackendFixture.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QSqlQuery>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlsParse()
    {
        QString error;
        const auto sqlite =
            DatabaseConfig::parse(QStringLiteral("sqlite:/var/lib/fs/c.db"), &error);
        QVERIFY2(sqlite, qPrintable(error));
        QCOMPARE(sqlite->backend, Backend::Sqlite);
        QCOMPARE(sqlite->sqlitePath, u"/var/lib/fs/c.db");

        const auto pg2 = DatabaseConfig::parse(
            QStringLiteral("postgres:host=/tmp/pg  port = 5432 dbname=fs user=postgres "
                           "password='a \\'quoted\\' secret'"),
            &error);
        QVERIFY2(pg2, qPrintable(error));
        QCOMPARE(pg2->backend, Backend::Postgres);
        QCOMPARE(pg2->conninfo.value(QStringLiteral("host")), u"/tmp/pg");
        QCOMPARE(pg2->conninfo.value(QStringLiteral("port")), u"5432");
        QCOMPARE(pg2->conninfo.value(QStringLiteral("password")), u"a 'quoted' secret");
    }

    void badUrlsSayWhy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown scheme") << QStringLiteral("mysql://x") << QStringLiteral("sqlite:");
        QTest::newRow("sqlite without path") << QStringLiteral("sqlite:") << QStringLiteral("path");
        QTest::newRow("postgres without dbname")
            << QStringLiteral("postgres:host=/tmp user=x") << QStringLiteral("dbname");
        QTest::newRow("postgres garbage")
            << QStringLiteral("postgres:host /tmp") << QStringLiteral("key=value");
    }

    void badUrlsSayWhy()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!DatabaseConfig::parse(url, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void migrationsRunOnceAndKeepData_data() { Test::BackendFixture::addRows(); }
    void migrationsRunOnceAndKeepData()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        {
            auto db = fixture.openMigrated();
            QVERIFY2(db, qPrintable(fixture.error()));
            QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
            SyncService sync(*db);
            Wire::MutationBatch batch{
                QUuid::createUuid(),
                {{QUuid::createUuid(), QStringLiteral("person"), Wire::MutationOp::Upsert,
                  QUuid::createUuid(), 0,
                  QJsonObject{{QStringLiteral("family_name"), QStringLiteral("Ó Súilleabháin")}}}}};
            QString error;
            QVERIFY2(
                sync.apply(batch, {QStringLiteral("t"), {}, QStringLiteral("counter"), {}}, &error),
                qPrintable(error));
        }
        // A restart migrates again: nothing is re-run, nothing is lost.
        auto again = fixture.openMigrated();
        QVERIFY2(again, qPrintable(fixture.error()));
        QCOMPARE(again->schemaVersion(), Database::latestSchemaVersion());
        QString migrateError;
        QVERIFY2(again->migrate(&migrateError), qPrintable(migrateError));
        QSqlQuery q(again->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), Database::latestSchemaVersion());
        SyncService sync(*again);
        QString error;
        const auto page = sync.changes(0, 10, &error);
        QVERIFY2(page, qPrintable(error));
        QCOMPARE(page->changes.size(), 1);
        QCOMPARE(page->changes.at(0).data.value(u"family_name").toString(), u"Ó Súilleabháin");
    }

    // Sql::Reuse keeps one prepared statement per SQL text for the connection. It must give the
    // same answers as a fresh statement: new values bound at each use, through commits and
    // rollbacks (a PostgreSQL PREPARE made in a transaction that was rolled back, an error that
    // aborted the transaction), two uses of the same text at once, and no SQLite read lock left
    // behind by rows not read to the end.
    void keptStatementsStayCorrectAcrossTransactions_data() { Test::BackendFixture::addRows(); }
    void keptStatementsStayCorrectAcrossTransactions()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        QCOMPARE(db->keptStatements(), 0); // migrate() leaves none behind
        const QString insertSql = QStringLiteral(
            "INSERT INTO login_attempt (username, attempted_at, success) VALUES (:u, :at, :ok)");
        const QString countSql = QStringLiteral("SELECT COUNT(*), COALESCE(MAX(attempted_at), 0) "
                                                "FROM login_attempt WHERE username = :u");
        const auto insert = [&](const QString &user, qint64 at, QString *error = nullptr) {
            Sql q(*db, insertSql, Sql::Reuse);
            q.bind(QStringLiteral(":u"), user)
                .bind(QStringLiteral(":at"), at)
                .bind(QStringLiteral(":ok"), 1);
            QString ignored;
            return q.exec(error ? error : &ignored);
        };
        const auto count = [&](const QString &user) -> std::pair<int, qint64> {
            Sql q(*db, countSql, Sql::Reuse);
            q.bind(QStringLiteral(":u"), user);
            QString error;
            if (!q.exec(&error) || !q.next()) {
                qWarning("count failed: %s", qPrintable(error));
                return {-1, -1};
            }
            return {q.value(0).toInt(), q.value(1).toLongLong()};
        };
        QString error;

        // First prepared inside a transaction that is rolled back: nothing kept, the statements
        // still work afterwards.
        QVERIFY2(db->beginWrite(&error), qPrintable(error));
        QVERIFY(insert(QStringLiteral("anna"), 1));
        QCOMPARE(count(QStringLiteral("anna")), std::make_pair(1, qint64(1)));
        db->rollback();
        QCOMPARE(db->keptStatements(), 2);
        QCOMPARE(count(QStringLiteral("anna")), std::make_pair(0, qint64(0)));

        // Committed, with other values bound each time.
        QVERIFY2(db->beginWrite(&error), qPrintable(error));
        QVERIFY(insert(QStringLiteral("anna"), 10));
        QVERIFY(insert(QStringLiteral("bryn"), 20));
        QVERIFY(insert(QStringLiteral("anna"), 30));
        QVERIFY2(db->commit(&error), qPrintable(error));
        QCOMPARE(count(QStringLiteral("anna")), std::make_pair(2, qint64(30)));
        QCOMPARE(count(QStringLiteral("bryn")), std::make_pair(1, qint64(20)));
        QCOMPARE(count(QStringLiteral("cai")), std::make_pair(0, qint64(0)));

        // An error that aborts the transaction (NULL into a NOT NULL column; PostgreSQL then
        // refuses everything until the rollback): afterwards the kept statement works again.
        QVERIFY2(db->beginWrite(&error), qPrintable(error));
        QVERIFY(insert(QStringLiteral("cai"), 40));
        {
            Sql bad(*db, insertSql, Sql::Reuse);
            bad.bind(QStringLiteral(":u"), nullText())
                .bind(QStringLiteral(":at"), 41)
                .bind(QStringLiteral(":ok"), 1);
            QVERIFY(!bad.exec(&error));
        }
        db->rollback();
        QCOMPARE(count(QStringLiteral("cai")), std::make_pair(0, qint64(0)));
        QVERIFY(insert(QStringLiteral("cai"), 50));
        QCOMPARE(count(QStringLiteral("cai")), std::make_pair(1, qint64(50)));

        // The same text twice at once: the second use gets a statement of its own, and each
        // reads its own rows.
        {
            Sql outer(*db,
                      QStringLiteral("SELECT username FROM login_attempt WHERE username = :u"
                                     " ORDER BY attempted_at"),
                      Sql::Reuse);
            outer.bind(QStringLiteral(":u"), QStringLiteral("anna"));
            QVERIFY2(outer.exec(&error), qPrintable(error));
            QVERIFY(outer.next());
            {
                Sql inner(*db,
                          QStringLiteral("SELECT username FROM login_attempt WHERE username = :u"
                                         " ORDER BY attempted_at"),
                          Sql::Reuse);
                inner.bind(QStringLiteral(":u"), QStringLiteral("bryn"));
                QVERIFY2(inner.exec(&error), qPrintable(error));
                QVERIFY(inner.next());
                QCOMPARE(inner.value(0).toString(), u"bryn");
                QVERIFY(!inner.next());
            }
            QCOMPARE(outer.value(0).toString(), u"anna");
            QVERIFY(outer.next());
            QCOMPARE(outer.value(0).toString(), u"anna");
            QVERIFY(!outer.next());
        }
        QVERIFY(db->statementReuses() > 0);

        // Rows not read to the end keep no read transaction open: another connection's commit is
        // seen at once by this connection's next read.
        {
            Sql partly(*db, QStringLiteral("SELECT username FROM login_attempt ORDER BY username"),
                       Sql::Reuse);
            QVERIFY2(partly.exec(&error), qPrintable(error));
            QVERIFY(partly.next()); // one of several rows
        }
        auto other = fixture.open();
        QVERIFY2(other, qPrintable(fixture.error()));
        {
            QVERIFY2(other->beginWrite(&error), qPrintable(error));
            Sql q(*other, insertSql, Sql::Reuse);
            q.bind(QStringLiteral(":u"), QStringLiteral("dai"))
                .bind(QStringLiteral(":at"), 60)
                .bind(QStringLiteral(":ok"), 1);
            QVERIFY2(q.exec(&error), qPrintable(error));
            QVERIFY2(other->commit(&error), qPrintable(error));
        }
        QCOMPARE(count(QStringLiteral("dai")), std::make_pair(1, qint64(60)));
        {
            // Written through this connection while a kept statement of it was half read (SQLite
            // would refuse the checkpoint or, in a transaction, see an old snapshot otherwise).
            Sql partly(*db, QStringLiteral("SELECT username FROM login_attempt ORDER BY username"),
                       Sql::Reuse);
            QVERIFY2(partly.exec(&error), qPrintable(error));
            QVERIFY(partly.next());
        }
        QVERIFY2(db->beginWrite(&error), qPrintable(error));
        QVERIFY(insert(QStringLiteral("dai"), 70));
        QVERIFY2(db->commit(&error), qPrintable(error));
        QCOMPARE(count(QStringLiteral("dai")), std::make_pair(2, qint64(70)));

        // A migration forgets them (it may change what they read); they are prepared again.
        QVERIFY(db->keptStatements() > 0);
        QVERIFY2(db->migrate(&error), qPrintable(error));
        QCOMPARE(db->keptStatements(), 0);
        QCOMPARE(count(QStringLiteral("dai")), std::make_pair(2, qint64(70)));
    }

    void newerSchemaIsRefused_data() { Test::BackendFixture::addRows(); }
    void newerSchemaIsRefused()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO schema_version (version, applied_at) VALUES (999, 'future')")));
        QString error;
        QVERIFY(!db->migrate(&error));
        QVERIFY2(error.contains(u"newer"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
