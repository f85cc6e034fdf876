#pragma once

#include <QHash>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace FirstStop::Server {

class Sql;

enum class Backend
{
    Sqlite,
    Postgres
};

// Where the centre keeps its data, from --database:
//   sqlite:/path/file.db
//   postgres:host=/run/postgresql port=5432 dbname=firststop user=firststop [password=…]
struct DatabaseConfig
{
    Backend backend = Backend::Sqlite;
    QString sqlitePath;
    QMap<QString, QString> conninfo; // libpq keywords for PostgreSQL

    static std::optional<DatabaseConfig> parse(const QString &url, QString *error);
};

// Parses a libpq-style "key=value key='quoted \' value'" string.
std::optional<QMap<QString, QString>> parseConnInfo(const QString &text, QString *error);

// One connection to the centre's database, its migrations and its transactions. The SQL is the
// same for SQLite and PostgreSQL; the few differences (locking, DDL) are kept in here.
class Database final
{
public:
    Database();
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    bool open(const DatabaseConfig &config, QString *error);
    // Brings the schema up to latestSchemaVersion(): ordered steps, each in one transaction,
    // recorded in schema_version. Running it again is a no-op.
    bool migrate(QString *error);
    int schemaVersion() const; // 0 when no step has run; -1 on a database error
    static int latestSchemaVersion();

    Backend backend() const { return m_backend; }
    QString backendName() const; // "sqlite" | "postgresql"
    QSqlDatabase connection() const;

    // A write transaction that holds the database's single writer lock from its start, so writers
    // run one after another (see SyncService for why the change sequence depends on this).
    bool beginWrite(QString *error);
    // A read-only transaction that sees one consistent state of the database from its first read
    // to its end, whatever commits meanwhile (PostgreSQL REPEATABLE READ; a SQLite read
    // transaction in WAL mode). Writers are not held up. Ends with rollback().
    bool beginReadSnapshot(QString *error);
    bool commit(QString *error);
    void rollback();

    // How many statements this connection keeps prepared for Sql::Reuse (at most
    // kMaxKeptStatements), and how often one was reused rather than prepared: for tests.
    static constexpr qsizetype kMaxKeptStatements = 64;
    qsizetype keptStatements() const { return m_kept.size(); }
    qint64 statementReuses() const { return m_reuses; }
    // Forgets every kept statement (after a schema change, and before the connection closes).
    void dropKeptStatements();

private:
    friend class Sql;
    struct KeptStatement
    {
        QSqlQuery query;
        bool inUse = false;
    };
    // The kept statement for this SQL text, prepared on first use; nullptr when it is in use
    // already (a statement whose rows are still being read while the same text runs again), when
    // it cannot be prepared, or when the cache is full: the caller then prepares its own.
    std::shared_ptr<KeptStatement> keptStatement(const QString &statement) const;

    QString m_connectionName;
    Backend m_backend = Backend::Sqlite;
    mutable QHash<QString, std::shared_ptr<KeptStatement>> m_kept;
    mutable qint64 m_reuses = 0;
};

// Rolls back unless committed: every early return on an error path undoes the whole batch.
class WriteTransaction final
{
public:
    explicit WriteTransaction(Database &db)
        : m_db(db)
    {}
    ~WriteTransaction()
    {
        if (m_open) {
            m_db.rollback();
        }
    }
    Q_DISABLE_COPY_MOVE(WriteTransaction)

    bool begin(QString *error)
    {
        m_open = m_db.beginWrite(error);
        return m_open;
    }
    bool commit(QString *error)
    {
        m_open = false;
        return m_db.commit(error);
    }

private:
    Database &m_db;
    bool m_open = false;
};

// A prepared statement that reports errors as text, for code that returns on the first one.
//
// Sql::Reuse takes the statement the connection keeps prepared for this SQL text (Database,
// keyed by the text) instead of preparing it again: for the statements every mutation and pull
// runs (sqlite3_prepare, or a PostgreSQL PREPARE round trip, was a third of the centre's time per
// mutation). Only for fixed SQL text, and every placeholder must be bound on every use (a kept
// statement still holds the values of its last run). When it goes out of scope the statement is
// reset (Qt's finish(): SQLite's read lock is let go) and handed back. Transactions do not
// invalidate kept statements on either backend: SQLite re-prepares a statement by itself after a
// schema change, and a PostgreSQL prepared statement belongs to the session, not the transaction
// (a ROLLBACK leaves it); Database::migrate drops them all anyway.
class Sql final
{
public:
    enum class Prepare
    {
        Fresh, // prepared for this use alone
        Reuse, // kept for the connection (see above)
    };
    static constexpr Prepare Reuse = Prepare::Reuse;

    Sql(const Database &db, const QString &statement, Prepare how = Prepare::Fresh);
    ~Sql();
    Q_DISABLE_COPY_MOVE(Sql)
    Sql &bind(const QString &placeholder, const QVariant &value);
    bool exec(QString *error);
    bool next() { return m_q->next(); }
    QVariant value(int index) const { return m_q->value(index); }
    QSqlQuery &query() { return *m_q; }

private:
    std::optional<QSqlQuery> m_own;
    QSqlQuery *m_q = nullptr;
    std::shared_ptr<Database::KeptStatement> m_kept;
    QString m_statement;
    bool m_prepared = false;
};

// A null TEXT value (a plain QVariant() does not carry the type some drivers need).
QVariant nullText();
// An empty but non-null string: Qt binds a null QString as SQL NULL, which NOT NULL columns refuse.
QVariant text(const QString &value);
QString utcNowIso();

} // namespace FirstStop::Server
