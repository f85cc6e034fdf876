// SyncService for every kind of record other than a person (models/EntityType.h): one `record`
// table, the same change counter, idempotency, based-on versions, field-level merge and conflict
// rules as people.
#include "models/EntityType.h"
#include "server/Database.h"
#include "server/FieldChanges.h"
#include "server/Logging.h"
#include "server/SyncService.h"

#include <QJsonDocument>

namespace FirstStop::Server {

namespace {

const QString kAdmin = QStringLiteral("admin");

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parseJson(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

// A missing member and a null one both mean "no value".
QJsonValue valueOf(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
}

void setValue(QJsonObject &o, const QString &key, const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined()) {
        o.remove(key);
    } else {
        o.insert(key, v);
    }
}

QVariant personColumn(const EntityType &type, const QJsonObject &data)
{
    const QUuid person = type.personId(data);
    return person.isNull() ? nullText() : QVariant(idText(person));
}

// Whether the user's desk may see (and write) a record with this scope key: its own office's
// records and unscoped ones; an admin sees every office.
bool inScope(const EntityType &type, const QString &scopeKey, const Wire::UserInfo &user)
{
    return type.scopeField.isEmpty() || user.role == kAdmin || scopeKey == user.office;
}

struct StoredRecord
{
    bool exists = false;
    QString type;
    qint64 seq = 0;
    bool deleted = false;
    QJsonObject data;
    QJsonObject fieldVersions;
    QString scopeKey;
    RowWrite lastWrite; // who wrote it last, and the earlier writers (FieldChanges.h)
    QJsonObject versionAuthors;
};

std::optional<StoredRecord> loadRecord(Database &db, const QUuid &id, QString *error)
{
    Sql q(db,
          QStringLiteral("SELECT entity_type, seq, deleted, data, field_versions, scope_key,"
                         " updated_by, updated_at, version_authors FROM record WHERE id = :id"));
    q.bind(QStringLiteral(":id"), idText(id));
    if (!q.exec(error)) {
        return std::nullopt;
    }
    StoredRecord s;
    if (q.next()) {
        s.exists = true;
        s.type = q.value(0).toString();
        s.seq = q.value(1).toLongLong();
        s.deleted = q.value(2).toInt() != 0;
        s.data = parseJson(q.value(3));
        s.fieldVersions = parseJson(q.value(4));
        s.scopeKey = q.value(5).toString();
        s.lastWrite = {s.seq, q.value(6).toString(), q.value(7).toString()};
        s.versionAuthors = parseJson(q.value(8));
    }
    return s;
}

} // namespace

QString SyncService::roleRefusal(const Wire::MutationBatch &batch, const Wire::UserInfo &user)
{
    for (const Wire::Mutation &m : batch.mutations) {
        const EntityType *type = entityType(m.type);
        if (!type) {
            continue; // people and unknown kinds are judged per mutation
        }
        if (m.op == Wire::MutationOp::Delete ? !type->canDelete(user.role)
                                             : !type->canWrite(user.role)) {
            return QStringLiteral("The %1 role may not %2 %3 records.")
                .arg(user.role,
                     m.op == Wire::MutationOp::Delete ? QStringLiteral("delete")
                                                      : QStringLiteral("change"),
                     m.type);
        }
    }
    return {};
}

bool SyncService::mergeRecordChanges(qint64 since, int limit, const Wire::UserInfo *user,
                                     Wire::ChangePage &page, QString *error)
{
    Sql q(m_db, QStringLiteral("SELECT seq, entity_type, id, deleted, data, scope_key FROM record"
                               " WHERE seq > :since ORDER BY seq LIMIT :limit"));
    q.bind(QStringLiteral(":since"), since).bind(QStringLiteral(":limit"), limit + 1);
    if (!q.exec(error)) {
        return false;
    }
    struct Row
    {
        Wire::Change change;
        bool visible = true;
    };
    QList<Row> records;
    while (q.next()) {
        Row row;
        Wire::Change &c = row.change;
        c.seq = q.value(0).toLongLong();
        c.type = q.value(1).toString();
        c.id = QUuid::fromString(q.value(2).toString());
        c.deleted = q.value(3).toInt() != 0;
        const EntityType *type = entityType(c.type);
        if (user) {
            row.visible =
                type && type->canRead(user->role) && inScope(*type, q.value(5).toString(), *user);
        }
        if (!c.deleted && row.visible) {
            c.data = parseJson(q.value(4));
        }
        records.append(std::move(row));
    }
    if (records.isEmpty()) {
        return true; // the common case on a centre with only people: the page stands as it is
    }
    // Merge by seq. The people's page holds at most `limit` rows, all before any person it left
    // out; the records hold the first limit + 1 after since. So the first `limit` rows of the
    // merge are exactly the first `limit` changes after since of either table.
    const bool peopleMore = page.more;
    QList<Wire::Change> people = std::move(page.changes);
    page.changes.clear();
    page.more = false;
    page.cursor = since;
    qsizetype i = 0;
    qsizetype j = 0;
    int examined = 0;
    while (i < people.size() || j < records.size()) {
        if (examined == limit) {
            page.more = true;
            return true;
        }
        const bool takePerson = j == records.size() ||
                                (i < people.size() && people.at(i).seq < records.at(j).change.seq);
        if (takePerson) {
            page.cursor = people.at(i).seq;
            page.changes.append(std::move(people[i]));
            ++i;
        } else {
            page.cursor = records.at(j).change.seq;
            if (records.at(j).visible) {
                page.changes.append(std::move(records[j].change));
            }
            ++j;
        }
        ++examined;
    }
    page.more = peopleMore;
    return true;
}

bool SyncService::applyRecord(const Wire::Mutation &m, const Wire::UserInfo &user,
                              Wire::MutationResult &r, QString *error)
{
    const auto reject = [&](const QString &why) {
        r.status = Wire::MutationStatus::Rejected;
        r.error = why;
        return true;
    };
    const EntityType *type = entityType(m.type);
    if (!type) {
        return reject(QStringLiteral("unknown record type \"%1\"").arg(m.type));
    }
    const auto stored = loadRecord(m_db, m.entityId, error);
    if (!stored) {
        return false;
    }
    if (stored->exists && stored->type != m.type) {
        return reject(
            QStringLiteral("this id belongs to a %1 record, not a %2").arg(stored->type, m.type));
    }
    if (stored->exists && !inScope(*type, stored->scopeKey, user)) {
        return reject(QStringLiteral("this %1 belongs to another office").arg(m.type));
    }
    const QString now = utcNowIso();

    if (m.op == Wire::MutationOp::Delete) {
        if (!type->canDelete(user.role)) {
            return reject(
                QStringLiteral("the %1 role may not delete %2 records").arg(user.role, m.type));
        }
        if (!stored->exists) {
            return reject(QStringLiteral("no such %1 at the centre").arg(m.type));
        }
        r.version = stored->seq;
        if (stored->deleted) {
            return true; // already gone: deleting again changes nothing
        }
        const auto seq = allocateSeqs(1, error);
        if (!seq) {
            return false;
        }
        // The tombstone keeps its scope key, so it reaches the desks that cached the record.
        Sql del(m_db, QStringLiteral("UPDATE record SET deleted = 1, data = '{}',"
                                     " field_versions = '{}', seq = :seq, updated_at = :now,"
                                     " updated_by = :user WHERE id = :id"));
        del.bind(QStringLiteral(":seq"), *seq)
            .bind(QStringLiteral(":now"), now)
            .bind(QStringLiteral(":user"), text(user.username))
            .bind(QStringLiteral(":id"), idText(m.entityId));
        if (!del.exec(error)) {
            return false;
        }
        r.version = *seq;
        return true;
    }

    if (!type->canWrite(user.role)) {
        return reject(
            QStringLiteral("the %1 role may not change %2 records").arg(user.role, m.type));
    }
    if (stored->deleted) {
        return reject(QStringLiteral("this %1 was deleted at the centre").arg(m.type));
    }
    for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
        const QString problem = type->fieldProblem(it.key(), it.value());
        if (!problem.isEmpty()) {
            return reject(problem);
        }
    }

