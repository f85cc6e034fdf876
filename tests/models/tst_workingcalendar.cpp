#include "models/BankHolidays.h"
#include "models/WorkingCalendar.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

QDate d(int y, int m, int day)
{
    return QDate(y, m, day);
}

// The obvious, slow definition the fast one must agree with.
int naiveBetween(const WorkingCalendar &cal, QDate a, QDate b)
{
    int n = 0;
    for (QDate x = a.addDays(1); x <= b; x = x.addDays(1)) {
        n += cal.isWorkingDay(x) ? 1 : 0;
    }
    return n;
}

} // namespace

class TestWorkingCalendar : public QObject
{
    Q_OBJECT

    BankHolidays m_bundled;
    WorkingCalendar m_ew;

private Q_SLOTS:
    void initTestCase()
    {
        m_bundled = BankHolidays::bundled();
        QVERIFY(!m_bundled.isEmpty());
        m_ew = WorkingCalendar(m_bundled, BankHolidays::EnglandAndWales.toString());
    }

    void bundledFileHasTheThreeRegions()
    {
        QCOMPARE(m_bundled.divisions(),
                 QStringList({u"england-and-wales"_qs, u"scotland"_qs, u"northern-ireland"_qs}));
        QCOMPARE(m_bundled.holidays(u"england-and-wales"_qs).size(), 32);
        QCOMPARE(m_bundled.holidays(u"scotland"_qs).size(), 36);
        QCOMPARE(m_bundled.holidays(u"northern-ireland"_qs).size(), 40);
        QCOMPARE(m_bundled.coveredUntil(u"scotland"_qs), d(2027, 12, 31));
        QCOMPARE(BankHolidays::divisionLabel(u"northern-ireland"_qs), u"Northern Ireland"_qs);
        const BankHoliday first = m_bundled.holidays(u"england-and-wales"_qs).first();
        QCOMPARE(first.date, d(2024, 1, 1));
        QCOMPARE(first.title, u"New Year’s Day"_qs);
        QVERIFY(!first.isSubstitute());
    }

    void weekendsAreNotWorkingDays()
    {
        QVERIFY(m_ew.isWorkingDay(d(2026, 11, 20)));  // Friday
        QVERIFY(!m_ew.isWorkingDay(d(2026, 11, 21))); // Saturday
        QVERIFY(!m_ew.isWorkingDay(d(2026, 11, 22))); // Sunday
        QVERIFY(m_ew.holidayName(d(2026, 11, 21)).isEmpty());
        QVERIFY(!m_ew.isWorkingDay(QDate()));
    }

    void holidaysAndSubstituteDays()
    {
        QVERIFY(!m_ew.isWorkingDay(d(2026, 12, 25)));
        QCOMPARE(m_ew.holidayName(d(2026, 12, 25)), u"Christmas Day"_qs);
        // Boxing Day 2026 is a Saturday: the Monday after is the day off, and the feed lists only
        // the Monday.
        QVERIFY(!m_ew.isWorkingDay(d(2026, 12, 26)));
        QVERIFY(m_ew.holidayName(d(2026, 12, 26)).isEmpty());
        QVERIFY(!m_ew.isWorkingDay(d(2026, 12, 28)));
        QCOMPARE(m_ew.holidayName(d(2026, 12, 28)), u"Boxing Day (substitute day)"_qs);
        // 2027: Christmas on a Saturday and Boxing Day on a Sunday: Monday and Tuesday off.
        QVERIFY(!m_ew.isWorkingDay(d(2027, 12, 27)));
        QVERIFY(!m_ew.isWorkingDay(d(2027, 12, 28)));
        QVERIFY(m_ew.isWorkingDay(d(2027, 12, 29)));
    }

    void regionsDiffer()
    {
        const WorkingCalendar sc(m_bundled, u"scotland"_qs);
        const WorkingCalendar ni(m_bundled, u"northern-ireland"_qs);
        // 2nd January (Scotland only); the Twelfth's substitute day (Northern Ireland only);
        // Scotland's summer holiday is the first Monday of August, England's the last.
        QVERIFY(!sc.isWorkingDay(d(2026, 1, 2)));
        QVERIFY(m_ew.isWorkingDay(d(2026, 1, 2)));
        QVERIFY(!ni.isWorkingDay(d(2026, 7, 13)));
        QVERIFY(m_ew.isWorkingDay(d(2026, 7, 13)));
        QVERIFY(!sc.isWorkingDay(d(2026, 8, 3)));
        QVERIFY(sc.isWorkingDay(d(2026, 8, 31)));
        QVERIFY(!m_ew.isWorkingDay(d(2026, 8, 31)));
        // St Andrew's Day 2025 (a Sunday) moves to Monday 1 December in Scotland.
        QCOMPARE(sc.holidayName(d(2025, 12, 1)), u"St Andrew’s Day (substitute day)"_qs);
    }

