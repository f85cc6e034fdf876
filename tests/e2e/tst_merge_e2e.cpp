// Merging duplicate records between real desks and the real firststop-server process (SQLite and
// PostgreSQL): a team lead's merge at one desk reaches another desk (the duplicate leaves the
// search, its old reference leads to the survivor, its history moves), a clerk is refused by the
// centre, and a desk that edited the duplicate offline loses nothing when it comes back.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "models/EntityType.h"
#include "tests/support/ServerProcess.h"

#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::TestDesk;

namespace {

const QString kOffice = u"Cardiff Central"_qs;
const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);

Record newEnquiry(const QUuid &person, const QString &summary)
{
    return {kEnquiry,
            QUuid::createUuid(),
            0,
            {{u"person_id"_qs, person.toString(QUuid::WithoutBraces)},
             {u"office"_qs, kOffice},
             {u"channel"_qs, u"face_to_face"_qs},
             {u"category"_qs, u"lgsl:1"_qs},
             {u"summary"_qs, summary},
             {u"status"_qs, u"open"_qs},
             {u"opened_at"_qs, u"2026-11-23T09:30:00.000Z"_qs}}};
}

bool savePerson(TestDesk &desk, const Person &p)
{
    QSignalSpy saved(&desk.engine, &SyncEngine::personSaved);
    desk.engine.savePerson(p);
    return saved.size() == 1;
}

bool saveRecord(TestDesk &desk, const Record &r)
{
    QSignalSpy saved(&desk.engine, &SyncEngine::recordSaved);
    desk.engine.saveRecord(r);
    return saved.size() == 1;
}

// Asks the desk's engine to merge and waits for the answer: the result, or the message.
std::optional<Wire::MergeResult> merge(TestDesk &desk, const QUuid &survivor, const QUuid &merged,
                                       QString *message = nullptr)
{
    QSignalSpy finished(&desk.engine, &SyncEngine::mergeFinished);
    QSignalSpy failed(&desk.engine, &SyncEngine::mergeFailed);
    desk.engine.mergePeople(survivor, merged, {});
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); },
                         Test::kDeskWaitMs)) {
        return std::nullopt;
    }
    if (!failed.isEmpty()) {
        if (message) {
            *message = failed.at(0).at(2).toString();
        }
        return std::nullopt;
    }
    return finished.at(0).at(0).value<Wire::MergeResult>();
}

Person sianSurvivor()
{
    Person p = Test::newTestPerson(u"Siân"_qs, u"Ap Rhys"_qs);
    p.email = u"sian@example.org"_qs;
    p.phone.clear();
    return p;
}

Person sianDuplicate()
{
    Person p = Test::newTestPerson(u"Sian"_qs, u"ap Rhys"_qs);
    p.phone = u"029 2087 1234"_qs;
    p.email = u"sian.old@example.org"_qs;
    return p;
}

} // namespace

class TestMergeEndToEnd : public QObject
{
    Q_OBJECT

private:
    Test::BackendFiles m_files;

