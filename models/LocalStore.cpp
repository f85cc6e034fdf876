#include "models/LocalStore.h"

#include "models/Logging.h"
#include "models/NameFolding.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <climits>
#include <sqlite3.h>

namespace FirstStop {

namespace {

QAtomicInteger<quint64> g_connectionCounter;

const QString kCursorKey = QStringLiteral("cursor");
const QString kClientIdKey = QStringLiteral("client_id");
const QString kLastSyncedKey = QStringLiteral("last_synced");
const QString kSearchIndexKey = QStringLiteral("search_index_version");
// A snapshot's marks (LocalStore::finishSnapshot): every person up to this change seq is in it,
// and how many people that is.
const QString kPeopleThroughKey = QStringLiteral("snapshot_people_through");
const QString kSnapshotPeopleKey = QStringLiteral("snapshot_people");
// The scope the record cache was filled for (LocalStore::adoptScope).
const QString kScopeRoleKey = QStringLiteral("scope_role");
const QString kScopeOfficeKey = QStringLiteral("scope_office");
// The citizen search index (desk schema 8). Contentless and without positions: only "which people"
// is asked of it. A prefix index for every start of one to eight letters: a typed start ("smit",
// "david" before the next word) is then one list that FTS5 steps through beside the other words,
// where without it every index word with that start (Davidson, Davies-Jones, …) was merged in
// memory first, at every level of every keystroke.
const QString kCreatePersonSearch =
    QStringLiteral("CREATE VIRTUAL TABLE person_search USING fts5(keys, content='',"
                   " detail='none', tokenize='ascii', prefix='1 2 3 4 5 6 7 8')");

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QByteArray jsonBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// SQL NULL for an empty string (who or when not known), the text otherwise.
QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// A JSON string literal (quotes included) for text handed to SQLite's json_each.
QByteArray jsonString(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += "\\u00";
            out += "0123456789abcdef"[(c >> 4) & 0xf];
            out += "0123456789abcdef"[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

// The person columns in a fixed order; shared by every SELECT so reading a row is one function.
const QString kPersonColumns =
    QStringLiteral("id, reference, given_name, family_name, preferred_name, date_of_birth, "
                   "address, postcode, phone, email, version, details");

Person personFromQuery(const QSqlQuery &q, int offset = 0)
{
    Person p;
    p.id = QUuid::fromString(q.value(offset + 0).toString());
    p.reference = q.value(offset + 1).toString();
    p.givenName = q.value(offset + 2).toString();
    p.familyName = q.value(offset + 3).toString();
    p.preferredName = q.value(offset + 4).toString();
    p.dateOfBirth = QDate::fromString(q.value(offset + 5).toString(), Qt::ISODate);
    p.address = q.value(offset + 6).toString();
    p.postcode = q.value(offset + 7).toString();
    p.phone = q.value(offset + 8).toString();
    p.email = q.value(offset + 9).toString();
    p.version = q.value(offset + 10).toLongLong();
    if (!q.isNull(offset + 11)) {
        p.setDetails(QJsonDocument::fromJson(q.value(offset + 11).toByteArray()).object());
    }
    return p;
}

// One person as a JSON array in the order of kPersonColumns (the write side of personFromQuery):
// empty text is stored as NULL, as a form leaves it.
void appendPersonJson(QByteArray &out, const Person &p)
{
    const auto text = [&out](const QString &s) {
        out += s.isEmpty() ? "null" : jsonString(s);
    };
    out += '[';
    out += jsonString(uuidText(p.id));
    out += ',' + jsonString(p.reference) + ',';
    text(p.givenName);
    out += ',';
    text(p.familyName);
    out += ',';
    text(p.preferredName);
    out += ',';
    text(p.dateOfBirth.isValid() ? p.dateOfBirth.toString(Qt::ISODate) : QString());
    out += ',';
    text(p.address);
    out += ',';
    text(p.postcode);
    out += ',';
    text(p.phone);
    out += ',';
    text(p.email);
    out += ',' + QByteArray::number(p.version) + ',';
    const QJsonObject details = p.details();
    out +=
        details.isEmpty() ? QByteArray("null") : jsonString(QString::fromUtf8(jsonBytes(details)));
    out += ']';
}

// A cleared value (null) is stored as an absent member, as at the centre.
void setRecordValue(QJsonObject &data, const QString &field, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined()) {
        data.remove(field);
    } else {
        data.insert(field, value);
    }
}

// A value the conflict table kept as text, back in its field's JSON type.
QJsonValue storedValue(const EntityType &type, const QString &field, const QJsonValue &value)
{
    const FieldSpec *spec = type.field(field);
    if (spec && spec->type == FieldType::Boolean && value.isString()) {
        return value.toString() == u"1" || value.toString() == u"true";
    }
    return value;
}

// RAII transaction: rolls back unless committed.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase db)
        : m_db(std::move(db))
    {
        m_active = m_db.transaction();
    }
    ~Transaction()
    {
        if (m_active) {
            m_db.rollback();
        }
    }
    bool active() const { return m_active; }
    bool commit()
    {
        const bool ok = m_db.commit();
        m_active = !ok;
        return ok;
    }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace

LocalStore::LocalStore()
    : m_connectionName(QStringLiteral("firststop-local-%1").arg(++g_connectionCounter))
{}

LocalStore::~LocalStore()
{
    m_statements.clear(); // statements must go before their connection
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool LocalStore::fail(QString *error, const QString &message)
{
    m_lastError = message;
    qCWarning(lcStore).noquote() << message;
    if (error) {
        *error = message;
    }
    return false;
}

QSqlQuery &LocalStore::statement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_shared<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        q->prepare(sql); // a failed prepare shows up as the exec error
        it = m_statements.insert(sql, q);
    }
    return **it;
}

LocalStore::RelaxedDurability::RelaxedDurability(LocalStore &store)
    : m_store(store)
{
    m_store.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
}

LocalStore::RelaxedDurability::~RelaxedDurability()
{
    m_store.exec(QStringLiteral("PRAGMA synchronous=FULL"));
}

bool LocalStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool LocalStore::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(sql)) {
        return fail(nullptr,
                    QStringLiteral("local cache: %1 (%2)").arg(q.lastError().text(), sql.left(80)));
    }
    return true;
}

bool LocalStore::open(const QString &path, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    m_path = path;
    if (!db.open()) {
        return fail(
            error,
            QObject::tr("Cannot open the local cache %1: %2").arg(path, db.lastError().text()));
    }
    // WAL: readers (search) never wait for the writer (sync). synchronous=FULL: a committed edit
    // and its outbox entry survive a power cut, not only a crash.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) ||
        !exec(QStringLiteral("PRAGMA synchronous=FULL")) ||
        !exec(QStringLiteral("PRAGMA cache_size=-32768")) ||
        !exec(QStringLiteral("PRAGMA foreign_keys=ON")) || !migrate()) {
        return fail(error,
                    QObject::tr("Cannot prepare the local cache %1: %2").arg(path, m_lastError));
    }
    return true;
}

