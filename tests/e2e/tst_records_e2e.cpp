// Enquiries and their notes between real desks and the real firststop-server process (SQLite and
// PostgreSQL): logged offline, merged field by field, the same field a conflict a person
// resolves, every note kept, and the roles kept at the centre.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::TestDesk;

namespace {

const QString kOffice = u"Cardiff Central"_qs;
const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);
const QString kNote = QString::fromUtf16(kTypeEnquiryNote);

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

Record newEnquiry(const QUuid &person)
{
    return {kEnquiry,
            QUuid::createUuid(),
            0,
            {{u"person_id"_qs, idText(person)},
             {u"office"_qs, kOffice},
             {u"channel"_qs, u"face_to_face"_qs},
             {u"category"_qs, u"lgsl:1"_qs},
             {u"summary"_qs, u"Council tax bill query"_qs},
             {u"status"_qs, u"open"_qs},
             {u"opened_at"_qs, u"2026-11-23T09:30:00.000Z"_qs}}};
}

Record newNote(const Record &enquiry, const QString &text)
{
    return {kNote,
            QUuid::createUuid(),
            0,
            {{u"enquiry_id"_qs, idText(enquiry.id)},
             {u"person_id"_qs, enquiry.value(u"person_id"_qs)},
             {u"office"_qs, kOffice},
             {u"text"_qs, text},
             {u"created_at"_qs, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}}};
}

QStringList noteTexts(TestDesk &desk, const Record &enquiry)
{
    QStringList texts;
    for (const Record &n :
         desk.reader().recordsWhere(kNote, u"enquiry_id"_qs, idText(enquiry.id))) {
        texts.append(n.value(u"text"_qs).toString());
    }
    texts.sort();
    return texts;
}

QString accessToken(const ServerProcess &server, const QString &user, const QString &password)
{
    const Test::HttpReply r = Test::httpPost(server.url(u"/auth/login"_qs),
                                             Wire::encode(Wire::LoginRequest{user, password, {}}));
    const auto tokens = Wire::decodeAuthTokens(r.body, nullptr);
    return tokens ? tokens->accessToken : QString();
}

} // namespace

class TestRecordsEndToEnd : public QObject
{
    Q_OBJECT

private:
    Test::BackendFiles m_files;

    QString cachePath() { return m_files.cachePath(); }

