#pragma once

// One desk for end-to-end tests: a cache file and the real sync engine (on the test's thread),
// with short retry timings. Header-only; shared by the e2e tests in this folder.

#include "app/SyncEngine.h"
#include "models/LocalStore.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace FirstStop::Test {

inline constexpr int kDeskWaitMs = 30'000;

struct TestDesk
{
    explicit TestDesk(const QString &path, const TlsTrust &trust = {})
        : cachePath(path)
    {
        SyncEngine::Timing timing;
        timing.retryBaseMs = 200;
        timing.retryMaxMs = 800;
        timing.pollIntervalMs = 600'000; // only the retry timer and explicit syncs
        engine.setTiming(timing);
        engine.api().setTimeout(5000);
        engine.api().setTlsTrust(trust);
    }

    bool open()
    {
        QSignalSpy opened(&engine, &SyncEngine::opened);
        engine.open(cachePath);
        return opened.size() == 1 && opened.at(0).at(0).toBool();
    }

    // Signs in and waits for the first full sync. On failure, message says why.
    bool signIn(const QUrl &server, const QString &user = QStringLiteral("counter1"),
                const QString &password = QStringLiteral("counter1-demo"),
                QString *message = nullptr, bool *offline = nullptr)
    {
        engine.setServer(server);
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        QSignalSpy failed(&engine, &SyncEngine::signInFailed);
        engine.signIn(user, password);
        if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, kDeskWaitMs)) {
            return false;
        }
        if (!failed.isEmpty()) {
            if (message) {
                *message = failed.at(0).at(0).toString();
            }
            if (offline) {
                *offline = failed.at(0).at(1).toBool();
            }
            return false;
        }
        return done.last().at(0).toBool();
    }

    // Runs one sync cycle now and reports whether it succeeded.
    bool syncOnce()
    {
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        engine.syncNow();
        return QTest::qWaitFor([&] { return !done.isEmpty(); }, kDeskWaitMs) &&
               done.last().at(0).toBool();
    }

    // Syncs until a cycle succeeds (a retry of an earlier failure may finish first).
    bool syncUntilOk()
    {
        QSignalSpy done(&engine, &SyncEngine::cycleFinished);
        engine.syncNow();
        return QTest::qWaitFor(
            [&] {
                for (const QList<QVariant> &args : done) {
                    if (args.at(0).toBool()) {
                        return true;
                    }
                }
                return false;
            },
            kDeskWaitMs);
    }
    // A second connection to the same cache, as the search thread has.
    LocalStore &reader()
    {
        if (!readStore) {
            readStore = std::make_unique<LocalStore>();
            readStore->open(cachePath, nullptr);
        }
        return *readStore;
    }

    QString cachePath;
    SyncEngine engine;
    std::unique_ptr<LocalStore> readStore;
};

// Saves a record through the engine (as DeskController does, on the sync thread) and waits for
// the sync the save starts.
inline bool saveAndSync(TestDesk &desk, const Record &r)
{
    QSignalSpy saved(&desk.engine, &SyncEngine::recordSaved);
    QSignalSpy done(&desk.engine, &SyncEngine::cycleFinished);
    desk.engine.saveRecord(r);
    return saved.size() == 1 && QTest::qWaitFor([&] { return !done.isEmpty(); }, kDeskWaitMs);
}

// The desk's record with one field set to another value (to save as an edit).
inline Record edited(TestDesk &desk, const QUuid &id, const QString &field, const QJsonValue &value)
{
    Record r = *desk.reader().record(id);
    r.data.insert(field, value);
    return r;
}

inline Person newTestPerson(const QString &given, const QString &family)
{
    Person p;
    p.id = QUuid::createUuid();
    p.givenName = given;
    p.familyName = family;
    p.dateOfBirth = QDate(1990, 5, 17);
    p.postcode = QStringLiteral("SA1 1AA");
    return p;
}

} // namespace FirstStop::Test