bool LocalStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        return fail(nullptr, q.lastError().text());
    }
    const int from = q.value(0).toInt();
    q.finish(); // a statement still open would lock the tables a step drops
    if (from > kSchemaVersion) {
        return fail(nullptr, QObject::tr("the local cache was written by a newer FirstStop "
                                         "(schema %1, this version knows %2)")
                                 .arg(from)
                                 .arg(kSchemaVersion));
    }
    if (from == kSchemaVersion) {
        return ensureSearchIndexCurrent();
    }
    Transaction tx(db);
    beginWrite();
    if (from < 1) {
        const QStringList steps = {
            QStringLiteral("CREATE TABLE person ("
                           " rowid INTEGER PRIMARY KEY,"
                           " id TEXT NOT NULL UNIQUE,"
                           " reference TEXT NOT NULL,"
                           " given_name TEXT, family_name TEXT, preferred_name TEXT,"
                           " date_of_birth TEXT, address TEXT, postcode TEXT, phone TEXT,"
                           " email TEXT,"
                           " version INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX person_reference ON person(reference)"),
            QStringLiteral("CREATE VIRTUAL TABLE person_fts USING fts5(names, "
                           "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"),
            QStringLiteral("CREATE TABLE outbox ("
                           " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " mutation_id TEXT NOT NULL UNIQUE,"
                           " entity_type TEXT NOT NULL,"
                           " entity_id TEXT NOT NULL,"
                           " op TEXT NOT NULL,"
                           " base_version INTEGER NOT NULL,"
                           " fields TEXT NOT NULL,"
                           " created_at TEXT NOT NULL,"
                           " attempts INTEGER NOT NULL DEFAULT 0,"
                           " last_error TEXT,"
                           " state TEXT NOT NULL DEFAULT 'pending')"),
            QStringLiteral("CREATE INDEX outbox_entity ON outbox(entity_id, state)"),
            QStringLiteral("CREATE TABLE conflict ("
                           " id INTEGER PRIMARY KEY,"
                           " entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,"
                           " field TEXT NOT NULL, local_value TEXT, server_value TEXT,"
                           " server_version INTEGER NOT NULL, mutation_id TEXT NOT NULL,"
                           " created_at TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)"),
        };
        for (const QString &sql : steps) {
            if (!exec(sql)) {
                return false;
            }
        }
    }
    if (from < 2) {
        // Citizen search: the v1 name index is replaced by one full-text index of every way a
        // person can be found (names and their keys and sounds, date of birth, postcode, phone,
        // e-mail, reference) and the vocabulary of name keys for one-letter typos. Contentless
        // and without positions: only "which people" is asked of it, and each entry is removed
        // with the tokens it was added with (recomputed from the stored row, kIndexVersion).
        const QStringList steps = {
            QStringLiteral("DROP TABLE IF EXISTS person_fts"),
            kCreatePersonSearch,
            QStringLiteral("CREATE TABLE search_word (word TEXT PRIMARY KEY) WITHOUT ROWID"),
        };
        for (const QString &sql : steps) {
            if (!exec(sql)) {
                return false;
            }
        }
    }
    if (from < 3) {
        // Every kind of record but people (models/EntityType.h): fields as JSON, the person it
        // belongs to and when it was made (for the person's history, newest first).
        const QStringList steps = {
            QStringLiteral("CREATE TABLE record ("
                           " id TEXT PRIMARY KEY,"
                           " entity_type TEXT NOT NULL,"
                           " person_id TEXT,"
                           " created_at TEXT NOT NULL DEFAULT '',"
                           " version INTEGER NOT NULL DEFAULT 0,"
                           " data TEXT NOT NULL DEFAULT '{}')"),
            QStringLiteral("CREATE INDEX record_type_person ON record(entity_type, person_id)"),
            QStringLiteral("CREATE INDEX record_person ON record(person_id, created_at)"),
        };
        for (const QString &sql : steps) {
            if (!exec(sql)) {
                return false;
            }
        }
    }
    if (from < 4) {
        // Merged records: a person merged into another leaves the person table (and the search
        // index) and stays here as a redirect, found by id and by its reference's key.
        const QStringList steps = {
            QStringLiteral("CREATE TABLE person_redirect ("
                           " id TEXT PRIMARY KEY,"
                           " reference TEXT NOT NULL,"
                           " reference_key TEXT NOT NULL,"
                           " name TEXT NOT NULL DEFAULT '',"
                           " merged_into TEXT NOT NULL,"
                           " version INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX person_redirect_key ON person_redirect(reference_key)"),
            QStringLiteral("CREATE INDEX person_redirect_into ON person_redirect(merged_into)"),
        };
        for (const QString &sql : steps) {
            if (!exec(sql)) {
                return false;
            }
        }
    }
    if (from < 5) {
        // The richer record: history, contact preferences, language, accessibility needs, as
        // one JSON object (Person::details) so the next such field needs no schema step.
        // Earlier schemas had no such data, so nothing needs re-indexing here.
        if (!exec(QStringLiteral("ALTER TABLE person ADD COLUMN details TEXT"))) {
            return false;
        }
    }
    if (from >= 2 && from < 6) {
        // Postcode areas join the word table, so "CF1" is searched as the areas that exist
        // (CF10, CF11, CF14) rather than by merging every index entry starting "CF1". Read from
        // the index itself: no row needs re-indexing.
        const QStringList steps = {
            QStringLiteral("CREATE VIRTUAL TABLE temp.person_search_terms USING"
                           " fts5vocab(main, person_search, row)"),
            QStringLiteral("INSERT OR IGNORE INTO search_word(word) SELECT term FROM"
                           " temp.person_search_terms WHERE term >= '0o' AND term < '0p'"),
            QStringLiteral("DROP TABLE temp.person_search_terms"),
        };
        for (const QString &sql : steps) {
            if (!exec(sql)) {
                return false;
            }
        }
    }
    if (from < 7) {
        // Who made each local edit, and both sides' who and when on a conflict (the centre says
        // who last changed the field there). Earlier rows leave them empty: shown as unknown.
        // A column already there (a cache whose version was set back by hand) is left as it is.
        const QList<std::pair<QString, QString>> columns = {
            {QStringLiteral("outbox"), QStringLiteral("edited_by")},
            {QStringLiteral("outbox"), QStringLiteral("edited_by_name")},
            {QStringLiteral("conflict"), QStringLiteral("local_changed_by")},
            {QStringLiteral("conflict"), QStringLiteral("local_changed_by_name")},
            {QStringLiteral("conflict"), QStringLiteral("local_changed_at")},
            {QStringLiteral("conflict"), QStringLiteral("server_changed_by")},
            {QStringLiteral("conflict"), QStringLiteral("server_changed_by_name")},
            {QStringLiteral("conflict"), QStringLiteral("server_changed_at")},
        };
        for (const auto &[table, column] : columns) {
            QSqlQuery has(db);
            has.prepare(QStringLiteral("SELECT 1 FROM pragma_table_info(?) WHERE name = ?"));
            has.addBindValue(table);
            has.addBindValue(column);
            if (!has.exec()) {
                return fail(nullptr, has.lastError().text());
            }
            const bool present = has.next();
            has.finish();
            if (!present &&
                !exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 TEXT").arg(table, column))) {
                return false;
            }
        }
    }
    if (from >= 2 && from < 8) {
        // Prefix indexes for starts of four to eight letters (kCreatePersonSearch): the index is
        // made again and rebuilt from the people below.
        if (!exec(QStringLiteral("DROP TABLE person_search")) || !exec(kCreatePersonSearch)) {
            return false;
        }
    }
    // Built once every step has run (it reads the rows as this version stores them).
    if (from < 8 && !rebuildSearchIndex()) {
        return false;
    }
    if (!exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion))) {
        return false;
    }
    return tx.commit() || fail(nullptr, db.lastError().text());
}

bool LocalStore::rebuildSearchIndex()
{
    // Runs inside the caller's transaction.
    if (!exec(QStringLiteral("INSERT INTO person_search(person_search) VALUES('delete-all')"))) {
        return false;
    }
    QSqlQuery all(QSqlDatabase::database(m_connectionName, false));
    all.setForwardOnly(true);
    if (!all.exec(QStringLiteral("SELECT rowid, ") + kPersonColumns +
                  QStringLiteral(" FROM person"))) {
        return fail(nullptr, all.lastError().text());
    }
    qint64 count = 0;
    while (all.next()) {
        if (!indexPerson(all.value(0).toLongLong(), personFromQuery(all, 1))) {
            return false;
        }
        ++count;
    }
    if (!flushSearchIndex()) {
        return false;
    }
    qCInfo(lcStore) << "search index built for" << count << "people";
    return setSetting(kSearchIndexKey, QString::number(PersonSearch::kIndexVersion));
}

bool LocalStore::ensureSearchIndexCurrent()
{
    if (setting(kSearchIndexKey) == QString::number(PersonSearch::kIndexVersion)) {
        return true;
    }
    // This version indexes people differently: the old entries cannot be removed one by one
    // with tokens this code would not produce, so the index is rebuilt as a whole.
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active() || !rebuildSearchIndex()) {
        return fail(nullptr, m_lastError.isEmpty() ? db.lastError().text() : m_lastError);
    }
    return tx.commit() || fail(nullptr, db.lastError().text());
}

bool LocalStore::indexPerson(qint64 rowid, const Person &p)
{
    m_indexAdds.append({rowid, PersonSearch::indexText(p)});
    m_indexAddRowids.insert(rowid);
    // The vocabulary only grows: a word whose last person left costs one futile lookup.
    for (const QString &w : PersonSearch::vocabulary(p)) {
        if (!m_wordsWritten.contains(w)) {
            m_wordsWritten.insert(w);
            m_wordsPending.append(w);
        }
    }
    return m_indexAdds.size() < kIndexBatchRows || flushSearchIndex();
}

bool LocalStore::unindexPerson(qint64 rowid, const Person &p)
{
    if (m_indexAddRowids.contains(rowid) && !flushSearchIndex()) {
        return false; // its entry must be in the index before it can be taken out again
    }
    m_indexRemovals.append({rowid, PersonSearch::indexText(p)});
    return true;
}

bool LocalStore::flushSearchIndex()
{
    // FTS5 writes its pending terms out at every statement of a transaction, so one INSERT per
    // person wrote the index to disk person by person. One statement per batch (the entries as a
    // JSON array, unpacked by json_each) writes them once. Removals go first: an entry taken out
    // and put back under the same rowid is taken out before it is put back.
    const auto entriesJson = [](const QList<IndexEntry> &entries) {
        QByteArray json;
        json.reserve(entries.size() * 160);
        json += '[';
        for (const IndexEntry &e : entries) {
            if (json.size() > 1) {
                json += ',';
            }
            json += '[' + QByteArray::number(e.rowid) + ',' + jsonString(e.keys) + ']';
        }
        json += ']';
        return json;
    };
    const auto run = [this](const QString &sql, const QByteArray &json) {
        QSqlQuery &q = statement(sql);
        q.addBindValue(QString::fromUtf8(json));
        return q.exec() || fail(nullptr, q.lastError().text());
    };
    if (!m_indexRemovals.isEmpty() &&
        !run(QStringLiteral("INSERT INTO person_search(person_search, rowid, keys)"
                            " SELECT 'delete', value ->> 0, value ->> 1 FROM json_each(?)"),
             entriesJson(m_indexRemovals))) {
        return false;
    }
    if (!m_indexAdds.isEmpty() &&
        !run(QStringLiteral("INSERT INTO person_search(rowid, keys)"
                            " SELECT value ->> 0, value ->> 1 FROM json_each(?)"),
             entriesJson(m_indexAdds))) {
        return false;
    }
    if (!m_wordsPending.isEmpty()) {
        QByteArray words = "[";
        for (const QString &w : std::as_const(m_wordsPending)) {
            words += (words.size() > 1 ? "," : "") + jsonString(w);
        }
        words += ']';
        if (!run(QStringLiteral("INSERT OR IGNORE INTO search_word(word)"
                                " SELECT value FROM json_each(?)"),
                 words)) {
            return false;
        }
    }
    m_indexRemovals.clear();
    m_indexAdds.clear();
    m_indexAddRowids.clear();
    m_wordsPending.clear();
    return true;
}

