#pragma once

#include "server/Database.h"

#include <QStringList>

#include <memory>

namespace FirstStop::Server {

class ApiServer;
class AuthService;
class PeopleSnapshot;
class SyncService;

// The firststop-server program: reads the command line, opens and migrates the database, sets up
// users and demo data, and starts listening. main.cpp only adds the event loop.
class ServerApp final
{
public:
    static constexpr int kRunning = -1;

    ServerApp();
    ~ServerApp();
    Q_DISABLE_COPY_MOVE(ServerApp)

    // Exit codes besides 0.
    static constexpr int kRuntimeError = 1;
    static constexpr int kUsageError = 2;
    static constexpr int kRowsNotImported = 3; // import-people: some rows are in the report

    // Returns kRunning when the server listens (and has printed
    // "firststop-server: listening on http://ADDR:PORT"), else the process exit code after
    // printing why on stderr. --help and --version print and return 0. With the verb
    // import-people first, loads residents from CSV instead (PersonImport) and returns its code.
    int start(const QStringList &arguments);

private:
    int serve(const QStringList &arguments);
    int importPeople(const QStringList &arguments);
    int referenceData(const QStringList &arguments);
    // Opens and migrates the database named by --database (or the default file); false after
    // printing why.
    bool openDatabase(const QString &url, int *exitCode);

    DatabaseConfig m_dbConfig; // what m_db was opened with (a snapshot build opens its own)
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<PeopleSnapshot> m_snapshot;
    std::unique_ptr<ApiServer> m_http;
};

} // namespace FirstStop::Server
