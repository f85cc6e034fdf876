#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace FirstStop::Test {

// The real firststop-server executable, run for one test on a free loopback port.
//
//   ServerProcess server;
//   QVERIFY2(server.start(QStringLiteral("sqlite:") + dir.filePath("c.db"),
//                         {QStringLiteral("--demo-users")}),
//            qPrintable(server.errorString()));
//   QUrl login = server.url(QStringLiteral("/auth/login"));
//
// start() runs `firststop-server --port 0 --allow-plain-http --database <db> <extra…>` (or
// --tls-cert/--tls-key after setTls()) and waits
// (up to 15 s) for "firststop-server: listening on http://127.0.0.1:<port>". Useful extra
// arguments: --demo-users (counter1/counter1-demo, library1/library1-demo, lead1/lead1-demo,
// admin/admin-demo), addUserArgs(…), --demo N, --access-ttl SECONDS.
// The server's stderr is collected and printed to the test log when the test fails, when start()
// fails, or on request. The process is killed when the object goes away.
class ServerProcess final
{
public:
    ServerProcess();
    ~ServerProcess();
    Q_DISABLE_COPY_MOVE(ServerProcess)

    // The path of the firststop-server executable this test suite was built with.
    static QString executable();

    // What a firststop-server that stopped by itself said (a command line it refused, --help,
    // import-people). exitCode is -1 when it crashed or had to be killed.
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // Runs firststop-server with the arguments to completion, killing it after timeoutMs.
    static Run runToEnd(const QStringList &args, int timeoutMs = 15000);
    // "--add-user user:password:role:office" as two arguments for start().
    static QStringList addUserArgs(const QString &user, const QString &password,
                                   const QString &role = QStringLiteral("counter"),
                                   const QString &office = QStringLiteral("Test Office"));

    // Serve HTTPS with this certificate and key (PEM files) from the next start() on, instead of
    // --allow-plain-http. baseUrl() is then https://127.0.0.1:<port>.
    void setTls(const QString &certFile, const QString &keyFile)
    {
        m_tlsCert = certFile;
        m_tlsKey = keyFile;
    }
    // Extra environment for the next start() (e.g. QT_LOGGING_RULES to see every request).
    void setEnvironment(const QStringList &nameEqualsValue) { m_environment = nameEqualsValue; }

    bool start(const QString &databaseUrl, const QStringList &extraArgs = {});
    bool isRunning() const;
    QUrl baseUrl() const { return m_baseUrl; }
    QUrl url(const QString &path) const; // baseUrl() with the path (and query) appended
    QString errorString() const { return m_error; }
    // Waits until the server serves its people snapshot (built in the background after a start
    // with --snapshot-min-people at or below its people), signing in as counter1 of --demo-users.
    bool waitForPeopleSnapshot(int timeoutMs = 60000) const;

    void kill(); // SIGKILL, as a crash would
    void stop(); // SIGTERM and wait for the exit

    QByteArray standardError(); // everything the server has logged so far
    void dumpStandardError();   // into the test log (qInfo)

private:
    QProcess m_process;
    QUrl m_baseUrl;
    QString m_error;
    QByteArray m_stderr;
    QString m_tlsCert;
    QString m_tlsKey;
    QStringList m_environment;
};

} // namespace FirstStop::Test