    bool startServer(ServerProcess &server)
    {
        const QString db = m_files.freshDatabase();
        QStringList args{u"--demo-users"_qs};
        args +=
            ServerProcess::addUserArgs(u"counter2"_qs, u"counter2-demo"_qs, u"counter"_qs, kOffice);
        args += ServerProcess::addUserArgs(u"counter9"_qs, u"counter9-demo"_qs, u"counter"_qs,
                                           u"Swansea"_qs);
        return !db.isEmpty() && server.start(db, args);
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

    void enquiryLoggedOfflineMergesAtTwoDesks()
    {
        ServerProcess server;
        QVERIFY2(startServer(server), qPrintable(server.errorString()));
        TestDesk a(cachePath());
        TestDesk b(cachePath());
        QVERIFY(a.open() && b.open());
        QVERIFY(a.signIn(server.baseUrl()));
        QVERIFY(b.signIn(server.baseUrl(), u"counter2"_qs, u"counter2-demo"_qs));

        // Desk A loses the network and logs an enquiry with a note.
        a.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        const QUuid person = QUuid::createUuid();
        const Record enquiry = newEnquiry(person);
        QSignalSpy saved(&a.engine, &SyncEngine::recordSaved);
        QSignalSpy changed(&a.engine, &SyncEngine::recordsChanged);
        a.engine.saveRecord(enquiry);
        a.engine.saveRecord(newNote(enquiry, u"Resident brought the bill"_qs));
        QCOMPARE(saved.size(), 2); // kept on the desk at once, network or not
        QCOMPARE(changed.size(), 2);
        QCOMPARE(a.reader().counts().pending, 2);
        QCOMPARE(a.reader().recordsForPerson(person, {kEnquiry}).size(), 1); // in their history
        QVERIFY(b.syncOnce());
        QVERIFY(!b.reader().record(enquiry.id));

        // The network is back: both reach the centre, and desk B.
        a.engine.setServer(server.baseUrl());
        QVERIFY(a.syncUntilOk());
        QCOMPARE(a.reader().counts().pending, 0);
        QVERIFY(a.reader().record(enquiry.id)->version > 0);
        const QList<Record> firstNotes =
            a.reader().recordsWhere(kNote, u"enquiry_id"_qs, idText(enquiry.id));
        QCOMPARE(firstNotes.size(), 1);
        QCOMPARE(firstNotes.at(0).value(u"created_by"_qs), u"counter1"_qs); // the centre's word
        QSignalSpy bChanged(&b.engine, &SyncEngine::recordsChanged);
        QVERIFY(b.syncOnce());
        QVERIFY(b.reader().record(enquiry.id));
        QCOMPARE(noteTexts(b, enquiry), QStringList{u"Resident brought the bill"_qs});
        QVERIFY(!bChanged.isEmpty());

        // Different fields at the two desks, neither having seen the other's edit: both kept.
        // Each adds a note too.
        QVERIFY(saveAndSync(a, edited(a, enquiry.id, u"category"_qs, u"lgsl:7"_qs)));
        QVERIFY(saveAndSync(b, edited(b, enquiry.id, u"priority"_qs, u"high"_qs)));
        QVERIFY(saveAndSync(a, newNote(enquiry, u"Called the billing team"_qs)));
        QVERIFY(saveAndSync(b, newNote(enquiry, u"Resident rang back"_qs)));
        QVERIFY(a.syncUntilOk());
        QVERIFY(b.syncUntilOk());
        for (TestDesk *desk : {&a, &b}) {
            const Record r = *desk->reader().record(enquiry.id);
            QCOMPARE(r.value(u"category"_qs), u"lgsl:7"_qs);
            QCOMPARE(r.value(u"priority"_qs), u"high"_qs);
            QCOMPARE(noteTexts(*desk, enquiry),
                     (QStringList{u"Called the billing team"_qs, u"Resident brought the bill"_qs,
                                  u"Resident rang back"_qs}));
            QCOMPARE(desk->reader().counts().conflicts, 0);
            QCOMPARE(desk->reader().counts().pending, 0);
        }

        // The same field at both: the second desk gets a conflict, shown with both values.
        QVERIFY(saveAndSync(a, edited(a, enquiry.id, u"handled_by"_qs, u"Ann"_qs)));
        QVERIFY(saveAndSync(b, edited(b, enquiry.id, u"handled_by"_qs, u"Bea"_qs)));
        QVERIFY(b.syncUntilOk());
        QCOMPARE(b.reader().counts().conflicts, 1);
        const QList<ConflictRecord> conflicts = b.reader().openConflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.at(0).entityType, kEnquiry);
        QCOMPARE(conflicts.at(0).personName, u"Council tax bill query"_qs);
        QCOMPARE(conflicts.at(0).field, u"handled_by"_qs);
        QCOMPARE(conflicts.at(0).deskValue, u"Bea"_qs);
        QCOMPARE(conflicts.at(0).centreValue, u"Ann"_qs);
        QCOMPARE(b.reader().record(enquiry.id)->value(u"handled_by"_qs), u"Ann"_qs);

        // A person at desk B keeps B's value: it reaches the centre and desk A.
        QSignalSpy conflictsReady(&b.engine, &SyncEngine::conflictsReady);
        b.engine.resolveConflict(conflicts.at(0).id, true);
        QVERIFY(b.syncUntilOk());
        QVERIFY(a.syncUntilOk());
        QCOMPARE(a.reader().record(enquiry.id)->value(u"handled_by"_qs), u"Bea"_qs);
        QCOMPARE(b.reader().counts().conflicts, 0);

        // The person's history at desk B: the enquiry and its notes, newest first.
        QSignalSpy history(&b.engine, &SyncEngine::personHistoryReady);
        b.engine.requestPersonHistory(person);
        QCOMPARE(history.size(), 1);
        const auto records = history.at(0).at(1).value<QList<Record>>();
        QCOMPARE(records.size(), 4);
        QCOMPARE(records.last().id, enquiry.id); // made first, so last
    }

