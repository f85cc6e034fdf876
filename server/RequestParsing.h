#pragma once

#include <QString>
#include <QUrlQuery>

#include <optional>

namespace FirstStop::Server {

// The query of GET /changes (?since=…&limit=…), checked strictly: whole decimal numbers only,
// since ≥ 0, 1 ≤ limit ≤ Wire::kMaxPageSize. Kept apart from ApiServer so the fuzzer
// (tests/fuzz/fuzz_requests) drives exactly what the server runs, without a socket.
struct ChangesQuery
{
    qint64 since = 0;
    int limit = 0;
    qint64 peopleThrough = 0; // people_through: the desk has every person up to it (a snapshot)
};

std::optional<ChangesQuery> parseChangesQuery(const QUrlQuery &query, QString *error);

} // namespace FirstStop::Server
