#include "server/SyncService.h"

#include "models/DemoDataGenerator.h"
#include "models/EntityType.h"
#include "server/AppointmentClaims.h"
#include "server/Database.h"
#include "server/FieldChanges.h"
#include "server/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <memory>

namespace FirstStop::Server {

namespace {

constexpr qsizetype kMaxReferenceLength = 64;
constexpr qsizetype kPgRowsPerInsert = 200;

const QString kPersonColumns = QStringLiteral(
    "id, reference, given_name, family_name, preferred_name, date_of_birth, address, postcode,"
    " phone, email, seq, deleted, field_versions, merged_into, details");

struct StoredPerson
{
    Person person;
    QJsonObject fieldVersions;
    // Who wrote the row last and the earlier writers its field versions still name (loadPerson
    // only; see FieldChanges.h).
    RowWrite lastWrite;
    QJsonObject versionAuthors;
};

// withFieldVersions: the pull path sends no field versions, so it does not parse them.
StoredPerson personFromRow(const QSqlQuery &q, bool withFieldVersions = true)
{
    StoredPerson s;
    Person &p = s.person;
    p.id = QUuid::fromString(q.value(0).toString());
    p.reference = q.value(1).toString();
    p.givenName = q.value(2).toString();
    p.familyName = q.value(3).toString();
    p.preferredName = q.value(4).toString();
    p.dateOfBirth = QDate::fromString(q.value(5).toString(), Qt::ISODate);
    p.address = q.value(6).toString();
    p.postcode = q.value(7).toString();
    p.phone = q.value(8).toString();
    p.email = q.value(9).toString();
    p.version = q.value(10).toLongLong();
    p.deleted = q.value(11).toInt() != 0;
    if (withFieldVersions) {
        s.fieldVersions = QJsonDocument::fromJson(q.value(12).toString().toUtf8()).object();
    }
    if (!q.value(13).isNull()) {
        p.mergedInto = QUuid::fromString(q.value(13).toString());
    }
    p.setDetails(QJsonDocument::fromJson(q.value(14).toString().toUtf8()).object());
    return s;
}

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant dateValue(const QDate &date)
{
    return date.isValid() ? QVariant(date.toString(Qt::ISODate)) : nullText();
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject allFieldsAt(qint64 seq)
{
    QJsonObject versions;
    for (const QString &f : Person::fieldNames()) {
        versions.insert(f, seq);
    }
    return versions;
}

// Inserts new people, the i-th with seq firstSeq + i. PostgreSQL gets multi-row statements (one
// round trip per kPgRowsPerInsert rows); SQLite runs in-process, so one reused single-row
// statement is quickest there (Qt's SQLite driver binds in time quadratic in the parameter count).
bool insertPeople(Database &db, const QList<Person> &people, qint64 firstSeq,
                  const QString &username, QString *error)
{
    const qsizetype rowsPerInsert = db.backend() == Backend::Postgres ? kPgRowsPerInsert : 1;
    const QString now = utcNowIso();
    std::unique_ptr<Sql> insert;
    qsizetype preparedRows = 0;
    for (qsizetype start = 0; start < people.size(); start += rowsPerInsert) {
        const qsizetype count = std::min<qsizetype>(rowsPerInsert, people.size() - start);
        if (count != preparedRows) {
            QString sql = QStringLiteral(
                "INSERT INTO person (id, reference, given_name, family_name, preferred_name,"
                " date_of_birth, address, postcode, phone, email, seq, deleted, field_versions,"
                " details, created_at, updated_at, updated_by) VALUES ");
            for (qsizetype i = 0; i < count; ++i) {
                sql += i == 0 ? QStringLiteral("(?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?)")
                              : QStringLiteral(",(?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?)");
            }
            // The single-row statement (every new person on SQLite, a person made at a desk on
            // PostgreSQL) is kept for the connection; the longer ones are prepared per call.
            insert = std::make_unique<Sql>(db, sql, count == 1 ? Sql::Reuse : Sql::Prepare::Fresh);
            preparedRows = count;
        }
        QSqlQuery &q = insert->query();
        for (qsizetype i = 0; i < count; ++i) {
            const Person &p = people.at(start + i);
            const qint64 seq = firstSeq + start + i;
            q.addBindValue(uuidText(p.id));
            q.addBindValue(text(p.reference));
            q.addBindValue(text(p.givenName));
            q.addBindValue(text(p.familyName));
            q.addBindValue(text(p.preferredName));
            q.addBindValue(dateValue(p.dateOfBirth));
            q.addBindValue(text(p.address));
            q.addBindValue(text(p.postcode));
            q.addBindValue(text(p.phone));
            q.addBindValue(text(p.email));
            q.addBindValue(seq);
            q.addBindValue(jsonText(allFieldsAt(seq)));
            q.addBindValue(jsonText(p.details()));
            q.addBindValue(now);
            q.addBindValue(now);
            q.addBindValue(text(username));
        }
        if (!insert->exec(error)) {
            return false;
        }
    }
    return true;
}

std::optional<StoredPerson> loadPerson(Database &db, const QUuid &id, QString *error, bool *found)
{
    static const QString sql = QStringLiteral("SELECT ") + kPersonColumns +
                               QStringLiteral(", updated_by, updated_at, version_authors"
                                              " FROM person WHERE id = :id");
    Sql q(db, sql, Sql::Reuse);
    q.bind(QStringLiteral(":id"), uuidText(id));
    if (!q.exec(error)) {
        return std::nullopt;
    }
    *found = q.next();
    if (!*found) {
        return StoredPerson{};
    }
    StoredPerson s = personFromRow(q.query());
    const int after = static_cast<int>(kPersonColumns.count(u',')) + 1;
    s.lastWrite = {s.person.version, q.value(after).toString(), q.value(after + 1).toString()};
    s.versionAuthors = QJsonDocument::fromJson(q.value(after + 2).toString().toUtf8()).object();
    return s;
}

// Whether another person already holds this reference. nullopt on a database error.
std::optional<bool> referenceTaken(Database &db, const QString &reference, const QUuid &self,
                                   QString *error)
{
    Sql q(db, QStringLiteral("SELECT id FROM person WHERE reference = :ref AND id <> :id"),
          Sql::Reuse);
    q.bind(QStringLiteral(":ref"), reference).bind(QStringLiteral(":id"), uuidText(self));
    if (!q.exec(error)) {
        return std::nullopt;
    }
    return q.next();
}

// Which of the values the person table already holds in a column (id or reference), a few
// hundred per statement. nullopt on a database error.
std::optional<QSet<QString>> existingValues(Database &db, const QString &column,
                                            const QStringList &values, QString *error)
{
    constexpr qsizetype kPerStatement = 250;
    QSet<QString> found;
    for (qsizetype start = 0; start < values.size(); start += kPerStatement) {
        const qsizetype count = std::min(kPerStatement, values.size() - start);
        QStringList marks(count, QStringLiteral("?"));
        Sql q(
            db,
            QStringLiteral("SELECT %1 FROM person WHERE %1 IN (%2)").arg(column, marks.join(u',')));
        for (qsizetype i = 0; i < count; ++i) {
            q.query().addBindValue(text(values.at(start + i)));
        }
        if (!q.exec(error)) {
            return std::nullopt;
        }
        while (q.next()) {
            found.insert(q.value(0).toString());
        }
    }
    return found;
}

// Checks one proposed field value without touching any record; empty when it is acceptable.
QString fieldProblem(const QString &name, const QJsonValue &value)
{
    if (!Person::fieldNames().contains(name)) {
        return QStringLiteral("unknown field %1").arg(name);
    }
    Person probe;
    if (!probe.setField(name, value)) {
        return QStringLiteral("field %1 has a wrong type or an impossible value").arg(name);
    }
    const qsizetype limit =
        name == u"reference" ? kMaxReferenceLength : SyncService::kMaxFieldLength;
    if (value.isString() && value.toString().size() > limit) {
        return QStringLiteral("field %1 is longer than %2 characters").arg(name).arg(limit);
    }
    if (value.isArray()) {
        const QJsonArray list = value.toArray();
        if (list.size() > SyncService::kMaxListEntries) {
            return QStringLiteral("field %1 has more than %2 entries")
                .arg(name)
                .arg(SyncService::kMaxListEntries);
        }
        for (const QJsonValue &v : list) {
            if (v.toString().size() > limit) {
                return QStringLiteral("an entry of %1 is longer than %2 characters")
                    .arg(name)
                    .arg(limit);
            }
        }
    }
    if (name == u"reference" && probe.reference.trimmed().isEmpty()) {
        return QStringLiteral("the reference cannot be empty");
    }
    return {};
}

// Writes an existing person's editable fields at a new seq (stored: the row as it was).
bool updatePersonRow(Database &db, const StoredPerson &stored, const Person &next,
                     const QJsonObject &versions, qint64 seq, const QString &username,
                     QString *error)
{
    Sql update(db,
               QStringLiteral("UPDATE person SET reference = :ref, given_name = :given,"
                              " family_name = :family, preferred_name = :preferred,"
                              " date_of_birth = :dob, address = :address, postcode = :postcode,"
                              " phone = :phone, email = :email, details = :details, seq = :seq,"
                              " field_versions = :fv, version_authors = :authors,"
                              " updated_at = :now, updated_by = :user WHERE id = :id"),
               Sql::Reuse);
    update.bind(QStringLiteral(":ref"), text(next.reference))
        .bind(QStringLiteral(":given"), text(next.givenName))
        .bind(QStringLiteral(":family"), text(next.familyName))
        .bind(QStringLiteral(":preferred"), text(next.preferredName))
        .bind(QStringLiteral(":dob"), dateValue(next.dateOfBirth))
        .bind(QStringLiteral(":address"), text(next.address))
        .bind(QStringLiteral(":postcode"), text(next.postcode))
        .bind(QStringLiteral(":phone"), text(next.phone))
        .bind(QStringLiteral(":email"), text(next.email))
        .bind(QStringLiteral(":details"), jsonText(next.details()))
        .bind(QStringLiteral(":seq"), seq)
        .bind(QStringLiteral(":fv"), jsonText(versions))
        .bind(QStringLiteral(":authors"),
              jsonText(carryVersionAuthors(stored.versionAuthors, stored.lastWrite, versions, seq)))
        .bind(QStringLiteral(":now"), utcNowIso())
        .bind(QStringLiteral(":user"), text(username))
        .bind(QStringLiteral(":id"), uuidText(next.id));
    return update.exec(error);
}

// Whether a person's field holds nothing (a blank the survivor of a merge may fill).
bool isBlank(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() || (v.isString() && v.toString().trimmed().isEmpty());
}

bool hasName(const Person &p)
{
    return !p.givenName.trimmed().isEmpty() || !p.familyName.trimmed().isEmpty();
}

QJsonObject resultToJson(const Wire::MutationResult &r)
{
    const QJsonObject root = QJsonDocument::fromJson(Wire::encode(QList{r})).object();
    return root.value(u"results").toArray().at(0).toObject();
}

} // namespace

SyncService::SyncService(Database &db)
    : m_db(db)
{}

SyncService::~SyncService() = default;

std::optional<Wire::ChangePage> SyncService::changes(qint64 since, int limit, QString *error)
{
    return pull(since, limit, nullptr, 0, error);
}

std::optional<Wire::ChangePage> SyncService::changes(qint64 since, int limit,
                                                     const Wire::UserInfo &user, QString *error,
                                                     qint64 peopleThrough)
{
    return pull(since, limit, &user, peopleThrough, error);
}

void SyncService::readPeople(Sql &q, int limit, Wire::ChangePage &page)
{
    while (q.next()) {
        if (page.changes.size() == limit) {
            page.more = true; // the extra row only tells us another page is waiting
            break;
        }
        const StoredPerson s = personFromRow(q.query(), false);
        Wire::Change c;
        c.seq = s.person.version;
        c.type = QString::fromUtf16(Wire::kTypePerson);
        c.id = s.person.id;
        c.deleted = s.person.deleted;
        if (!c.deleted) {
            c.data = Wire::personToJson(s.person);
        }
        page.cursor = c.seq;
        page.changes.append(std::move(c));
    }
}

std::optional<Wire::ChangePage> SyncService::pull(qint64 since, int limit,
                                                  const Wire::UserInfo *user, qint64 peopleThrough,
                                                  QString *error)
{
    static const QString sql =
        QStringLiteral("SELECT ") + kPersonColumns +
        QStringLiteral(" FROM person WHERE seq > :since ORDER BY seq LIMIT :limit");
    Sql q(m_db, sql, Sql::Reuse);
    q.bind(QStringLiteral(":since"), std::max(since, peopleThrough))
        .bind(QStringLiteral(":limit"), limit + 1);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    Wire::ChangePage page;
    page.cursor = since;
    readPeople(q, limit, page);
    if (!mergeRecordChanges(since, limit, user, page, error)) {
        return std::nullopt;
    }
    if (user) {
        // What the records were chosen for: a desk whose cache was filled for another role or
        // office empties what this one may not hold before it takes the page.
        page.scope = DeskScope{user->role, user->office};
    }
    if (!page.more) {
        // Every record after since was in this page and the people up to peopleThrough are on
        // the desk already: nothing up to peopleThrough is left to send.
        page.cursor = std::max(page.cursor, peopleThrough);
    }
    return page;
}

std::optional<qint64> SyncService::latestSeq(QString *error)
{
    Sql q(m_db, QStringLiteral("SELECT value FROM change_counter WHERE id = 1"), Sql::Reuse);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    if (!q.next()) {
        *error = QStringLiteral("database error: the change counter row is missing");
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

std::optional<Wire::ChangePage> SyncService::peopleUpTo(qint64 since, qint64 through, int limit,
                                                        QString *error)
{
    Sql q(m_db, QStringLiteral("SELECT ") + kPersonColumns +
                    QStringLiteral(" FROM person WHERE seq > :since AND seq <= :through"
                                   " AND deleted = 0 ORDER BY seq LIMIT :limit"));
    q.bind(QStringLiteral(":since"), since)
        .bind(QStringLiteral(":through"), through)
        .bind(QStringLiteral(":limit"), limit + 1);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    Wire::ChangePage page;
    page.cursor = since;
    readPeople(q, limit, page);
    return page;
}

// The change sequence. A desk pulls "everything with seq > my cursor", so a change must never
// become visible with a seq lower than one a desk may already have read. A database sequence
// can't promise that: a transaction that took 41 may commit after one that took 42, and a desk
// that read 42 would skip 41 for ever. So seqs come from the single change_counter row, inside
// the writing transaction. On PostgreSQL the UPDATE locks that row until commit, so the next
// writer waits and its seqs are both larger and committed later; on SQLite BEGIN IMMEDIATE gives
// the same order with the database's one write lock. Serialising writers is cheap at desk volumes.
std::optional<qint64> SyncService::allocateSeqs(qint64 count, QString *error)
{
    Sql q(
        m_db,
        QStringLiteral("UPDATE change_counter SET value = value + :n WHERE id = 1 RETURNING value"),
        Sql::Reuse);
    q.bind(QStringLiteral(":n"), count);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    if (!q.next()) {
        *error = QStringLiteral("database error: the change counter row is missing");
        return std::nullopt;
    }
    return q.value(0).toLongLong() - count + 1; // the first of the count numbers
}

bool SyncService::lockForWrite(QString *error)
{
    if (m_db.backend() != Backend::Postgres) {
        return true; // BEGIN IMMEDIATE already holds SQLite's one write lock
    }
    // Take the counter row's lock first, so the duplicate, reference and merge checks that follow
    // are not raced by another server process writing the same ids.
    Sql lock(m_db, QStringLiteral("SELECT value FROM change_counter WHERE id = 1 FOR UPDATE"),
             Sql::Reuse);
    return lock.exec(error);
}

std::optional<QList<Wire::MutationResult>>
SyncService::apply(const Wire::MutationBatch &batch, const Wire::UserInfo &user, QString *error)
{
    WriteTransaction tx(m_db);
    if (!tx.begin(error)) {
        return std::nullopt;
    }
    if (!lockForWrite(error)) {
        return std::nullopt;
    }
    QList<Wire::MutationResult> results;
    results.reserve(batch.mutations.size());
    for (const Wire::Mutation &m : batch.mutations) {
        auto result = applyOne(batch, m, user, error);
        if (!result) {
            return std::nullopt;
        }
        results.append(std::move(*result));
    }
    if (m_beforeCommit) {
        m_beforeCommit();
    }
    if (!tx.commit(error)) {
        return std::nullopt;
    }
    return results;
}

std::optional<Wire::MutationResult> SyncService::applyOne(const Wire::MutationBatch &batch,
                                                          const Wire::Mutation &m,
                                                          const Wire::UserInfo &user,
                                                          QString *error)
{
    {
        Sql seen(m_db, QStringLiteral("SELECT result_json FROM applied_mutation WHERE id = :id"),
                 Sql::Reuse);
        seen.bind(QStringLiteral(":id"), uuidText(m.id));
        if (!seen.exec(error)) {
            return std::nullopt;
        }
        if (seen.next()) {
            const QByteArray stored = seen.value(0).toString().toUtf8();
            QString decodeError;
            const auto old =
                Wire::decodeMutationResults("{\"results\":[" + stored + "]}", &decodeError);
            if (!old || old->size() != 1) {
                *error = QStringLiteral("stored result of %1 is unreadable: %2")
                             .arg(uuidText(m.id), decodeError);
                return std::nullopt;
            }
            Wire::MutationResult again = old->at(0);
            again.status = Wire::MutationStatus::Duplicate;
            qCDebug(lcSync) << "replayed mutation" << uuidText(m.id);
            return again;
        }
    }

    Wire::MutationResult r;
    r.id = m.id;
    const auto decide = [&]() -> std::optional<bool> {
        const auto reject = [&](const QString &why) {
            r.status = Wire::MutationStatus::Rejected;
            r.error = why;
            return true;
        };
        if (m.type != QStringView(Wire::kTypePerson)) {
            return applyRecord(m, user, r, error) ? std::optional<bool>(true) : std::nullopt;
        }
        bool exists = false;
        auto stored = loadPerson(m_db, m.entityId, error, &exists);
        if (!stored) {
            return std::nullopt;
        }
        const QString now = utcNowIso();

        if (m.op == Wire::MutationOp::Delete) {
            if (user.role == u"library") {
                return reject(QStringLiteral("the library role may not delete people"));
            }
            if (!exists) {
                return reject(QStringLiteral("no such person at the centre"));
            }
            if (stored->person.deleted) {
                r.version = stored->person.version; // already gone: deleting again changes nothing
                return true;
            }
            if (!stored->person.mergedInto.isNull()) {
                // A stale delete must not remove the survivor, who holds this person's history.
                return reject(QStringLiteral("this record was merged into another; delete that "
                                             "one if the person is really to go"));
            }
            const auto seq = allocateSeqs(1, error);
            if (!seq) {
                return std::nullopt;
            }
            // A tombstone keeps only the id and reference (so the reference is never reused).
            Sql del(
                m_db,
                QStringLiteral("UPDATE person SET deleted = 1, given_name = '', family_name = '',"
                               " preferred_name = '', date_of_birth = NULL, address = '',"
                               " postcode = '', phone = '', email = '', field_versions = '{}',"
                               " version_authors = '{}', details = '{}',"
                               " seq = :seq, updated_at = :now, updated_by = :user WHERE id = :id"),
                Sql::Reuse);
            del.bind(QStringLiteral(":seq"), *seq)
                .bind(QStringLiteral(":now"), now)
                .bind(QStringLiteral(":user"), text(user.username))
                .bind(QStringLiteral(":id"), uuidText(m.entityId));
            if (!del.exec(error)) {
                return std::nullopt;
            }
            r.version = *seq;
            return true;
        }

        for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
            const QString problem = fieldProblem(it.key(), it.value());
            if (!problem.isEmpty()) {
                return reject(problem);
            }
        }

        if (!exists) {
            Person p;
            p.id = m.entityId;
            for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
                p.setField(it.key(), it.value());
            }
            if (!hasName(p)) {
                return reject(QStringLiteral("a person needs a given name or a family name"));
            }
            if (p.reference.isEmpty()) {
                p.reference = makePersonReference(p.id);
            }
            auto taken = referenceTaken(m_db, p.reference, p.id, error);
            if (!taken) {
                return std::nullopt;
            }
            if (*taken) {
                // Two desks made the same reference offline (rare: 31^10 values), or an old
                // short one collided. The record is not refused: it gets a fresh reference, and
                // the desk is told which in the result (and sees it on its next pull).
                const QString wanted = p.reference;
                for (int attempt = 0; attempt < 16 && *taken; ++attempt) {
                    p.reference = makePersonReference(QUuid::createUuid());
                    const auto again = referenceTaken(m_db, p.reference, p.id, error);
                    if (!again) {
                        return std::nullopt;
                    }
                    *taken = *again;
                }
                if (*taken) {
                    return reject(
                        QStringLiteral("no free reference could be found for %1").arg(wanted));
                }
                r.serverFields.insert(QStringLiteral("reference"), p.reference);
            }
            const auto seq = allocateSeqs(1, error);
            if (!seq || !insertPeople(m_db, {p}, *seq, user.username, error)) {
                return std::nullopt;
            }
            r.version = *seq;
            return true;
        }

        if (stored->person.deleted) {
            return reject(QStringLiteral("this person was deleted at the centre"));
        }
        // An edit of a record merged into another (made at a desk that had not heard of the
        // merge) is applied to the survivor: nothing a clerk typed is lost. A field the survivor
        // holds as the merged record had it (taken from it by the merge, or the same) is changed
        // as the desk asks, since the desk saw that value; any other field changed at the centre
        // after the desk's base version is a conflict on the survivor, as usual. The merged
        // record's own reference is not the survivor's, so a change to it is not carried over.
        Wire::Mutation redirected = m;
        StoredPerson mergedRecord;
        if (!stored->person.mergedInto.isNull()) {
            const auto survivor = survivorOf(m.entityId, error);
            if (!survivor) {
                return std::nullopt;
            }
            bool found = false;
            auto target = survivor->isNull() ? std::optional<StoredPerson>(StoredPerson{})
                                             : loadPerson(m_db, *survivor, error, &found);
            if (!target) {
                return std::nullopt;
            }
            if (!found || target->person.deleted) {
                return reject(QStringLiteral("this record was merged into one since deleted"));
            }
            mergedRecord = std::move(*stored);
            stored = std::move(target);
            redirected.fields.remove(QStringLiteral("reference"));
            r.mergedInto = stored->person.id;
        }

        // Field-level merge: a field changed at the centre after the desk's base version, to a
        // value other than the desk's, is a conflict and keeps the centre's value; every other
        // field is applied.
        const Person &current = stored->person;
        Person next = current;
        QStringList applied;
        for (auto it = redirected.fields.begin(); it != redirected.fields.end(); ++it) {
            Person proposed = current;
            proposed.setField(it.key(), it.value());
            if (proposed.field(it.key()) == current.field(it.key())) {
                continue; // already so: neither a change nor a conflict
            }
            const qint64 changedAt =
                stored->fieldVersions.value(it.key()).toInteger(current.version);
            const bool asTheDeskSawIt =
                !r.mergedInto.isNull() &&
                mergedRecord.person.field(it.key()) == current.field(it.key()) &&
                mergedRecord.fieldVersions.value(it.key()).toInteger(mergedRecord.person.version) <=
                    m.baseVersion;
            const bool changedSince = changedAt > m.baseVersion && !asTheDeskSawIt;
            if (changedSince && Person::isListField(it.key())) {
                // Both desks added to a list (a previous name, an adjustment): keep both.
                next.setField(it.key(), Person::mergeLists(current.field(it.key()).toArray(),
                                                           it.value().toArray()));
                if (next.field(it.key()) != current.field(it.key())) {
                    applied.append(it.key());
                }
            } else if (changedSince) {
                r.conflictingFields.append(it.key());
                r.serverFields.insert(it.key(), current.field(it.key()));
            } else {
                next.setField(it.key(), it.value());
                applied.append(it.key());
            }
        }
        if (!hasName(next)) {
            return reject(QStringLiteral("a person needs a given name or a family name"));
        }
        if (applied.contains(u"reference")) {
            const auto taken = referenceTaken(m_db, next.reference, next.id, error);
            if (!taken) {
                return std::nullopt;
            }
            if (*taken) {
                return reject(QStringLiteral("the reference %1 is already used by another person")
                                  .arg(next.reference));
            }
        }
        r.status = r.conflictingFields.isEmpty() ? Wire::MutationStatus::Applied
                                                 : Wire::MutationStatus::Conflict;
        r.version = current.version;
        if (!describeServerChanges(m_db, r, stored->fieldVersions, stored->versionAuthors,
                                   stored->lastWrite, error)) {
            return std::nullopt;
        }
        if (applied.isEmpty()) {
            return true;
        }
        const auto seq = allocateSeqs(1, error);
        if (!seq) {
            return std::nullopt;
        }
        QJsonObject versions = stored->fieldVersions;
        for (const QString &f : std::as_const(applied)) {
            versions.insert(f, *seq);
        }
        if (!updatePersonRow(m_db, *stored, next, versions, *seq, user.username, error)) {
            return std::nullopt;
        }
        r.version = *seq;
        return true;
    };
    if (!decide()) {
        return std::nullopt;
    }

    Sql record(m_db,
               QStringLiteral("INSERT INTO applied_mutation"
                              " (id, client_id, username, status, version, result_json,"
                              " applied_at) VALUES (:id, :client, :user, :status, :version,"
                              " :result, :at)"),
               Sql::Reuse);
    record.bind(QStringLiteral(":id"), uuidText(m.id))
        .bind(QStringLiteral(":client"), uuidText(batch.clientId))
        .bind(QStringLiteral(":user"), text(user.username))
        .bind(QStringLiteral(":status"), Wire::statusName(r.status))
        .bind(QStringLiteral(":version"), r.version)
        .bind(QStringLiteral(":result"), jsonText(resultToJson(r)))
        .bind(QStringLiteral(":at"), utcNowIso());
    if (!record.exec(error)) {
        return std::nullopt;
    }
    qCDebug(lcSync).noquote() << "mutation" << uuidText(m.id) << Wire::statusName(r.status)
                              << "version" << r.version;
    return r;
}

std::optional<QUuid> SyncService::survivorOf(const QUuid &personId, QString *error)
{
    // Merges are refused into a merged record, so chains are short; the bound only guards
    // against a cycle written by hand.
    QUuid current = personId;
    for (int hop = 0; hop < 32; ++hop) {
        Sql q(m_db, QStringLiteral("SELECT merged_into FROM person WHERE id = :id"), Sql::Reuse);
        q.bind(QStringLiteral(":id"), uuidText(current));
        if (!q.exec(error)) {
            return std::nullopt;
        }
        if (!q.next() || q.value(0).isNull() || q.value(0).toString().isEmpty()) {
            return current;
        }
        current = QUuid::fromString(q.value(0).toString());
    }
    return QUuid();
}

std::optional<Wire::MergeResult> SyncService::mergePeople(const Wire::MergeRequest &request,
                                                          const Wire::UserInfo &user,
                                                          MergeError *why, QString *error)
{
    const auto refuse = [&](MergeError kind, const QString &message) {
        *why = kind;
        *error = message;
        return std::nullopt;
    };
    *why = MergeError::Database;
    if (request.survivorId == request.mergedId) {
        return refuse(MergeError::Invalid, QStringLiteral("a record cannot be merged into itself"));
    }
    for (const QString &f : request.takeFromMerged) {
        if (!Person::fieldNames().contains(f) || f == u"reference") {
            return refuse(MergeError::Invalid,
                          QStringLiteral("%1 is not a field that can be taken from the merged "
                                         "record (the survivor keeps its reference)")
                              .arg(f));
        }
    }
    WriteTransaction tx(m_db);
    if (!tx.begin(error) || !lockForWrite(error)) {
        return std::nullopt;
    }
    bool survivorFound = false;
    bool mergedFound = false;
    auto survivor = loadPerson(m_db, request.survivorId, error, &survivorFound);
    if (!survivor) {
        return std::nullopt;
    }
    auto merged = loadPerson(m_db, request.mergedId, error, &mergedFound);
    if (!merged) {
        return std::nullopt;
    }
    if (!survivorFound || !mergedFound) {
        return refuse(MergeError::NotFound,
                      QStringLiteral("no person %1 at the centre")
                          .arg(uuidText(survivorFound ? request.mergedId : request.survivorId)));
    }
    Wire::MergeResult result;
    result.survivorId = request.survivorId;
    result.mergedId = request.mergedId;
    if (merged->person.mergedInto == request.survivorId) {
        // Sent again (the answer was lost on the way): the merge stands; say so and who did it.
        Sql done(m_db, QStringLiteral("SELECT merged_by, merged_at, fields_taken, records_moved"
                                      " FROM person_merge WHERE merged_id = :id"));
        done.bind(QStringLiteral(":id"), uuidText(request.mergedId));
        if (!done.exec(error)) {
            return std::nullopt;
        }
        if (done.next()) {
            result.mergedBy = done.value(0).toString();
            result.mergedAt = done.value(1).toString();
            const QJsonArray taken =
                QJsonDocument::fromJson(done.value(2).toString().toUtf8()).array();
            for (const QJsonValue &v : taken) {
                result.fieldsTaken.append(v.toString());
            }
            result.recordsMoved = done.value(3).toInt();
        }
        result.version = survivor->person.version;
        result.alreadyMerged = true;
        *why = MergeError::None;
        return result;
    }
    const auto describe = [](const Person &p) {
        return QStringLiteral("%1 (%2)").arg(p.displayName(), p.reference);
    };
    if (survivor->person.deleted || merged->person.deleted) {
        return refuse(MergeError::Invalid,
                      QStringLiteral("%1 was deleted at the centre")
                          .arg(survivor->person.deleted ? QStringLiteral("the survivor")
                                                        : QStringLiteral("the merged record")));
    }
    if (!survivor->person.mergedInto.isNull()) {
        return refuse(MergeError::Invalid,
                      QStringLiteral("%1 was itself merged into another record; merge into that "
                                     "one")
                          .arg(describe(survivor->person)));
    }
    if (!merged->person.mergedInto.isNull()) {
        return refuse(MergeError::Invalid, QStringLiteral("%1 was already merged into another "
                                                          "record")
                                               .arg(describe(merged->person)));
    }

    // The records that move: every live record of any kind linked to the merged person.
    struct Moving
    {
        QString id;
        QString type;
        QJsonObject data;
        QJsonObject fieldVersions;
        RowWrite lastWrite;
        QJsonObject versionAuthors;
    };
    QList<Moving> moving;
    {
        Sql q(m_db, QStringLiteral("SELECT id, entity_type, data, field_versions, seq, updated_by,"
                                   " updated_at, version_authors FROM record"
                                   " WHERE person_id = :person AND deleted = 0 ORDER BY seq"));
        q.bind(QStringLiteral(":person"), uuidText(request.mergedId));
        if (!q.exec(error)) {
            return std::nullopt;
        }
        while (q.next()) {
            moving.append({q.value(0).toString(),
                           q.value(1).toString(),
                           QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object(),
                           QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object(),
                           {q.value(4).toLongLong(), q.value(5).toString(), q.value(6).toString()},
                           QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object()});
        }
    }
    // Seqs in the order desks should apply them: the survivor as it now is, its new history, and
    // last the redirect, so a desk that has the redirect has everything it points to.
    const auto firstSeq = allocateSeqs(moving.size() + 2, error);
    if (!firstSeq) {
        return std::nullopt;
    }
    const qint64 survivorSeq = *firstSeq;
    const qint64 redirectSeq = *firstSeq + moving.size() + 1;
    const QString now = utcNowIso();

    Person next = survivor->person;
    QJsonObject versions = survivor->fieldVersions;
    for (const QString &f : Person::fieldNames()) {
        if (f == u"reference") {
            continue;
        }
        QJsonValue theirs = merged->person.field(f);
        if (Person::isListField(f) && !request.takeFromMerged.contains(f)) {
            // Histories and adjustments are united, not chosen between.
            theirs = Person::mergeLists(next.field(f).toArray(), theirs.toArray());
        }
        const bool take = request.takeFromMerged.contains(f) || Person::isListField(f)
                              ? theirs != next.field(f)
                              : isBlank(next.field(f)) && !isBlank(theirs);
        if (take) {
            next.setField(f, theirs);
            versions.insert(f, survivorSeq);
            result.fieldsTaken.append(f);
        }
    }
    if (!updatePersonRow(m_db, *survivor, next, versions, survivorSeq, user.username, error)) {
        return std::nullopt;
    }
    for (qsizetype i = 0; i < moving.size(); ++i) {
        Moving &rec = moving[i];
        const qint64 seq = *firstSeq + 1 + i;
        const EntityType *type = entityType(rec.type);
        if (type && !type->personField.isEmpty()) {
            rec.data.insert(type->personField, uuidText(request.survivorId));
            rec.fieldVersions.insert(type->personField, seq);
        }
        Sql move(m_db, QStringLiteral("UPDATE record SET data = :data, field_versions = :fv,"
                                      " version_authors = :authors, person_id = :person,"
                                      " seq = :seq, updated_at = :now, updated_by = :user"
                                      " WHERE id = :id"));
        move.bind(QStringLiteral(":data"), jsonText(rec.data))
            .bind(QStringLiteral(":fv"), jsonText(rec.fieldVersions))
            .bind(QStringLiteral(":authors"),
                  jsonText(carryVersionAuthors(rec.versionAuthors, rec.lastWrite, rec.fieldVersions,
                                               seq)))
            .bind(QStringLiteral(":person"), uuidText(request.survivorId))
            .bind(QStringLiteral(":seq"), seq)
            .bind(QStringLiteral(":now"), now)
            .bind(QStringLiteral(":user"), text(user.username))
            .bind(QStringLiteral(":id"), rec.id);
        if (!move.exec(error)) {
            return std::nullopt;
        }
    }
    Sql redirect(m_db, QStringLiteral("UPDATE person SET merged_into = :survivor, seq = :seq,"
                                      " version_authors = :authors, updated_at = :now,"
                                      " updated_by = :user WHERE id = :id"));
    redirect.bind(QStringLiteral(":survivor"), uuidText(request.survivorId))
        .bind(QStringLiteral(":seq"), redirectSeq)
        .bind(QStringLiteral(":authors"),
              jsonText(carryVersionAuthors(merged->versionAuthors, merged->lastWrite,
                                           merged->fieldVersions, redirectSeq)))
        .bind(QStringLiteral(":now"), now)
        .bind(QStringLiteral(":user"), text(user.username))
        .bind(QStringLiteral(":id"), uuidText(request.mergedId));
    if (!redirect.exec(error)) {
        return std::nullopt;
    }
    Sql audit(m_db, QStringLiteral(
                        "INSERT INTO person_merge (id, survivor_id, merged_id, merged_by,"
                        " merged_at, survivor_version, fields_taken, records_moved,"
                        " survivor_before, merged_before) VALUES (:id, :survivor, :merged, :by,"
                        " :at, :version, :taken, :moved, :before, :mergedBefore)"));
    audit.bind(QStringLiteral(":id"), uuidText(QUuid::createUuid()))
        .bind(QStringLiteral(":survivor"), uuidText(request.survivorId))
        .bind(QStringLiteral(":merged"), uuidText(request.mergedId))
        .bind(QStringLiteral(":by"), text(user.username))
        .bind(QStringLiteral(":at"), now)
        .bind(QStringLiteral(":version"), survivorSeq)
        .bind(QStringLiteral(":taken"),
              QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(result.fieldsTaken))
                                    .toJson(QJsonDocument::Compact)))
        .bind(QStringLiteral(":moved"), static_cast<qint64>(moving.size()))
        .bind(QStringLiteral(":before"), jsonText(Wire::personToJson(survivor->person)))
        .bind(QStringLiteral(":mergedBefore"), jsonText(Wire::personToJson(merged->person)));
    if (!audit.exec(error)) {
        return std::nullopt;
    }
    if (!tx.commit(error)) {
        return std::nullopt;
    }
    qCInfo(lcSync).noquote() << user.username << "merged" << uuidText(request.mergedId) << "into"
                             << uuidText(request.survivorId) << "moving" << moving.size()
                             << "records";
    result.version = survivorSeq;
    result.recordsMoved = static_cast<int>(moving.size());
    result.mergedBy = user.username;
    result.mergedAt = now;
    *why = MergeError::None;
    return result;
}

