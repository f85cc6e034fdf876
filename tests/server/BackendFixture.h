#pragma once

#include "server/Database.h"
#include "tests/support/PgTestDatabase.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace FirstStop::Test {

// A fresh, empty database for one test on the backend named by the current data row:
// "sqlite" (a file in a temporary folder) or "postgresql" (a PgTestDatabase).
class BackendFixture final
{
public:
    static void addRows()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    bool create(const QString &backend)
    {
        if (backend == u"postgresql") {
            m_pg = std::make_unique<PgTestDatabase>();
            m_error = m_pg->error();
            m_url = m_pg->databaseUrl();
            return m_pg->isValid();
        }
        if (!m_dir.isValid()) {
            m_error = m_dir.errorString();
            return false;
        }
        m_url = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("centre.db"));
        return true;
    }

    // A new connection to the fixture's database, opened (not migrated).
    std::unique_ptr<Server::Database> open()
    {
        const auto config = Server::DatabaseConfig::parse(m_url, &m_error);
        auto db = std::make_unique<Server::Database>();
        if (!config || !db->open(*config, &m_error)) {
            return nullptr;
        }
        return db;
    }

    std::unique_ptr<Server::Database> openMigrated()
    {
        auto db = open();
        if (db && !db->migrate(&m_error)) {
            return nullptr;
        }
        return db;
    }

    QString url() const { return m_url; }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestDatabase> m_pg;
    QString m_url;
    QString m_error;
};

} // namespace FirstStop::Test

// In a data-driven test function: a BackendFixture named `fixture` for the row's backend, or a
// skip (postgresql without FIRSTSTOP_TEST_PG) or failure.
#define FIRSTSTOP_BACKEND_FIXTURE(fixture)                                                         \
    QFETCH(QString, backend);                                                                      \
    if (backend == u"postgresql") {                                                                \
        FIRSTSTOP_REQUIRE_POSTGRES();                                                              \
    }                                                                                              \
    ::FirstStop::Test::BackendFixture fixture;                                                     \
    QVERIFY2(fixture.create(backend), qPrintable(fixture.error()))