std::optional<std::pair<qint64, Person>> LocalStore::personRow(const QUuid &id)
{
    QSqlQuery &q = statement(QStringLiteral("SELECT rowid, ") + kPersonColumns +
                             QStringLiteral(" FROM person WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    std::pair<qint64, Person> row{q.value(0).toLongLong(), personFromQuery(q, 1)};
    q.finish();
    return row;
}

QString LocalStore::setting(const QString &key)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT value FROM sync_state WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next()) {
        return q.value(0).toString();
    }
    return {};
}

bool LocalStore::setSetting(const QString &key, const QString &value)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO sync_state(key, value) VALUES(?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec() || fail(nullptr, q.lastError().text());
}

qint64 LocalStore::cursor()
{
    return setting(kCursorKey).toLongLong();
}

QUuid LocalStore::clientId()
{
    QUuid id = QUuid::fromString(setting(kClientIdKey));
    if (id.isNull()) {
        id = QUuid::createUuid();
        setSetting(kClientIdKey, uuidText(id));
    }
    return id;
}

void LocalStore::setLastSynced(const QDateTime &when)
{
    const RelaxedDurability relaxed(*this);
    setSetting(kLastSyncedKey, when.toUTC().toString(Qt::ISODateWithMs));
}

QDateTime LocalStore::lastSynced()
{
    return QDateTime::fromString(setting(kLastSyncedKey), Qt::ISODateWithMs);
}

bool LocalStore::upsertRedirect(const Person &merged)
{
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO person_redirect(id, reference, reference_key, name, merged_into, version)"
        " VALUES(?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET reference = excluded.reference,"
        " reference_key = excluded.reference_key, name = excluded.name,"
        " merged_into = excluded.merged_into, version = excluded.version"));
    q.addBindValue(uuidText(merged.id));
    q.addBindValue(merged.reference);
    q.addBindValue(personReferenceKey(merged.reference));
    q.addBindValue(merged.displayName());
    q.addBindValue(uuidText(merged.mergedInto));
    q.addBindValue(merged.version);
    return q.exec() || fail(nullptr, q.lastError().text());
}

namespace {
PersonRedirect redirectFromQuery(const QSqlQuery &q)
{
    return {QUuid::fromString(q.value(0).toString()), q.value(1).toString(), q.value(2).toString(),
            QUuid::fromString(q.value(3).toString()), q.value(4).toLongLong()};
}
const QString kRedirectColumns = QStringLiteral("id, reference, name, merged_into, version");
constexpr int kMaxRedirectHops = 32;
} // namespace

std::optional<PersonRedirect> LocalStore::redirect(const QUuid &id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT ") + kRedirectColumns +
              QStringLiteral(" FROM person_redirect WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec() || !q.next()) {
        return std::nullopt;
    }
    return redirectFromQuery(q);
}

std::optional<Person> LocalStore::currentPerson(const QUuid &id)
{
    QUuid current = id;
    for (int hop = 0; hop < kMaxRedirectHops; ++hop) {
        if (std::optional<Person> p = person(current)) {
            return p;
        }
        const std::optional<PersonRedirect> r = redirect(current);
        if (!r) {
            return std::nullopt;
        }
        current = r->mergedInto;
    }
    return std::nullopt;
}

QList<PersonRedirect> LocalStore::mergedInto(const QUuid &survivorId)
{
    QList<PersonRedirect> out;
    QList<QUuid> targets{survivorId};
    QSet<QUuid> seen{survivorId};
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT ") + kRedirectColumns +
              QStringLiteral(" FROM person_redirect WHERE merged_into = ? ORDER BY version"));
    for (qsizetype i = 0; i < targets.size() && i < kMaxRedirectHops; ++i) {
        q.addBindValue(uuidText(targets.at(i)));
        if (!q.exec()) {
            fail(nullptr, q.lastError().text());
            return out;
        }
        while (q.next()) {
            PersonRedirect r = redirectFromQuery(q);
            if (!seen.contains(r.id)) {
                seen.insert(r.id);
                targets.append(r.id);
                out.append(std::move(r));
            }
        }
    }
    return out;
}

std::optional<Person> LocalStore::person(const QUuid &id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT ") + kPersonColumns +
              QStringLiteral(" FROM person WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec() || !q.next()) {
        return std::nullopt;
    }
    return personFromQuery(q);
}

bool LocalStore::lookUpTypoWords(PersonSearch::Matcher &matcher)
{
    // One-letter typos: only the candidates that are somebody's name key are searched for. Done
    // only when the search gets this far, which a broad or exact query never does.
    const QStringList candidates = matcher.typoCandidates();
    if (candidates.isEmpty()) {
        return true;
    }
    QSqlQuery words(QSqlDatabase::database(m_connectionName, false));
    words.setForwardOnly(true);
    // The candidates are folded letters and digits only, so they are safe as literals.
    if (!words.exec(QStringLiteral("SELECT word FROM search_word WHERE word IN ('") +
                    candidates.join(QStringLiteral("','")) + QStringLiteral("')"))) {
        return fail(nullptr, words.lastError().text());
    }
    QSet<QString> known;
    while (words.next()) {
        known.insert(words.value(0).toString());
    }
    matcher.setKnownTypoWords(known);
    return true;
}

bool LocalStore::lookUpOutwards(PersonSearch::Matcher &matcher)
{
    const QString prefix = matcher.outwardLookupPrefix();
    if (prefix.isEmpty()) {
        return true;
    }
    // A handful of areas share any start; past this many, the prefix search is no worse.
    constexpr int kMaxAreas = 64;
    QSqlQuery &q = statement(QStringLiteral(
        "SELECT substr(word, 3) FROM search_word WHERE word >= ? AND word < ? LIMIT ?"));
    q.addBindValue(QString(u"0o"_qs + prefix));
    q.addBindValue(QString(u"0o"_qs + prefix + u'~'));
    q.addBindValue(kMaxAreas + 1);
    if (!q.exec()) {
        return fail(nullptr, q.lastError().text());
    }
    QStringList codes;
    while (q.next()) {
        codes.append(q.value(0).toString());
    }
    q.finish();
    if (codes.size() <= kMaxAreas) {
        matcher.setKnownOutwards(codes);
    }
    return true;
}

void LocalStore::prepareSearch()
{
    if (m_variants) {
        return;
    }
    // An administrator extends the given-name table with a file beside the cache, or names one.
    QString extra = qEnvironmentVariable("FIRSTSTOP_NAME_VARIANTS");
    if (extra.isEmpty() && !m_path.isEmpty()) {
        extra = QFileInfo(m_path).dir().filePath(QStringLiteral("given-name-variants.tsv"));
    }
    m_variants = NameVariants::load(extra);
}

QList<PersonMatch> LocalStore::search(const QString &query, int limit)
{
    return search(SearchQuery::parse(query, QDate::currentDate()), limit);
}

QList<PersonMatch> LocalStore::likelyDuplicates(const Person &candidate, int limit)
{
    QList<PersonMatch> out;
    QSet<QUuid> listed{candidate.id};
    for (const PersonSearch::DuplicateProbe &probe : PersonSearch::duplicateProbes(candidate)) {
        for (PersonMatch &m : search(probe.query, limit)) {
            if (listed.contains(m.person.id) || (probe.exactOnly && m.tier != MatchTier::Exact)) {
                continue;
            }
            listed.insert(m.person.id);
            m.reason = PersonSearch::duplicateKindText(probe.kind) + u": "_qs + m.reason;
            out.append(std::move(m));
            if (out.size() >= limit) {
                return out;
            }
        }
    }
    return out;
}

