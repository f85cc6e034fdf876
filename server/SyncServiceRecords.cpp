// SyncService for every kind of record other than a person (models/EntityType.h): one `record`
// table, the same change counter, idempotency, based-on versions, field-level merge and conflict
// rules as people.
#include "models/EntityType.h"
#include "server/AppointmentClaims.h"
#include "server/Database.h"
#include "server/FieldChanges.h"
#include "server/Logging.h"
#include "server/SyncService.h"

#include <QJsonArray>
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

QStringList scopeList(const QVariant &v)
{
    QStringList out;
    for (const QJsonValue &s : QJsonDocument::fromJson(v.toString().toUtf8()).array()) {
        out.append(s.toString());
    }
    return out;
}

QString scopeListJson(const QStringList &scopes)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(scopes)).toJson(QJsonDocument::Compact));
}

// The offices a record was in before, after it moves from `from` to `to`: `from` joins them and
// `to` leaves them (a record moved back is in scope there again, not "left").
QStringList formerScopesAfterMove(QStringList former, const QString &from, const QString &to)
{
    if (!from.isEmpty() && !former.contains(from)) {
        former.append(from);
    }
    former.removeAll(to);
    return former;
}

// A record row as it is rewritten: its id, fields, the seq each field last changed at, and the
// offices it was in before.
struct RecordRow
{
    QString id;
    QJsonObject data;
    QJsonObject versions;
    QJsonObject authors; // version_authors (FieldChanges.h), already carried to the new seq
    QStringList former;
};

// Writes a changed record at a new seq; its scope key and person column follow its fields.
bool updateRecordRow(Database &db, const RecordRow &row, const EntityType &type, qint64 seq,
                     const Wire::UserInfo &user, QString *error)
{
    Sql update(db,
               QStringLiteral("UPDATE record SET data = :data, field_versions = :fv,"
                              " version_authors = :authors, person_id = :person, seq = :seq,"
                              " scope_key = :scope, former_scopes = :former,"
                              " updated_at = :now, updated_by = :user WHERE id = :id"),
               Sql::Reuse);
    update.bind(QStringLiteral(":data"), compactJson(row.data))
        .bind(QStringLiteral(":fv"), compactJson(row.versions))
        .bind(QStringLiteral(":authors"), compactJson(row.authors))
        .bind(QStringLiteral(":person"), personColumn(type, row.data))
        .bind(QStringLiteral(":seq"), seq)
        .bind(QStringLiteral(":scope"), text(type.scopeKey(row.data)))
        .bind(QStringLiteral(":former"), scopeListJson(row.former))
        .bind(QStringLiteral(":now"), utcNowIso())
        .bind(QStringLiteral(":user"), text(user.username))
        .bind(QStringLiteral(":id"), row.id);
    return update.exec(error);
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
    QStringList formerScopes;
};

std::optional<StoredRecord> loadRecord(Database &db, const QUuid &id, QString *error)
{
    Sql q(db,
          QStringLiteral("SELECT entity_type, seq, deleted, data, field_versions, scope_key,"
                         " updated_by, updated_at, version_authors, former_scopes FROM record"
                         " WHERE id = :id"),
          Sql::Reuse);
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
        s.formerScopes = scopeList(q.value(9));
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
    Sql q(m_db,
          QStringLiteral("SELECT seq, entity_type, id, deleted, data, scope_key,"
                         " former_scopes FROM record WHERE seq > :since ORDER BY seq"
                         " LIMIT :limit"),
          Sql::Reuse);
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
            // A record that was once this office's and has moved on: the row's every change (this
            // is its newest seq) tells the old office's desks to take it out of their cache, so
            // a desk that was offline through the move and later changes still hears of it.
            if (!row.visible && type && type->canRead(user->role) &&
                scopeList(q.value(6)).contains(user->office)) {
                row.visible = true;
                c.deleted = false;
                c.leftScope = true;
            }
        }
        if (!c.deleted && !c.leftScope && row.visible) {
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
        if (stored->formerScopes.contains(user.office)) {
            return reject(QStringLiteral("this %1 was transferred to %2; this office can no longer "
                                         "change it")
                              .arg(m.type, stored->scopeKey));
        }
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
        Sql del(m_db,
                QStringLiteral("UPDATE record SET deleted = 1, data = '{}',"
                               " field_versions = '{}', seq = :seq, updated_at = :now,"
                               " updated_by = :user WHERE id = :id"),
                Sql::Reuse);
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
        // A note written (offline) on an enquiry since transferred to another office would stay
        // behind in this one, apart from its enquiry: refused, saying where the enquiry went.
        if (!type->scopeParentField.isEmpty()) {
            const QUuid parentId = QUuid::fromString(data.value(type->scopeParentField).toString());
            const auto parent = parentId.isNull() ? std::optional<StoredRecord>(StoredRecord{})
                                                  : loadRecord(m_db, parentId, error);
            if (!parent) {
                return false;
            }
            if (parent->exists && !parent->deleted && parent->type == type->scopeParentType &&
                parent->scopeKey != type->scopeKey(data)) {
                return reject(QStringLiteral("the %1 this %2 is for was transferred to %3; this "
                                             "office can no longer add to it")
                                  .arg(parent->type, m.type, parent->scopeKey));
            }
        }
        const QString problem = type->recordProblem(data);
        if (!problem.isEmpty()) {
            return reject(problem);
        }
        if (const auto verdict = judgeRecord(*type, m.entityId, nullptr, data, r, error);
            verdict != RecordVerdict::Write) {
            return verdict == RecordVerdict::Rejected;
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
                                  " :person, :now, :now2, :user)"),
                   Sql::Reuse);
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
        if (it.key() == type->scopeField && !type->appendOnly && !spec->immutable) {
            // A transfer to another office: the writer may write in the office the record is in
            // (checked above) and must be allowed to hand it on.
            const QString to = valueOf(m.fields, it.key()).toString();
            if (!inScope(*type, to, user) && !type->canTransfer(user.role)) {
                return reject(QStringLiteral("the %1 role may not move a %2 to another office")
                                  .arg(user.role, m.type));
            }
        }
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
    if (const auto verdict = judgeRecord(*type, m.entityId, &current, next, r, error);
        verdict != RecordVerdict::Write) {
        return verdict == RecordVerdict::Rejected;
    }
    for (auto it = r.serverFields.begin(); it != r.serverFields.end(); ++it) {
        if (!applied.contains(it.key()) && !r.conflictingFields.contains(it.key())) {
            applied.append(it.key()); // set by the judge (an appointment's status, its note)
        }
    }
    const auto seq = allocateSeqs(1, error);
    if (!seq) {
        return false;
    }
    QJsonObject versions = stored->fieldVersions;
    for (const QString &f : std::as_const(applied)) {
        versions.insert(f, *seq);
    }
    const QString scopeKey = type->scopeKey(next);
    const QStringList formerScopes =
        scopeKey == stored->scopeKey
            ? stored->formerScopes
            : formerScopesAfterMove(stored->formerScopes, stored->scopeKey, scopeKey);
    const QJsonObject authors =
        carryVersionAuthors(stored->versionAuthors, stored->lastWrite, versions, *seq);
    if (!updateRecordRow(m_db, {idText(m.entityId), next, versions, authors, formerScopes}, *type,
                         *seq, user, error)) {
        return false;
    }
    qCDebug(lcSync).noquote() << m.type << idText(m.entityId) << "fields" << applied << "at"
                              << *seq;
    r.version = *seq;
    if (scopeKey != stored->scopeKey &&
        !moveDependentRecords(*type, m.entityId, stored->scopeKey, scopeKey, user, error)) {
        return false;
    }
    return true;
}

