#include "server/Database.h"

#include "server/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QUuid>

namespace FirstStop::Server {

namespace {

QString sqlError(const QSqlError &e)
{
    const QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return text.trimmed();
}

// The schema, in ordered steps. A released step is never edited: a change is a new step.
// Only standard types that both SQLite and PostgreSQL accept are used (TEXT, INTEGER, BIGINT).
struct MigrationStep
{
    int version;
    QStringList statements;
    QStringList sqliteOnly = {};   // run after statements, on SQLite only
    QStringList postgresOnly = {}; // run after statements, on PostgreSQL only
};

const QList<MigrationStep> &migrationSteps()
{
    static const QList<MigrationStep> steps = {
        {1,
         {
             QStringLiteral("CREATE TABLE person ("
                            " id TEXT PRIMARY KEY,"
                            " reference TEXT NOT NULL UNIQUE,"
                            " given_name TEXT NOT NULL DEFAULT '',"
                            " family_name TEXT NOT NULL DEFAULT '',"
                            " preferred_name TEXT NOT NULL DEFAULT '',"
                            " date_of_birth TEXT,"
                            " address TEXT NOT NULL DEFAULT '',"
                            " postcode TEXT NOT NULL DEFAULT '',"
                            " phone TEXT NOT NULL DEFAULT '',"
                            " email TEXT NOT NULL DEFAULT '',"
                            " seq BIGINT NOT NULL,"
                            " deleted INTEGER NOT NULL DEFAULT 0,"
                            " field_versions TEXT NOT NULL DEFAULT '{}',"
                            " created_at TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL,"
                            " updated_by TEXT NOT NULL DEFAULT '')"),
             // Each written row has its own seq, so the index is unique: a duplicate is a bug.
             QStringLiteral("CREATE UNIQUE INDEX person_seq ON person (seq)"),
             QStringLiteral("CREATE TABLE change_counter ("
                            " id INTEGER PRIMARY KEY CHECK (id = 1),"
                            " value BIGINT NOT NULL)"),
             QStringLiteral("INSERT INTO change_counter (id, value) VALUES (1, 0)"),
             QStringLiteral("CREATE TABLE applied_mutation ("
                            " id TEXT PRIMARY KEY,"
                            " client_id TEXT NOT NULL,"
                            " username TEXT NOT NULL,"
                            " status TEXT NOT NULL,"
                            " version BIGINT NOT NULL,"
                            " result_json TEXT NOT NULL,"
                            " applied_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE app_user ("
                            " username TEXT PRIMARY KEY,"
                            " display_name TEXT NOT NULL,"
                            " password_hash TEXT NOT NULL,"
                            " role TEXT NOT NULL"
                            "  CHECK (role IN ('counter', 'library', 'team_lead', 'admin')),"
                            " office TEXT NOT NULL DEFAULT '',"
                            " disabled INTEGER NOT NULL DEFAULT 0)"),
             // Instants the server compares (expiry, attempt times) are milliseconds since the
             // epoch in UTC: cheap to compare in SQL on both backends.
             QStringLiteral("CREATE TABLE auth_token ("
                            " token_hash TEXT PRIMARY KEY,"
                            " kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
                            " username TEXT NOT NULL REFERENCES app_user (username),"
                            " family TEXT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " revoked INTEGER NOT NULL DEFAULT 0,"
                            " replaced_by TEXT)"),
             QStringLiteral("CREATE INDEX auth_token_family ON auth_token (family)"),
             QStringLiteral("CREATE TABLE login_attempt ("
                            " username TEXT NOT NULL,"
                            " attempted_at BIGINT NOT NULL,"
                            " success INTEGER NOT NULL)"),
             QStringLiteral(
                 "CREATE INDEX login_attempt_user ON login_attempt (username, attempted_at)"),
         }},
        // Appointment slots are judged by the database: a resource (a member of staff, a desk, a
        // room) is held by at most one appointment at any instant. Times are seconds since the
        // epoch, UTC; held_until is the end plus the type's buffer. See AppointmentClaims.
        {2,
         {
             QStringLiteral("CREATE TABLE appointment_claim ("
                            " appointment_id TEXT PRIMARY KEY,"
                            " resource_id TEXT NOT NULL,"
                            " starts_at BIGINT NOT NULL,"
                            " held_until BIGINT NOT NULL,"
                            " CHECK (held_until > starts_at))"),
             QStringLiteral("CREATE INDEX appointment_claim_resource"
                            " ON appointment_claim (resource_id, starts_at)"),
         },
         // SQLite has no exclusion constraints: triggers refuse an overlapping row. Writers are
         // serialised (BEGIN IMMEDIATE), so the check and the write cannot interleave.
         {
             QStringLiteral("CREATE TRIGGER appointment_claim_no_overlap_insert"
                            " BEFORE INSERT ON appointment_claim"
                            " WHEN EXISTS (SELECT 1 FROM appointment_claim c"
                            "  WHERE c.resource_id = NEW.resource_id"
                            "  AND c.starts_at < NEW.held_until AND NEW.starts_at < c.held_until)"
                            " BEGIN SELECT RAISE(ABORT, 'appointment_claim_no_overlap'); END"),
             QStringLiteral("CREATE TRIGGER appointment_claim_no_overlap_update"
                            " BEFORE UPDATE ON appointment_claim"
                            " WHEN EXISTS (SELECT 1 FROM appointment_claim c"
                            "  WHERE c.resource_id = NEW.resource_id"
                            "  AND c.appointment_id <> OLD.appointment_id"
                            "  AND c.starts_at < NEW.held_until AND NEW.starts_at < c.held_until)"
                            " BEGIN SELECT RAISE(ABORT, 'appointment_claim_no_overlap'); END"),
         },
         // PostgreSQL: an exclusion constraint on resource and time range (btree_gist gives the
         // equality operator on text to the GiST index). Two desks' concurrent inserts: the second
         // waits for the first to commit and then fails, whatever the application code did.
         {
             QStringLiteral("CREATE EXTENSION IF NOT EXISTS btree_gist"),
             QStringLiteral(
                 "ALTER TABLE appointment_claim ADD CONSTRAINT appointment_claim_no_overlap"
                 " EXCLUDE USING gist (resource_id WITH =,"
                 " int8range(starts_at, held_until) WITH &&)"),
         }},
        // Every kind of record other than a person (models/EntityType.h) in one table: its fields
        // as JSON text, the sequence at which each field last changed, the key that decides which
        // desks cache it (an office, or '' for every desk) and the person it belongs to. Its seq
        // comes from the same change_counter as the person table's, so /changes interleaves both.
        {3,
         {
             QStringLiteral("CREATE TABLE record ("
                            " id TEXT PRIMARY KEY,"
                            " entity_type TEXT NOT NULL,"
                            " seq BIGINT NOT NULL,"
                            " deleted INTEGER NOT NULL DEFAULT 0,"
                            " data TEXT NOT NULL DEFAULT '{}',"
                            " field_versions TEXT NOT NULL DEFAULT '{}',"
                            " scope_key TEXT NOT NULL DEFAULT '',"
                            " person_id TEXT,"
                            " created_at TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL,"
                            " updated_by TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE UNIQUE INDEX record_seq ON record (seq)"),
             QStringLiteral("CREATE INDEX record_person ON record (entity_type, person_id)"),
         }},
        // Merging duplicates (SyncService::mergePeople): the merged record stays as a redirect to
        // the survivor (merged_into), every record of it is re-pointed (found by person_id alone),
        // and each merge is written down: who, when, what each record held before, what moved.
        {4,
         {
             QStringLiteral("ALTER TABLE person ADD COLUMN merged_into TEXT"),
             QStringLiteral("CREATE INDEX record_person_id ON record (person_id)"),
             QStringLiteral("CREATE TABLE person_merge ("
                            " id TEXT PRIMARY KEY,"
                            " survivor_id TEXT NOT NULL,"
                            " merged_id TEXT NOT NULL UNIQUE,"
                            " merged_by TEXT NOT NULL,"
                            " merged_at TEXT NOT NULL,"
                            " survivor_version BIGINT NOT NULL,"
                            " fields_taken TEXT NOT NULL DEFAULT '[]',"
                            " records_moved INTEGER NOT NULL DEFAULT 0,"
                            " survivor_before TEXT NOT NULL,"
                            " merged_before TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX person_merge_survivor ON person_merge (survivor_id)"),
         }},
        // People loaded from a council's former system keep that system's reference here (the
        // person record has no field for it): which old record became which person, and proof
        // that a row was imported already. See PersonImport.
        {5,
         {
             QStringLiteral("CREATE TABLE person_external_ref ("
                            " source TEXT NOT NULL,"
                            " external_ref TEXT NOT NULL,"
                            " person_id TEXT NOT NULL,"
                            " imported_at TEXT NOT NULL,"
                            " PRIMARY KEY (source, external_ref))"),
             QStringLiteral(
                 "CREATE INDEX person_external_ref_person ON person_external_ref (person_id)"),
         }},
        // The richer person record (previous names and addresses, contact preferences, language
        // and interpreter, accessibility needs): one JSON object, Person::details().
        {6,
         {
             QStringLiteral("ALTER TABLE person ADD COLUMN details TEXT NOT NULL DEFAULT '{}'"),
         }},
        // Who changed each field last, and when, for the two sides of a conflict (FieldChanges.h).
        // A row's last write is its updated_by and updated_at; version_authors keeps, for each
        // earlier seq its field_versions still name, who wrote it and when:
        // {"<seq>": {"by": user name, "at": ISO instant}}. A row written before this step knows
        // only its last write: its other fields' changes are unknown.
        {7,
         {
             QStringLiteral(
                 "ALTER TABLE person ADD COLUMN version_authors TEXT NOT NULL DEFAULT '{}'"),
             QStringLiteral(
                 "ALTER TABLE record ADD COLUMN version_authors TEXT NOT NULL DEFAULT '{}'"),
         }},
        // Records that leave an office (an enquiry transferred by a team lead, its notes with it):
        // the offices a record was in before, as a JSON array of scope keys, so every later change
        // of the record reaches those offices' desks as a "left your scope" entry. The index finds
        // the notes of an enquiry being transferred among its office's records.
        {8,
         {
             QStringLiteral("ALTER TABLE record ADD COLUMN former_scopes TEXT NOT NULL"
                            " DEFAULT '[]'"),
             QStringLiteral("CREATE INDEX record_type_scope ON record (entity_type, scope_key)"),
         }},
    };
    return steps;
}

} // namespace

std::optional<QMap<QString, QString>> parseConnInfo(const QString &text, QString *error)
{
    QMap<QString, QString> out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (true) {
        while (i < n && text.at(i).isSpace()) {
            ++i;
        }
        if (i >= n) {
            break;
        }
        const qsizetype keyStart = i;
        while (i < n && text.at(i) != u'=' && !text.at(i).isSpace()) {
            ++i;
        }
        const QString key = text.mid(keyStart, i - keyStart);
        while (i < n && text.at(i).isSpace()) {
            ++i;
        }
        if (key.isEmpty() || i >= n || text.at(i) != u'=') {
            *error = QStringLiteral("expected key=value near \"%1\"").arg(text.mid(keyStart, 20));
            return std::nullopt;
        }
        ++i; // '='
        while (i < n && text.at(i).isSpace()) {
            ++i;
        }
        QString value;
        if (i < n && text.at(i) == u'\'') {
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar c = text.at(i++);
                if (c == u'\\' && i < n) {
                    value += text.at(i++);
                } else if (c == u'\'') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed) {
                *error = QStringLiteral("unterminated quoted value for %1").arg(key);
                return std::nullopt;
            }
        } else {
            while (i < n && !text.at(i).isSpace()) {
                const QChar c = text.at(i++);
                if (c == u'\\' && i < n) {
                    value += text.at(i++);
                } else {
                    value += c;
                }
            }
        }
        out.insert(key, value);
    }
    return out;
}