QList<PersonMatch> LocalStore::search(SearchQuery query, int limit)
{
    QList<PersonMatch> out;
    if (limit <= 0) {
        return out;
    }
    prepareSearch();
    const QString referenceKey = query.reference;
    PersonSearch::Matcher matcher(std::move(query), *m_variants);
    if (matcher.isEmpty()) {
        return out;
    }
    if (!lookUpOutwards(matcher)) {
        return out;
    }
    // Tier by tier: each level finds everyone of its tier or better, in index order. A level that
    // fills the page ends the search, so a broad first letter costs one short index walk, and a
    // rare name walks on to variants, sound-alikes and typos.
    const int perLevel = std::max(limit * 2, 20);
    QSet<qint64> seen;
    QSqlQuery &q = statement(QStringLiteral("SELECT p.rowid, p.") +
                             QString(kPersonColumns).replace(u", "_qs, u", p."_qs) +
                             QStringLiteral(" FROM person_search s JOIN person p ON p.rowid ="
                                            " s.rowid WHERE person_search MATCH ? LIMIT ?"));
    for (int level = 0; level < PersonSearch::Matcher::kLevels; ++level) {
        if (level == PersonSearch::Matcher::kLevels - 1 && !lookUpTypoWords(matcher)) {
            return out;
        }
        const QString expression = matcher.matchExpression(level);
        if (expression.isEmpty()) {
            continue;
        }
        QElapsedTimer levelTimer;
        levelTimer.start();
        q.addBindValue(expression);
        q.addBindValue(perLevel + static_cast<int>(seen.size()));
        if (!q.exec()) {
            fail(nullptr, q.lastError().text());
            return out;
        }
        int found = 0;
        while (q.next()) {
            ++found;
            const qint64 rowid = q.value(0).toLongLong();
            if (seen.contains(rowid)) {
                continue;
            }
            seen.insert(rowid);
            Person p = personFromQuery(q, 1);
            if (const auto e = matcher.evaluate(p)) {
                out.append({std::move(p), e->reason, e->tier, e->score});
            }
        }
        q.finish();
        qCDebug(lcPersonSearch).noquote()
            << "search level" << level << expression << "found" << found << "in"
            << levelTimer.nsecsElapsed() / 1000 << "us";
        if (out.size() >= limit && found >= perLevel) {
            break;
        }
        if (out.size() >= perLevel) {
            break;
        }
    }
    std::sort(out.begin(), out.end(), [](const PersonMatch &a, const PersonMatch &b) {
        if (a.tier != b.tier) {
            return a.tier < b.tier;
        }
        if (a.score != b.score) {
            return a.score > b.score;
        }
        const int family =
            QString::compare(a.person.familyName, b.person.familyName, Qt::CaseInsensitive);
        if (family != 0) {
            return family < 0;
        }
        const int given =
            QString::compare(a.person.givenName, b.person.givenName, Qt::CaseInsensitive);
        if (given != 0) {
            return given < 0;
        }
        return a.person.reference < b.person.reference;
    });
    addMergedReferences(referenceKey, out);
    if (out.size() > limit) {
        out.resize(limit);
    }
    return out;
}

void LocalStore::addMergedReferences(const QString &referenceKey, QList<PersonMatch> &out)
{
    // A reference from before a merge (on a slip, in a letter) finds the person it was merged
    // into, first, saying so. Only a whole reference (8 characters or more after "FS"): a short
    // start of one would list survivors for references nobody typed.
    constexpr qsizetype kWholeOldReference = 8;
    if (referenceKey.size() < kWholeOldReference) {
        return;
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT id, reference FROM person_redirect WHERE reference_key = ?"
                             " OR (length(?) = 8 AND substr(reference_key, 1, 8) = ?) LIMIT 5"));
    q.addBindValue(referenceKey);
    q.addBindValue(referenceKey);
    q.addBindValue(referenceKey);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return;
    }
    QList<std::pair<QUuid, QString>> found;
    while (q.next()) {
        found.append({QUuid::fromString(q.value(0).toString()), q.value(1).toString()});
    }
    q.finish();
    qsizetype at = 0;
    for (const auto &[id, reference] : std::as_const(found)) {
        std::optional<Person> survivor = currentPerson(id);
        if (!survivor) {
            continue; // merged into a record this desk does not hold (yet)
        }
        out.removeIf([&](const PersonMatch &m) { return m.person.id == survivor->id; });
        const QString reason =
            QObject::tr("reference %1 was merged into this record").arg(reference);
        out.insert(at++, {std::move(*survivor), reason, MatchTier::Exact, INT_MAX});
    }
}

SyncCounts LocalStore::counts()
{
    SyncCounts c;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (q.exec(QStringLiteral("SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),"
                              " (SELECT count(*) FROM outbox WHERE state = 'rejected'),"
                              " (SELECT count(*) FROM conflict WHERE resolved = 0),"
                              " (SELECT count(*) FROM person)")) &&
        q.next()) {
        c.pending = q.value(0).toInt();
        c.rejected = q.value(1).toInt();
        c.conflicts = q.value(2).toInt();
        c.people = q.value(3).toLongLong();
    }
    return c;
}

QList<OutboxEntry> LocalStore::pendingMutations(int limit)
{
    QList<OutboxEntry> out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT seq, mutation_id, entity_type, entity_id, op, base_version,"
                             " fields, attempts, last_error FROM outbox WHERE state = 'pending'"
                             " ORDER BY seq LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return out;
    }
    while (q.next()) {
        OutboxEntry e;
        e.seq = q.value(0).toLongLong();
        e.mutation.id = QUuid::fromString(q.value(1).toString());
        e.mutation.type = q.value(2).toString();
        e.mutation.entityId = QUuid::fromString(q.value(3).toString());
        e.mutation.op = q.value(4).toString() == u"delete" ? Wire::MutationOp::Delete
                                                           : Wire::MutationOp::Upsert;
        e.mutation.baseVersion = q.value(5).toLongLong();
        e.mutation.fields = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        e.attempts = q.value(7).toInt();
        e.lastError = q.value(8).toString();
        out.append(std::move(e));
    }
    return out;
}

bool LocalStore::upsertPersonRow(const Person &p)
{
    return upsertPersonRows({p});
}

bool LocalStore::upsertPersonRows(const QList<Person> &batch)
{
    // The same person twice in one batch: the last one wins, as it would row by row.
    QHash<QUuid, qsizetype> last;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        last.insert(batch.at(i).id, i);
    }
    QList<Person> deduplicated;
    if (last.size() != batch.size()) {
        for (qsizetype i = 0; i < batch.size(); ++i) {
            if (last.value(batch.at(i).id) == i) {
                deduplicated.append(batch.at(i));
            }
        }
    }
    const QList<Person> &people = last.size() == batch.size() ? batch : deduplicated;
    if (people.isEmpty()) {
        return true;
    }
    // The whole batch in a few statements rather than two per person (Qt's per-statement cost was
    // most of a pulled page's time): the rows it replaces (whose index entries must come out with
    // exactly the tokens they went in with), one upsert of every row from a JSON array, and the
    // index writes (flushSearchIndex).
    QByteArray ids = "[";
    for (const Person &p : people) {
        if (ids.size() > 1) {
            ids += ',';
        }
        ids += jsonString(uuidText(p.id));
    }
    ids += ']';

    QHash<QString, std::pair<qint64, Person>> old;
    static const QString findSql = QStringLiteral("SELECT rowid, ") + kPersonColumns +
                                   QStringLiteral(" FROM person WHERE id IN"
                                                  " (SELECT value FROM json_each(?))");
    QSqlQuery &find = statement(findSql);
    find.addBindValue(QString::fromUtf8(ids));
    if (!find.exec()) {
        return fail(nullptr, find.lastError().text());
    }
    while (find.next()) {
        Person p = personFromQuery(find, 1);
        const QString key = uuidText(p.id);
        old.insert(key, {find.value(0).toLongLong(), std::move(p)});
    }
    find.finish();

    // A row that comes back as the desk already has it but for its version (this desk's own edit
    // confirmed by the pull after a push, or a change of something the desk does not keep) only
    // takes the new version: the row is not rewritten, its indexes and its search entry are not
    // touched (nothing searchable changed). Everything else is upserted whole.
    QByteArray versions = "[";
    QByteArray rows = "[";
    QList<const Person *> written;
    written.reserve(people.size());
    for (const Person &p : people) {
        const auto was = old.constFind(uuidText(p.id));
        if (was != old.constEnd()) {
            Person same = was->second;
            same.version = p.version;
            if (same == p) {
                if (was->second.version != p.version) {
                    if (versions.size() > 1) {
                        versions += ',';
                    }
                    versions += '[' + QByteArray::number(was->first) + ',' +
                                QByteArray::number(p.version) + ']';
                }
                continue;
            }
        }
        if (rows.size() > 1) {
            rows += ',';
        }
        appendPersonJson(rows, p);
        written.append(&p);
    }
    versions += ']';
    rows += ']';
    if (versions.size() > 2) {
        QSqlQuery &bump = statement(QStringLiteral(
            "UPDATE person SET version = value ->> 1 FROM json_each(?) WHERE rowid = value ->> 0"));
        bump.addBindValue(QString::fromUtf8(versions));
        if (!bump.exec()) {
            return fail(nullptr, bump.lastError().text());
        }
    }
    if (written.isEmpty()) {
        return true;
    }

    static const QString upsert = []() -> QString {
        const QStringList columns = kPersonColumns.split(u", "_qs);
        QStringList values;
        QStringList updates;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            values.append(QStringLiteral("value ->> %1").arg(i));
            if (columns.at(i) != u"id") {
                updates.append(columns.at(i) + u" = excluded."_qs + columns.at(i));
            }
        }
        return u"INSERT INTO person("_qs + kPersonColumns + u") SELECT "_qs +
               values.join(u", "_qs) +
               u" FROM json_each(?) WHERE true ON CONFLICT(id) DO UPDATE SET "_qs +
               updates.join(u", "_qs) + u" RETURNING rowid, id"_qs;
    }();
    QSqlQuery &q = statement(upsert);
    q.addBindValue(QString::fromUtf8(rows));
    if (!q.exec()) {
        return fail(nullptr, q.lastError().text());
    }
    QHash<QString, qint64> rowids;
    rowids.reserve(written.size());
    while (q.next()) {
        rowids.insert(q.value(1).toString(), q.value(0).toLongLong());
    }
    q.finish();
    for (const Person *written1 : std::as_const(written)) {
        const Person &p = *written1;
        const QString key = uuidText(p.id);
        const qint64 rowid = rowids.value(key, -1);
        if (rowid < 0) {
            return fail(nullptr, QStringLiteral("person %1 was not written").arg(key));
        }
        const auto was = old.constFind(key);
        if (was != old.constEnd()) {
            if (was->first == rowid &&
                PersonSearch::indexText(was->second) == PersonSearch::indexText(p)) {
                continue; // nothing searchable changed (a version bump, an address)
            }
            if (!unindexPerson(was->first, was->second)) {
                return false;
            }
        }
        if (!indexPerson(rowid, p)) {
            return false;
        }
    }
    return true;
}

