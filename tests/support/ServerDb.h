#pragma once

#include <QString>
#include <QVariant>

#include <optional>

namespace FirstStop::Test {

// Asks the centre's own database a question behind the server's back, to check what it really
// holds (e.g. how many mutations were recorded, the change counter), on SQLite or PostgreSQL.
//   const auto n = serverScalar(dbUrl, u"SELECT count(*) FROM applied_mutation"_qs);
std::optional<QVariant> serverScalar(const QString &databaseUrl, const QString &sql,
                                     QString *error = nullptr);

} // namespace FirstStop::Test
