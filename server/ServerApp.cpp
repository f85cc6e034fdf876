#include "server/ServerApp.h"

#include "server/ApiServer.h"
#include "server/AuthService.h"
#include "server/Database.h"
#include "server/Logging.h"
#include "server/PeopleSnapshot.h"
#include "server/PersonImport.h"
#include "server/ReferenceData.h"
#include "server/SyncService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>

#include <cstdio>

namespace FirstStop::Server {

namespace {

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

QCommandLineOption databaseOption()
{
    return QCommandLineOption(
        QStringLiteral("database"),
        QStringLiteral("sqlite:/path/file.db or postgres:host=… port=… dbname=… user=… "
                       "[password=…] (default: a SQLite file in the app data folder)."),
        QStringLiteral("url"));
}

// Where the import's report goes unless --report says: beside the file, "people.csv" →
// "people-report.csv".
QString defaultReportPath(const QString &csvPath)
{
    const QFileInfo info(csvPath);
    const QString base = info.suffix().compare(u"csv", Qt::CaseInsensitive) == 0
                             ? info.completeBaseName()
                             : info.fileName();
    return info.dir().filePath(base + QStringLiteral("-report.csv"));
}

} // namespace

ServerApp::ServerApp() = default;
ServerApp::~ServerApp() = default;

int ServerApp::start(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == u"import-people") {
        return importPeople(arguments);
    }
    if (arguments.size() > 1 && (arguments.at(1) == u"services" || arguments.at(1) == u"charter" ||
                                 arguments.at(1) == u"appointments")) {
        return referenceData(arguments);
    }
    return serve(arguments);
}

bool ServerApp::openDatabase(const QString &url, int *exitCode)
{
    QString dbUrl = url;
    if (dbUrl.isEmpty()) {
        dbUrl = QStringLiteral("sqlite:") +
                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                QStringLiteral("/firststop-server.db");
    }
    QString error;
    const auto config = DatabaseConfig::parse(dbUrl, &error);
    if (!config) {
        *exitCode = fail(kUsageError, QStringLiteral("--database: %1").arg(error));
        return false;
    }
    m_dbConfig = *config;
    m_db = std::make_unique<Database>();
    if (!m_db->open(*config, &error)) {
        *exitCode = fail(kRuntimeError, error);
        return false;
    }
    if (!m_db->migrate(&error)) {
        *exitCode = fail(kRuntimeError, QStringLiteral("database migration failed: %1").arg(error));
        return false;
    }
    return true;
}