SyncService::RecordVerdict SyncService::judgeRecord(const EntityType &type, const QUuid &id,
                                                    const QJsonObject *before, QJsonObject &next,
                                                    Wire::MutationResult &r, QString *error)
{
    if (type.name != QStringView(kTypeAppointment)) {
        return RecordVerdict::Write;
    }
    if (!m_appointments) {
        m_appointments = std::make_unique<AppointmentJudge>(m_db);
    }
    const AppointmentJudge::Verdict verdict = m_appointments->judge(idText(id), before, next);
    switch (verdict.kind) {
    case AppointmentJudge::Verdict::Kind::Failed:
        *error = verdict.message;
        return RecordVerdict::Failed;
    case AppointmentJudge::Verdict::Kind::Reject:
        r.status = Wire::MutationStatus::Rejected;
        r.error = verdict.message;
        r.serverFields = {};
        r.conflictingFields.clear();
        return RecordVerdict::Rejected;
    case AppointmentJudge::Verdict::Kind::Accept:
        break;
    }
    for (const QString &f : verdict.changedFields) {
        r.serverFields.insert(f, valueOf(next, f)); // the desk takes the centre's word at once
    }
    return RecordVerdict::Write;
}

bool SyncService::moveDependentRecords(const EntityType &type, const QUuid &id, const QString &from,
                                       const QString &to, const Wire::UserInfo &user,
                                       QString *error)
{
    const QString idValue = idText(id);
    for (const EntityType &child : entityTypes()) {
        if (child.scopeParentType != type.name || child.scopeField.isEmpty()) {
            continue;
        }
        // The children still in the old office (found through record_type_scope), theirs being
        // the ones whose parent field names this record.
        Sql find(m_db, QStringLiteral("SELECT id, data, field_versions, former_scopes, seq,"
                                      " updated_by, updated_at, version_authors FROM record"
                                      " WHERE entity_type = :type AND scope_key = :from"
                                      " AND deleted = 0 ORDER BY seq"));
        find.bind(QStringLiteral(":type"), child.name).bind(QStringLiteral(":from"), from);
        if (!find.exec(error)) {
            return false;
        }
        QList<RecordRow> moving;
        QList<RowWrite> lastWrites;
        while (find.next()) {
            QJsonObject data = parseJson(find.value(1));
            if (data.value(child.scopeParentField).toString() != idValue) {
                continue;
            }
            moving.append({find.value(0).toString(), std::move(data), parseJson(find.value(2)),
                           parseJson(find.value(7)), scopeList(find.value(3))});
            lastWrites.append(
                {find.value(4).toLongLong(), find.value(5).toString(), find.value(6).toString()});
        }
        if (moving.isEmpty()) {
            continue;
        }
        const auto first = allocateSeqs(moving.size(), error);
        if (!first) {
            return false;
        }
        qint64 seq = *first;
        for (qsizetype i = 0; i < moving.size(); ++i) {
            RecordRow &mv = moving[i];
            mv.data.insert(child.scopeField, to);
            mv.versions.insert(child.scopeField, seq);
            mv.authors = carryVersionAuthors(mv.authors, lastWrites.at(i), mv.versions, seq);
            mv.former = formerScopesAfterMove(mv.former, from, to);
            if (!updateRecordRow(m_db, mv, child, seq, user, error)) {
                return false;
            }
            ++seq;
        }
        qCDebug(lcSync).noquote() << moving.size() << child.name << "moved with" << type.name
                                  << idValue << "to" << to;
    }
    return true;
}

} // namespace FirstStop::Server