    void addWorkingDays_data()
    {
        QTest::addColumn<QString>("division");
        QTest::addColumn<QDate>("from");
        QTest::addColumn<int>("days");
        QTest::addColumn<QDate>("expected");
        const QString ew = u"england-and-wales"_qs;
        const QString sc = u"scotland"_qs;
        QTest::newRow("two plain weeks") << ew << d(2026, 11, 23) << 10 << d(2026, 12, 7);
        QTest::newRow("over a weekend") << ew << d(2026, 11, 20) << 1 << d(2026, 11, 23);
        QTest::newRow("received on Saturday counts from Monday")
            << ew << d(2026, 11, 21) << 10 << d(2026, 12, 4);
        QTest::newRow("received on Friday, same deadline")
            << ew << d(2026, 11, 20) << 10 << d(2026, 12, 4);
        QTest::newRow("Easter") << ew << d(2026, 4, 2) << 1 << d(2026, 4, 7);
        QTest::newRow("Christmas with a substitute Boxing Day")
            << ew << d(2026, 12, 18) << 5 << d(2026, 12, 29);
        QTest::newRow("received on Christmas Day") << ew << d(2026, 12, 25) << 1 << d(2026, 12, 29);
        QTest::newRow("over the year end (stage 1 response)")
            << ew << d(2026, 12, 23) << 10 << d(2027, 1, 11);
        QTest::newRow("over the year end in Scotland (2 January substitute)")
            << sc << d(2026, 12, 23) << 10 << d(2027, 1, 12);
        QTest::newRow("two substitute days at Christmas 2027")
            << ew << d(2027, 12, 23) << 3 << d(2027, 12, 30);
        QTest::newRow("stage 2: 20 working days over Christmas")
            << ew << d(2025, 12, 15) << 20 << d(2026, 1, 15);
        QTest::newRow("zero on a working day") << ew << d(2026, 11, 23) << 0 << d(2026, 11, 23);
        QTest::newRow("zero on a holiday moves on")
            << ew << d(2026, 12, 25) << 0 << d(2026, 12, 29);
        QTest::newRow("backwards over a bank holiday")
            << ew << d(2026, 4, 7) << -1 << d(2026, 4, 2);
        QTest::newRow("backwards over a weekend") << ew << d(2026, 11, 23) << -1 << d(2026, 11, 20);
        QTest::newRow("leap day is a working day") << ew << d(2028, 2, 28) << 1 << d(2028, 2, 29);
    }

    void addWorkingDays()
    {
        QFETCH(QString, division);
        QFETCH(QDate, from);
        QFETCH(int, days);
        QFETCH(QDate, expected);
        const WorkingCalendar cal(m_bundled, division);
        QCOMPARE(cal.addWorkingDays(from, days), expected);
        if (days > 0) {
            QCOMPARE(cal.workingDaysBetween(from, expected), days);
            QVERIFY(cal.isWorkingDay(expected));
        }
    }

    void workingDaysBetween()
    {
        QCOMPARE(m_ew.workingDaysBetween(d(2026, 12, 23), d(2027, 1, 11)), 10);
        QCOMPARE(m_ew.workingDaysBetween(d(2027, 1, 11), d(2026, 12, 23)), -10);
        QCOMPARE(m_ew.workingDaysBetween(d(2026, 11, 23), d(2026, 11, 23)), 0);
        QCOMPARE(m_ew.workingDaysBetween(d(2026, 11, 21), d(2026, 11, 22)), 0); // a weekend
        QCOMPARE(m_ew.workingDaysBetween(d(2026, 11, 20), d(2026, 11, 23)), 1);
        // A whole year: 2026 has 261 weekdays and 8 bank holidays on weekdays in England.
        QCOMPARE(m_ew.workingDaysBetween(d(2025, 12, 31), d(2026, 12, 31)), 253);
        QCOMPARE(m_ew.workingDaysBetween(QDate(), d(2026, 1, 1)), 0);
    }

    void fastCountAgreesWithDayByDay()
    {
        // Random spans over the years the file covers, and beyond it, in every region.
        QRandomGenerator rng(20261123);
        for (const QString &division : m_bundled.divisions()) {
            WorkingCalendar cal(m_bundled, division);
            cal.addClosure(d(2025, 6, 11), u"Staff training"_qs);
            for (int i = 0; i < 400; ++i) {
                const QDate a = d(2023, 12, 1).addDays(rng.bounded(1600));
                const QDate b = a.addDays(rng.bounded(120));
                QCOMPARE(cal.workingDaysBetween(a, b), naiveBetween(cal, a, b));
                const int n = int(rng.bounded(40)) + 1;
                const QDate due = cal.addWorkingDays(a, n);
                QCOMPARE(cal.workingDaysBetween(a, due), n);
                QVERIFY(cal.isWorkingDay(due));
                QVERIFY(!cal.isWorkingDay(due.addDays(-1)) ||
                        cal.workingDaysBetween(a, due.addDays(-1)) == n - 1);
            }
        }
    }

