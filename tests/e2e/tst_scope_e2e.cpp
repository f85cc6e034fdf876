// Records that leave a desk's scope, between the real firststop-server process (SQLite and
// PostgreSQL) and real desks: an enquiry a team lead transfers to another office leaves the old
// office's desks (its note with it) and reaches the new office's; a desk where another office's
// user signs in, or whose user an administrator moves, drops the first office's records and pulls
// the new office's. The outbox is never thrown away: what it holds is pushed and judged.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "models/EntityType.h"
#include "tests/support/ServerProcess.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::TestDesk;

namespace {

const QString kCardiff = u"Cardiff Central"_qs;
const QString kBangor = u"Ysbyty Gwynedd"_qs;
const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);
const QString kNote = QString::fromUtf16(kTypeEnquiryNote);

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

Record newEnquiry(const QString &office, const QString &summary)
{
    return {kEnquiry,
            QUuid::createUuid(),
            0,
            {{u"office"_qs, office},
             {u"channel"_qs, u"face_to_face"_qs},
             {u"category"_qs, u"lgsl:1"_qs},
             {u"summary"_qs, summary},
             {u"status"_qs, u"open"_qs},
             {u"opened_at"_qs, u"2026-11-23T09:30:00.000Z"_qs}}};
}

Record newNote(const Record &enquiry, const QString &text)
{
    return {kNote,
            QUuid::createUuid(),
            0,
            {{u"enquiry_id"_qs, idText(enquiry.id)},
             {u"office"_qs, enquiry.value(u"office"_qs)},
             {u"text"_qs, text},
             {u"created_at"_qs, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}}};
}

// The outbox entries set aside by the centre's answer, with their reasons (read straight from
// the cache file: the desk shows them through its counts and status).
QStringList rejectedReasons(const QString &cachePath)
{
    QStringList reasons;
    const QString name = u"scope-e2e-outbox"_qs;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, name);
        db.setDatabaseName(cachePath);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(u"SELECT last_error FROM outbox WHERE state = 'rejected' ORDER BY seq"_qs);
            while (q.next()) {
                reasons.append(q.value(0).toString());
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return reasons;
}

} // namespace

class TestScopeEndToEnd : public QObject
{
    Q_OBJECT

private:
    Test::BackendFiles m_files;
    QString m_database;

    QString cachePath() { return m_files.cachePath(); }

