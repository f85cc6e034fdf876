// The people snapshot a new desk starts from (server/PeopleSnapshot.h), on SQLite and PostgreSQL:
// built in the background from one read snapshot of the database, taken whole by an empty desk
// cache (models/LocalStore::adoptSnapshot), after which the desk pulls only what it lacks: the
// people changed since, and every record (which the snapshot does not hold).
#include "BackendFixture.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "models/LocalStore.h"
#include "server/Database.h"
#include "server/PeopleSnapshot.h"
#include "server/RequestParsing.h"
#include "server/SyncService.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const QString kOffice = QStringLiteral("Cardiff Central");
const Wire::UserInfo kCounter{QStringLiteral("counter1"), QStringLiteral("Counter 1"),
                              QStringLiteral("counter"), kOffice};

std::optional<qint64> pushOne(SyncService &sync, const QString &type, const QUuid &id, qint64 base,
                              const QJsonObject &fields)
{
    QString error;
    const auto results =
        sync.apply({QUuid::createUuid(),
                    {{QUuid::createUuid(), type, Wire::MutationOp::Upsert, id, base, fields}}},
                   kCounter, &error);
    if (!results || results->size() != 1 ||
        results->at(0).status != Wire::MutationStatus::Applied) {
        qWarning("push failed: %s", qPrintable(error));
        return std::nullopt;
    }
    return results->at(0).version;
}