bool LocalStore::deletePersonRow(const QUuid &id)
{
    const std::optional<std::pair<qint64, Person>> old = personRow(id);
    if (!old) {
        return true; // never had it: a tombstone for a record this desk did not hold
    }
    QSqlQuery &q = statement(QStringLiteral("DELETE FROM person WHERE rowid = ?"));
    q.addBindValue(old->first);
    if (!q.exec()) {
        return fail(nullptr, q.lastError().text());
    }
    return unindexPerson(old->first, old->second);
}

QSet<QString> LocalStore::pendingFields(const QUuid &entityId)
{
    QSet<QString> fields;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(
        QStringLiteral("SELECT fields FROM outbox WHERE entity_id = ? AND state = 'pending'"));
    q.addBindValue(uuidText(entityId));
    if (q.exec()) {
        while (q.next()) {
            const QJsonObject o = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
            for (auto it = o.begin(); it != o.end(); ++it) {
                fields.insert(it.key());
            }
        }
    }
    return fields;
}

bool LocalStore::saveLocalEdit(const Person &edited, QString *error)
{
    if (edited.id.isNull()) {
        return fail(error, QObject::tr("The record has no identifier."));
    }
    if (edited.givenName.trimmed().isEmpty() && edited.familyName.trimmed().isEmpty()) {
        return fail(error, QObject::tr("Enter a given name or a family name."));
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, QObject::tr("The local cache is busy: %1").arg(db.lastError().text()));
    }
    const std::optional<Person> current = person(edited.id);
    Person toStore = edited;
    QJsonObject changed;
    if (!current) {
        if (toStore.reference.isEmpty()) {
            toStore.reference = makePersonReference(toStore.id);
        }
        toStore.version = 0;
        for (const QString &name : Person::fieldNames()) {
            const QJsonValue v = toStore.field(name);
            if (!(v.isString() && v.toString().isEmpty()) && !v.isNull() &&
                !(v.isArray() && v.toArray().isEmpty()) && !(v.isBool() && !v.toBool())) {
                changed.insert(name, v);
            }
        }
    } else {
        toStore.version = current->version;
        // A corrected or changed name or address: the one it replaces is kept as history.
        toStore.keepHistoryFrom(*current);
        for (const QString &name : Person::fieldNames()) {
            if (toStore.field(name) != current->field(name)) {
                changed.insert(name, toStore.field(name));
            }
        }
        if (changed.isEmpty()) {
            return true; // nothing to do; not an error
        }
    }
    if (!upsertPersonRow(toStore)) {
        return fail(error, QObject::tr("Could not save the record: %1").arg(m_lastError));
    }
    if (!queueMutation(QString::fromUtf16(Wire::kTypePerson), toStore.id, Wire::MutationOp::Upsert,
                       current ? current->version : 0, changed)) {
        return fail(error, QObject::tr("Could not queue the change: %1").arg(m_lastError));
    }
    if (!flushSearchIndex()) {
        return fail(error, QObject::tr("Could not save the record: %1").arg(m_lastError));
    }
    if (!tx.commit()) {
        return fail(error, QObject::tr("Could not save the record: %1").arg(db.lastError().text()));
    }
    return true;
}

bool LocalStore::applyChangePage(const Wire::ChangePage &page, QString *error)
{
    const RelaxedDurability relaxed(*this);
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, db.lastError().text());
    }
    // Which entities have local edits waiting: only those need the slower rebase path.
    QSet<QString> withPending;
    {
        QSqlQuery q(db);
        if (!q.exec(
                QStringLiteral("SELECT DISTINCT entity_id FROM outbox WHERE state = 'pending'"))) {
            return fail(error, q.lastError().text());
        }
        while (q.next()) {
            withPending.insert(q.value(0).toString());
        }
    }
    QList<Person> upserts;
    upserts.reserve(page.changes.size());
    for (const Wire::Change &c : page.changes) {
        if (c.type != Wire::kTypePerson) {
            if (const EntityType *type = entityType(c.type)) {
                if (!applyRecordChange(*type, c, withPending.contains(uuidText(c.id)), error)) {
                    return false;
                }
            }
            continue; // a kind of record this desk does not know yet; the cursor still moves on
        }
        if (c.leftScope) {
            continue; // people are not scoped by office; a centre never sends this for a person
        }
        if (c.deleted) {
            if (!deletePersonRow(c.id)) {
                return fail(error, m_lastError);
            }
            continue;
        }
        QString decodeError;
        std::optional<Person> incoming = Wire::personFromJson(c.id, c.data, &decodeError);
        if (!incoming) {
            return fail(error, QObject::tr("The central service sent a record this desk cannot "
                                           "read: %1")
                                   .arg(decodeError));
        }
        incoming->version = c.seq;
        if (!incoming->mergedInto.isNull()) {
            // Merged into another record: out of the people (and the search), kept as a
            // redirect. Its history arrives re-pointed to the survivor in the same feed.
            if (!deletePersonRow(c.id) || !upsertRedirect(*incoming)) {
                return fail(error, m_lastError);
            }
            continue;
        }
        if (withPending.contains(uuidText(c.id))) {
            // Rebase: the centre's version underneath, the desk's pending fields on top.
            if (const std::optional<Person> local = person(c.id)) {
                for (const QString &f : pendingFields(c.id)) {
                    incoming->setField(f, local->field(f));
                }
            }
        }
        upserts.append(std::move(*incoming));
    }
    if (!upsertPersonRows(upserts) || !flushSearchIndex() ||
        !setSetting(kCursorKey, QString::number(page.cursor))) {
        return fail(error, m_lastError);
    }
    if (!tx.commit()) {
        return fail(error, db.lastError().text());
    }
    return true;
}

