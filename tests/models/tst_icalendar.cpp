#include "models/Appointment.h"
#include "models/ICalendar.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

// Debian's interpreter, where python3-icalendar is installed (a python3 first on PATH, e.g. from
// pyenv, does not see Debian's packages).
QString python()
{
    return QFile::exists(u"/usr/bin/python3"_qs) ? u"/usr/bin/python3"_qs : u"python3"_qs;
}

Place shop(const QString &zone = u"Europe/London"_qs)
{
    Place p;
    p.id = u"fss"_qs;
    p.name = u"First Stop Shop, Market Street"_qs;
    p.address = u"12 Market Street\nLlandudno LL30 2SR"_qs;
    p.timeZone = zone;
    p.howToChange =
        u"Ring 01492 575 000, Monday to Friday 9am to 5pm; we will give you another time."_qs;
    p.email = u"firststop@example.gov.uk"_qs;
    return p;
}

AppointmentType housing()
{
    AppointmentType t;
    t.id = u"housing"_qs;
    t.name = u"Housing advice"_qs;
    t.durationMinutes = 45;
    t.whatToBring =
        u"Your tenancy agreement, any letters from your landlord, and proof of income; a friend if you like."_qs;
    return t;
}

Appointment booked(const QDateTime &start)
{
    Appointment a;
    a.id = QUuid(u"{3f9c2b71-0d5e-4a57-9e1c-6a1b2c3d4e5f}"_qs);
    a.typeId = u"housing"_qs;
    a.placeId = u"fss"_qs;
    a.resourceId = u"amy"_qs;
    a.start = start;
    a.end = start.addSecs(45 * 60);
    a.status = Appointment::Status::Confirmed;
    return a;
}