std::optional<DatabaseConfig> DatabaseConfig::parse(const QString &url, QString *error)
{
    DatabaseConfig config;
    if (url.startsWith(u"sqlite:")) {
        config.backend = Backend::Sqlite;
        config.sqlitePath = url.mid(7);
        if (config.sqlitePath.isEmpty()) {
            *error = QStringLiteral("sqlite: needs a file path, e.g. sqlite:/var/lib/firststop.db");
            return std::nullopt;
        }
        return config;
    }
    if (url.startsWith(u"postgres:")) {
        config.backend = Backend::Postgres;
        QString parseError;
        const auto info = parseConnInfo(url.mid(9), &parseError);
        if (!info) {
            *error = QStringLiteral("bad postgres connection string: %1").arg(parseError);
            return std::nullopt;
        }
        if (!info->contains(QStringLiteral("dbname"))) {
            *error = QStringLiteral("postgres connection string needs dbname=…");
            return std::nullopt;
        }
        config.conninfo = *info;
        return config;
    }
    *error = QStringLiteral("unknown database URL \"%1\": use sqlite:/path/file.db or "
                            "postgres:host=… port=… dbname=… user=…")
                 .arg(url);
    return std::nullopt;
}

Database::Database()
    : m_connectionName(QStringLiteral("firststop-server-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Database::~Database()
{
    dropKeptStatements();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid()) {
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QString Database::backendName() const
{
    return m_backend == Backend::Postgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

bool Database::open(const DatabaseConfig &config, QString *error)
{
    m_backend = config.backend;
    if (config.backend == Backend::Sqlite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        const QFileInfo file(config.sqlitePath);
        if (!QDir().mkpath(file.absolutePath())) {
            *error = QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
            return false;
        }
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open()) {
            *error = QStringLiteral("cannot open %1: %2")
                         .arg(config.sqlitePath, sqlError(db.lastError()));
            return false;
        }
        QSqlQuery q(db);
        for (const auto &pragma : {QStringLiteral("PRAGMA journal_mode = WAL"),
                                   QStringLiteral("PRAGMA foreign_keys = ON"),
                                   QStringLiteral("PRAGMA synchronous = NORMAL")}) {
            if (!q.exec(pragma)) {
                *error = QStringLiteral("%1 failed: %2").arg(pragma, sqlError(q.lastError()));
                return false;
            }
        }
        return true;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    QStringList options;
    for (auto it = config.conninfo.begin(); it != config.conninfo.end(); ++it) {
        if (it.key() == u"host") {
            db.setHostName(it.value());
        } else if (it.key() == u"port") {
            bool ok = false;
            const int port = it.value().toInt(&ok);
            if (!ok || port <= 0 || port > 65535) {
                *error = QStringLiteral("bad port \"%1\"").arg(it.value());
                return false;
            }
            db.setPort(port);
        } else if (it.key() == u"dbname") {
            db.setDatabaseName(it.value());
        } else if (it.key() == u"user") {
            db.setUserName(it.value());
        } else if (it.key() == u"password") {
            db.setPassword(it.value());
        } else {
            options.append(it.key() + u'=' + it.value());
        }
    }
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        *error = QStringLiteral("cannot connect to PostgreSQL: %1").arg(sqlError(db.lastError()));
        return false;
    }
    QSqlQuery q(db);
    // Quiet NOTICEs and make every instant UTC; the schema keeps ISO text anyway.
    if (!q.exec(QStringLiteral("SET client_min_messages = warning")) ||
        !q.exec(QStringLiteral("SET TIME ZONE 'UTC'"))) {
        *error = QStringLiteral("cannot set up the session: %1").arg(sqlError(q.lastError()));
        return false;
    }
    return true;
}

int Database::latestSchemaVersion()
{
    return migrationSteps().constLast().version;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) ||
        !q.next()) {
        return -1;
    }
    return q.value(0).toInt();
}

bool Database::migrate(QString *error)
{
    dropKeptStatements(); // the statements below may change what a kept one would read
    const auto dropAfterwards = qScopeGuard([this] { dropKeptStatements(); });
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                               " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"))) {
        *error = QStringLiteral("cannot create schema_version: %1").arg(sqlError(q.lastError()));
        return false;
    }
    const int current = schemaVersion();
    if (current < 0) {
        *error = QStringLiteral("cannot read the schema version");
        return false;
    }
    if (current > latestSchemaVersion()) {
        *error = QStringLiteral("the database has schema %1, newer than this server's %2: "
                                "upgrade the server")
                     .arg(current)
                     .arg(latestSchemaVersion());
        return false;
    }
    for (const MigrationStep &step : migrationSteps()) {
        WriteTransaction tx(*this);
        if (!tx.begin(error)) {
            return false;
        }
        // Under the writer lock, look again: another server may have migrated meanwhile.
        if (m_backend == Backend::Postgres &&
            !q.exec(QStringLiteral("LOCK TABLE schema_version IN EXCLUSIVE MODE"))) {
            *error = sqlError(q.lastError());
            return false;
        }
        if (schemaVersion() >= step.version) {
            continue;
        }
        qCInfo(lcDatabase) << "migrating to schema" << step.version;
        QStringList statements = step.statements;
        statements += m_backend == Backend::Postgres ? step.postgresOnly : step.sqliteOnly;
        for (const QString &statement : std::as_const(statements)) {
            if (!q.exec(statement)) {
                *error = QStringLiteral("migration %1 failed: %2")
                             .arg(step.version)
                             .arg(sqlError(q.lastError()));
                return false;
            }
        }
        Sql mark(*this, QStringLiteral("INSERT INTO schema_version (version, applied_at)"
                                       " VALUES (:v, :at)"));
        mark.bind(QStringLiteral(":v"), step.version).bind(QStringLiteral(":at"), utcNowIso());
        if (!mark.exec(error) || !tx.commit(error)) {
            return false;
        }
    }
    return true;
}

