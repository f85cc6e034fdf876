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
