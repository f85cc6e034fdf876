#include "BackendFixture.h"
#include "models/Csv.h"
#include "server/Database.h"
#include "server/PersonImport.h"
#include "server/SyncService.h"

#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const QDate kToday(2026, 11, 23);

PersonImport::Options options(int batchSize = 1000)
{
    PersonImport::Options o;
    o.today = kToday;
    o.batchSize = batchSize;
    return o;
}

// Every person at the centre, as desks pull them.
QList<Person> pulled(SyncService &sync)
{
    QString error;
    const auto page = sync.changes(0, 100'000, &error);
    if (!page) {
        qWarning("pull failed: %s", qPrintable(error));
        return {};
    }
    QList<Person> people;
    for (const Wire::Change &c : page->changes) {
        if (c.type == u"person" && !c.deleted) {
            Person p;
            p.id = c.id;
            p.version = c.seq;
            for (auto it = c.data.begin(); it != c.data.end(); ++it) {
                p.setField(it.key(), it.value());
            }
            people.append(p);
        }
    }
    return people;
}

const Person *byFamily(const QList<Person> &people, const QString &family)
{
    for (const Person &p : people) {
        if (p.familyName == family) {
            return &p;
        }
    }
    return nullptr;
}

qint64 countRows(Database &db, const QString &table)
{
    Sql q(db, QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return q.exec(nullptr) && q.next() ? q.value(0).toLongLong() : -1;
}

// A council's export as a spreadsheet writes it: BOM, CRLF, columns in its own order and
// spelling, quoted fields with commas, line breaks and doubled quotes.
const QByteArray kExport =
    "\xEF\xBB\xBF"
    "Family Name,Given Name,Date of birth,Address line 1,Address line 2,Town,Postcode,Phone,"
    "E-mail,Legacy reference,Preferred name\r\n"
    // row 2..4: good, with odd names
    "\xC3\x93 S\xC3\xBAilleabh\xC3\xA1in,Se\xC3\xA1n,12/03/1985,\"Flat 2, T\xC3\xAD na "
    "n\xC3\x93g\","
    "Main Street,Dingle,v92 x2y3,+353 87 123 4567,sean@example.ie,OLD-0001,\r\n"
    "Ap Rhys,Si\xC3\xA2n,1990-07-01,\"1 Heol \"\"Y\"\" Bont\",,Caerdydd,cf101ab,029 2087 1234,,"
    "OLD-0002,\r\n"
    "O'Brien-Nwosu,Zo\xC3\xAB,3.4.61,\"12 Long Road\nSecond line\",,Swansea,SA1 1AA,,"
    "zoe@example.org,OLD-0003,Zo\r\n"
    // row 5: three things wrong at once
    "Murphy,Aoife,31/02/1980,,,,CF99,12345,,OLD-0004,\r\n"
    // row 6: no name, bad e-mail
    ",,,,,,,,not-an-email,OLD-0005,\r\n"
    // row 7: an unquoted comma in the address shifts every field
    "Jones,Dai,01/01/1950,1, High Street,,Cardiff,CF10 1AB,,,OLD-0006,\r\n"
    // row 8: a date in the future
    "Evans,Megan,01/01/2030,,,,,,,OLD-0007,\r\n";

} // namespace

class TestPersonImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsGoodRowsAndReportsEveryReason_data() { Test::BackendFixture::addRows(); }
    void importsGoodRowsAndReportsEveryReason()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        PersonImport import(*db, sync);
        QString error;
        const auto summary = import.run(kExport, options(), &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->rows, 7);
        QCOMPARE(summary->imported, 3);
        QCOMPARE(summary->alreadyImported, 0);
        QCOMPARE(summary->count(PersonImport::Outcome::Rejected), 4);
        QCOMPARE(summary->count(PersonImport::Outcome::Duplicate), 0);

        const auto &problems = summary->problems;
        QCOMPARE(problems.at(0).row, 5);
        QCOMPARE(problems.at(0).line, 6); // row 4's quoted address takes two lines
        QCOMPARE(problems.at(0).legacyReference, u"OLD-0004"_qs);
        QCOMPARE(problems.at(0).reasons.size(), 3);
        QVERIFY(problems.at(0).reasons.at(0).contains(u"31/02/1980"_qs));
        QVERIFY(problems.at(0).reasons.at(1).contains(u"\"CF99\""_qs));
        QVERIFY(problems.at(0).reasons.at(2).contains(u"12345"_qs));
        QCOMPARE(problems.at(1).row, 6);
        QCOMPARE(problems.at(1).reasons.size(), 2);
        QVERIFY(problems.at(1).reasons.at(0).contains(u"given name or a family name"_qs));
        QVERIFY(problems.at(1).reasons.at(1).contains(u"not-an-email"_qs));
        QCOMPARE(problems.at(2).row, 7);
        QVERIFY(problems.at(2).reasons.at(0).contains(u"12 fields where the header has 11"_qs));
        QCOMPARE(problems.at(3).row, 8);
        QVERIFY(problems.at(3).reasons.at(0).contains(u"01/01/2030"_qs));

        // The report names them for the council, accents intact.
        QString csvError;
        const auto report = Csv::read(PersonImport::report(*summary), &csvError);
        QVERIFY2(report, qPrintable(csvError));
        QCOMPARE(report->size(), 5);
        QCOMPARE(report->at(0).fields.first(), u"row"_qs);
        QCOMPARE(report->at(1).fields.mid(0, 4),
                 QStringList({u"5"_qs, u"6"_qs, u"rejected"_qs, u"OLD-0004"_qs}));
        QVERIFY(report->at(1).fields.last().contains(u"31/02/1980"_qs));

        // The good rows are people with change sequence numbers, as every desk pulls them.
        const QList<Person> people = pulled(sync);
        QCOMPARE(people.size(), 3);
        const Person *sean = byFamily(people, u"Ó Súilleabháin"_qs);
        QVERIFY(sean);
        QCOMPARE(sean->familyName.toUtf8(), QByteArray("\xC3\x93 S\xC3\xBAilleabh\xC3\xA1in"));
        QCOMPARE(sean->givenName, u"Seán"_qs);
        QCOMPARE(sean->dateOfBirth, QDate(1985, 3, 12));
        QCOMPARE(sean->address, u"Flat 2, Tí na nÓg\nMain Street\nDingle"_qs);
        QCOMPARE(sean->postcode, u"V92 X2Y3"_qs);
        QCOMPARE(sean->phone, u"+353 87 123 4567"_qs);
        QCOMPARE(sean->email, u"sean@example.ie"_qs);
        QVERIFY(sean->reference.startsWith(u"FS-"_qs));
        QVERIFY(sean->version > 0);
        const Person *sian = byFamily(people, u"Ap Rhys"_qs);
        QVERIFY(sian);
        QCOMPARE(sian->givenName.toUtf8(), QByteArray("Si\xC3\xA2n"));
        QCOMPARE(sian->address, u"1 Heol \"Y\" Bont\nCaerdydd"_qs);
        QCOMPARE(sian->postcode, u"CF10 1AB"_qs);
        const Person *zoe = byFamily(people, u"O'Brien-Nwosu"_qs);
        QVERIFY(zoe);
        QCOMPARE(zoe->givenName, u"Zoë"_qs);
        QCOMPARE(zoe->preferredName, u"Zo"_qs);
        QCOMPARE(zoe->dateOfBirth, QDate(1961, 4, 3));
        QCOMPARE(zoe->address, u"12 Long Road\nSecond line\nSwansea"_qs);
        // The former system's references are kept.
        QCOMPARE(countRows(*db, u"person_external_ref"_qs), 3);
        Sql ref(*db, u"SELECT person_id FROM person_external_ref WHERE source = 'legacy'"
                     " AND external_ref = 'OLD-0002'"_qs);
        QVERIFY(ref.exec(nullptr) && ref.next());
        QCOMPARE(QUuid::fromString(ref.value(0).toString()), sian->id);
    }

    void rerunImportsNothingTwice_data() { Test::BackendFixture::addRows(); }
    void rerunImportsNothingTwice()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        PersonImport import(*db, sync);
        QString error;
        // A row without a legacy reference is recognised by its content.
        const QByteArray csv = kExport + "Price,Tom,02/02/1972,,,,,,,,\r\n";
        const auto first = import.run(csv, options(2), &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->imported, 4);
        const QList<Person> before = pulled(sync);
        QCOMPARE(before.size(), 4);

        const auto again = import.run(csv, options(2), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->imported, 0);
        QCOMPARE(again->alreadyImported, 4);
        QCOMPARE(PersonImport::report(*again), PersonImport::report(*first)); // the same report
        QCOMPARE(pulled(sync), before); // no new change for a desk to pull
        QCOMPARE(countRows(*db, u"person_external_ref"_qs), 3);

        // A person the centre deleted since is not brought back by running the file again.
        const QUuid tom = byFamily(before, u"Price"_qs)->id;
        const auto deleted = sync.apply(
            {QUuid::createUuid(),
             {{QUuid::createUuid(), u"person"_qs, Wire::MutationOp::Delete, tom, 0, {}}}},
            {u"lead1"_qs, u"Lead"_qs, u"team_lead"_qs, u"Office"_qs}, &error);
        QVERIFY2(deleted, qPrintable(error));
        const auto third = import.run(csv, options(), &error);
        QVERIFY2(third, qPrintable(error));
        QCOMPARE(third->imported, 0);
        QCOMPARE(third->alreadyImported, 4);
        QCOMPARE(pulled(sync).size(), 3);
    }

    void duplicatesAreReportedNotDoubled_data() { Test::BackendFixture::addRows(); }
    void duplicatesAreReportedNotDoubled()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        // Already at the centre, made at a desk.
        QString error;
        Person existing;
        existing.id = QUuid::createUuid();
        existing.givenName = u"Seán"_qs;
        existing.familyName = u"Ó Murchú"_qs;
        existing.dateOfBirth = QDate(1985, 3, 12);
        QVERIFY(db->beginWrite(&error));
        const auto made = sync.insertNewPeople({existing}, u"counter1"_qs, &error);
        QVERIFY2(made && db->commit(&error), qPrintable(error));

        PersonImport import(*db, sync);
        const QByteArray csv = "legacy_reference,given_name,family_name,date_of_birth,postcode\n"
                               // the desk's person, typed without accents by the old system
                               "A1,Sean,O Murchu,12/03/1985,\n"
                               "A2,Mary,Walsh,01/05/1970,\n"
                               // the same legacy reference twice
                               "A2,Mary,Walsh,01/05/1970,\n"
                               // the same resident under another reference
                               "A3,Mary,Walsh,1970-05-01,\n"
                               // no date of birth: the same name at the same postcode
                               "A4,John,Smith,,CF10 1AB\n"
                               "A5,John,Smith,,cf101ab\n"
                               // a namesake with another date of birth is someone else
                               "A6,Mary,Walsh,02/05/1970,\n";
        const auto summary = import.run(csv, options(), &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->imported, 3); // A2, A4, A6
        QCOMPARE(summary->count(PersonImport::Outcome::Duplicate), 4);
        const auto &d = summary->problems;
        QCOMPARE(d.at(0).row, 2);
        QVERIFY2(d.at(0).reasons.at(0).contains(made->at(0).reference),
                 qPrintable(d.at(0).reasons.join(u'|')));
        QVERIFY(d.at(0).reasons.at(0).contains(u"already at the centre"_qs));
        QCOMPARE(d.at(1).row, 4);
        QVERIFY(d.at(1).reasons.at(0).contains(u"legacy reference A2 is also on row 3"_qs));
        QCOMPARE(d.at(2).row, 5);
        QVERIFY(d.at(2).reasons.at(0).contains(u"same name and date of birth as row 3"_qs));
        QCOMPARE(d.at(3).row, 7);
        QVERIFY(d.at(3).reasons.at(0).contains(u"same name and postcode as row 6"_qs));
        QCOMPARE(pulled(sync).size(), 4);

        // After a team lead merges A2's Mary Walsh into A6's, a new file's Mary Walsh of A2's
        // date of birth is the survivor, not a new person.
        const QList<Person> people = pulled(sync);
        QUuid mary1970;
        QUuid mary1970b;
        QString survivorReference;
        for (const Person &p : people) {
            if (p.givenName == u"Mary"_qs && p.dateOfBirth == QDate(1970, 5, 1)) {
                mary1970 = p.id;
            } else if (p.givenName == u"Mary"_qs) {
                mary1970b = p.id;
                survivorReference = p.reference;
            }
        }
        Server::SyncService::MergeError why = Server::SyncService::MergeError::None;
        QVERIFY2(sync.mergePeople({mary1970b, mary1970, {}},
                                  {u"lead1"_qs, u"Lead"_qs, u"team_lead"_qs, u"Office"_qs}, &why,
                                  &error),
                 qPrintable(error));
        const auto later = import.run("legacy_reference,given_name,family_name,date_of_birth\n"
                                      "B1,Mary,Walsh,01/05/1970\n",
                                      options(), &error);
        QVERIFY2(later, qPrintable(error));
        QCOMPARE(later->imported, 0);
        QVERIFY2(later->problems.at(0).reasons.at(0).contains(
                     QStringLiteral("(merged into %1)").arg(survivorReference)),
                 qPrintable(later->problems.at(0).reasons.join(u'|')));
    }

    void malformedFileImportsNothing_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("mentions");
        const QByteArray good = "given_name,family_name\nAnn,Lee\n";
        for (const char *backend : {"sqlite", "postgresql"}) {
            const auto row = [&](const char *name) -> QTestData & {
                return QTest::addRow("%s: %s", backend, name) << QString::fromLatin1(backend);
            };
            row("unknown column") << QByteArray("given_name,family_name,ward\nAnn,Lee,North\n")
                                  << u"unknown column \"ward\" (column 3)"_qs;
            row("no family_name") << QByteArray("given_name,surname\nAnn,Lee\n")
                                  << u"given_name and family_name are needed"_qs;
            row("column twice") << QByteArray("given_name,family_name,Given Name\nA,B,C\n")
                                << u"\"Given Name\" given twice"_qs;
            row("address both ways") << QByteArray("given_name,family_name,address,town\nA,B,C,D\n")
                                     << u"either as one address column"_qs;
            row("Windows-1252") << good + "Zo\xEB,Lee\n" << u"Line 3 is not UTF-8"_qs;
            row("UTF-16") << QByteArray("\xFF\xFEg\0i\0", 6) << u"UTF-16"_qs;
            row("truncated quote") << good + "\"Ann,Lee\nBob,Ray\n" << u"line 3"_qs;
            row("empty") << QByteArray() << u"header row"_qs;
        }
    }
    void malformedFileImportsNothing()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        QFETCH(QByteArray, csv);
        QFETCH(QString, mentions);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        PersonImport import(*db, sync);
        QString error;
        QVERIFY(!import.run(csv, options(), &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QCOMPARE(countRows(*db, u"person"_qs), 0);
    }

    void dryRunWritesNothing_data() { Test::BackendFixture::addRows(); }
    void dryRunWritesNothing()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        PersonImport import(*db, sync);
        PersonImport::Options o = options();
        o.dryRun = true;
        QString error;
        const auto summary = import.run(kExport, o, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->imported, 3);
        QCOMPARE(summary->problems.size(), 4);
        QCOMPARE(countRows(*db, u"person"_qs), 0);
        QCOMPARE(countRows(*db, u"person_external_ref"_qs), 0);
    }
};

QTEST_GUILESS_MAIN(TestPersonImport)
#include "tst_personimport.moc"
