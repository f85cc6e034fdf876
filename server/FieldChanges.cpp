#include "server/FieldChanges.h"

#include "server/Database.h"

#include <QHash>
#include <QJsonValue>
#include <QSet>

namespace FirstStop::Server {

QJsonObject carryVersionAuthors(const QJsonObject &authors, const RowWrite &previous,
                                const QJsonObject &nextFieldVersions, qint64 nextSeq)
{
    QSet<qint64> named;
    for (auto it = nextFieldVersions.begin(); it != nextFieldVersions.end(); ++it) {
        // A field without a version of its own counts as changed at the row's seq, which moves
        // to nextSeq: it no longer names the previous one.
        const qint64 seq = it.value().toInteger(nextSeq);
        if (seq != nextSeq) {
            named.insert(seq);
        }
    }
    QJsonObject all = authors;
    if (previous.seq > 0 && (!previous.by.isEmpty() || !previous.at.isEmpty())) {
        all.insert(QString::number(previous.seq), QJsonObject{{QStringLiteral("by"), previous.by},
                                                              {QStringLiteral("at"), previous.at}});
    }
    QJsonObject kept;
    for (auto it = all.begin(); it != all.end(); ++it) {
        bool ok = false;
        const qint64 seq = it.key().toLongLong(&ok);
        if (ok && named.contains(seq)) {
            kept.insert(it.key(), it.value());
        }
    }
    return kept;
}

Wire::FieldChange lastChange(const QString &field, const QJsonObject &fieldVersions,
                             const QJsonObject &authors, const RowWrite &row)
{
    const qint64 seq = fieldVersions.value(field).toInteger(row.seq);
    QString by;
    QString at;
    if (seq == row.seq) {
        by = row.by;
        at = row.at;
    } else {
        const QJsonObject author = authors.value(QString::number(seq)).toObject();
        by = author.value(u"by").toString();
        at = author.value(u"at").toString();
    }
    Wire::FieldChange change;
    change.username = by;
    change.at = QDateTime::fromString(at, Qt::ISODateWithMs).toUTC();
    return change;
}

bool describeServerChanges(Database &db, Wire::MutationResult &r, const QJsonObject &fieldVersions,
                           const QJsonObject &authors, const RowWrite &row, QString *error)
{
    QHash<QString, QString> names;
    for (const QString &field : std::as_const(r.conflictingFields)) {
        Wire::FieldChange change = lastChange(field, fieldVersions, authors, row);
        if (!change.isKnown()) {
            continue;
        }
        if (!change.username.isEmpty() && !names.contains(change.username)) {
            Sql q(db, QStringLiteral("SELECT display_name FROM app_user WHERE username = :u"),
                  Sql::Reuse);
            q.bind(QStringLiteral(":u"), change.username);
            if (!q.exec(error)) {
                return false;
            }
            names.insert(change.username, q.next() ? q.value(0).toString() : QString());
        }
        change.displayName = names.value(change.username);
        r.serverChanges.insert(field, change);
    }
    return true;
}

} // namespace FirstStop::Server
