#pragma once

// Where an end-to-end test keeps its centres and desks: a fresh database for the backend named by
// the current global data row ("sqlite": a file; "postgresql": a throw-away PgTestDatabase) and a
// fresh cache file per desk, all in one temporary folder. Header-only.

#include "tests/support/PgTestDatabase.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace FirstStop::Test {

class BackendFiles final
{
public:
    // Empty when the PostgreSQL database could not be made.
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

    // Drops the PostgreSQL database of the last test (call from cleanup()).
    void reset() { m_pg.reset(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestDatabase> m_pg;
    int m_counter = 0;
};

} // namespace FirstStop::Test
