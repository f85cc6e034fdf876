#pragma once

#include <QMap>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

namespace FirstStop::Server {

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

private:
    QString m_connectionName;
    Backend m_backend = Backend::Sqlite;
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
class Sql final
{
public:
    Sql(const Database &db, const QString &statement);
    Sql &bind(const QString &placeholder, const QVariant &value);
    bool exec(QString *error);
    bool next() { return m_query.next(); }
    QVariant value(int index) const { return m_query.value(index); }
    QSqlQuery &query() { return m_query; }

private:
    QSqlQuery m_query;
    QString m_statement;
    bool m_prepared = false;
};

// A null TEXT value (a plain QVariant() does not carry the type some drivers need).
QVariant nullText();
// An empty but non-null string: Qt binds a null QString as SQL NULL, which NOT NULL columns refuse.
QVariant text(const QString &value);
QString utcNowIso();

} // namespace FirstStop::Server