bool LocalStore::applyMutationResults(const QList<Wire::MutationResult> &results, QString *error)
{
    const RelaxedDurability relaxed(*this);
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, db.lastError().text());
    }
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (const Wire::MutationResult &r : results) {
        // Statements kept for the connection (statement()): one answer per pushed edit.
        QSqlQuery &find = statement(QStringLiteral("SELECT entity_type, entity_id, fields,"
                                                   " created_at, edited_by, edited_by_name"
                                                   " FROM outbox WHERE mutation_id = ?"));
        find.addBindValue(uuidText(r.id));
        if (!find.exec()) {
            return fail(error, find.lastError().text());
        }
        if (!find.next()) {
            find.finish();
            continue; // already settled (a replayed reply)
        }
        const QString entityType = find.value(0).toString();
        const QUuid entityId = QUuid::fromString(find.value(1).toString());
        const QJsonObject fields = QJsonDocument::fromJson(find.value(2).toByteArray()).object();
        const QString editedAt = find.value(3).toString();
        const QVariant editedBy = find.value(4);
        const QVariant editedByName = find.value(5);
        find.finish();

        if (r.status == Wire::MutationStatus::Rejected) {
            QSqlQuery &q = statement(QStringLiteral("UPDATE outbox SET state = 'rejected',"
                                                    " last_error = ?, attempts = attempts + 1"
                                                    " WHERE mutation_id = ?"));
            q.addBindValue(r.error.isEmpty() ? QObject::tr("refused by the central service")
                                             : r.error);
            q.addBindValue(uuidText(r.id));
            if (!q.exec()) {
                return fail(error, q.lastError().text());
            }
            continue;
        }
        if (r.status == Wire::MutationStatus::Conflict) {
            for (const QString &field : r.conflictingFields) {
                QSqlQuery &c = statement(QStringLiteral(
                    "INSERT INTO conflict(entity_type, entity_id, field, local_value, server_value,"
                    " server_version, mutation_id, created_at, local_changed_by,"
                    " local_changed_by_name, local_changed_at, server_changed_by,"
                    " server_changed_by_name, server_changed_at)"
                    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
                c.addBindValue(entityType);
                // An edit of a record merged meanwhile was judged against the survivor.
                c.addBindValue(uuidText(r.mergedInto.isNull() ? entityId : r.mergedInto));
                c.addBindValue(field);
                c.addBindValue(fields.value(field).toVariant());
                c.addBindValue(r.serverFields.value(field).toVariant());
                c.addBindValue(r.version);
                c.addBindValue(uuidText(r.id));
                c.addBindValue(now);
                c.addBindValue(editedBy);
                c.addBindValue(editedByName);
                c.addBindValue(editedAt);
                const Wire::FieldChange centre = r.serverChanges.value(field);
                c.addBindValue(textOrNull(centre.username));
                c.addBindValue(textOrNull(centre.displayName));
                c.addBindValue(textOrNull(centre.at.isValid()
                                              ? centre.at.toUTC().toString(Qt::ISODateWithMs)
                                              : QString()));
                if (!c.exec()) {
                    return fail(error, c.lastError().text());
                }
            }
        }
        QSqlQuery &q = statement(QStringLiteral("DELETE FROM outbox WHERE mutation_id = ?"));
        q.addBindValue(uuidText(r.id));
        if (!q.exec()) {
            return fail(error, q.lastError().text());
        }
        // The local version is deliberately left where it was: it must stay the version this desk
        // has actually seen, or a later edit could overwrite another desk's change unnoticed. The
        // pull that follows every push brings the record at the centre's new version.
        // Conflicts bring the centre's kept values; an applied new record may bring a reference
        // the centre gave it instead of a colliding one.
        if (!r.serverFields.isEmpty() && entityType == Wire::kTypePerson) {
            if (std::optional<Person> p = person(r.mergedInto.isNull() ? entityId : r.mergedInto)) {
                for (auto it = r.serverFields.begin(); it != r.serverFields.end(); ++it) {
                    p->setField(it.key(), it.value());
                }
                if (!upsertPersonRow(*p)) {
                    return fail(error, m_lastError);
                }
            }
        } else if (!r.serverFields.isEmpty()) {
            // The same for a generic record: show the centre's value of the contested fields, or
            // the survivor a record made for a since merged person now belongs to.
            if (std::optional<Record> rec = record(entityId)) {
                for (auto it = r.serverFields.begin(); it != r.serverFields.end(); ++it) {
                    setRecordValue(rec->data, it.key(), it.value());
                }
                if (!upsertRecordRow(*rec)) {
                    return fail(error, m_lastError);
                }
            }
        }
    }
    if (!flushSearchIndex()) {
        return fail(error, m_lastError);
    }
    if (!tx.commit()) {
        return fail(error, db.lastError().text());
    }
    return true;
}

bool LocalStore::recordPushFailure(const QList<QUuid> &mutationIds, const QString &error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    for (const QUuid &id : mutationIds) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE mutation_id = ?"));
        q.addBindValue(error);
        q.addBindValue(uuidText(id));
        if (!q.exec()) {
            return fail(nullptr, q.lastError().text());
        }
    }
    return tx.commit();
}

QList<ConflictRecord> LocalStore::openConflicts(int limit)
{
    QList<ConflictRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "SELECT c.id, c.entity_id, coalesce(p.given_name, ''), coalesce(p.family_name, ''),"
        " c.field, c.local_value, c.server_value, c.server_version, c.created_at,"
        " c.entity_type, r.data, c.local_changed_by, c.local_changed_by_name,"
        " c.local_changed_at, c.server_changed_by, c.server_changed_by_name, c.server_changed_at"
        " FROM conflict c LEFT JOIN person p ON p.id = c.entity_id"
        " LEFT JOIN record r ON r.id = c.entity_id"
        " WHERE c.resolved = 0 ORDER BY c.id LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return out;
    }
    while (q.next()) {
        ConflictRecord c;
        c.id = q.value(0).toLongLong();
        c.personId = QUuid::fromString(q.value(1).toString());
        c.personName = QString(q.value(2).toString() + u' ' + q.value(3).toString()).trimmed();
        c.field = q.value(4).toString();
        c.deskValue =
            q.isNull(5) ? QJsonValue(QJsonValue::Null) : QJsonValue(q.value(5).toString());
        c.centreValue =
            q.isNull(6) ? QJsonValue(QJsonValue::Null) : QJsonValue(q.value(6).toString());
        c.centreVersion = q.value(7).toLongLong();
        c.noticedAt = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs);
        c.entityType = q.value(9).toString();
        if (const EntityType *type = entityType(c.entityType); type && !q.isNull(10)) {
            const QJsonObject data = QJsonDocument::fromJson(q.value(10).toByteArray()).object();
            c.personName = data.value(type->titleField).toString();
        }
        c.deskChange = {q.value(11).toString(), q.value(12).toString(),
                        QDateTime::fromString(q.value(13).toString(), Qt::ISODateWithMs).toUTC()};
        c.centreChange = {q.value(14).toString(), q.value(15).toString(),
                          QDateTime::fromString(q.value(16).toString(), Qt::ISODateWithMs).toUTC()};
        out.append(std::move(c));
    }
    return out;
}

bool LocalStore::resolveConflict(qint64 conflictId, bool keepDeskValue, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, db.lastError().text());
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT entity_id, field, local_value, entity_type FROM conflict"
                             " WHERE id = ? AND resolved = 0"));
    q.addBindValue(conflictId);
    if (!q.exec() || !q.next()) {
        return fail(error, QObject::tr("This conflict has already been resolved."));
    }
    const QUuid personId = QUuid::fromString(q.value(0).toString());
    const QString field = q.value(1).toString();
    const QJsonValue deskValue =
        q.isNull(2) ? QJsonValue(QJsonValue::Null) : QJsonValue(q.value(2).toString());
    const EntityType *recordType = entityType(q.value(3).toString());
    q.finish();
    if (keepDeskValue && recordType) {
        std::optional<Record> rec = record(personId);
        if (!rec) {
            return fail(error, QObject::tr("The record is no longer on this desk (it was removed "
                                           "at the centre)."));
        }
        const QJsonValue value = storedValue(*recordType, field, deskValue);
        setRecordValue(rec->data, field, value);
        if (!recordType->recordProblem(rec->data).isEmpty() || !upsertRecordRow(*rec) ||
            !queueMutation(rec->type, rec->id, Wire::MutationOp::Upsert, rec->version,
                           QJsonObject{{field, value}})) {
            return fail(
                error,
                QObject::tr("The value kept on this desk cannot be used: %1").arg(m_lastError));
        }
    } else if (keepDeskValue) {
        std::optional<Person> p = person(personId);
        if (!p) {
            return fail(error, QObject::tr("The person's record is no longer on this desk (it "
                                           "was removed at the centre)."));
        }
        if (!p->setField(field, deskValue)) {
            return fail(error, QObject::tr("The value kept on this desk cannot be used."));
        }
        // The desk has now seen the centre's version: the edit is based on it, so it applies
        // rather than meeting the same conflict again.
        if (!upsertPersonRow(*p)) {
            return fail(error, m_lastError);
        }
        if (!queueMutation(QString::fromUtf16(Wire::kTypePerson), personId,
                           Wire::MutationOp::Upsert, p->version, QJsonObject{{field, deskValue}})) {
            return fail(error, m_lastError);
        }
    }
    QSqlQuery done(db);
    done.prepare(QStringLiteral("UPDATE conflict SET resolved = 1 WHERE id = ?"));
    done.addBindValue(conflictId);
    if (!done.exec()) {
        return fail(error, done.lastError().text());
    }
    if (!flushSearchIndex()) {
        return fail(error, m_lastError);
    }
    if (!tx.commit()) {
        return fail(error, db.lastError().text());
    }
    return true;
}

// --- generic records -------------------------------------------------------------------------

namespace {

const QString kRecordColumns = QStringLiteral("entity_type, id, version, data");

Record recordFromQuery(const QSqlQuery &q)
{
    Record r;
    r.type = q.value(0).toString();
    r.id = QUuid::fromString(q.value(1).toString());
    r.version = q.value(2).toLongLong();
    r.data = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
    return r;
}

QList<Record> recordsFrom(QSqlQuery &q)
{
    QList<Record> out;
    while (q.next()) {
        out.append(recordFromQuery(q));
    }
    return out;
}

QJsonObject withoutNulls(const QJsonObject &data)
{
    QJsonObject out;
    for (auto it = data.begin(); it != data.end(); ++it) {
        setRecordValue(out, it.key(), it.value());
    }
    return out;
}

} // namespace

std::optional<Record> LocalStore::record(const QUuid &id)
{
    QSqlQuery &q = statement(QStringLiteral("SELECT ") + kRecordColumns +
                             QStringLiteral(" FROM record WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    Record r = recordFromQuery(q);
    q.finish();
    return r;
}

QList<Record> LocalStore::selectRecords(const QString &where, const QVariantList &binds,
                                        const QStringList &types, const QString &order, int limit)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    QString sql =
        QStringLiteral("SELECT ") + kRecordColumns + QStringLiteral(" FROM record WHERE ") + where;
    if (!types.isEmpty()) {
        sql += QStringLiteral(" AND entity_type IN (") +
               QStringList(types.size(), QStringLiteral("?")).join(u',') + u')';
    }
    sql += QStringLiteral(" ORDER BY ") + order + QStringLiteral(" LIMIT ?");
    q.prepare(sql);
    for (const QVariant &v : binds) {
        q.addBindValue(v);
    }
    for (const QString &t : types) {
        q.addBindValue(t);
    }
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return {};
    }
    return recordsFrom(q);
}