// What python3-icalendar (a real calendar parser) reads from the file.
QJsonObject parse(const QByteArray &ics, QString *error)
{
    static QTemporaryDir dir;
    static int n = 0;
    const QString path = dir.filePath(u"appointment-%1.ics"_qs.arg(++n));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(ics) != ics.size())
        return {};
    f.close();
    QProcess p;
    p.start(python(),
            {qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") + u"/tests/data/check-ics.py"_qs, path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace

class TestICalendar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QProcess p;
        p.start(python(), {u"-c"_qs, u"import icalendar"_qs});
        QVERIFY2(p.waitForFinished(30000) && p.exitCode() == 0,
                 "python3-icalendar is missing: run scripts/install-deps.sh");
    }

    void linesAreFoldedWithoutSplittingCharacters()
    {
        const QByteArray longLine =
            "DESCRIPTION:" + QString(u"Ní Shúilleabháin "_qs).repeated(10).toUtf8();
        const QByteArray folded = ICalendar::fold(longLine);
        for (const QByteArray &l : folded.split('\n')) {
            const QByteArray bare = l.endsWith('\r') ? l.chopped(1) : l;
            QVERIFY2(bare.size() <= 75, bare.constData());
            QVERIFY(QString::fromUtf8(bare).toUtf8() == bare); // valid UTF-8 on its own
        }
        QByteArray unfolded = folded;
        unfolded.replace("\r\n ", "");
        QCOMPARE(unfolded, longLine);
        QCOMPARE(ICalendar::escapeText(u"a, b; c\\d\ne"_qs), u"a\\, b\\; c\\\\d\\ne"_qs);
    }

    void aRealParserAcceptsTheConfirmation_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QDateTime>("start");
        QTest::addColumn<QString>("expectedUtc");
        // Winter, summer, and the week after each clock change, in London and in Dublin.
        QTest::newRow("London winter")
            << u"Europe/London"_qs
            << QDateTime(QDate(2026, 11, 10), QTime(9, 30), QTimeZone("Europe/London"))
            << u"2026-11-10T09:30:00Z"_qs;
        QTest::newRow("London summer")
            << u"Europe/London"_qs
            << QDateTime(QDate(2026, 7, 2), QTime(18, 15), QTimeZone("Europe/London"))
            << u"2026-07-02T17:15:00Z"_qs;
        QTest::newRow("London after spring change")
            << u"Europe/London"_qs
            << QDateTime(QDate(2026, 3, 30), QTime(9, 0), QTimeZone("Europe/London"))
            << u"2026-03-30T08:00:00Z"_qs;
        QTest::newRow("London after autumn change")
            << u"Europe/London"_qs
            << QDateTime(QDate(2026, 10, 26), QTime(9, 0), QTimeZone("Europe/London"))
            << u"2026-10-26T09:00:00Z"_qs;
        QTest::newRow("Dublin summer")
            << u"Europe/Dublin"_qs
            << QDateTime(QDate(2026, 6, 17), QTime(11, 0), QTimeZone("Europe/Dublin"))
            << u"2026-06-17T10:00:00Z"_qs;
        QTest::newRow("Dublin winter")
            << u"Europe/Dublin"_qs
            << QDateTime(QDate(2027, 1, 12), QTime(14, 45), QTimeZone("Europe/Dublin"))
            << u"2027-01-12T14:45:00Z"_qs;
    }

    void aRealParserAcceptsTheConfirmation()
    {
        QFETCH(QString, zone);
        QFETCH(QDateTime, start);
        QFETCH(QString, expectedUtc);
        const Appointment a = booked(start.toUTC());
        const QDateTime stamp(QDate(2026, 1, 5), QTime(10, 0), Qt::UTC);
        const QByteArray ics = ICalendar::write(
            AppointmentConfirmation::calendarEvent(a, housing(), shop(zone), stamp));
        QVERIFY(ics.startsWith("BEGIN:VCALENDAR\r\n"));
        QVERIFY(ics.endsWith("END:VCALENDAR\r\n"));
        QVERIFY(!ics.contains("\n\n"));
        QString error;
        const QJsonObject got = parse(ics, &error);
        QVERIFY2(!got.isEmpty(), qPrintable(error + u"\n"_qs + QString::fromUtf8(ics)));
        QCOMPARE(got[u"method"_qs].toString(), u"REQUEST"_qs);
        QCOMPARE(got[u"version"_qs].toString(), u"2.0"_qs);
        QCOMPARE(got[u"uid"_qs].toString(), u"3f9c2b71-0d5e-4a57-9e1c-6a1b2c3d4e5f@firststop"_qs);
        QCOMPARE(got[u"dtstamp"_qs].toString(), u"2026-01-05T10:00:00Z"_qs);
        QCOMPARE(got[u"sequence"_qs].toInt(), 0);
        QCOMPARE(got[u"status"_qs].toString(), u"CONFIRMED"_qs);
        QCOMPARE(got[u"tzid"_qs].toString(), zone);
        // The start as a calendar works it out from the file's own VTIMEZONE.
        QCOMPARE(got[u"start_utc"_qs].toString(), expectedUtc);
        QCOMPARE(QDateTime::fromString(got[u"end_utc"_qs].toString(), Qt::ISODate),
                 QDateTime::fromString(expectedUtc, Qt::ISODate).addSecs(45 * 60));
        QCOMPARE(got[u"summary"_qs].toString(),
                 u"Housing advice at First Stop Shop, Market Street"_qs);
        QVERIFY(got[u"location"_qs].toString().contains(u"Llandudno LL30 2SR"_qs));
        QVERIFY(got[u"description"_qs].toString().contains(u"tenancy agreement"_qs));
        QVERIFY(got[u"description"_qs].toString().contains(u"Ring 01492 575 000"_qs));
        QCOMPARE(got[u"organizer"_qs].toString(), u"mailto:firststop@example.gov.uk"_qs);
    }

    void rescheduleRaisesTheSequenceAndCancelSaysCancel()
    {
        Appointment a = booked(QDateTime(QDate(2026, 11, 10), QTime(9, 30), Qt::UTC));
        a.status = Appointment::Status::Provisional;
        const QDateTime stamp(QDate(2026, 11, 1), QTime(10, 0), Qt::UTC);
        QString error;
        QJsonObject got = parse(
            ICalendar::write(AppointmentConfirmation::calendarEvent(a, housing(), shop(), stamp)),
            &error);
        QCOMPARE(got[u"status"_qs].toString(), u"TENTATIVE"_qs);
        const QString uid = got[u"uid"_qs].toString();

        a.status = Appointment::Status::Confirmed;
        a.reschedule(FreeSlot{u"fss"_qs, u"bo"_qs,
                              QDateTime(QDate(2026, 11, 12), QTime(17, 0), Qt::UTC),
                              QDateTime(QDate(2026, 11, 12), QTime(17, 45), Qt::UTC)},
                     u"The resident works on Tuesdays"_qs);
        got = parse(ICalendar::write(AppointmentConfirmation::calendarEvent(a, housing(), shop(),
                                                                            stamp.addDays(1))),
                    &error);
        QVERIFY2(!got.isEmpty(), qPrintable(error));
        QCOMPARE(got[u"uid"_qs].toString(), uid);
        QCOMPARE(got[u"sequence"_qs].toInt(), 1);
        QCOMPARE(got[u"method"_qs].toString(), u"REQUEST"_qs);
        QCOMPARE(got[u"start_utc"_qs].toString(), u"2026-11-12T17:00:00Z"_qs);

        a.cancel(u"No longer needed"_qs);
        got = parse(ICalendar::write(AppointmentConfirmation::calendarEvent(a, housing(), shop(),
                                                                            stamp.addDays(2))),
                    &error);
        QVERIFY2(!got.isEmpty(), qPrintable(error));
        QCOMPARE(got[u"uid"_qs].toString(), uid);
        QCOMPARE(got[u"sequence"_qs].toInt(), 2);
        QCOMPARE(got[u"method"_qs].toString(), u"CANCEL"_qs);
        QCOMPARE(got[u"status"_qs].toString(), u"CANCELLED"_qs);
    }

    void textWithCommasAndAccentsSurvives()
    {
        Place p = shop();
        p.name = u"Leabharlann Chathair Chorcaí; Grand Parade, Cork"_qs;
        p.timeZone = u"Europe/Dublin"_qs;
        const Appointment a = booked(QDateTime(QDate(2026, 11, 10), QTime(9, 30), Qt::UTC));
        QString error;
        const QJsonObject got = parse(
            ICalendar::write(AppointmentConfirmation::calendarEvent(a, housing(), p, a.start)),
            &error);
        QVERIFY2(!got.isEmpty(), qPrintable(error));
        QCOMPARE(got[u"summary"_qs].toString(),
                 u"Housing advice at Leabharlann Chathair Chorcaí; Grand Parade, Cork"_qs);
    }

    void slipInPlainLanguage()
    {
        Appointment a = booked(
            QDateTime(QDate(2026, 11, 12), QTime(18, 15), QTimeZone("Europe/London")).toUTC());
        const QString html =
            AppointmentConfirmation::slipHtml(a, housing(), shop(), u"Zoë O'Brien-Nwosu"_qs);
        QVERIFY(html.contains(u"Thursday 12 November 2026"_qs));
        QVERIFY(html.contains(u"6:15pm to 7pm"_qs));
        QVERIFY(html.contains(u"tenancy agreement"_qs));
        QVERIFY(html.contains(u"Ring 01492 575 000"_qs));
        QVERIFY(html.contains(u"Zoë O&#x27;Brien-Nwosu"_qs) ||
                html.contains(u"Zoë O'Brien-Nwosu"_qs));
        QVERIFY(!html.contains(u"provisional"_qs));
        a.status = Appointment::Status::Provisional;
        QVERIFY(AppointmentConfirmation::slipHtml(a, housing(), shop(), {})
                    .contains(u"provisional"_qs));
        // Summer time is shown as the clock on the wall.
        QCOMPARE(
            AppointmentConfirmation::clockTime(QDateTime(QDate(2026, 7, 1), QTime(8, 30), Qt::UTC),
                                               QTimeZone("Europe/London")),
            u"9:30am"_qs);
        QCOMPARE(
            AppointmentConfirmation::clockTime(QDateTime(QDate(2026, 7, 1), QTime(11, 0), Qt::UTC),
                                               QTimeZone("Europe/London")),
            u"12pm"_qs);
    }
};

QTEST_GUILESS_MAIN(TestICalendar)
#include "tst_icalendar.moc"