    void beyondTheFileOnlyWeekendsAreKnown()
    {
        QVERIFY(m_ew.covers(d(2027, 12, 31)));
        QVERIFY(!m_ew.covers(d(2028, 1, 3)));
        // New Year 2028 (a Saturday) would move to Monday 3 January, but the file stops at 2027:
        // the desk counts it as a working day and must say the holidays are not known.
        QCOMPARE(m_ew.addWorkingDays(d(2027, 12, 23), 5), d(2028, 1, 3));
        QVERIFY(!WorkingCalendar().covers(d(2026, 1, 1)));
    }

    void officeClosuresAndOtherWeekends()
    {
        WorkingCalendar cal(m_bundled, u"england-and-wales"_qs);
        cal.addClosure(d(2026, 11, 25), u"Staff training"_qs);
        QVERIFY(!cal.isWorkingDay(d(2026, 11, 25)));
        QCOMPARE(cal.holidayName(d(2026, 11, 25)), u"Staff training"_qs);
        QCOMPARE(cal.addWorkingDays(d(2026, 11, 24), 1), d(2026, 11, 26));
        // An office open on Saturdays and closed on Sundays and Mondays.
        cal.setWeekend({Qt::Sunday, Qt::Monday});
        QVERIFY(cal.isWorkingDay(d(2026, 11, 21)));
        QVERIFY(!cal.isWorkingDay(d(2026, 11, 23)));
        QCOMPARE(cal.addWorkingDays(d(2026, 11, 21), 1), d(2026, 11, 24));
        QCOMPARE(cal.workingDaysBetween(d(2026, 11, 20), d(2026, 11, 27)),
                 naiveBetween(cal, d(2026, 11, 20), d(2026, 11, 27)));
        // Every day closed: no answer rather than a loop for ever.
        cal.setWeekend({Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday,
                        Qt::Saturday, Qt::Sunday});
        QVERIFY(!cal.addWorkingDays(d(2026, 11, 21), 1).isValid());
        QVERIFY(!cal.nextWorkingDayOnOrAfter(d(2026, 11, 21)).isValid());
    }

    void newerFileFromAnAdministrator()
    {
        const QByteArray json = R"({"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year Day","date":"2029-01-01","notes":"","bunting":true},
            {"title":"Extra holiday","date":"2028-06-05","notes":"","bunting":true}]}})";
        QTemporaryDir dir;
        QFile f(dir.filePath(u"bank-holidays.json"_qs));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        QString error;
        const BankHolidays h = BankHolidays::fromFile(f.fileName(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(h.divisions(), QStringList{u"england-and-wales"_qs});
        // Sorted by date whatever order the file had.
        QCOMPARE(h.holidays(u"england-and-wales"_qs).first().date, d(2028, 6, 5));
        QCOMPARE(h.coveredUntil(u"england-and-wales"_qs), d(2029, 12, 31));
        const WorkingCalendar cal(h, u"england-and-wales"_qs);
        QVERIFY(!cal.isWorkingDay(d(2028, 6, 5)));
    }

    void badFilesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("<html>") << u"gov.uk format"_qs;
        QTest::newRow("array") << QByteArray("[]") << u"gov.uk format"_qs;
        QTest::newRow("no regions") << QByteArray("{}") << u"no regions"_qs;
        QTest::newRow("no events") << QByteArray(R"({"scotland":{"division":"scotland"}})")
                                   << u"scotland: no list of events"_qs;
        QTest::newRow("bad date")
            << QByteArray(
                   R"({"scotland":{"events":[{"title":"A","date":"2025-01-01"},{"title":"B","date":"2025-13-01"}]}})")
            << u"scotland, event 2: the date \"2025-13-01\""_qs;
        QTest::newRow("untitled") << QByteArray(
                                         R"({"scotland":{"events":[{"date":"2025-01-01"}]}})")
                                  << u"no title"_qs;
    }

    void badFilesAreRefusedWithAReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        const BankHolidays h = BankHolidays::fromJson(json, &error);
        QVERIFY(h.isEmpty());
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QString missing;
        QVERIFY(BankHolidays::fromFile(u"/nonexistent/bank-holidays.json"_qs, &missing).isEmpty());
        QVERIFY(missing.contains(u"Cannot read"_qs));
    }
};

QTEST_GUILESS_MAIN(TestWorkingCalendar)
#include "tst_workingcalendar.moc"