// Pulls as the desk's sync engine does after a snapshot: from its cursor, telling the centre
// which people it has.
bool pullInto(SyncService &sync, LocalStore &desk, QList<Wire::Change> *seen)
{
    for (int guard = 0; guard < 1000; ++guard) {
        QString error;
        const auto page = sync.changes(desk.cursor(), 50, kCounter, &error, desk.peopleThrough());
        if (!page || !desk.applyChangePage(*page, &error)) {
            qWarning("pull failed: %s", qPrintable(error));
            return false;
        }
        seen->append(page->changes);
        if (!page->more) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestPeopleSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anEmptyDeskTakesTheSnapshotThenPullsOnlyWhatCameAfter_data()
    {
        Test::BackendFixture::addRows();
    }
    void anEmptyDeskTakesTheSnapshotThenPullsOnlyWhatCameAfter()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        QString error;
        QCOMPARE(sync.seedDemo(1200, &error).value_or(-1), 1200);
        // An enquiry made before the snapshot: not in it, so the desk must still pull it.
        const QUuid enquiry = QUuid::createUuid();
        QVERIFY(pushOne(sync, QString::fromUtf16(kTypeEnquiry), enquiry, 0,
                        {{u"office"_qs, kOffice},
                         {u"channel"_qs, u"face_to_face"_qs},
                         {u"category"_qs, u"lgsl:1"_qs},
                         {u"summary"_qs, u"Blue badge renewal"_qs},
                         {u"status"_qs, u"open"_qs},
                         {u"opened_at"_qs, u"2026-11-23T09:30:00.000Z"_qs}}));
        const qint64 before = sync.latestSeq(&error).value_or(-1);

        QTemporaryDir dir;
        PeopleSnapshot snapshot(*DatabaseConfig::parse(fixture.url(), &error), dir.path());
        snapshot.setMinimumPeople(1000);
        QSignalSpy built(&snapshot, &PeopleSnapshot::built);
        snapshot.refresh(before);
        QVERIFY(snapshot.building());
        // Writers go on while it is built: a person added now is after its seq, not in it.
        const QUuid late = QUuid::createUuid();
        QVERIFY(pushOne(sync, QString::fromUtf16(Wire::kTypePerson), late, 0,
                        {{u"given_name"_qs, u"Siân"_qs},
                         {u"family_name"_qs, u"Ap Rhys"_qs},
                         {u"date_of_birth"_qs, u"1979-04-02"_qs}}));
        QVERIFY(built.wait(60000));
        const SnapshotFile file = *snapshot.current();
        // Which of the two it holds depends on which committed first; it is never half of one.
        QVERIFY(file.throughSeq == before || file.throughSeq == before + 1);
        QCOMPARE(file.people, file.throughSeq == before ? 1200 : 1201);
        QVERIFY(file.bytes > 0);

        // A person changed after the snapshot was taken.
        QList<Wire::Change> all;
        {
            const auto page = sync.changes(0, 1, kCounter, &error);
            QVERIFY(page && !page->changes.isEmpty());
            all = page->changes;
        }
        const QUuid edited = all.first().id;
        QVERIFY(pushOne(sync, QString::fromUtf16(Wire::kTypePerson), edited, all.first().seq,
                        {{u"phone"_qs, u"029 2087 2000"_qs}}));

        QTemporaryDir deskDir;
        LocalStore desk;
        QVERIFY(desk.open(deskDir.filePath(u"desk.db"_qs), &error));
        const QUuid clientId = desk.clientId();
        QVERIFY(desk.canAdoptSnapshot());
        QVERIFY2(desk.adoptSnapshot(file.path, &error), qPrintable(error));
        QCOMPARE(desk.counts().people, file.people);
        QCOMPARE(desk.peopleThrough(), file.throughSeq);
        QCOMPARE(desk.clientId(), clientId); // the desk is still itself to the centre
        QVERIFY(!desk.canAdoptSnapshot());
        // The search index came with it.
        const auto someone = desk.person(edited);
        QVERIFY(someone);
        const auto found = desk.search(someone->familyName + u' ' + someone->givenName, 50);
        QVERIFY(std::any_of(found.begin(), found.end(),
                            [&](const PersonMatch &m) { return m.person.id == edited; }));

        QList<Wire::Change> pulled;
        QVERIFY(pullInto(sync, desk, &pulled));
        // Only the enquiry, the edit and (if the snapshot was before it) the late person: none of
        // the people the snapshot brought comes again.
        QSet<QUuid> ids;
        for (const Wire::Change &c : pulled) {
            QVERIFY(c.type != Wire::kTypePerson || c.seq > file.throughSeq);
            ids.insert(c.id);
        }
        QCOMPARE(pulled.size(), file.throughSeq == before ? 3 : 2);
        QVERIFY(ids.contains(enquiry));
        QVERIFY(ids.contains(edited));
        QCOMPARE(desk.counts().people, 1201);
        QCOMPARE(desk.person(edited)->phone, u"029 2087 2000"_qs);
        QCOMPARE(desk.person(late)->familyName, u"Ap Rhys"_qs);
        QVERIFY(desk.record(enquiry));
        QVERIFY(desk.cursor() >= before); // people_through is behind it now
    }

    void aDamagedSnapshotIsRefusedAndTheDeskStaysEmpty()
    {
        QTemporaryDir dir;
        QString error;
        const QString centre = u"sqlite:"_qs + dir.filePath(u"centre.db"_qs);
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(centre, &error), &error) && db.migrate(&error));
        SyncService sync(db);
        QVERIFY(sync.seedDemo(300, &error));
        PeopleSnapshot snapshot(*DatabaseConfig::parse(centre, &error), dir.filePath(u"s"_qs));
        snapshot.setMinimumPeople(1);
        QSignalSpy built(&snapshot, &PeopleSnapshot::built);
        snapshot.refresh(sync.latestSeq(&error).value_or(0));
        QVERIFY(built.wait(60000));
        const QString good = snapshot.current()->path;

        // Cut short, as a dropped download would leave it.
        const QString cut = dir.filePath(u"cut.fscache"_qs);
        QVERIFY(QFile::copy(good, cut));
        {
            QFile f(cut);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() - 4096));
        }
        // Not a database at all.
        const QString garbage = dir.filePath(u"garbage.fscache"_qs);
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(50000, 'x'));
        }
        LocalStore desk;
        QVERIFY(desk.open(dir.filePath(u"desk.db"_qs), &error));
        for (const QString &bad : {cut, garbage}) {
            QVERIFY(!desk.adoptSnapshot(bad, &error));
            QVERIFY2(error.contains(u"not usable"), qPrintable(error));
            QCOMPARE(desk.counts().people, 0);
            QVERIFY(desk.canAdoptSnapshot());
        }
        // A desk with work of its own is never replaced.
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Zoë"_qs;
        p.familyName = u"O'Brien-Nwosu"_qs;
        QVERIFY(desk.saveLocalEdit(p, &error));
        QVERIFY(!desk.canAdoptSnapshot());
        QVERIFY(!desk.adoptSnapshot(good, &error));
        QCOMPARE(desk.counts().people, 1);
        QCOMPARE(desk.counts().pending, 1);
        // The same good file is fine for an empty desk.
        LocalStore fresh;
        QVERIFY(fresh.open(dir.filePath(u"fresh.db"_qs), &error));
        QVERIFY2(fresh.adoptSnapshot(good, &error), qPrintable(error));
        QCOMPARE(fresh.counts().people, 300);
    }

    // How the centre reads a desk's Range and If-Match (server/RequestParsing.h, RFC 9110).
    void rangesAreReadAsTheRfcSays()
    {
        using Kind = ByteRange::Kind;
        const auto r = [](const char *header, qint64 size) {
            return parseByteRange(QByteArray(header), size);
        };
        QCOMPARE(r("bytes=0-99", 1000).kind, Kind::Satisfiable);
        QCOMPARE(r("bytes=0-99", 1000).last, 99);
        QCOMPARE(r("bytes=900-", 1000).first, 900);
        QCOMPARE(r("bytes=900-", 1000).last, 999);
        QCOMPARE(r("bytes=900-5000", 1000).last, 999); // past the end: up to it
        QCOMPARE(r("bytes=-100", 1000).first, 900);    // the last 100
        QCOMPARE(r("bytes=-5000", 1000).first, 0);
        QCOMPARE(r("bytes=1000-", 1000).kind, Kind::Unsatisfiable);
        QCOMPARE(r("bytes=-0", 1000).kind, Kind::Unsatisfiable);
        for (const char *ignored : {"", "bytes=5-1", "bytes=0-1,5-9", "items=0-9", "bytes=a-9",
                                    "bytes=+1-9", "bytes= 1 - 9", "bytes=99999999999999999999-"}) {
            QVERIFY2(r(ignored, 1000).kind == Kind::Ignored, ignored);
        }
        QVERIFY(entityTagMatches("\"12-ab\"", "\"12-ab\""));
        QVERIFY(entityTagMatches("\"x\", \"12-ab\"", "\"12-ab\""));
        QVERIFY(entityTagMatches("*", "\"12-ab\""));
        QVERIFY(!entityTagMatches("W/\"12-ab\"", "\"12-ab\"")); // weak: not the same bytes
        QVERIFY(!entityTagMatches("\"12-ac\"", "\"12-ab\""));
    }

    void tooFewPeopleMakeNoSnapshot()
    {
        QTemporaryDir dir;
        QString error;
        const QString centre = u"sqlite:"_qs + dir.filePath(u"centre.db"_qs);
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(centre, &error), &error) && db.migrate(&error));
        SyncService sync(db);
        QVERIFY(sync.seedDemo(50, &error));
        PeopleSnapshot snapshot(*DatabaseConfig::parse(centre, &error), dir.filePath(u"s"_qs));
        snapshot.setMinimumPeople(100);
        snapshot.refresh(sync.latestSeq(&error).value_or(0));
        QTRY_VERIFY(!snapshot.building());
        QVERIFY(!snapshot.current());
    }
};

QTEST_GUILESS_MAIN(TestPeopleSnapshot)
#include "tst_peoplesnapshot.moc"
