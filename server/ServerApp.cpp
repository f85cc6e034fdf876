#include "server/ServerApp.h"

#include "server/ApiServer.h"
#include "server/AuthService.h"
#include "server/Database.h"
#include "server/Logging.h"
#include "server/SyncService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>

#include <cstdio>

namespace FirstStop::Server {

namespace {

constexpr int kUsageError = 2;
constexpr int kRuntimeError = 1;

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "firststop-server: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
    return code;
}

std::optional<qint64> parseNumber(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

} // namespace

ServerApp::ServerApp() = default;
ServerApp::~ServerApp() = default;

int ServerApp::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("FirstStop central service: the sync API for the front-desk clients."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                    QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("TCP port (default 8780; 0 picks a free one)."),
                                  QStringLiteral("port"), QStringLiteral("8780"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("sqlite:/path/file.db or postgres:host=… port=… dbname=… user=… "
                       "[password=…] (default: a SQLite file in the app data folder)."),
        QStringLiteral("url"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Seed N demo residents into an empty database."),
                                  QStringLiteral("N"));
    const QCommandLineOption demoUsers(
        QStringLiteral("demo-users"),
        QStringLiteral("Create the demo log-ins counter1, library1, lead1 and admin (password "
                       "<name>-demo) when absent."));
    const QCommandLineOption addUser(
        QStringLiteral("add-user"),
        QStringLiteral("Create or reset a log-in; repeatable. Roles: counter, library, "
                       "team_lead, admin."),
        QStringLiteral("user:password:role:office"));
    const QCommandLineOption plain(
        QStringLiteral("allow-plain-http"),
        QStringLiteral("Serve plain HTTP without TLS (only on a loopback address)."));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
                                     QStringLiteral("PEM certificate for HTTPS."),
                                     QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("PEM private key for HTTPS."),
                                    QStringLiteral("file"));
    const QCommandLineOption accessTtl(QStringLiteral("access-ttl"),
                                       QStringLiteral("Access token lifetime (default 900)."),
                                       QStringLiteral("seconds"), QStringLiteral("900"));
    parser.addOptions(
        {listen, port, database, demo, demoUsers, addUser, plain, tlsCert, tlsKey, accessTtl});
    if (!parser.parse(arguments)) {
        return fail(kUsageError, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("firststop-server %s\n", FIRSTSTOP_VERSION);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return fail(kUsageError, QStringLiteral("unexpected argument %1")
                                     .arg(parser.positionalArguments().constFirst()));
    }

    // Check everything cheap before touching the database.
    QHostAddress address;
    const QString listenText = parser.value(listen);
    if (listenText == u"localhost") {
        address = QHostAddress(QHostAddress::LocalHost);
    } else if (!address.setAddress(listenText)) {
        return fail(kUsageError,
                    QStringLiteral("--listen: \"%1\" is not an IP address").arg(listenText));
    }
    const auto portNumber = parseNumber(parser.value(port), 0, 65535);
    if (!portNumber) {
        return fail(kUsageError, QStringLiteral("--port must be 0 to 65535"));
    }
    const auto ttl = parseNumber(parser.value(accessTtl), 1, 24 * 3600);
    if (!ttl) {
        return fail(kUsageError, QStringLiteral("--access-ttl must be 1 to 86400 seconds"));
    }
    std::optional<qint64> demoCount;
    if (parser.isSet(demo)) {
        demoCount = parseNumber(parser.value(demo), 0, 10'000'000);
        if (!demoCount) {
            return fail(kUsageError, QStringLiteral("--demo must be a number of residents"));
        }
    }
    const bool tls = parser.isSet(tlsCert) || parser.isSet(tlsKey);
    if (tls && !(parser.isSet(tlsCert) && parser.isSet(tlsKey))) {
        return fail(kUsageError, QStringLiteral("--tls-cert and --tls-key go together"));
    }
    if (!tls && !parser.isSet(plain)) {
        return fail(kUsageError, QStringLiteral("refusing to serve without TLS: give --tls-cert "
                                                "and --tls-key, or --allow-plain-http on a "
                                                "loopback address"));
    }
    if (!tls && !address.isLoopback()) {
        return fail(kUsageError,
                    QStringLiteral("refusing plain HTTP on %1: it is not a loopback address; "
                                   "use TLS")
                        .arg(address.toString()));
    }
    struct NewUser
    {
        QString name, password, role, office;
    };
    QList<NewUser> users;
    for (const QString &spec : parser.values(addUser)) {
        const QStringList parts = spec.split(u':');
        if (parts.size() < 3) {
            return fail(kUsageError, QStringLiteral("--add-user wants user:password:role:office"));
        }
        users.append({parts.at(0), parts.at(1), parts.at(2), parts.mid(3).join(u':')});
    }

    QString dbUrl = parser.value(database);
    if (dbUrl.isEmpty()) {
        dbUrl = QStringLiteral("sqlite:") +
                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                QStringLiteral("/firststop-server.db");
    }
    QString error;
    const auto config = DatabaseConfig::parse(dbUrl, &error);
    if (!config) {
        return fail(kUsageError, QStringLiteral("--database: %1").arg(error));
    }
    m_db = std::make_unique<Database>();
    if (!m_db->open(*config, &error)) {
        return fail(kRuntimeError, error);
    }
    if (!m_db->migrate(&error)) {
        return fail(kRuntimeError, QStringLiteral("database migration failed: %1").arg(error));
    }
    m_auth = std::make_unique<AuthService>(*m_db, static_cast<int>(*ttl));
    m_sync = std::make_unique<SyncService>(*m_db);
    for (const NewUser &u : std::as_const(users)) {
        if (!m_auth->addUser(u.name, u.password, u.role, u.office, {}, true, &error)) {
            return fail(kUsageError, QStringLiteral("--add-user %1: %2").arg(u.name, error));
        }
    }
    if (parser.isSet(demoUsers) && !m_auth->addDemoUsers(&error)) {
        return fail(kRuntimeError, QStringLiteral("--demo-users: %1").arg(error));
    }
    if (demoCount) {
        QElapsedTimer timer;
        timer.start();
        const auto seeded = m_sync->seedDemo(*demoCount, &error);
        if (!seeded) {
            return fail(kRuntimeError, QStringLiteral("--demo: %1").arg(error));
        }
        qCInfo(lcDatabase) << "seeded" << *seeded << "demo residents in" << timer.elapsed() << "ms";
    }

    m_http = std::make_unique<ApiServer>(*m_db, *m_auth, *m_sync);
    if (tls) {
        QFile certFile(parser.value(tlsCert));
        QFile keyFile(parser.value(tlsKey));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            return fail(kUsageError, QStringLiteral("cannot read the TLS certificate or key"));
        }
        const QSslCertificate cert(&certFile, QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull()) {
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        }
        if (cert.isNull() || key.isNull()) {
            return fail(kUsageError, QStringLiteral("the TLS certificate or key is not valid PEM"));
        }
        m_http->sslSetup(cert, key);
    }
    const quint16 bound = m_http->listen(address, static_cast<quint16>(*portNumber));
    if (bound == 0) {
        return fail(kRuntimeError, QStringLiteral("cannot listen on %1 port %2 (in use?)")
                                       .arg(address.toString())
                                       .arg(*portNumber));
    }
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    std::printf("firststop-server: listening on %s://%s:%u\n", tls ? "https" : "http",
                qUtf8Printable(host), static_cast<unsigned>(bound));
    std::fflush(stdout);
    qCInfo(lcHttp).noquote() << "serving" << m_db->backendName() << "schema"
                             << m_db->schemaVersion();
    return kRunning;
}

} // namespace FirstStop::Server