bool Database::beginWrite(QString *error)
{
    QSqlQuery q(connection());
    // SQLite: IMMEDIATE takes the single write lock now rather than at the first write, so two
    // writers never both read and then fail to upgrade (SQLITE_BUSY mid-transaction).
    const QString begin =
        m_backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    if (!q.exec(begin)) {
        *error = QStringLiteral("cannot begin a transaction: %1").arg(sqlError(q.lastError()));
        return false;
    }
    return true;
}

bool Database::beginReadSnapshot(QString *error)
{
    QSqlQuery q(connection());
    const QString begin = m_backend == Backend::Sqlite
                              ? QStringLiteral("BEGIN DEFERRED")
                              : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!q.exec(begin)) {
        *error = QStringLiteral("cannot begin a read transaction: %1").arg(sqlError(q.lastError()));
        return false;
    }
    return true;
}

bool Database::commit(QString *error)
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("COMMIT"))) {
        *error = QStringLiteral("commit failed: %1").arg(sqlError(q.lastError()));
        rollback();
        return false;
    }
    return true;
}

void Database::rollback()
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("ROLLBACK"))) {
        qCWarning(lcDatabase) << "rollback failed:" << sqlError(q.lastError());
    }
}

void Database::dropKeptStatements()
{
    // A statement still in use stays alive with its Sql (which holds a reference) and is simply
    // not handed out again.
    m_kept.clear();
}

