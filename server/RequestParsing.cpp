#include "server/RequestParsing.h"

#include "models/WireCodec.h"

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

} // namespace FirstStop::Server
