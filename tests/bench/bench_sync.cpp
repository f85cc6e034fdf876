// bench_sync: how fast a desk syncs with the real central service over HTTP on loopback.
//
//   bench_sync [--people N] [--runs R] [--database URL] [--page-size P]
//
// Starts firststop-server with N demo residents (SQLite by default, or --database
// postgres:… to use PostgreSQL), then for each run: a first sync into an empty cache (time and
// this process's peak RSS, which is the desk's), 100 people edited at "another desk" and
// pulled (incremental pull), 100 local edits pushed (and the pull that confirms them). Prints
// one JSON object per measurement, like the PouchDB peer's bench.sh, so the two line up in
// docs/benchmarks.md.
#include "app/SyncEngine.h"
#include "models/LocalStore.h"
#include "tests/support/ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace FirstStop;

namespace {

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return -1;
}

void report(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// Runs one sync cycle and returns its wall time in ms, or -1 when it failed.
double timedCycle(SyncEngine &engine)
{
    QSignalSpy done(&engine, &SyncEngine::cycleFinished);
    QElapsedTimer t;
    t.start();
    engine.syncNow();
    if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, 30 * 60 * 1000)) {
        return -1;
    }
    const double ms = t.nsecsElapsed() / 1e6;
    return done.last().at(0).toBool() ? ms : -1;
}

// The firststop-server process with a long start-up allowance: seeding a million residents takes
// a while, and ServerProcess's 15 s is meant for tests.
class BenchServer
{
public:
    bool start(const QString &database, qint64 people)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(Test::ServerProcess::executable(),
                        {u"--port"_qs, u"0"_qs, u"--allow-plain-http"_qs, u"--database"_qs,
                         database, u"--demo-users"_qs, u"--demo"_qs, QString::number(people)});
        static const QRegularExpression listening(
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20 * 60 * 1000 && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(500);
            out += m_process.readAllStandardOutput();
            if (const auto m = listening.match(QString::fromUtf8(out)); m.hasMatch()) {
                m_url = QUrl(m.captured(1));
                return true;
            }
        }
        return false;
    }
    ~BenchServer()
    {
        m_process.terminate();
        m_process.waitForFinished(10000);
    }
    QUrl url() const { return m_url; }

private:
    QProcess m_process;
    QUrl m_url;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption peopleOption(u"people"_qs, u"Residents at the centre."_qs, u"N"_qs,
                                          u"100000"_qs);
    const QCommandLineOption runsOption(u"runs"_qs, u"Repetitions."_qs, u"R"_qs, u"3"_qs);
    const QCommandLineOption databaseOption(
        u"database"_qs, u"Server database (default: a fresh SQLite file)."_qs, u"url"_qs);
    const QCommandLineOption pageOption(u"page-size"_qs, u"Changes per pulled page."_qs, u"P"_qs,
                                        QString::number(Wire::kDefaultPageSize));
    parser.addOptions({peopleOption, runsOption, databaseOption, pageOption});
    parser.process(app);
    const qint64 people = parser.value(peopleOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();

    QTemporaryDir dir;
    const QString database = parser.isSet(databaseOption)
                                 ? parser.value(databaseOption)
                                 : u"sqlite:"_qs + dir.filePath(u"server.db"_qs);
    QElapsedTimer seed;
    seed.start();
    BenchServer server;
    if (!server.start(database, people)) {
        std::fprintf(stderr, "bench_sync: the server did not start\n");
        return 1;
    }
    report({{u"cmd"_qs, u"seed"_qs}, {u"n"_qs, people}, {u"ms"_qs, double(seed.elapsed())}});

    for (int run = 1; run <= runs; ++run) {
        const QString cache = dir.filePath(QStringLiteral("desk-%1.sqlite").arg(run));
        SyncEngine engine;
        SyncEngine::Timing timing;
        timing.pollIntervalMs = 24 * 3600 * 1000;
        timing.pageSize = parser.value(pageOption).toInt();
        engine.setTiming(timing);
        engine.api().setTimeout(120'000);
        QSignalSpy opened(&engine, &SyncEngine::opened);
        engine.open(cache);
        engine.setServer(server.url());

        // First sync into an empty desk: sign-in included, as a new desk does it.
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        QElapsedTimer t;
        t.start();
        engine.signIn(u"counter1"_qs, u"counter1-demo"_qs);
        if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, 60 * 60 * 1000) ||
            !done.last().at(0).toBool()) {
            std::fprintf(stderr, "bench_sync: first sync failed\n");
            return 1;
        }
        const double firstMs = t.nsecsElapsed() / 1e6;
        LocalStore reader;
        reader.open(cache, nullptr);
        report({{u"cmd"_qs, u"first_sync"_qs},
                {u"run"_qs, run},
                {u"docs"_qs, reader.counts().people},
                {u"ms"_qs, firstMs},
                {u"peak_rss_mb"_qs, peakRssMb()},
                {u"cache_kb"_qs,
                 double((QFileInfo(cache).size() + QFileInfo(cache + u"-wal"_qs).size()) / 1024)}});

        // 100 people edited at another desk (pushed straight to the centre), then pulled here.
        Wire::MutationBatch batch;
        batch.clientId = QUuid::createUuid();
        const QList<PersonMatch> some = reader.search(u"a"_qs, 5000);
        for (int i = 0; i < 100 && i < some.size(); ++i) {
            const Person &p = some.at((i * 37 + run * 11) % some.size()).person;
            batch.mutations.append(
                {QUuid::createUuid(),
                 u"person"_qs,
                 Wire::MutationOp::Upsert,
                 p.id,
                 p.version,
                 {{u"email"_qs, QStringLiteral("run%1.%2@example.org").arg(run).arg(i)}}});
        }
        bool pushed = false;
        engine.api().pushMutations(batch,
                                   [&](auto results, ApiFailure) { pushed = results.has_value(); });
        if (!QTest::qWaitFor([&] { return pushed; }, 60000)) {
            std::fprintf(stderr, "bench_sync: the other desk's edits were not accepted\n");
            return 1;
        }
        const double pullMs = timedCycle(engine);
        report({{u"cmd"_qs, u"incremental_pull"_qs},
                {u"run"_qs, run},
                {u"changes"_qs, batch.mutations.size()},
                {u"ms"_qs, pullMs}});

        // 100 edits made at this desk, pushed (and confirmed by the pull that follows).
        for (int i = 0; i < 100 && i < some.size(); ++i) {
            Person p = *reader.person(some.at((i * 53 + run * 7 + 1) % some.size()).person.id);
            p.phone = QStringLiteral("07700 9%1").arg(run * 1000 + i, 5, 10, QLatin1Char('0'));
            reader.saveLocalEdit(p, nullptr);
        }
        const int waiting = reader.counts().pending;
        const double pushMs = timedCycle(engine);
        report({{u"cmd"_qs, u"push"_qs},
                {u"run"_qs, run},
                {u"edits"_qs, waiting},
                {u"left"_qs, reader.counts().pending},
                {u"ms"_qs, pushMs}});
    }
    return 0;
}
