#pragma once

#include <QString>
#include <QTest>

namespace FirstStop::Test {

// A throw-away PostgreSQL database on the cluster named by the environment variable
// FIRSTSTOP_TEST_PG (a libpq string such as "host=/tmp/fs-pg port=55432 user=postgres").
//
//   FIRSTSTOP_REQUIRE_POSTGRES();          // in a test function: QSKIP or QFAIL, see below
//   PgTestDatabase pg;
//   QVERIFY2(pg.isValid(), qPrintable(pg.error()));
//   server.start(pg.databaseUrl());         // "postgres:host=… dbname=firststop_test_…"
//
// The database is created with a unique name and dropped (with its connections) when the object
// goes away.
class PgTestDatabase final
{
public:
    PgTestDatabase();
    ~PgTestDatabase();
    Q_DISABLE_COPY_MOVE(PgTestDatabase)

    // FIRSTSTOP_TEST_PG is set.
    static bool available();
    // FIRSTSTOP_REQUIRE_PG=1: a missing PostgreSQL is a failure, not a skip (CI sets it).
    static bool required();

    bool isValid() const { return !m_name.isEmpty(); }
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    // The --database value for firststop-server (and for Server::DatabaseConfig::parse).
    QString databaseUrl() const;

private:
    QString m_conninfo;
    QString m_name;
    QString m_error;
};

} // namespace FirstStop::Test

// Skips the current test (or data row) when no PostgreSQL is configured, or fails it when
// FIRSTSTOP_REQUIRE_PG=1. Use it at the top of a test function, before creating PgTestDatabase.
#define FIRSTSTOP_REQUIRE_POSTGRES()                                                               \
    do {                                                                                           \
        if (!::FirstStop::Test::PgTestDatabase::available()) {                                     \
            if (::FirstStop::Test::PgTestDatabase::required()) {                                   \
                QFAIL("FIRSTSTOP_REQUIRE_PG=1 but FIRSTSTOP_TEST_PG is not set");                  \
            }                                                                                      \
            QSKIP("PostgreSQL not configured (set FIRSTSTOP_TEST_PG)");                            \
        }                                                                                          \
    } while (false)
