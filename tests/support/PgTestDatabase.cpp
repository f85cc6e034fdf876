#include "tests/support/PgTestDatabase.h"

#include "server/Database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace FirstStop::Test {

namespace {

// Runs one statement on the cluster's maintenance database "postgres".
bool onMaintenanceDb(const QString &conninfo, const QString &statement, QString *error)
{
    const QString connectionName =
        QStringLiteral("pg-test-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        const auto config = Server::DatabaseConfig::parse(
            QStringLiteral("postgres:") + conninfo + QStringLiteral(" dbname=postgres"), error);
        if (!config) {
            return false;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        const auto &info = config->conninfo;
        db.setHostName(info.value(QStringLiteral("host")));
        if (info.contains(QStringLiteral("port"))) {
            db.setPort(info.value(QStringLiteral("port")).toInt());
        }
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setUserName(info.value(QStringLiteral("user")));
        db.setPassword(info.value(QStringLiteral("password")));
        if (!db.open()) {
            *error = QStringLiteral("cannot connect to PostgreSQL (%1): %2")
                         .arg(conninfo, db.lastError().text());
        } else {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (!ok) {
                *error = q.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

} // namespace

bool PgTestDatabase::available()
{
    return !qEnvironmentVariableIsEmpty("FIRSTSTOP_TEST_PG");
}

bool PgTestDatabase::required()
{
    return qEnvironmentVariable("FIRSTSTOP_REQUIRE_PG") == u"1";
}

PgTestDatabase::PgTestDatabase()
    : m_conninfo(qEnvironmentVariable("FIRSTSTOP_TEST_PG"))
{
    if (m_conninfo.isEmpty()) {
        m_error = QStringLiteral("FIRSTSTOP_TEST_PG is not set");
        return;
    }
    const QString name =
        QStringLiteral("firststop_test_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    if (onMaintenanceDb(m_conninfo, QStringLiteral("CREATE DATABASE ") + name, &m_error)) {
        m_name = name;
    }
}

PgTestDatabase::~PgTestDatabase()
{
    if (m_name.isEmpty()) {
        return;
    }
    QString error;
    // WITH (FORCE) (PostgreSQL 13+) also ends a server process's connections left behind.
    if (!onMaintenanceDb(m_conninfo,
                         QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name),
                         &error)) {
        qWarning("PgTestDatabase: could not drop %s: %s", qPrintable(m_name), qPrintable(error));
    }
}

QString PgTestDatabase::databaseUrl() const
{
    return QStringLiteral("postgres:") + m_conninfo + QStringLiteral(" dbname=") + m_name;
}

} // namespace FirstStop::Test