QList<Record> LocalStore::recordsForPerson(const QUuid &personId, const QStringList &types,
                                           int limit)
{
    // Not yet synced (version 0) before synced at the same instant; then the latest change.
    return selectRecords(QStringLiteral("person_id = ?"), {uuidText(personId)}, types,
                         QStringLiteral("created_at DESC, version = 0 DESC, version DESC"), limit);
}

void LocalStore::fillLastContacts(QList<PersonMatch> &matches)
{
    if (matches.isEmpty()) {
        return;
    }
    QByteArray ids = "[";
    for (const PersonMatch &m : std::as_const(matches)) {
        if (ids.size() > 1) {
            ids += ',';
        }
        ids += jsonString(uuidText(m.person.id));
    }
    ids += ']';
    // max() over the (person_id, created_at) index: one seek per person, whatever their history.
    // A change to an enquiry (its status moved on in the back office) is not the resident being
    // in touch, so those entries do not count.
    QSqlQuery &q = statement(
        QStringLiteral("SELECT j.value, (SELECT max(r.created_at) FROM record r WHERE r.person_id ="
                       " j.value AND r.entity_type <> '") +
        QString::fromUtf16(kTypeEnquiryEvent) + QStringLiteral("') FROM json_each(?) j"));
    q.addBindValue(QString::fromUtf8(ids));
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return;
    }
    QHash<QString, QDateTime> newest;
    while (q.next()) {
        const QString at = q.value(1).toString();
        if (!at.isEmpty()) {
            newest.insert(q.value(0).toString(), QDateTime::fromString(at, Qt::ISODateWithMs));
        }
    }
    q.finish();
    for (PersonMatch &m : matches) {
        m.lastContact = newest.value(uuidText(m.person.id));
    }
}

QList<Record> LocalStore::recordsOfTypes(const QStringList &types, int limit)
{
    return types.isEmpty()
               ? QList<Record>()
               : selectRecords(QStringLiteral("1"), {}, types, QStringLiteral("rowid"), limit);
}

QHash<QUuid, QString> LocalStore::unsettledRecords(const QString &type)
{
    QHash<QUuid, QString> out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    // Oldest first: the newest entry of a record says where it stands.
    q.prepare(QStringLiteral("SELECT entity_id, state, last_error FROM outbox"
                             " WHERE entity_type = ? ORDER BY seq"));
    q.addBindValue(type);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return out;
    }
    while (q.next()) {
        const bool refused = q.value(1).toString() == u"rejected";
        const QString reason = q.value(2).toString();
        out.insert(QUuid::fromString(q.value(0).toString()),
                   !refused           ? QString()
                   : reason.isEmpty() ? QObject::tr("refused by the central service")
                                      : reason);
    }
    return out;
}

QList<Record> LocalStore::recordsWhere(const QString &type, const QString &field,
                                       const QString &value, int limit)
{
    const EntityType *t = entityType(type);
    if (!t || !t->field(field)) {
        return {}; // only declared fields: the name goes into the JSON path below
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT ") + kRecordColumns +
              QStringLiteral(" FROM record WHERE entity_type = ? AND json_extract(data, ?) = ?"
                             " ORDER BY created_at, rowid LIMIT ?"));
    q.addBindValue(type);
    q.addBindValue(QString(u"$." + field));
    q.addBindValue(value);
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(nullptr, q.lastError().text());
        return {};
    }
    return recordsFrom(q);
}

bool LocalStore::upsertRecordRow(const Record &r)
{
    const EntityType *type = entityType(r.type);
    const QUuid person = type ? type->personId(r.data) : QUuid();
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO record(id, entity_type, person_id, created_at, version, data)"
        " VALUES(?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET entity_type = excluded.entity_type,"
        " person_id = excluded.person_id, created_at = excluded.created_at,"
        " version = excluded.version, data = excluded.data"));
    q.addBindValue(uuidText(r.id));
    q.addBindValue(r.type);
    q.addBindValue(person.isNull() ? QVariant() : QVariant(uuidText(person)));
    q.addBindValue(type ? r.data.value(type->timeField).toString(QStringLiteral(""))
                        : QStringLiteral(""));
    q.addBindValue(r.version);
    q.addBindValue(jsonBytes(r.data));
    return q.exec() || fail(nullptr, q.lastError().text());
}

bool LocalStore::deleteRecordRow(const QUuid &id)
{
    QSqlQuery &q = statement(QStringLiteral("DELETE FROM record WHERE id = ?"));
    q.addBindValue(uuidText(id));
    return q.exec() || fail(nullptr, q.lastError().text());
}

bool LocalStore::queueMutation(const QString &type, const QUuid &id, Wire::MutationOp op,
                               qint64 baseVersion, const QJsonObject &fields)
{
    QSqlQuery &q = statement(QStringLiteral("INSERT INTO outbox(mutation_id, entity_type,"
                                            " entity_id, op, base_version, fields, created_at,"
                                            " edited_by, edited_by_name)"
                                            " VALUES(?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(uuidText(QUuid::createUuid()));
    q.addBindValue(type);
    q.addBindValue(uuidText(id));
    q.addBindValue(Wire::opName(op));
    q.addBindValue(baseVersion);
    q.addBindValue(jsonBytes(fields));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    q.addBindValue(textOrNull(m_editor));
    q.addBindValue(textOrNull(m_editorName));
    return q.exec() || fail(nullptr, q.lastError().text());
}

void LocalStore::setEditor(const QString &username, const QString &displayName)
{
    m_editor = username;
    m_editorName = displayName;
}

bool LocalStore::applyRecordChange(const EntityType &type, const Wire::Change &c, bool withPending,
                                   QString *error)
{
    if (c.deleted || c.leftScope) {
        // Deleted at the centre, or moved out of this desk's scope (it lives on at the centre):
        // either way it leaves the cache. Nothing is queued, and the desk's pending edits of it
        // stay in the outbox: they are pushed, and the centre's answer (applied, or set aside
        // with its reason) is what the desk shows.
        return deleteRecordRow(c.id) || fail(error, m_lastError);
    }
    const QString problem = type.typeProblem(c.data);
    if (!problem.isEmpty()) {
        return fail(error, QObject::tr("The central service sent a record this desk cannot "
                                       "read: %1 %2: %3")
                               .arg(c.type, uuidText(c.id), problem));
    }
    Record incoming{c.type, c.id, c.seq, withoutNulls(c.data)};
    if (withPending) {
        // Rebase: the centre's version underneath, the desk's pending fields on top.
        if (const std::optional<Record> local = record(c.id)) {
            for (const QString &f : pendingFields(c.id)) {
                setRecordValue(incoming.data, f, local->data.value(f));
            }
        }
    }
    return upsertRecordRow(incoming) || fail(error, m_lastError);
}

bool LocalStore::saveRecord(const Record &edited, QString *error)
{
    const EntityType *type = entityType(edited.type);
    if (!type) {
        return fail(
            error,
            QObject::tr("This desk does not know records of the kind \"%1\".").arg(edited.type));
    }
    if (edited.id.isNull()) {
        return fail(error, QObject::tr("The record has no identifier."));
    }
    Record toStore = edited;
    toStore.data = withoutNulls(edited.data);
    const QString problem = type->recordProblem(toStore.data);
    if (!problem.isEmpty()) {
        return fail(error, QObject::tr("The %1 cannot be saved: %2")
                               .arg(recordLabel(type->name).toLower(), problem));
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, QObject::tr("The local cache is busy: %1").arg(db.lastError().text()));
    }
    const std::optional<Record> current = record(edited.id);
    QJsonObject changed;
    if (!current) {
        toStore.version = 0;
        changed = toStore.data;
    } else {
        if (current->type != toStore.type) {
            return fail(error, QObject::tr("This id already belongs to another kind of record."));
        }
        toStore.version = current->version;
        QSet<QString> names;
        for (const QJsonObject *o : {&current->data, &std::as_const(toStore.data)}) {
            for (auto it = o->begin(); it != o->end(); ++it) {
                names.insert(it.key());
            }
        }
        for (const QString &name : std::as_const(names)) {
            const QJsonValue now = toStore.data.value(name);
            if (now == current->data.value(name)) {
                continue;
            }
            const FieldSpec *spec = type->field(name);
            if (type->appendOnly || !spec || spec->immutable || name == type->authorField) {
                return fail(error, type->appendOnly
                                       ? QObject::tr("A %1 cannot be changed once written; add a "
                                                     "new one.")
                                             .arg(recordLabel(type->name).toLower())
                                       : QObject::tr("%1 cannot be changed once the record is "
                                                     "made.")
                                             .arg(recordLabel(name)));
            }
            changed.insert(name, now.isUndefined() ? QJsonValue(QJsonValue::Null) : now);
        }
        if (changed.isEmpty()) {
            return true; // nothing to do; not an error
        }
    }
    if (!upsertRecordRow(toStore) ||
        !queueMutation(toStore.type, toStore.id, Wire::MutationOp::Upsert,
                       current ? current->version : 0, changed)) {
        return fail(error, QObject::tr("Could not save the record: %1").arg(m_lastError));
    }
    if (!tx.commit()) {
        return fail(error, QObject::tr("Could not save the record: %1").arg(db.lastError().text()));
    }
    return true;
}

bool LocalStore::deleteRecord(const QUuid &id, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, QObject::tr("The local cache is busy: %1").arg(db.lastError().text()));
    }
    const std::optional<Record> current = record(id);
    if (!current) {
        return fail(error, QObject::tr("The record is no longer on this desk."));
    }
    if (!deleteRecordRow(id) ||
        !queueMutation(current->type, id, Wire::MutationOp::Delete, current->version, {})) {
        return fail(error, QObject::tr("Could not delete the record: %1").arg(m_lastError));
    }
    if (!tx.commit()) {
        return fail(error,
                    QObject::tr("Could not delete the record: %1").arg(db.lastError().text()));
    }
    return true;
}

