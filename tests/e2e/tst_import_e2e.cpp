// `firststop-server import-people`, the real executable run as a council's script would, on
// SQLite and PostgreSQL; then a real desk signs in to the real server and finds the residents.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "tests/support/ServerProcess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

ServerProcess::Run importPeople(const QStringList &args)
{
    return ServerProcess::runToEnd(QStringList{u"import-people"_qs} + args, 120'000);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kFirstFile =
    "\xEF\xBB\xBF"
    "legacy_reference,given_name,family_name,date_of_birth,address,postcode,phone\r\n"
    "C-101,Se\xC3\xA1n,\xC3\x93 S\xC3\xBAilleabh\xC3\xA1in,12/03/1985,\"4 Quay St,\nDingle\","
    "V92 X2Y3,087 123 4567\r\n"
    "C-102,Si\xC3\xA2n,Ap Rhys,01/07/1990,\"1 Heol Y Bont\nCaerdydd\",CF10 1AB,\r\n"
    "C-103,Zo\xC3\xAB,O'Brien-Nwosu,03/04/1961,,SA1 1AA,\r\n"
    "C-104,Aoife,Murphy,31/02/1980,,,\r\n";

} // namespace

class TestImportE2e : public QObject
{
    Q_OBJECT

private:
    BackendFiles m_files;
    QTemporaryDir m_dir;

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

    void importedResidentsReachEveryDesk()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        const QString csv = m_dir.filePath(u"people.csv"_qs);
        QVERIFY(writeFile(csv, kFirstFile));

        // Into a centre that is not running yet (it is created and migrated by the import).
        const ServerProcess::Run first = importPeople({u"--database"_qs, db, csv});
        QCOMPARE(first.exitCode, 3); // imported, but a row is in the report
        // Row 5 begins on line 7: two addresses above it take two lines each.
        QVERIFY2(first.out.contains(u"4 rows read"_qs) && first.out.contains(u"3 imported"_qs) &&
                     first.out.contains(u"1 rejected"_qs),
                 qPrintable(first.out + first.err));
        const QByteArray report = readFile(m_dir.filePath(u"people-report.csv"_qs));
        QVERIFY2(report.contains("5,7,rejected,C-104,Aoife,Murphy,31/02/1980"), report.constData());

        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        TestDesk desk(m_files.cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        QCOMPARE(desk.reader().counts().people, 3);
        // Found as the counter would type them, and exactly as the old system spelled them.
        const QList<PersonMatch> sean = desk.reader().search(u"sean suilleabhain"_qs, 5);
        QVERIFY(!sean.isEmpty());
        QCOMPARE(sean.first().person.familyName.toUtf8(),
                 QByteArray("\xC3\x93 S\xC3\xBAilleabh\xC3\xA1in"));
        QCOMPARE(sean.first().person.address, u"4 Quay St,\nDingle"_qs);
        const QList<PersonMatch> zoe = desk.reader().search(u"zoe obrien"_qs, 5);
        QVERIFY(!zoe.isEmpty());
        QCOMPARE(zoe.first().person.familyName, u"O'Brien-Nwosu"_qs);
        QCOMPARE(zoe.first().person.givenName, u"Zoë"_qs);

        // The council fixes the bad row and runs the corrected file while the centre serves:
        // only that row is new, and the desk pulls it as any other change.
        QVERIFY(writeFile(csv, QByteArray(kFirstFile).replace("31/02/1980", "28/02/1980")));
        const ServerProcess::Run fixed = importPeople({u"--database"_qs, db, csv});
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY2(fixed.out.contains(u"1 imported"_qs) &&
                     fixed.out.contains(u"3 already imported"_qs),
                 qPrintable(fixed.out + fixed.err));
        QVERIFY(desk.syncOnce());
        QCOMPARE(desk.reader().counts().people, 4);
        QCOMPARE(desk.reader().search(u"aoife murphy 28/2/1980"_qs, 5).size(), 1);

        // Once more: nothing new.
        const ServerProcess::Run again = importPeople({u"--database"_qs, db, csv});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(u"0 imported"_qs) &&
                     again.out.contains(u"4 already imported"_qs),
                 qPrintable(again.out));
        QVERIFY(desk.syncOnce());
        QCOMPARE(desk.reader().counts().people, 4);
    }

    void malformedFileImportsNothing()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        const struct
        {
            const char *name;
            QByteArray data;
            QString mentions;
        } files[] = {
            {"wrong-columns.csv", "given_name,surname,dob\nAnn,Lee,01/01/1980\n",
             u"unknown column \"surname\""_qs},
            {"latin1.csv", "given_name,family_name\nAnn,Lee\nZo\xEB,Smith\n",
             u"Line 3 is not UTF-8"_qs},
            {"truncated.csv", "given_name,family_name\nAnn,Lee\n\"Bob,Ray\nCal,Day\n",
             u"begins on line 3 is never closed"_qs},
        };
        for (const auto &file : files) {
            const QString path = m_dir.filePath(QString::fromLatin1(file.name));
            QVERIFY(writeFile(path, file.data));
            const ServerProcess::Run r = importPeople({u"--database"_qs, db, path});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(path) && r.err.contains(file.mentions), qPrintable(r.err));
            QVERIFY(!QFile::exists(QString(path).replace(u".csv"_qs, u"-report.csv"_qs)));
        }
        ServerProcess server;
        QVERIFY2(server.start(db, {u"--demo-users"_qs}), qPrintable(server.errorString()));
        TestDesk desk(m_files.cachePath());
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        QCOMPARE(desk.reader().counts().people, 0);
    }

    void commandLine()
    {
        const ServerProcess::Run help = importPeople({u"--help"_qs});
        QCOMPARE(help.exitCode, 0);
        for (const char *option : {"--database", "--report", "--dry-run", "--source"}) {
            QVERIFY2(help.out.contains(QString::fromLatin1(option)), option);
        }
        const ServerProcess::Run noFile = importPeople({});
        QCOMPARE(noFile.exitCode, 2);
        QVERIFY2(noFile.err.contains(u"one CSV file"_qs), qPrintable(noFile.err));
        const ServerProcess::Run missing = importPeople({m_dir.filePath(u"absent.csv"_qs)});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(u"cannot read"_qs), qPrintable(missing.err));
        // The server's own help points to the verb.
        QVERIFY(ServerProcess::runToEnd({u"--help"_qs}).out.contains(u"import-people"_qs));
    }
};

QTEST_GUILESS_MAIN(TestImportE2e)
#include "tst_import_e2e.moc"
