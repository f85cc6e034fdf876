// bench_sync: how fast a desk syncs with the real central service over HTTP on loopback.
//
//   bench_sync [--people N] [--runs R] [--database URL] [--page-size P] [--large M]
//              [--peer path/to/pouchdb-peer/bench.sh] [--peer-work DIR] [--pages]
//
// A first sync starts from the centre's people snapshot (built by the server in the background
// after it starts; the bench waits for it and reports how long the build took); --pages makes
// every first sync pull page by page instead, as before the snapshot existed.
// Starts firststop-server with N demo residents (SQLite by default, or --database
// postgres:… to use PostgreSQL), then for each run: a first sync into an empty cache (time and
// this process's peak RSS, which is the desk's), 100 people edited at "another desk" and
// pulled (incremental pull), 100 local edits pushed (and the pull that confirms them). With
// --large M, one more first sync from a second server holding M residents. With --peer, the
// PouchDB peer's bench.sh then runs on the same N and R, and a summary puts the medians side by
// side. Prints one JSON object per measurement, like the peer's bench.sh, so the two line up in
// docs/benchmarks.md. Each measurement also gives the CPU time of the desk (this process) and of
// the server: the machine is shared, and CPU time shows what the work costs when wall time is
// inflated by other load.
#include "app/SyncEngine.h"
#include "models/LocalStore.h"
#include "tests/support/ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
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

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>

using namespace FirstStop;

namespace {

// Resets the peak RSS (VmHWM) so the next figure is one run's peak, not the process's.
void resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly)) {
        clear.write("5");
    }
}

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

// CPU time (user + system) of this process, the desk, in ms. The machine is shared, so wall time
// alone says little about what the work costs; CPU time does.
double selfCpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) {
        return t.tv_sec * 1000.0 + t.tv_usec / 1000.0;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// CPU time of another process (the server) from /proc/<pid>/stat, in ms.
double processCpuMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may contain spaces): state is field 3, utime 14,
    // stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13) {
        return -1;
    }
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble();
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
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
// a while, and ServerProcess's start-up limit is meant for tests.
class BenchServer
{
public:
    bool start(const QString &database, qint64 people)
    {
        // The server's log goes on to ours; the line saying its people snapshot is built is
        // noted on the way (how long the build took and how big the file is).
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process, [this] {
            const QByteArray chunk = m_process.readAllStandardError();
            std::fwrite(chunk.constData(), 1, size_t(chunk.size()), stderr);
            m_log += chunk;
            static const QRegularExpression built(QStringLiteral(
                "people snapshot: (\\d+) people through \\d+ , (\\d+) bytes in (\\d+) ms"));
            if (const auto m = built.match(QString::fromUtf8(m_log)); m.hasMatch()) {
                m_snapshot = {{u"cmd"_qs, u"snapshot_built"_qs},
                              {u"people"_qs, m.captured(1).toLongLong()},
                              {u"bytes"_qs, m.captured(2).toLongLong()},
                              {u"ms"_qs, m.captured(3).toDouble()}};
                m_log.clear();
            }
        });
        m_process.start(Test::ServerProcess::executable(),
                        {u"--port"_qs, u"0"_qs, u"--allow-plain-http"_qs, u"--database"_qs,
                         database, u"--demo-users"_qs, u"--demo"_qs, QString::number(people),
                         u"--snapshot-min-people"_qs, u"1000"_qs});
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
    double cpuMs() const { return processCpuMs(m_process.processId()); }
    // Waits for the people snapshot the server builds in the background after it starts; the
    // build's figures, or an empty object when none came (fewer than 1,000 people).
    QJsonObject waitForSnapshot()
    {
        if (!QTest::qWaitFor([this] { return !m_snapshot.isEmpty(); }, 60 * 60 * 1000)) {
            return {{u"cmd"_qs, u"snapshot_built"_qs}, {u"error"_qs, u"none came"_qs}};
        }
        return m_snapshot;
    }

private:
    QProcess m_process;
    QUrl m_url;
    QByteArray m_log;
    QJsonObject m_snapshot;
};