std::optional<QList<Person>> SyncService::insertNewPeople(QList<Person> people,
                                                          const QString &username, QString *error)
{
    if (people.isEmpty()) {
        return people;
    }
    if (!lockForWrite(error)) {
        return std::nullopt;
    }
    QStringList ids;
    QStringList references;
    for (const Person &p : std::as_const(people)) {
        ids.append(uuidText(p.id));
        references.append(p.reference);
    }
    const auto takenIds = existingValues(m_db, QStringLiteral("id"), ids, error);
    const auto takenReferences =
        existingValues(m_db, QStringLiteral("reference"), references, error);
    if (!takenIds || !takenReferences) {
        return std::nullopt;
    }
    QSet<QString> usedReferences = *takenReferences;
    QList<Person> fresh;
    fresh.reserve(people.size());
    for (Person &p : people) {
        if (takenIds->contains(uuidText(p.id))) {
            continue;
        }
        if (p.reference.isEmpty()) {
            p.reference = makePersonReference(p.id);
        }
        // Rare (31^10 references): a fresh one, checked against the centre and this batch.
        for (int attempt = 0; usedReferences.contains(p.reference); ++attempt) {
            if (attempt == 16) {
                *error = QStringLiteral("no free reference could be found for %1").arg(p.reference);
                return std::nullopt;
            }
            p.reference = makePersonReference(QUuid::createUuid());
            const auto taken = referenceTaken(m_db, p.reference, p.id, error);
            if (!taken) {
                return std::nullopt;
            }
            if (*taken) {
                usedReferences.insert(p.reference);
            }
        }
        usedReferences.insert(p.reference);
        p.version = 0;
        p.deleted = false;
        fresh.append(std::move(p));
    }
    const auto firstSeq = allocateSeqs(fresh.size(), error);
    if (!firstSeq || !insertPeople(m_db, fresh, *firstSeq, username, error)) {
        return std::nullopt;
    }
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        fresh[i].version = *firstSeq + i;
    }
    return fresh;
}

