#pragma once

#include <QByteArray>
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

// A Range header of one byte range (RFC 9110 14.1.2: "bytes=first-last", "bytes=first-" or the
// last n bytes "bytes=-n") against a body of size bytes. Anything else (several ranges, another
// unit, garbage) is Ignored, as the RFC allows: the whole body is sent. A range that starts at
// or past the end is Unsatisfiable (416).
struct ByteRange
{
    enum class Kind
    {
        Ignored,
        Unsatisfiable,
        Satisfiable,
    };
    Kind kind = Kind::Ignored;
    qint64 first = 0;
    qint64 last = 0; // inclusive, below size
};

ByteRange parseByteRange(const QByteArray &header, qint64 size);

// Whether an If-Match or If-Range value names the entity tag etag (a quoted strong tag; "*"
// matches any). Weak tags never match: the pieces of one file must be the same bytes.
bool entityTagMatches(const QByteArray &header, const QByteArray &etag);

} // namespace FirstStop::Server