std::shared_ptr<Database::KeptStatement> Database::keptStatement(const QString &statement) const
{
    if (std::shared_ptr<KeptStatement> kept = m_kept.value(statement)) {
        if (kept->inUse) {
            return nullptr;
        }
        ++m_reuses;
        return kept;
    }
    if (m_kept.size() >= kMaxKeptStatements) {
        return nullptr;
    }
    auto kept = std::make_shared<KeptStatement>();
    kept->query = QSqlQuery(connection());
    if (!kept->query.prepare(statement)) {
        return nullptr; // the caller prepares its own and reports the error
    }
    m_kept.insert(statement, kept);
    return kept;
}

Sql::Sql(const Database &db, const QString &statement, Prepare how)
    : m_statement(statement)
{
    if (how == Prepare::Reuse) {
        m_kept = db.keptStatement(statement);
    }
    if (m_kept) {
        m_kept->inUse = true;
        m_q = &m_kept->query;
        m_prepared = true;
        return;
    }
    m_own.emplace(db.connection());
    m_q = &*m_own;
    m_prepared = m_own->prepare(statement);
}

Sql::~Sql()
{
    if (m_kept) {
        // Let go of the rows (and SQLite's read lock) before the next use, as a fresh statement
        // would by being finalised.
        m_kept->query.finish();
        m_kept->inUse = false;
    }
}

Sql &Sql::bind(const QString &placeholder, const QVariant &value)
{
    m_q->bindValue(placeholder, value);
    return *this;
}

bool Sql::exec(QString *error)
{
    if (!m_prepared || !m_q->exec()) {
        const QString message = sqlError(m_q->lastError());
        qCWarning(lcDatabase).noquote() << "SQL failed:" << message << "in" << m_statement;
        if (error) {
            *error = QStringLiteral("database error: %1").arg(message);
        }
        return false;
    }
    return true;
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QString utcNowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace FirstStop::Server
