// desk_sync_tool: one desk's sync in a process of its own, so a test can kill it at an exact point
// (SIGKILL, as a crash or a power cut would) and run it again on the same cache.
//
//   desk_sync_tool --cache PATH --server URL [--user U --password P] [--ca-file PEM]
//                  [--create N --prefix TEXT]  save N new people in the cache before signing in
//                  [--pause-after-pages N]     stop for ever once the Nth pulled page is committed
//                  [--pause-after-push-reply]  stop for ever once the centre answered a push,
//                                              before the answer is recorded
//                  [--pause-after-snapshot]    stop for ever once the people snapshot is
//                                              downloaded, before it is taken into the cache
//                  [--page-by-page]            never start from the centre's people snapshot
//                  [--page-size N] [--push-batch N] [--sync-again-after-ms MS]
//
// It prints "page N cursor C" after each committed page, "paused" when it stops, and at the end
// "result ok people=P pending=Q rejected=R conflicts=C cursor=K" (exit 0) or
// "result failed MESSAGE" (exit 1). Retryable failures are retried by the engine's own timer for
// up to 40 s.
#include "app/SyncEngine.h"
#include "app/TlsTrust.h"
#include "models/LocalStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>
#include <QTimer>

#include <cstdio>

using namespace FirstStop;

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

[[noreturn]] void pauseForEver()
{
    say(QStringLiteral("paused"));
    for (;;) {
        QThread::sleep(60); // until the test kills us
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QList<QCommandLineOption> options = {
        {QStringLiteral("cache"), QStringLiteral("cache file"), QStringLiteral("path")},
        {QStringLiteral("server"), QStringLiteral("server URL"), QStringLiteral("url")},
        {QStringLiteral("user"), QStringLiteral("user"), QStringLiteral("name"),
         QStringLiteral("counter1")},
        {QStringLiteral("password"), QStringLiteral("password"), QStringLiteral("text"),
         QStringLiteral("counter1-demo")},
        {QStringLiteral("ca-file"), QStringLiteral("private CA"), QStringLiteral("pem")},
        {QStringLiteral("create"), QStringLiteral("new people"), QStringLiteral("n"),
         QStringLiteral("0")},
        {QStringLiteral("prefix"), QStringLiteral("their given name"), QStringLiteral("text"),
         QStringLiteral("Tool")},
        {QStringLiteral("pause-after-pages"), QStringLiteral("pages"), QStringLiteral("n"),
         QStringLiteral("0")},
        {QStringLiteral("pause-after-push-reply"), QStringLiteral("pause at the push reply")},
        {QStringLiteral("pause-after-snapshot"), QStringLiteral("pause once it is downloaded")},
        {QStringLiteral("page-by-page"), QStringLiteral("no people snapshot")},
        {QStringLiteral("page-size"), QStringLiteral("page size"), QStringLiteral("n"),
         QStringLiteral("1000")},
        {QStringLiteral("push-batch"), QStringLiteral("push batch"), QStringLiteral("n"),
         QStringLiteral("200")},
        {QStringLiteral("sync-again-after-ms"), QStringLiteral("a second cycle after a wait"),
         QStringLiteral("ms"), QStringLiteral("-1")},
    };
    parser.addOptions(options);
    parser.process(app);
    const auto number = [&](const char *name) {
        return parser.value(QString::fromLatin1(name)).toInt();
    };

    SyncEngine engine;
    SyncEngine::Timing timing;
    timing.retryBaseMs = 200;
    timing.retryMaxMs = 1000;
    timing.pollIntervalMs = 600'000;
    timing.pageSize = number("page-size");
    timing.pushBatchSize = number("push-batch");
    timing.useSnapshot = !parser.isSet(QStringLiteral("page-by-page"));
    engine.setTiming(timing);
    engine.api().setTimeout(5000);
    QString error;
    const auto trust = TlsTrust::fromOptions(parser.value(QStringLiteral("ca-file")), {}, &error);
    if (!trust) {
        say(QStringLiteral("result failed ") + error);
        return 1;
    }
    engine.api().setTlsTrust(*trust);

    const int pauseAfterPages = number("pause-after-pages");
    const bool pauseAtPushReply = parser.isSet(QStringLiteral("pause-after-push-reply"));
    const bool pauseAtSnapshot = parser.isSet(QStringLiteral("pause-after-snapshot"));
    const QString cachePath = parser.value(QStringLiteral("cache"));
    LocalStore reader; // a second connection, as the desk's search thread has
    int pages = 0;
    engine.setStepHook([&](SyncEngine::Step step) {
        if (step == SyncEngine::Step::PushReplyReceived && pauseAtPushReply) {
            pauseForEver();
        }
        if (step == SyncEngine::Step::SnapshotDownloaded && pauseAtSnapshot) {
            pauseForEver();
        }
        if (step == SyncEngine::Step::PageApplied) {
            ++pages;
            say(QStringLiteral("page %1 cursor %2").arg(pages).arg(reader.cursor()));
            if (pages == pauseAfterPages) {
                pauseForEver();
            }
        }
    });

    bool opened = false;
    QObject::connect(&engine, &SyncEngine::opened, [&](bool ok, const QString &message) {
        opened = ok;
        error = message;
    });
    engine.open(cachePath);
    if (!opened || !reader.open(cachePath, &error)) {
        say(QStringLiteral("result failed ") + error);
        return 1;
    }
    for (int i = 0; i < number("create"); ++i) {
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = parser.value(QStringLiteral("prefix"));
        p.familyName = QStringLiteral("Number %1").arg(i);
        engine.savePerson(p);
    }

    const auto finish = [&](bool ok, const QString &why) {
        if (!ok) {
            say(QStringLiteral("result failed ") + why);
            app.exit(1);
            return;
        }
        const SyncCounts c = reader.counts();
        say(QStringLiteral("result ok people=%1 pending=%2 rejected=%3 conflicts=%4 cursor=%5")
                .arg(c.people)
                .arg(c.pending)
                .arg(c.rejected)
                .arg(c.conflicts)
                .arg(reader.cursor()));
        app.exit(0);
    };
    int cycles = 0;
    const int againAfterMs = number("sync-again-after-ms");
    QString lastError;
    QObject::connect(&engine, &SyncEngine::statusChanged, [&](const SyncStatus &s) {
        if (!s.lastError.isEmpty()) {
            lastError = s.lastError;
        }
    });
    QObject::connect(&engine, &SyncEngine::cycleFinished, [&](bool ok) {
        if (!ok) {
            return; // the engine's retry timer tries again
        }
        ++cycles;
        if (cycles == 1 && againAfterMs >= 0) {
            QTimer::singleShot(againAfterMs, &engine, &SyncEngine::syncNow);
            return;
        }
        finish(true, {});
    });
    QObject::connect(&engine, &SyncEngine::signInFailed,
                     [&](const QString &message, bool) { finish(false, message); });
    QObject::connect(&engine, &SyncEngine::sessionExpired,
                     [&](const QString &message) { finish(false, message); });
    QTimer::singleShot(40'000, &app,
                       [&] { finish(false, QStringLiteral("timed out: ") + lastError); });

    engine.setServer(QUrl(parser.value(QStringLiteral("server"))));
    engine.signIn(parser.value(QStringLiteral("user")), parser.value(QStringLiteral("password")));
    const int code = QCoreApplication::exec();
    engine.shutdown();
    return code;
}