    // counter1, lead1 and admin are Cardiff Central's (--demo-users); counter9 is Bangor's.
    // counter1 can be moved to another office by starting the server again with moveCounter1To.
    bool startServer(ServerProcess &server, const QString &moveCounter1To = {})
    {
        if (m_database.isEmpty()) {
            m_database = m_files.freshDatabase();
        }
        QStringList args{u"--demo-users"_qs, u"--demo"_qs, u"40"_qs};
        args +=
            ServerProcess::addUserArgs(u"counter9"_qs, u"counter9-demo"_qs, u"counter"_qs, kBangor);
        if (!moveCounter1To.isEmpty()) {
            args += ServerProcess::addUserArgs(u"counter1"_qs, u"counter1-demo"_qs, u"counter"_qs,
                                               moveCounter1To);
        }
        return !m_database.isEmpty() && server.start(m_database, args);
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_qs;
        QTest::newRow("postgresql") << u"postgresql"_qs;
    }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"postgresql") {
            FIRSTSTOP_REQUIRE_POSTGRES();
        }
    }

    void cleanup()
    {
        m_database.clear();
        m_files.reset();
    }

    void aTransferredEnquiryLeavesTheOldOfficesDesks()
    {
        ServerProcess server;
        QVERIFY2(startServer(server), qPrintable(server.errorString()));
        TestDesk cardiff(cachePath());
        TestDesk lead(cachePath());
        TestDesk bangor(cachePath());
        QVERIFY(cardiff.open() && lead.open() && bangor.open());
        QVERIFY(cardiff.signIn(server.baseUrl()));
        QVERIFY(lead.signIn(server.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs));
        QVERIFY(bangor.signIn(server.baseUrl(), u"counter9"_qs, u"counter9-demo"_qs));

        const Record moving = newEnquiry(kCardiff, u"Zoë O'Brien-Nwosu: housing transfer"_qs);
        const Record note = newNote(moving, u"Siân Ap Rhys will take it in Bangor"_qs);
        const Record staying = newEnquiry(kCardiff, u"Council tax bill query"_qs);
        QVERIFY(saveAndSync(cardiff, moving));
        QVERIFY(saveAndSync(cardiff, note));
        QVERIFY(saveAndSync(cardiff, staying));
        QVERIFY(cardiff.syncUntilOk());
        QVERIFY(lead.syncUntilOk());
        QVERIFY(bangor.syncUntilOk());
        QVERIFY(lead.reader().record(moving.id));
        QVERIFY(!bangor.reader().record(moving.id));
        const qint64 people = cardiff.reader().counts().people;
        QVERIFY(people >= 40);

        // The Cardiff counter loses the network and, not knowing of the transfer to come, edits
        // the enquiry and logs a new one.
        cardiff.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        cardiff.engine.saveRecord(edited(cardiff, moving.id, u"priority"_qs, u"high"_qs));
        const Record offline = newEnquiry(kCardiff, u"Ó Súilleabháin: missed bin"_qs);
        cardiff.engine.saveRecord(offline);
        QCOMPARE(cardiff.reader().counts().pending, 2);

        // The team lead transfers the enquiry to Bangor. The lead's own desk is Cardiff's: once
        // the centre has it, the enquiry and its note leave that desk too.
        QVERIFY(saveAndSync(lead, edited(lead, moving.id, u"office"_qs, kBangor)));
        QVERIFY(lead.syncUntilOk());
        QCOMPARE(lead.reader().counts().rejected, 0);
        QCOMPARE(lead.reader().counts().pending, 0);
        QVERIFY(!lead.reader().record(moving.id));
        QVERIFY(!lead.reader().record(note.id));
        QVERIFY(lead.reader().record(staying.id));

        // Bangor's desk receives both, with their new office.
        QVERIFY(bangor.syncUntilOk());
        QCOMPARE(bangor.reader().record(moving.id)->value(u"office"_qs), kBangor);
        QCOMPARE(bangor.reader().record(note.id)->value(u"office"_qs), kBangor);
        QCOMPARE(bangor.reader().record(note.id)->value(u"text"_qs),
                 u"Siân Ap Rhys will take it in Bangor"_qs);
        QVERIFY(!bangor.reader().record(staying.id));

        // The Cardiff counter is back: its outbox goes out whole. The new enquiry is taken; the
        // edit of the transferred one is refused with the reason, kept aside where the desk shows
        // it; the enquiry and its note leave the cache (not deleted: Bangor still has them), the
        // people stay.
        QSignalSpy changed(&cardiff.engine, &SyncEngine::recordsChanged);
        cardiff.engine.setServer(server.baseUrl());
        QVERIFY(cardiff.syncUntilOk());
        QCOMPARE(cardiff.reader().counts().pending, 0);
        QCOMPARE(cardiff.reader().counts().rejected, 1);
        const QStringList reasons = rejectedReasons(cardiff.cachePath);
        QCOMPARE(reasons.size(), 1);
        QVERIFY2(reasons.at(0).contains(u"transferred to " + kBangor), qPrintable(reasons.at(0)));
        QVERIFY(!cardiff.reader().record(moving.id));
        QVERIFY(!cardiff.reader().record(note.id));
        QVERIFY(cardiff.reader().record(staying.id));
        QVERIFY(cardiff.reader().record(offline.id)->version > 0);
        QCOMPARE(cardiff.reader().counts().people, people);
        QVERIFY(!changed.isEmpty());

        // Bangor's later edit is nothing to Cardiff's desks any more; it still exists there.
        QVERIFY(saveAndSync(bangor, edited(bangor, moving.id, u"handled_by"_qs, u"Siân"_qs)));
        QVERIFY(bangor.syncUntilOk());
        QVERIFY(cardiff.syncUntilOk());
        QVERIFY(!cardiff.reader().record(moving.id));
        QCOMPARE(bangor.reader().record(moving.id)->value(u"handled_by"_qs), u"Siân"_qs);

        // A Cardiff desk that was never told (a new one) does not get it either.
        TestDesk late(cachePath());
        QVERIFY(late.open());
        QVERIFY(late.signIn(server.baseUrl()));
        QVERIFY(!late.reader().record(moving.id));
        QVERIFY(late.reader().record(staying.id));
    }

    void aDeskKeepsOnlyTheSignedInUsersOffice()
    {
        ServerProcess server;
        QVERIFY2(startServer(server), qPrintable(server.errorString()));
        TestDesk bangor(cachePath());
        QVERIFY(bangor.open());
        QVERIFY(bangor.signIn(server.baseUrl(), u"counter9"_qs, u"counter9-demo"_qs));
        const Record theirs = newEnquiry(kBangor, u"Blue badge renewal"_qs);
        QVERIFY(saveAndSync(bangor, theirs));

        TestDesk desk(cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        const Record ours = newEnquiry(kCardiff, u"Council tax bill query"_qs);
        QVERIFY(saveAndSync(desk, ours));
        QVERIFY(desk.syncUntilOk());
        QVERIFY(desk.reader().record(ours.id));
        QVERIFY(!desk.reader().record(theirs.id));
        const qint64 people = desk.reader().counts().people;
        QCOMPARE(desk.reader().cacheScope(), (DeskScope{u"counter"_qs, kCardiff}));

        // Offline, counter1 edits Cardiff's enquiry; then Bangor's counter signs in on this PC.
        desk.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        QSignalSpy failed(&desk.engine, &SyncEngine::cycleFinished);
        desk.engine.saveRecord(edited(desk, ours.id, u"priority"_qs, u"high"_qs));
        QCOMPARE(desk.reader().counts().pending, 1);
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, Test::kDeskWaitMs));
        QVERIFY(!failed.at(0).at(0).toBool()); // the sync that followed the edit found no centre
        QSignalSpy changed(&desk.engine, &SyncEngine::recordsChanged);
        desk.engine.signOut();
        QVERIFY(desk.signIn(server.baseUrl(), u"counter9"_qs, u"counter9-demo"_qs));
        QVERIFY(desk.syncUntilOk());
        // Cardiff's enquiry is gone from the cache, Bangor's has come; the people stayed.
        QVERIFY(!desk.reader().record(ours.id));
        QCOMPARE(desk.reader().record(theirs.id)->value(u"summary"_qs), u"Blue badge renewal"_qs);
        QCOMPARE(desk.reader().counts().people, people);
        QCOMPARE(desk.reader().cacheScope(), (DeskScope{u"counter"_qs, kBangor}));
        QVERIFY(!changed.isEmpty());
        // The pending edit was not thrown away: it went to the centre, which judged it (Bangor's
        // counter may not change Cardiff's enquiry), and it is kept aside with the reason.
        QCOMPARE(desk.reader().counts().pending, 0);
        QCOMPARE(desk.reader().counts().rejected, 1);
        QVERIFY(rejectedReasons(desk.cachePath).at(0).contains(u"another office"));

        // counter1 signs in again: back to Cardiff's records.
        desk.engine.signOut();
        QVERIFY(desk.signIn(server.baseUrl()));
        QVERIFY(desk.syncUntilOk());
        QVERIFY(desk.reader().record(ours.id));
        QVERIFY(!desk.reader().record(theirs.id));

        // An administrator moves counter1 to Bangor while the desk is signed in: the centre's
        // next page says so, and the desk follows without anyone signing in again.
        server.stop();
        QVERIFY2(startServer(server, kBangor), qPrintable(server.errorString()));
        desk.engine.setServer(server.baseUrl());
        QVERIFY(desk.syncUntilOk());
        QVERIFY(!desk.reader().record(ours.id));
        QVERIFY(desk.reader().record(theirs.id));
        QCOMPARE(desk.reader().cacheScope(), (DeskScope{u"counter"_qs, kBangor}));
        QCOMPARE(desk.reader().counts().people, people);
    }
};

QTEST_GUILESS_MAIN(TestScopeEndToEnd)
#include "tst_scope_e2e.moc"