struct FirstSync
{
    double ms = -1;
    double signInMs = -1;
    double deskCpuMs = 0;
    double serverCpuMs = 0;
    double peakRssMb = 0;
    qint64 people = 0;
    double cacheKb = 0;
};

// A first sync into an empty cache, sign-in included, as a new desk does it.
std::optional<FirstSync> firstSync(SyncEngine &engine, const BenchServer &server,
                                   const QString &cache)
{
    FirstSync r;
    QSignalSpy done(&engine, &SyncEngine::cycleFinished);
    QElapsedTimer t;
    QObject::connect(&engine, &SyncEngine::signedIn, &engine,
                     [&r, &t] { r.signInMs = t.nsecsElapsed() / 1e6; });
    resetPeakRss();
    const double deskCpu = selfCpuMs();
    const double serverCpu = server.cpuMs();
    t.start();
    engine.signIn(u"counter1"_qs, u"counter1-demo"_qs);
    if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, 60 * 60 * 1000) ||
        !done.last().at(0).toBool()) {
        return std::nullopt;
    }
    r.ms = t.nsecsElapsed() / 1e6;
    r.deskCpuMs = selfCpuMs() - deskCpu;
    r.serverCpuMs = server.cpuMs() - serverCpu;
    r.peakRssMb = peakRssMb();
    LocalStore reader;
    reader.open(cache, nullptr);
    r.people = reader.counts().people;
    r.cacheKb = double((QFileInfo(cache).size() + QFileInfo(cache + u"-wal"_qs).size()) / 1024);
    return r;
}

QJsonObject firstSyncJson(const FirstSync &f, int run)
{
    return {{u"cmd"_qs, u"first_sync"_qs},
            {u"run"_qs, run},
            {u"docs"_qs, f.people},
            {u"ms"_qs, f.ms},
            {u"sign_in_ms"_qs, f.signInMs},
            {u"desk_cpu_ms"_qs, f.deskCpuMs},
            {u"server_cpu_ms"_qs, f.serverCpuMs},
            {u"peak_rss_mb"_qs, f.peakRssMb},
            {u"cache_kb"_qs, f.cacheKb}};
}