    void anEnquirysHistoryFromTwoDesksIsKeptWhole()
    {
        // Desk A opens an enquiry offline and pauses the clock while the resident fetches a
        // letter; desk B, who takes it over, resumes and resolves it. Every entry of its history
        // reaches both desks, each stamped with who made it, and the handling time agrees.
        ServerProcess server;
        QVERIFY2(startServer(server), qPrintable(server.errorString()));
        TestDesk a(cachePath());
        TestDesk b(cachePath());
        QVERIFY(a.open() && b.open());
        QVERIFY(a.signIn(server.baseUrl()));
        QVERIFY(b.signIn(server.baseUrl(), u"counter2"_qs, u"counter2-demo"_qs));
        const Record record = newEnquiry(QUuid::createUuid());
        Enquiry e = Enquiry::fromFields(record.id, record.data);
        const QDateTime opened = e.openedAt;
        const auto saveEvent = [&e](TestDesk &desk, const EnquiryEvent &event) {
            desk.engine.saveRecord(Record{QString::fromUtf16(kTypeEnquiryEvent),
                                          QUuid::createUuid(), 0, eventRecordFields(e, event)});
        };
        a.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        a.engine.saveRecord(record);
        saveEvent(a, {EnquiryEvent::Type::Opened, opened, {}, {}, u"open"_qs, {}});
        saveEvent(a, {EnquiryEvent::Type::Paused, opened.addSecs(120), {}, {}, {}, {}});
        QCOMPARE(a.reader().counts().pending, 3);
        a.engine.setServer(server.baseUrl());
        QVERIFY(a.syncUntilOk());
        QVERIFY(b.syncUntilOk());
        QCOMPARE(
            b.reader()
                .recordsWhere(QString::fromUtf16(kTypeEnquiryEvent), u"enquiry_id"_qs, idText(e.id))
                .size(),
            2);
        saveEvent(b, {EnquiryEvent::Type::Resumed, opened.addSecs(420), {}, {}, {}, {}});
        saveEvent(b, {EnquiryEvent::Type::StatusChanged,
                      opened.addSecs(900),
                      {},
                      u"open"_qs,
                      u"resolved"_qs,
                      {}});
        QVERIFY(b.syncUntilOk());
        QVERIFY(a.syncUntilOk());
        for (TestDesk *desk : {&a, &b}) {
            QList<EnquiryEvent> history;
            QStringList by;
            for (const Record &r : desk->reader().recordsWhere(
                     QString::fromUtf16(kTypeEnquiryEvent), u"enquiry_id"_qs, idText(e.id))) {
                history.append(EnquiryEvent::fromJson(r.data));
                by.append(r.value(u"by"_qs).toString());
            }
            QCOMPARE(history.size(), 4);
            // 15 minutes from opening to resolving, less the 5 the clock was paused.
            QCOMPARE(EnquiryRules::handlingSeconds(history, opened.addDays(1)), 10 * 60);
            by.sort();
            QCOMPARE(by, (QStringList{u"counter1"_qs, u"counter1"_qs, u"counter2"_qs,
                                      u"counter2"_qs})); // the centre's word, not the desk's
            QCOMPARE(desk->reader().counts().conflicts, 0);
        }
    }

    void rolesAndOfficesAreKeptAtTheCentre()
    {
        ServerProcess server;
        QVERIFY2(startServer(server), qPrintable(server.errorString()));

        // The service catalogue is the team leads': a counter is refused with 403, whole batch.
        const Record category{QString::fromUtf16(kTypeServiceCategory),
                              QUuid::createUuid(),
                              0,
                              {{u"key"_qs, u"lgsl:1"_qs}, {u"label"_qs, u"Council tax"_qs}}};
        Wire::MutationBatch batch{QUuid::createUuid(),
                                  {{QUuid::createUuid(), category.type, Wire::MutationOp::Upsert,
                                    category.id, 0, category.data}}};
        const QString counterToken = accessToken(server, u"counter1"_qs, u"counter1-demo"_qs);
        QVERIFY(!counterToken.isEmpty());
        const Test::HttpReply refused =
            Test::httpPost(server.url(u"/mutations"_qs), Wire::encode(batch), counterToken);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.errorCode(), u"forbidden"_qs);

        // At a counter desk the refused edit is set aside and shown; what follows still goes.
        TestDesk counter(cachePath());
        QVERIFY(counter.open());
        QVERIFY(counter.signIn(server.baseUrl()));
        QVERIFY(saveAndSync(counter, category));
        const Record enquiry = newEnquiry(QUuid::createUuid());
        QVERIFY(saveAndSync(counter, enquiry));
        QVERIFY(counter.syncUntilOk());
        QCOMPARE(counter.reader().counts().rejected, 1);
        QCOMPARE(counter.reader().counts().pending, 0);
        QVERIFY(counter.reader().record(enquiry.id)->version > 0);

        // A team lead may; then every desk, in any office, has the catalogue.
        TestDesk lead(cachePath());
        QVERIFY(lead.open());
        QVERIFY(lead.signIn(server.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs));
        Record leadCategory = category;
        leadCategory.id = QUuid::createUuid();
        QVERIFY(saveAndSync(lead, leadCategory));
        QVERIFY(lead.syncUntilOk());
        QCOMPARE(lead.reader().counts().rejected, 0);
        QVERIFY(lead.reader().record(leadCategory.id)->version > 0);

        TestDesk swansea(cachePath());
        QVERIFY(swansea.open());
        QVERIFY(swansea.signIn(server.baseUrl(), u"counter9"_qs, u"counter9-demo"_qs));
        QVERIFY(swansea.reader().record(leadCategory.id));
        // Cardiff's enquiries stay at Cardiff's desks.
        QVERIFY(!swansea.reader().record(enquiry.id));
        QVERIFY(counter.syncOnce());
        QVERIFY(counter.reader().record(leadCategory.id));
    }
};

QTEST_GUILESS_MAIN(TestRecordsEndToEnd)
#include "tst_records_e2e.moc"
