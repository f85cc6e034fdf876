#include "server/RequestParsing.h"

#include "models/WireCodec.h"

#include <algorithm>

namespace FirstStop::Server {

namespace {

// A non-negative decimal integer, strictly (no sign, spaces or fractions).
std::optional<qint64> parseCount(const QString &text)
{
    if (text.isEmpty() || text.size() > 16) {
        return std::nullopt;
    }
    for (const QChar c : text) {
        if (c < u'0' || c > u'9') {
            return std::nullopt;
        }
    }
    return text.toLongLong();
}

// A decimal number of bytes, strictly (no sign or spaces).
std::optional<qint64> parseBytes(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18) {
        return std::nullopt;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    return text.toByteArray().toLongLong();
}

} // namespace

std::optional<ChangesQuery> parseChangesQuery(const QUrlQuery &query, QString *error)
{
    ChangesQuery out;
    out.limit = Wire::kDefaultPageSize;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        const auto v = parseCount(query.queryItemValue(QStringLiteral("since")));
        if (!v) {
            *error = QStringLiteral("since must be a whole number, 0 or more");
            return std::nullopt;
        }
        out.since = *v;
    }
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        const auto v = parseCount(query.queryItemValue(QStringLiteral("limit")));
        if (!v || *v < 1 || *v > Wire::kMaxPageSize) {
            *error =
                QStringLiteral("limit must be a whole number from 1 to %1").arg(Wire::kMaxPageSize);
            return std::nullopt;
        }
        out.limit = static_cast<int>(*v);
    }
    if (query.hasQueryItem(QStringLiteral("people_through"))) {
        const auto v = parseCount(query.queryItemValue(QStringLiteral("people_through")));
        if (!v) {
            *error = QStringLiteral("people_through must be a whole number, 0 or more");
            return std::nullopt;
        }
        out.peopleThrough = *v;
    }
    return out;
}

ByteRange parseByteRange(const QByteArray &header, qint64 size)
{
    ByteRange out;
    const QByteArray spec = header.trimmed();
    if (!spec.startsWith("bytes=") || spec.contains(',')) {
        return out;
    }
    const QByteArray range = spec.mid(6).trimmed();
    const qsizetype dash = range.indexOf('-');
    if (dash < 0) {
        return out;
    }
    const QByteArrayView from = QByteArrayView(range).first(dash);
    const QByteArrayView to = QByteArrayView(range).sliced(dash + 1);
    if (from.isEmpty()) {
        // The last n bytes.
        const auto n = parseBytes(to);
        if (!n) {
            return out;
        }
        if (*n == 0 || size == 0) {
            out.kind = ByteRange::Kind::Unsatisfiable;
            return out;
        }
        out.kind = ByteRange::Kind::Satisfiable;
        out.first = std::max<qint64>(0, size - *n);
        out.last = size - 1;
        return out;
    }
    const auto first = parseBytes(from);
    const auto last = to.isEmpty() ? std::optional<qint64>(size - 1) : parseBytes(to);
    if (!first || !last || (!to.isEmpty() && *last < *first)) {
        return out;
    }
    if (*first >= size) {
        out.kind = ByteRange::Kind::Unsatisfiable;
        return out;
    }
    out.kind = ByteRange::Kind::Satisfiable;
    out.first = *first;
    out.last = std::min(*last, size - 1);
    return out;
}

bool entityTagMatches(const QByteArray &header, const QByteArray &etag)
{
    for (const QByteArray &part : header.split(',')) {
        const QByteArray tag = part.trimmed();
        if (tag == "*" || (!tag.startsWith("W/") && tag == etag)) {
            return true;
        }
    }
    return false;
}

} // namespace FirstStop::Server
