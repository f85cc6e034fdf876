#include "tests/support/ServerProcess.h"

#include "models/LocalStore.h"
#include "tests/support/TestHttp.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace FirstStop::Test {

namespace {
// A bound, not a goal: a server that starts returns at once. Migrating and seeding a PostgreSQL
// database took over 15 s when the CI machine was busy with other builds.
constexpr int kStartTimeoutMs = 60000;
} // namespace

// QProcess warns when read before it ever started.
static QByteArray drainStandardError(QProcess &process)
{
    return process.openMode() == QIODevice::NotOpen ? QByteArray() : process.readAllStandardError();
}

ServerProcess::Run ServerProcess::runToEnd(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(executable(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("still running after %1 ms").arg(timeoutMs);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

ServerProcess::ServerProcess()
{
    // Drain stderr as it comes so a chatty server never blocks on a full pipe.
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_stderr += drainStandardError(m_process); });
}

ServerProcess::~ServerProcess()
{
    if (QTest::currentTestFailed()) {
        dumpStandardError();
    }
    kill();
}

QString ServerProcess::executable()
{
    return QStringLiteral(FIRSTSTOP_SERVER_EXE);
}

QStringList ServerProcess::addUserArgs(const QString &user, const QString &password,
                                       const QString &role, const QString &office)
{
    return {QStringLiteral("--add-user"), user + u':' + password + u':' + role + u':' + office};
}

bool ServerProcess::start(const QString &databaseUrl, const QStringList &extraArgs)
{
    kill();
    m_stderr.clear();
    m_baseUrl.clear();
    m_error.clear();
    QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--database"),
                     databaseUrl};
    if (m_tlsCert.isEmpty()) {
        args += QStringLiteral("--allow-plain-http");
    } else {
        args += {QStringLiteral("--tls-cert"), m_tlsCert, QStringLiteral("--tls-key"), m_tlsKey};
    }
    args += extraArgs;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &pair : std::as_const(m_environment)) {
        const qsizetype eq = pair.indexOf(u'=');
        env.insert(pair.left(eq), pair.mid(eq + 1));
    }
    m_process.setProcessEnvironment(env);
    m_process.start(executable(), args);
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        m_error = QStringLiteral("cannot run %1: %2").arg(executable(), m_process.errorString());
        return false;
    }
    static const QRegularExpression ready(
        QStringLiteral("^firststop-server: listening on (https?://\\S+:\\d+)$"));
    const QDeadlineTimer deadline(kStartTimeoutMs);
    QByteArray out;
    while (!deadline.hasExpired()) {
        if (!m_process.canReadLine() && !m_process.waitForReadyRead(static_cast<int>(
                                            qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() == QProcess::NotRunning) {
                break;
            }
            continue;
        }
        while (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
            const auto match = ready.match(line);
            if (match.hasMatch()) {
                m_baseUrl = QUrl(match.captured(1));
                return true;
            }
        }
    }
    m_stderr += drainStandardError(m_process);
    m_error = m_process.state() == QProcess::NotRunning
                  ? QStringLiteral("firststop-server exited with code %1: %2")
                        .arg(m_process.exitCode())
                        .arg(QString::fromUtf8(m_stderr).trimmed())
                  : QStringLiteral("firststop-server did not report listening within %1 ms")
                        .arg(kStartTimeoutMs);
    dumpStandardError();
    kill();
    return false;
}

bool ServerProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

QUrl ServerProcess::url(const QString &path) const
{
    return QUrl(m_baseUrl.toString() + path);
}

void ServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    m_stderr += drainStandardError(m_process);
}

void ServerProcess::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            kill();
        }
    }
    m_stderr += drainStandardError(m_process);
}

QByteArray ServerProcess::standardError()
{
    m_stderr += drainStandardError(m_process);
    return m_stderr;
}

void ServerProcess::dumpStandardError()
{
    const QByteArray text = standardError();
    if (!text.isEmpty()) {
        qInfo("firststop-server stderr:\n%s", text.constData());
    }
}

bool ServerProcess::waitForPeopleSnapshot(int timeoutMs) const
{
    const QJsonObject credentials{{QStringLiteral("username"), QStringLiteral("counter1")},
                                  {QStringLiteral("password"), QStringLiteral("counter1-demo")}};
    const QString token =
        httpPost(url(QStringLiteral("/auth/login")), QJsonDocument(credentials).toJson())
            .json()
            .value(QStringLiteral("access_token"))
            .toString();
    if (token.isEmpty()) {
        return false;
    }
    const QUrl snapshot = url(QStringLiteral("/snapshot/people?schema=%1&index=%2")
                                  .arg(LocalStore::kSchemaVersion)
                                  .arg(PersonSearch::kIndexVersion));
    // A HEAD would do, but the API has none: the small test snapshots are cheap to fetch.
    return QTest::qWaitFor([&] { return httpGet(snapshot, token).status == 200; }, timeoutMs);
}

} // namespace FirstStop::Test