std::optional<qint64> SyncService::seedDemo(qint64 count, QString *error)
{
    WriteTransaction tx(m_db);
    if (!tx.begin(error)) {
        return std::nullopt;
    }
    Sql any(m_db, QStringLiteral("SELECT 1 FROM person LIMIT 1"));
    if (!any.exec(error)) {
        return std::nullopt;
    }
    if (any.next() || count <= 0) {
        return 0; // demo data only goes into an empty centre, never next to real residents
    }
    any.query().finish();
    // One transaction, one counter update for all seqs, multi-row inserts of generated slices.
    const auto firstSeq = allocateSeqs(count, error);
    if (!firstSeq) {
        return std::nullopt;
    }
    const DemoDataGenerator generator;
    constexpr qint64 kSlice = 5000;
    for (qint64 first = 0; first < count; first += kSlice) {
        QList<Person> people = generator.people(first, std::min(kSlice, count - first));
        for (Person &p : people) {
            if (p.reference.isEmpty()) {
                p.reference = makePersonReference(p.id);
            }
        }
        if (!insertPeople(m_db, people, *firstSeq + first, QStringLiteral("demo"), error)) {
            return std::nullopt;
        }
    }
    if (!tx.commit(error)) {
        return std::nullopt;
    }
    return count;
}

} // namespace FirstStop::Server