int ServerApp::importPeople(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Loads residents from a former system's CSV export into the central service. Every row "
        "is checked as the desk's editor checks it; rows that fail, and rows that repeat "
        "another row or a person already there, are not imported but listed with the reasons "
        "in a report CSV. Running the same file again imports nothing twice. The columns: "
        "docs/import.md."));
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption source(
        QStringLiteral("source"),
        QStringLiteral("Name of the former system; with legacy_reference it identifies a row "
                       "across runs (default legacy)."),
        QStringLiteral("name"), QStringLiteral("legacy"));
    const QCommandLineOption report(
        QStringLiteral("report"),
        QStringLiteral("Where to write the rows not imported (default: FILE-report.csv beside "
                       "the file)."),
        QStringLiteral("file"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Check every row and write the report, but "
                                                   "import nothing."));
    const QCommandLineOption batch(QStringLiteral("batch-size"),
                                   QStringLiteral("People written per transaction (default 1000)."),
                                   QStringLiteral("N"), QStringLiteral("1000"));
    parser.addOptions({database, source, report, dryRun, batch});
    parser.addPositionalArgument(QStringLiteral("import-people"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("The CSV file (UTF-8, header row)."));
    if (!parser.parse(arguments)) {
        return fail(kUsageError, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments(); // "import-people", the file
    if (positional.size() != 2) {
        return fail(kUsageError,
                    QStringLiteral("import-people wants one CSV file: firststop-server "
                                   "import-people --database URL people.csv"));
    }
    const QString csvPath = positional.at(1);
    const auto batchSize = parseNumber(parser.value(batch), 1, 100'000);
    if (!batchSize) {
        return fail(kUsageError, QStringLiteral("--batch-size must be 1 to 100000"));
    }
    const QString sourceName = parser.value(source).trimmed();
    if (sourceName.isEmpty()) {
        return fail(kUsageError, QStringLiteral("--source cannot be empty"));
    }
    const QString reportPath =
        parser.isSet(report) ? parser.value(report) : defaultReportPath(csvPath);
    if (QFileInfo(reportPath).absoluteFilePath() == QFileInfo(csvPath).absoluteFilePath()) {
        return fail(kUsageError, QStringLiteral("--report would overwrite the file imported"));
    }
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(kUsageError,
                    QStringLiteral("cannot read %1: %2").arg(csvPath, file.errorString()));
    }
    const QByteArray csv = file.readAll();
    file.close();

    int exitCode = 0;
    if (!openDatabase(parser.value(database), &exitCode)) {
        return exitCode;
    }
    m_sync = std::make_unique<SyncService>(*m_db);
    QElapsedTimer timer;
    timer.start();
    PersonImport::Options options;
    options.source = sourceName;
    options.dryRun = parser.isSet(dryRun);
    options.batchSize = static_cast<int>(*batchSize);
    PersonImport import(*m_db, *m_sync);
    QString error;
    const auto summary = import.run(csv, options, &error);
    if (!summary) {
        return fail(kRuntimeError, QStringLiteral("%1: %2").arg(csvPath, error));
    }
    QFile out(reportPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        out.write(PersonImport::report(*summary)) < 0 || !out.flush()) {
        return fail(kRuntimeError, QStringLiteral("the import ran, but the report cannot be "
                                                  "written to %1: %2")
                                       .arg(reportPath, out.errorString()));
    }
    out.close();
    const qint64 rejected = summary->count(PersonImport::Outcome::Rejected);
    const qint64 duplicates = summary->count(PersonImport::Outcome::Duplicate);
    std::printf("firststop-server: %s%lld rows read from %s in %.1f s: %lld imported%s, %lld "
                "already imported, %lld rejected, %lld duplicates\n",
                options.dryRun ? "dry run, nothing written: " : "",
                static_cast<long long>(summary->rows), qUtf8Printable(csvPath),
                static_cast<double>(timer.elapsed()) / 1000.0,
                static_cast<long long>(summary->imported), options.dryRun ? " (would be)" : "",
                static_cast<long long>(summary->alreadyImported), static_cast<long long>(rejected),
                static_cast<long long>(duplicates));
    std::printf("firststop-server: report of the %lld rows not imported: %s\n",
                static_cast<long long>(rejected + duplicates), qUtf8Printable(reportPath));
    std::fflush(stdout);
    return rejected + duplicates > 0 ? kRowsNotImported : 0;
}

int ServerApp::referenceData(const QStringList &arguments)
{
    const bool services = arguments.at(1) == u"services";
    const bool appointments = arguments.at(1) == u"appointments";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        appointments
            ? QStringLiteral(
                  "The appointment set-up, kept as one JSON file: places (opening hours per day of "
                  "the week, closures, time zone, bank-holiday region, office), resources (staff, "
                  "desks, rooms) and appointment types (duration, buffer, places, resources, what "
                  "to bring). --import checks the whole file and makes the set-up what it says; "
                  "--export writes it. Every desk receives it with its next sync "
                  "(docs/import.md).")
        : services ? QStringLiteral(
                         "The service list enquiries are logged under, kept as a spreadsheet: "
                         "--export writes it as the desks show it (the Local Government Service "
                         "List with the council's changes), --import writes what a file changes "
                         "(rename, group, hide with hidden=yes, add with a key such as "
                         "local:rubbish-sacks). Every desk receives the changes with its next "
                         "sync. Columns: key, label, group, description, hidden (docs/import.md).")
                   : QStringLiteral(
                         "The customer charter's standards, kept as a spreadsheet: --import makes "
                         "the charter what the file says (standards not in it are removed), "
                         "--export writes it. Columns: category (a service key, or empty for "
                         "every service), name, unit (minutes, working_days, calendar_days), "
                         "amount (docs/import.md)."));
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption importFile(QStringLiteral("import"),
                                        QStringLiteral("Read the changes from this file."),
                                        QStringLiteral("file"));
    const QCommandLineOption exportFile(QStringLiteral("export"),
                                        QStringLiteral("Write what the centre holds to this file."),
                                        QStringLiteral("file"));
    parser.addOptions({database, importFile, exportFile});
    parser.addPositionalArgument(arguments.at(1), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        return fail(kUsageError, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(importFile) == parser.isSet(exportFile)) {
        return fail(kUsageError,
                    QStringLiteral("%1 wants --import FILE or --export FILE").arg(arguments.at(1)));
    }
    int exitCode = 0;
    if (!openDatabase(parser.value(database), &exitCode)) {
        return exitCode;
    }
    m_sync = std::make_unique<SyncService>(*m_db);
    ReferenceData data(*m_db, *m_sync);
    QString error;
    if (parser.isSet(exportFile)) {
        const auto csv = appointments ? data.exportAppointmentSetup(&error)
                         : services   ? data.exportServices(&error)
                                      : data.exportCharter(&error);
        QFile out(parser.value(exportFile));
        if (!csv) {
            return fail(kRuntimeError,
                        error.isEmpty() ? QStringLiteral("the centre has no appointment set-up yet")
                                        : error);
        }
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(*csv) < 0 ||
            !out.flush()) {
            return fail(
                kRuntimeError,
                QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
        }
        std::printf("firststop-server: wrote %s\n", qUtf8Printable(out.fileName()));
        return 0;
    }
    QFile in(parser.value(importFile));
    if (!in.open(QIODevice::ReadOnly)) {
        return fail(kUsageError,
                    QStringLiteral("cannot read %1: %2").arg(in.fileName(), in.errorString()));
    }
    const QByteArray content = in.readAll();
    const auto outcome = appointments ? data.importAppointmentSetup(content, &error)
                         : services   ? data.importServices(content, &error)
                                      : data.importCharter(content, &error);
    if (!outcome) {
        return fail(kRuntimeError, QStringLiteral("%1: %2").arg(in.fileName(), error));
    }
    for (const QString &problem : outcome->problems) {
        std::fprintf(stderr, "firststop-server: %s: %s\n", qUtf8Printable(in.fileName()),
                     qUtf8Printable(problem));
    }
    std::printf("firststop-server: %d rows read from %s: %d changed, %d already so, %d removed, "
                "%lld not written\n",
                outcome->rows, qUtf8Printable(in.fileName()), outcome->changed, outcome->unchanged,
                outcome->removed, static_cast<long long>(outcome->problems.size()));
    std::fflush(stdout);
    return outcome->problems.isEmpty() ? 0 : kRowsNotImported;
}

int ServerApp::serve(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("FirstStop central service: the sync API for the front-desk clients.\n"
                       "\n"
                       "  firststop-server import-people [options] FILE.csv\n"
                       "      loads residents from a former system (import-people --help).\n"
                       "  firststop-server services|charter --import|--export FILE.csv\n"
                       "      the service list and the customer charter as spreadsheets.\n"
                       "  firststop-server appointments --import|--export FILE.json\n"
                       "      places, opening hours, closures, resources and appointment types."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                    QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("TCP port (default 8780; 0 picks a free one)."),
                                  QStringLiteral("port"), QStringLiteral("8780"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Seed N demo residents into an empty database."),
                                  QStringLiteral("N"));
    const QCommandLineOption demoAppointments(
        QStringLiteral("demo-appointments"),
        QStringLiteral("Load the demo council's appointment set-up (places, hours, staff, "
                       "appointment types) when the centre has none."));
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
    const QCommandLineOption snapshotDir(
        QStringLiteral("snapshot-dir"),
        QStringLiteral("Folder for the people snapshot new desks start from (default: a "
                       "temporary folder of this process)."),
        QStringLiteral("folder"));
    const QCommandLineOption snapshotMin(
        QStringLiteral("snapshot-min-people"),
        QStringLiteral("Make a people snapshot for new desks from this many people (default "
                       "10000; 0 never)."),
        QStringLiteral("N"), QStringLiteral("10000"));
    parser.addOptions({listen, port, database, demo, demoAppointments, demoUsers, addUser, plain,
                       tlsCert, tlsKey, accessTtl, snapshotDir, snapshotMin});
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
    const auto minPeople = parseNumber(parser.value(snapshotMin), 0, 1'000'000'000);
    if (!minPeople) {
        return fail(kUsageError, QStringLiteral("--snapshot-min-people must be a number"));
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

    int exitCode = 0;
    if (!openDatabase(parser.value(database), &exitCode)) {
        return exitCode;
    }
    QString error;
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
    if (parser.isSet(demoAppointments)) {
        // The demo council's places and appointment types, unless an administrator loaded some.
        ReferenceData data(*m_db, *m_sync);
        const auto current = data.exportAppointmentSetup(&error);
        if (!current && !error.isEmpty()) {
            return fail(kRuntimeError, QStringLiteral("--demo-appointments: %1").arg(error));
        }
        if (!current) {
            QFile demoSetup(QStringLiteral(":/firststop/data/demo-appointment-setup.json"));
            const auto loaded = demoSetup.open(QIODevice::ReadOnly)
                                    ? data.importAppointmentSetup(demoSetup.readAll(), &error)
                                    : std::nullopt;
            if (!loaded || !loaded->problems.isEmpty()) {
                return fail(kRuntimeError, QStringLiteral("--demo-appointments: %1")
                                               .arg(loaded ? loaded->problems.join(u"; ") : error));
            }
        }
    }

    m_http = std::make_unique<ApiServer>(*m_db, *m_auth, *m_sync);
    if (*minPeople > 0) {
        m_snapshot = std::make_unique<PeopleSnapshot>(m_dbConfig, parser.value(snapshotDir));
        m_snapshot->setMinimumPeople(*minPeople);
        m_http->setPeopleSnapshot(m_snapshot.get());
        if (const auto latest = m_sync->latestSeq(&error)) {
            m_snapshot->refresh(*latest); // built in the background while the server answers
        }
    }
    std::optional<QSslConfiguration> tlsConfiguration;
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
        QSslConfiguration configuration;
        configuration.setLocalCertificate(cert);
        configuration.setPrivateKey(key);
        configuration.setProtocol(QSsl::SecureProtocols);
        tlsConfiguration = configuration;
    }
    const quint16 bound =
        m_http->listenOn(address, static_cast<quint16>(*portNumber), tlsConfiguration);
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