    if (!stored->exists) {
        QJsonObject data;
        for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
            setValue(data, it.key(), it.value());
        }
        if (!type->authorField.isEmpty()) {
            data.insert(type->authorField, user.username); // who wrote it is the centre's word
        }
        // Made for a person since merged into another (offline, before the desk heard of the
        // merge): it joins the survivor's history, and the desk is told in server_fields.
        if (const QUuid person = type->personId(data); !person.isNull()) {
            const auto survivor = survivorOf(person, error);
            if (!survivor) {
                return false;
            }
            if (!survivor->isNull() && *survivor != person) {
                data.insert(type->personField, idText(*survivor));
                r.serverFields.insert(type->personField, idText(*survivor));
            }
        }
        if (!inScope(*type, type->scopeKey(data), user)) {
            return reject(
                QStringLiteral("a %1 can only be made for the office %2").arg(m.type, user.office));
        }
        const QString problem = type->recordProblem(data);
        if (!problem.isEmpty()) {
            return reject(problem);
        }
        const auto seq = allocateSeqs(1, error);
        if (!seq) {
            return false;
        }
        // Every field, set or not, "changed" now: a later edit based on this version or after
        // it applies, one based on nothing older is not possible.
        QJsonObject versions;
        for (const QString &f : type->fieldNames()) {
            versions.insert(f, *seq);
        }
        Sql insert(m_db,
                   QStringLiteral("INSERT INTO record (id, entity_type, seq, deleted, data,"
                                  " field_versions, scope_key, person_id, created_at, updated_at,"
                                  " updated_by) VALUES (:id, :type, :seq, 0, :data, :fv, :scope,"
                                  " :person, :now, :now2, :user)"));
        insert.bind(QStringLiteral(":id"), idText(m.entityId))
            .bind(QStringLiteral(":type"), m.type)
            .bind(QStringLiteral(":seq"), *seq)
            .bind(QStringLiteral(":data"), compactJson(data))
            .bind(QStringLiteral(":fv"), compactJson(versions))
            .bind(QStringLiteral(":scope"), text(type->scopeKey(data)))
            .bind(QStringLiteral(":person"), personColumn(*type, data))
            .bind(QStringLiteral(":now"), now)
            .bind(QStringLiteral(":now2"), now)
            .bind(QStringLiteral(":user"), text(user.username));
        if (!insert.exec(error)) {
            return false;
        }
        r.version = *seq;
        return true;
    }

    // Field-level merge, as for people: a field changed at the centre after the desk's base
    // version, to a value other than the desk's, is a conflict and keeps the centre's value.
    const QJsonObject &current = stored->data;
    QJsonObject next = current;
    QStringList applied;
    for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
        if (valueOf(current, it.key()) == valueOf(m.fields, it.key())) {
            continue; // already so: neither a change nor a conflict
        }
        const FieldSpec *spec = type->field(it.key());
        if (type->appendOnly || spec->immutable || it.key() == type->authorField) {
            return reject(type->appendOnly
                              ? QStringLiteral("a %1 cannot be changed once written; add a new one")
                                    .arg(m.type)
                              : QStringLiteral("field %1 cannot be changed once the %2 is made")
                                    .arg(it.key(), m.type));
        }
        const qint64 changedAt = stored->fieldVersions.value(it.key()).toInteger(stored->seq);
        if (changedAt > m.baseVersion) {
            r.conflictingFields.append(it.key());
            r.serverFields.insert(it.key(), valueOf(current, it.key()));
        } else {
            setValue(next, it.key(), it.value());
            applied.append(it.key());
        }
    }
    const QString problem = type->recordProblem(next);
    if (!problem.isEmpty()) {
        return reject(problem);
    }
    r.status = r.conflictingFields.isEmpty() ? Wire::MutationStatus::Applied
                                             : Wire::MutationStatus::Conflict;
    r.version = stored->seq;
    if (!describeServerChanges(m_db, r, stored->fieldVersions, stored->versionAuthors,
                               stored->lastWrite, error)) {
        return false;
    }
    if (applied.isEmpty()) {
        return true;
    }
    const auto seq = allocateSeqs(1, error);
    if (!seq) {
        return false;
    }
    QJsonObject versions = stored->fieldVersions;
    for (const QString &f : std::as_const(applied)) {
        versions.insert(f, *seq);
    }
    Sql update(m_db, QStringLiteral("UPDATE record SET data = :data, field_versions = :fv,"
                                    " version_authors = :authors, person_id = :person,"
                                    " seq = :seq, updated_at = :now, updated_by = :user"
                                    " WHERE id = :id"));
    update.bind(QStringLiteral(":data"), compactJson(next))
        .bind(QStringLiteral(":fv"), compactJson(versions))
        .bind(QStringLiteral(":authors"),
              compactJson(
                  carryVersionAuthors(stored->versionAuthors, stored->lastWrite, versions, *seq)))
        .bind(QStringLiteral(":person"), personColumn(*type, next))
        .bind(QStringLiteral(":seq"), *seq)
        .bind(QStringLiteral(":now"), now)
        .bind(QStringLiteral(":user"), text(user.username))
        .bind(QStringLiteral(":id"), idText(m.entityId));
    if (!update.exec(error)) {
        return false;
    }
    qCDebug(lcSync).noquote() << m.type << idText(m.entityId) << "fields" << applied << "at"
                              << *seq;
    r.version = *seq;
    return true;
}

} // namespace FirstStop::Server