double median(QList<double> values)
{
    if (values.isEmpty()) {
        return -1;
    }
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

void configure(SyncEngine &engine, int pageSize, bool useSnapshot)
{
    SyncEngine::Timing timing;
    timing.pollIntervalMs = 24 * 3600 * 1000;
    timing.pageSize = pageSize;
    timing.useSnapshot = useSnapshot;
    engine.setTiming(timing);
    engine.api().setTimeout(120'000);
}

// The PouchDB peer's figures from its results.jsonl: medians of the first pull, the incremental
// pull and the first and second push, and the first pull's peak RSS.
QJsonObject runPeer(const QString &script, const QString &work, qint64 people, int runs)
{
    QProcess peer;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"WORK"_qs, work);
    env.insert(u"SKIPMEM"_qs, u"1"_qs);
    peer.setProcessEnvironment(env);
    peer.setProcessChannelMode(QProcess::ForwardedChannels);
    peer.start(u"bash"_qs, {script, QString::number(people), QString::number(runs)});
    if (!peer.waitForFinished(3 * 3600 * 1000) || peer.exitCode() != 0) {
        return {{u"error"_qs, u"the peer's bench.sh failed"_qs}};
    }
    QFile results(QDir(work).filePath(u"run/results.jsonl"_qs));
    if (!results.open(QIODevice::ReadOnly)) {
        return {{u"error"_qs, u"the peer wrote no results.jsonl"_qs}};
    }
    QList<double> first, incremental, push1, push2, rss;
    for (const QByteArray &line : results.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString cmd = o.value(u"cmd"_qs).toString();
        if (cmd == u"pull" && o.value(u"docs_written"_qs).toInteger() == people) {
            first.append(o.value(u"ms"_qs).toDouble());
            rss.append(o.value(u"maxRSS_MB"_qs).toString().toDouble());
        } else if (cmd == u"pull") {
            incremental.append(o.value(u"ms"_qs).toDouble());
        } else if (cmd == u"pushk") {
            push1.append(o.value(u"push1_ms"_qs).toDouble());
            push2.append(o.value(u"push2_ms"_qs).toDouble());
        }
    }
    return {{u"first_sync_ms"_qs, median(first)},
            {u"first_sync_peak_rss_mb"_qs, median(rss)},
            {u"incremental_pull_ms"_qs, median(incremental)},
            {u"first_push_ms"_qs, median(push1)},
            {u"second_push_ms"_qs, median(push2)}};
}

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
    const QCommandLineOption largeOption(
        u"large"_qs, u"Then one first sync from a second server with M residents."_qs, u"M"_qs);
    const QCommandLineOption peerOption(
        u"peer"_qs, u"The PouchDB peer's bench.sh, run afterwards on the same N and R."_qs,
        u"path"_qs);
    const QCommandLineOption peerWorkOption(
        u"peer-work"_qs, u"The peer's work directory (keeps its npm install)."_qs, u"dir"_qs);
    const QCommandLineOption pagesOption(
        u"pages"_qs,
        u"First syncs page by page, without the centre's people snapshot (as before it)."_qs);
    parser.addOptions({peopleOption, runsOption, databaseOption, pageOption, largeOption,
                       peerOption, peerWorkOption, pagesOption});
    parser.process(app);
    const bool pagesOnly = parser.isSet(pagesOption);
    const qint64 people = parser.value(peopleOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();
    const int pageSize = parser.value(pageOption).toInt();

    QTemporaryDir dir;
    const QString database = parser.isSet(databaseOption)
                                 ? parser.value(databaseOption)
                                 : u"sqlite:"_qs + dir.filePath(u"server.db"_qs);
    QElapsedTimer seed;
    seed.start();
    auto server = std::make_unique<BenchServer>();
    if (!server->start(database, people)) {
        std::fprintf(stderr, "bench_sync: the server did not start\n");
        return 1;
    }
    report({{u"cmd"_qs, u"seed"_qs}, {u"n"_qs, people}, {u"ms"_qs, double(seed.elapsed())}});
    if (!pagesOnly) {
        report(server->waitForSnapshot());
    }

    QList<double> firstMs, firstRss, pullMs, pushMs;
    for (int run = 1; run <= runs; ++run) {
        const QString cache = dir.filePath(QStringLiteral("desk-%1.sqlite").arg(run));
        SyncEngine engine;
        configure(engine, pageSize, !pagesOnly);
        engine.open(cache);
        engine.setServer(server->url());

        const std::optional<FirstSync> first = firstSync(engine, *server, cache);
        if (!first) {
            std::fprintf(stderr, "bench_sync: first sync failed\n");
            return 1;
        }
        report(firstSyncJson(*first, run));
        firstMs.append(first->ms);
        firstRss.append(first->peakRssMb);

        // 100 people edited at another desk (pushed straight to the centre), then pulled here.
        LocalStore reader;
        reader.open(cache, nullptr);
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
        double deskCpu = selfCpuMs();
        double serverCpu = server->cpuMs();
        const double pull = timedCycle(engine);
        report({{u"cmd"_qs, u"incremental_pull"_qs},
                {u"run"_qs, run},
                {u"changes"_qs, batch.mutations.size()},
                {u"ms"_qs, pull},
                {u"desk_cpu_ms"_qs, selfCpuMs() - deskCpu},
                {u"server_cpu_ms"_qs, server->cpuMs() - serverCpu}});
        pullMs.append(pull);

        // 100 edits made at this desk, pushed (and confirmed by the pull that follows).
        for (int i = 0; i < 100 && i < some.size(); ++i) {
            Person p = *reader.person(some.at((i * 53 + run * 7 + 1) % some.size()).person.id);
            p.phone = QStringLiteral("07700 9%1").arg(run * 1000 + i, 5, 10, QLatin1Char('0'));
            reader.saveLocalEdit(p, nullptr);
        }
        const int waiting = reader.counts().pending;
        deskCpu = selfCpuMs();
        serverCpu = server->cpuMs();
        const double push = timedCycle(engine);
        report({{u"cmd"_qs, u"push"_qs},
                {u"run"_qs, run},
                {u"edits"_qs, waiting},
                {u"left"_qs, reader.counts().pending},
                {u"ms"_qs, push},
                {u"desk_cpu_ms"_qs, selfCpuMs() - deskCpu},
                {u"server_cpu_ms"_qs, server->cpuMs() - serverCpu}});
        pushMs.append(push);
    }
    server.reset();

    QJsonObject large;
    if (parser.isSet(largeOption)) {
        const qint64 many = parser.value(largeOption).toLongLong();
        const QString largeDatabase = u"sqlite:"_qs + dir.filePath(u"server-large.db"_qs);
        seed.restart();
        server = std::make_unique<BenchServer>();
        if (!server->start(largeDatabase, many)) {
            std::fprintf(stderr, "bench_sync: the large server did not start\n");
            return 1;
        }
        report({{u"cmd"_qs, u"seed"_qs}, {u"n"_qs, many}, {u"ms"_qs, double(seed.elapsed())}});
        const QString cache = dir.filePath(u"desk-large.sqlite"_qs);
        SyncEngine engine;
        configure(engine, pageSize, !pagesOnly);
        engine.open(cache);
        engine.setServer(server->url());
        if (!pagesOnly) {
            report(server->waitForSnapshot());
        }
        const std::optional<FirstSync> first = firstSync(engine, *server, cache);
        if (!first) {
            std::fprintf(stderr, "bench_sync: the large first sync failed\n");
            return 1;
        }
        large = firstSyncJson(*first, 1);
        report(large);
        server.reset();
    }

    QJsonObject peer;
    if (parser.isSet(peerOption)) {
        const QString work = parser.isSet(peerWorkOption) ? parser.value(peerWorkOption)
                                                          : dir.filePath(u"pouchdb"_qs);
        peer = runPeer(parser.value(peerOption), work, people, runs);
        report({{u"cmd"_qs, u"peer"_qs}, {u"peer"_qs, peer}});
    }

    // The summary: medians, side by side with the peer when it ran.
    const auto peerFigure = [&peer](const char16_t *key) {
        const double v = peer.value(QString::fromUtf16(key)).toDouble(-1);
        return v < 0 ? std::string("-") : QString::number(v, 'f', 0).toStdString();
    };
    std::printf("\nsummary (%lld residents, %d runs, medians)    FirstStop      PouchDB peer\n",
                static_cast<long long>(people), runs);
    std::printf("first sync, ms                             %10.0f  %14s\n", median(firstMs),
                peerFigure(u"first_sync_ms").c_str());
    std::printf("first sync peak RSS, MB                    %10.1f  %14s\n", median(firstRss),
                peerFigure(u"first_sync_peak_rss_mb").c_str());
    std::printf("incremental pull of 100, ms                %10.1f  %14s\n", median(pullMs),
                peerFigure(u"incremental_pull_ms").c_str());
    std::printf("push of 100 local edits, ms                %10.1f  %14s (first) %s (second)\n",
                median(pushMs), peerFigure(u"first_push_ms").c_str(),
                peerFigure(u"second_push_ms").c_str());
    if (!large.isEmpty()) {
        std::printf("first sync of %lld, ms                  %10.0f  (peak RSS %.1f MB)\n",
                    large.value(u"docs"_qs).toInteger(), large.value(u"ms"_qs).toDouble(),
                    large.value(u"peak_rss_mb"_qs).toDouble());
    }
    std::fflush(stdout);
    return 0;
}