    // A centre, and two desks signed in and synced: a counter clerk's and a team lead's.
    bool startWithTwoDesks(ServerProcess &server, TestDesk &clerk, TestDesk &lead)
    {
        const QString db = m_files.freshDatabase();
        return !db.isEmpty() && server.start(db, {u"--demo-users"_qs}) && clerk.open() &&
               lead.open() && clerk.signIn(server.baseUrl()) &&
               lead.signIn(server.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs);
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

    void cleanup() { m_files.reset(); }

    void aLeadsMergeReachesTheOtherDesk()
    {
        ServerProcess server;
        TestDesk clerk(m_files.cachePath());
        TestDesk lead(m_files.cachePath());
        QVERIFY2(startWithTwoDesks(server, clerk, lead), qPrintable(server.errorString()));

        // The clerk has made the same resident twice, with an enquiry on the second record.
        const Person a = sianSurvivor();
        const Person b = sianDuplicate();
        const Record enquiry = newEnquiry(b.id, u"Council tax bill query"_qs);
        QVERIFY(savePerson(clerk, a));
        QVERIFY(savePerson(clerk, b));
        QVERIFY(saveRecord(clerk, enquiry));
        QVERIFY(clerk.syncUntilOk());
        QCOMPARE(clerk.reader().counts().pending, 0);
        const QString oldReference = clerk.reader().person(b.id)->reference;
        QVERIFY(lead.syncUntilOk());
        QVERIFY(lead.reader().person(b.id));

        // The clerk may not merge: the centre refuses, whatever the desk shows.
        QString message;
        QVERIFY(!merge(clerk, a.id, b.id, &message));
        QVERIFY2(message.contains(u"team lead"), qPrintable(message));

        // The lead merges; the lead's own desk pulls it at once.
        QSignalSpy leadSynced(&lead.engine, &SyncEngine::cycleFinished);
        const auto merged = merge(lead, a.id, b.id, &message);
        QVERIFY2(merged, qPrintable(message));
        QCOMPARE(merged->recordsMoved, 1);
        QCOMPARE(merged->mergedBy, u"lead1"_qs);
        QVERIFY(QTest::qWaitFor([&] { return !leadSynced.isEmpty(); }, Test::kDeskWaitMs));
        QVERIFY(!lead.reader().person(b.id));

        // The clerk's desk hears of it with its next sync.
        QVERIFY(clerk.syncUntilOk());
        LocalStore &store = clerk.reader();
        QVERIFY(!store.person(b.id)); // no longer a separate person
        const auto redirect = store.redirect(b.id);
        QVERIFY(redirect);
        QCOMPARE(redirect->mergedInto, a.id);
        QCOMPARE(redirect->reference, oldReference);
        QCOMPARE(store.currentPerson(b.id)->id, a.id); // an old id leads to the survivor
        const Person survivor = *store.person(a.id);
        QCOMPARE(survivor.givenName, u"Siân"_qs);                     // the survivor's own value
        QCOMPARE(survivor.email, u"sian@example.org"_qs);             // kept over the duplicate's
        QCOMPARE(survivor.phone, u"029 2087 1234"_qs);                // a blank filled
        QCOMPARE(store.recordsForPerson(a.id, {kEnquiry}).size(), 1); // the history moved
        QVERIFY(store.recordsForPerson(b.id).isEmpty());
        QCOMPARE(store.mergedInto(a.id).size(), 1);
        QCOMPARE(store.mergedInto(a.id).at(0).reference, oldReference);

        // Search: one Siân Ap Rhys, and the old reference (from a slip) finds her, saying why.
        for (const PersonMatch &m : store.search(u"sian ap rhys"_qs, 20)) {
            QVERIFY(m.person.id != b.id);
        }
        const QList<PersonMatch> byOldReference = store.search(oldReference, 5);
        QVERIFY(!byOldReference.isEmpty());
        QCOMPARE(byOldReference.at(0).person.id, a.id);
        QVERIFY2(byOldReference.at(0).reason.contains(oldReference),
                 qPrintable(byOldReference.at(0).reason));
    }

    void anOfflineEditOfTheDuplicateIsNotLost()
    {
        ServerProcess server;
        TestDesk clerk(m_files.cachePath());
        TestDesk lead(m_files.cachePath());
        QVERIFY2(startWithTwoDesks(server, clerk, lead), qPrintable(server.errorString()));
        const Person a = sianSurvivor();
        const Person b = sianDuplicate();
        QVERIFY(savePerson(clerk, a));
        QVERIFY(savePerson(clerk, b));
        QVERIFY(clerk.syncUntilOk());
        QVERIFY(lead.syncUntilOk());

        // The clerk's desk loses the network and, offline, corrects the duplicate's phone and
        // e-mail and logs an enquiry on it.
        clerk.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        Person offlineEdit = *clerk.reader().person(b.id);
        offlineEdit.phone = u"07700 900999"_qs;
        offlineEdit.email = u"sian@desk.example.org"_qs;
        offlineEdit.address = u"3 Quay Street"_qs;
        QVERIFY(savePerson(clerk, offlineEdit));
        const Record enquiry = newEnquiry(b.id, u"Housing repair"_qs);
        QVERIFY(saveRecord(clerk, enquiry));

        // Meanwhile the lead corrects the survivor's e-mail and merges.
        Person corrected = *lead.reader().person(a.id);
        corrected.email = u"sian@new.example.org"_qs;
        QVERIFY(savePerson(lead, corrected));
        QVERIFY(lead.syncUntilOk());
        QString message;
        QVERIFY2(merge(lead, a.id, b.id, &message), qPrintable(message));

        // The clerk comes back: the phone and address land on the survivor, the e-mail both
        // desks changed is a conflict on the survivor, the enquiry joins her history.
        clerk.engine.setServer(server.baseUrl());
        QVERIFY(clerk.syncUntilOk());
        LocalStore &store = clerk.reader();
        QCOMPARE(store.counts().pending, 0);
        QCOMPARE(store.counts().rejected, 0);
        QVERIFY(!store.person(b.id));
        const Person survivor = *store.person(a.id);
        QCOMPARE(survivor.phone, u"07700 900999"_qs);
        QCOMPARE(survivor.address, u"3 Quay Street"_qs);
        QCOMPARE(survivor.email, u"sian@new.example.org"_qs);
        const QList<ConflictRecord> conflicts = store.openConflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.at(0).personId, a.id);
        QCOMPARE(conflicts.at(0).field, u"email"_qs);
        QCOMPARE(conflicts.at(0).deskValue.toString(), u"sian@desk.example.org"_qs);
        QCOMPARE(conflicts.at(0).centreValue.toString(), u"sian@new.example.org"_qs);
        QCOMPARE(store.record(enquiry.id)->value(u"person_id"_qs).toString(),
                 a.id.toString(QUuid::WithoutBraces));
        QCOMPARE(store.recordsForPerson(a.id, {kEnquiry}).size(), 1);

        // The other desk sees the same.
        QVERIFY(lead.syncUntilOk());
        QCOMPARE(lead.reader().person(a.id)->phone, u"07700 900999"_qs);
        QCOMPARE(lead.reader().recordsForPerson(a.id, {kEnquiry}).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMergeEndToEnd)
#include "tst_merge_e2e.moc"
