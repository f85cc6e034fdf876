#include "tests/support/ServerDb.h"

#include "server/Database.h"

namespace FirstStop::Test {

std::optional<QVariant> serverScalar(const QString &databaseUrl, const QString &sql, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    const auto config = Server::DatabaseConfig::parse(databaseUrl, &message);
    if (!config) {
        return std::nullopt;
    }
    Server::Database db;
    if (!db.open(*config, &message)) {
        return std::nullopt;
    }
    Server::Sql q(db, sql);
    if (!q.exec(&message)) {
        return std::nullopt;
    }
    if (!q.next()) {
        message = QStringLiteral("no row");
        return std::nullopt;
    }
    return q.value(0);
}

} // namespace FirstStop::Test