// ---- first sync from a snapshot ----

namespace {

// The sqlite3 handle under a Qt connection (Qt's documented way to reach the C API).
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0) {
        return nullptr;
    }
    return *static_cast<sqlite3 *const *>(v.constData());
}

} // namespace

qint64 LocalStore::peopleThrough()
{
    return setting(kPeopleThroughKey).toLongLong();
}

DeskScope LocalStore::cacheScope()
{
    return {setting(kScopeRoleKey), setting(kScopeOfficeKey)};
}

bool LocalStore::adoptScope(const DeskScope &scope, QStringList *removedTypes, QString *error)
{
    const DeskScope before = cacheScope();
    if (before == scope) {
        return true;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db);
    beginWrite();
    if (!tx.active()) {
        return fail(error, db.lastError().text());
    }
    for (const EntityType &type : entityTypes()) {
        QSqlQuery q(db);
        if (!type.canRead(scope.role)) {
            q.prepare(QStringLiteral("DELETE FROM record WHERE entity_type = ?"));
            q.addBindValue(type.name);
        } else if (!type.scopeField.isEmpty() && scope.role != u"admin") {
            q.prepare(QStringLiteral("DELETE FROM record WHERE entity_type = ? AND"
                                     " coalesce(json_extract(data, ?), '') <> ?"));
            q.addBindValue(type.name);
            q.addBindValue(QStringLiteral("$.\"%1\"").arg(type.scopeField));
            q.addBindValue(scope.office);
        } else {
            continue;
        }
        if (!q.exec()) {
            return fail(error, q.lastError().text());
        }
        if (q.numRowsAffected() > 0 && removedTypes) {
            removedTypes->append(type.name);
        }
    }
    // A cache whose scope was never recorded may have been filled for any: pull its records
    // again unless it never pulled at all.
    const qint64 at = cursor();
    const bool pullAgain = before.isEmpty() ? at > 0 : !before.covers(scope);
    if (pullAgain &&
        (!setSetting(kPeopleThroughKey, QString::number(std::max(at, peopleThrough()))) ||
         !setSetting(kCursorKey, QStringLiteral("0")))) {
        return fail(error, m_lastError);
    }
    if (!setSetting(kScopeRoleKey, scope.role) || !setSetting(kScopeOfficeKey, scope.office)) {
        return fail(error, m_lastError);
    }
    if (!tx.commit()) {
        return fail(error, db.lastError().text());
    }
    qCInfo(lcStore).noquote() << "cache scope" << before.role << before.office << "->" << scope.role
                              << scope.office << (pullAgain ? "(records pulled again)" : "");
    return true;
}

bool LocalStore::finishSnapshot(qint64 throughSeq, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    {
        Transaction tx(db);
        QSqlQuery q(db);
        if (!tx.active() || !q.exec(QStringLiteral("SELECT count(*) FROM person")) || !q.next()) {
            return fail(error, q.lastError().text());
        }
        const qint64 people = q.value(0).toLongLong();
        q.finish();
        // The desk that takes this file pulls from the start (the records are not in it) and is
        // told which people it already has. The search index is merged into one segment: one
        // build at the centre makes every desk's searches cheaper.
        if (!setSetting(kPeopleThroughKey, QString::number(throughSeq)) ||
            !setSetting(kSnapshotPeopleKey, QString::number(people)) ||
            !setSetting(kCursorKey, QStringLiteral("0")) ||
            !exec(QStringLiteral("DELETE FROM sync_state WHERE key IN ('%1', '%2')")
                      .arg(kClientIdKey, kLastSyncedKey)) ||
            !exec(QStringLiteral("INSERT INTO person_search(person_search) VALUES('optimize')"))) {
            return fail(error, m_lastError);
        }
        if (!tx.commit()) {
            return fail(error, db.lastError().text());
        }
    }
    m_statements.clear();
    // One self-contained file: the WAL folded in and removed.
    return exec(QStringLiteral("PRAGMA journal_mode=DELETE")) || fail(error, m_lastError);
}

bool LocalStore::canAdoptSnapshot()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    return q.exec(QStringLiteral("SELECT NOT EXISTS (SELECT 1 FROM person)"
                                 " AND NOT EXISTS (SELECT 1 FROM record)"
                                 " AND NOT EXISTS (SELECT 1 FROM outbox)"
                                 " AND NOT EXISTS (SELECT 1 FROM conflict)")) &&
           q.next() && q.value(0).toBool() && cursor() == 0 && peopleThrough() == 0;
}

bool LocalStore::adoptSnapshot(const QString &path, QString *error)
{
    if (!canAdoptSnapshot()) {
        return fail(error, QObject::tr("this desk's cache already holds data; a snapshot only "
                                       "replaces an empty one"));
    }
    const QString bad = QObject::tr("The snapshot from the central service is not usable (%1); "
                                    "the people are pulled page by page instead.");
    // Check the file, and give it this desk's own settings (its client id above all), on a
    // connection of its own.
    const QString checkName = m_connectionName + QStringLiteral("-snapshot");
    QString problem;
    {
        QSqlDatabase snap = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), checkName);
        snap.setDatabaseName(path);
        QSqlQuery q(snap);
        auto one = [&q](const QString &sql) -> QVariant {
            return q.exec(sql) && q.next() ? q.value(0) : QVariant();
        };
        auto settingOf = [&one](const QString &key) {
            return one(QStringLiteral("SELECT value FROM sync_state WHERE key = '%1'").arg(key))
                .toString();
        };
        const qint64 fileSize = QFileInfo(path).size();
        const QVariant pages = snap.open() ? one(QStringLiteral("PRAGMA page_count")) : QVariant();
        if (!pages.isValid()) {
            problem =
                QObject::tr("it is not a database: %1")
                    .arg(q.lastError().isValid() ? q.lastError().text() : snap.lastError().text());
        } else if (pages.toLongLong() * one(QStringLiteral("PRAGMA page_size")).toLongLong() !=
                   fileSize) {
            problem = QObject::tr("the file is cut short or has something added");
        } else if (one(QStringLiteral("PRAGMA user_version")).toInt() != kSchemaVersion) {
            problem = QObject::tr("it is of another cache schema");
        } else if (settingOf(kSearchIndexKey) != QString::number(PersonSearch::kIndexVersion)) {
            problem = QObject::tr("its search index is of another version");
        } else if (settingOf(kPeopleThroughKey).toLongLong() <= 0) {
            problem = QObject::tr("it does not say which changes it holds");
        } else if (one(QStringLiteral("SELECT count(*) FROM person")).toString() !=
                   settingOf(kSnapshotPeopleKey)) {
            problem = QObject::tr("it holds another number of people than it says");
        } else {
            const QString id = uuidText(clientId());
            q.prepare(QStringLiteral("INSERT INTO sync_state(key, value) VALUES(?, ?) "
                                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
            q.addBindValue(kClientIdKey);
            q.addBindValue(id);
            if (!q.exec()) {
                problem = q.lastError().text();
            }
        }
        q.finish();
        snap.close();
    }
    QSqlDatabase::removeDatabase(checkName);
    if (!problem.isEmpty()) {
        return fail(error, bad.arg(problem));
    }

    sqlite3 *dest = sqliteHandle(QSqlDatabase::database(m_connectionName, false));
    if (!dest) {
        return fail(error, bad.arg(QStringLiteral("no SQLite handle")));
    }
    sqlite3 *src = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &src, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
        problem = QString::fromUtf8(sqlite3_errmsg(src));
        sqlite3_close(src);
        return fail(error, bad.arg(problem));
    }
    // Statements kept open on this connection would hold a read lock the backup has to wait for.
    m_statements.clear();
    sqlite3_backup *backup = sqlite3_backup_init(dest, "main", src, "main");
    int rc = SQLITE_ERROR;
    if (backup) {
        rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
    }
    if (rc != SQLITE_DONE) {
        problem = QString::fromUtf8(sqlite3_errmsg(dest));
    }
    sqlite3_close(src);
    if (!problem.isEmpty()) {
        return fail(error, bad.arg(problem));
    }
    // The snapshot was packed as one file; this cache goes on in WAL, as it was opened.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
        return fail(error, m_lastError);
    }
    qCInfo(lcStore) << "took a snapshot of" << counts().people << "people through change"
                    << peopleThrough();
    return true;
}

} // namespace FirstStop
