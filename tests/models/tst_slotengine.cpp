#include "models/SlotEngine.h"

#include <QRandomGenerator>
#include <QTest>

using namespace FirstStop;

namespace {

const QTimeZone London("Europe/London");
const QTimeZone Dublin("Europe/Dublin");

QDateTime local(const QDate &d, const QTime &t, const QTimeZone &tz = London)
{
    return QDateTime(d, t, tz).toUTC();
}

// The bank holidays of a region from the gov.uk feed the desk ships.
QList<QDate> holidays(const QString &region)
{
    QList<QDate> out;
    for (const BankHoliday &h : BankHolidays::bundled().holidays(region))
        out.append(h.date);
    return out;
}

QList<OpeningInterval> weekdays(QTime open, QTime close)
{
    QList<OpeningInterval> out;
    for (int d = Qt::Monday; d <= Qt::Friday; ++d)
        out.append({d, open, close});
    return out;
}

// A First Stop Shop: 09:00–17:00 Monday to Friday, late on Thursday until 19:00, Saturday
// morning 09:00–12:00, closed on Sunday.
Place firstStopShop(const QString &id = u"fss"_qs)
{
    Place p;
    p.id = id;
    p.name = u"First Stop Shop"_qs;
    for (int d = Qt::Monday; d <= Qt::Friday; ++d)
        p.weeklyHours.append({d, QTime(9, 0), d == Qt::Thursday ? QTime(19, 0) : QTime(17, 0)});
    p.weeklyHours.append({Qt::Saturday, QTime(9, 0), QTime(12, 0)});
    return p;
}

AppointmentType housingAdvice()
{
    AppointmentType t;
    t.id = u"housing"_qs;
    t.name = u"Housing advice"_qs;
    t.durationMinutes = 45;
    t.bufferMinutes = 15;
    t.slotStepMinutes = 15;
    t.bookableDaysAhead = 56;
    t.placeIds = {u"fss"_qs};
    t.resourceIds = {u"amy"_qs, u"bo"_qs};
    return t;
}

QList<Resource> twoAdvisers(const QStringList &places = {u"fss"_qs})
{
    return {Resource{u"amy"_qs, u"Amy"_qs, u"staff"_qs, places},
            Resource{u"bo"_qs, u"Bo"_qs, u"staff"_qs, places}};
}

SlotEngine basicEngine()
{
    SlotEngine e;
    e.setPlaces({firstStopShop()});
    e.setResources(twoAdvisers());
    e.setAppointmentTypes({housingAdvice()});
    e.setRegionHolidays(u"england-and-wales"_qs, holidays(u"england-and-wales"_qs));
    return e;
}

BookedInterval booking(const QString &id, const QString &resource, const QDateTime &start,
                       int minutesHeld)
{
    return BookedInterval{id, resource, start.toSecsSinceEpoch(),
                          start.toSecsSinceEpoch() + minutesHeld * 60};
}

SlotQuery query(const QString &type, const QDateTime &now)
{
    SlotQuery q;
    q.typeId = type;
    q.now = now;
    return q;
}

QList<QDateTime> starts(const QList<FreeSlot> &slots)
{
    QList<QDateTime> out;
    for (const FreeSlot &s : slots)
        out.append(s.start);
    return out;
}

} // namespace

class TestSlotEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!holidays(u"england-and-wales"_qs).isEmpty(),
                 "the shared bank-holidays feed was not found");
    }

    void firstSlotsOfAnOrdinaryMorning()
    {
        SlotEngine e = basicEngine();
        // Tuesday 10 November 2026, 08:00 (GMT): the shop opens at 09:00.
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 11, 10), QTime(8, 0)));
        q.limit = 3;
        const QList<FreeSlot> slots = e.nextFreeSlots(q);
        QCOMPARE(starts(slots), (QList<QDateTime>{local(QDate(2026, 11, 10), QTime(9, 0)),
                                                  local(QDate(2026, 11, 10), QTime(9, 15)),
                                                  local(QDate(2026, 11, 10), QTime(9, 30))}));
        QCOMPARE(slots[0].resourceId, u"amy"_qs);
        QCOMPARE(slots[0].end, local(QDate(2026, 11, 10), QTime(9, 45)));
        QCOMPARE(slots[0].start.timeSpec(), Qt::UTC);
    }

    void hoursDifferByDay()
    {
        SlotEngine e = basicEngine();
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 11, 12), QTime(8, 0))); // a Thursday
        q.limit = 100;
        q.fromDate = QDate(2026, 11, 12);
        q.earliest = QTime(16, 0);
        QList<FreeSlot> slots = e.nextFreeSlots(q);
        // Late Thursday: the last 45-minute appointment starts at 18:15 and ends at closing, 19:00.
        QCOMPARE(slots.first().start, local(QDate(2026, 11, 12), QTime(16, 0)));
        QList<QDateTime> thursday;
        for (const FreeSlot &s : slots)
            if (s.start.toTimeZone(London).date() == QDate(2026, 11, 12))
                thursday.append(s.start);
        QCOMPARE(thursday.last(), local(QDate(2026, 11, 12), QTime(18, 15)));
        // Friday closes at 17:00: the last start is 16:15.
        q.fromDate = QDate(2026, 11, 13);
        q.limit = 2;
        slots = e.nextFreeSlots(q);
        QCOMPARE(starts(slots).last(), local(QDate(2026, 11, 13), QTime(16, 15)));
        // Saturday morning only, then nothing on Sunday: Monday is next.
        q.fromDate = QDate(2026, 11, 14);
        q.earliest = QTime(11, 0);
        q.limit = 3;
        slots = e.nextFreeSlots(q);
        QCOMPARE(starts(slots), (QList<QDateTime>{local(QDate(2026, 11, 14), QTime(11, 0)),
                                                  local(QDate(2026, 11, 14), QTime(11, 15)),
                                                  local(QDate(2026, 11, 16), QTime(11, 0))}));
        QVERIFY(!e.closedReason(u"fss"_qs, QDate(2026, 11, 15)).isEmpty());
        QVERIFY(e.closedReason(u"fss"_qs, QDate(2026, 11, 14)).isEmpty());
    }

    void lunchBreakSplitsADay()
    {
        SlotEngine e = basicEngine();
        Place p = firstStopShop();
        p.weeklyHours = {{Qt::Wednesday, QTime(9, 0), QTime(12, 30)},
                         {Qt::Wednesday, QTime(13, 30), QTime(16, 0)}};
        e.setPlaces({p});
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 11, 11), QTime(7, 0)));
        q.earliest = QTime(11, 30);
        q.limit = 4;
        QCOMPARE(starts(e.nextFreeSlots(q)),
                 (QList<QDateTime>{local(QDate(2026, 11, 11), QTime(11, 30)),
                                   local(QDate(2026, 11, 11), QTime(11, 45)),
                                   local(QDate(2026, 11, 11), QTime(13, 30)),
                                   local(QDate(2026, 11, 11), QTime(13, 45))}));
    }

    void closuresAndBankHolidays()
    {
        SlotEngine e = basicEngine();
        Place p = firstStopShop();
        p.closures.append(
            Closure{QDate(2026, 11, 10), QDate(2026, 11, 11), {}, {}, u"Refurbishment"_qs});
        p.closures.append(Closure{QDate(2026, 11, 12), QDate(2026, 11, 12), QTime(9, 0),
                                  QTime(11, 0), u"Training"_qs});
        p.closures.append(Closure{QDate(2026, 11, 12), QDate(2026, 11, 12), QTime(14, 0),
                                  QTime(15, 0), u"Fire drill"_qs});
        e.setPlaces({p});
        QCOMPARE(e.closedReason(u"fss"_qs, QDate(2026, 11, 10)), u"Refurbishment"_qs);
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 11, 9), QTime(18, 0)));
        q.limit = 1;
        // Tuesday and Wednesday shut, Thursday shut until 11:00.
        QCOMPARE(e.nextFreeSlots(q).first().start, local(QDate(2026, 11, 12), QTime(11, 0)));
        // A part-day closure also stops an appointment that would run into it.
        QVERIFY(!e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs,
                             local(QDate(2026, 11, 12), QTime(13, 30)))
                     .isEmpty());
        QVERIFY(e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs,
                            local(QDate(2026, 11, 12), QTime(13, 15)))
                    .isEmpty());
        QVERIFY(!e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs,
                             local(QDate(2026, 11, 12), QTime(14, 45)))
                     .isEmpty());

        // Summer bank holiday in England and Wales, Monday 31 August 2026.
        q.now = local(QDate(2026, 8, 28), QTime(18, 0)); // Friday evening
        QVERIFY(!e.closedReason(u"fss"_qs, QDate(2026, 8, 31)).isEmpty());
        // With the feed's names, the desk can say which holiday.
        e.setBankHolidays(BankHolidays::bundled());
        QCOMPARE(e.closedReason(u"fss"_qs, QDate(2026, 8, 31)),
                 u"Closed for Summer bank holiday"_qs);
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 local(QDate(2026, 8, 29), QTime(9, 0))); // Saturday
        q.now = local(QDate(2026, 8, 29), QTime(12, 0));
        QCOMPARE(e.nextFreeSlots(q).first().start, local(QDate(2026, 9, 1), QTime(9, 0)));

        // A Scottish office follows Scotland's holidays: open on 31 August, shut on 3 August.
        Place glasgow = firstStopShop(u"gla"_qs);
        glasgow.region = u"scotland"_qs;
        e.setPlaces({glasgow});
        e.setRegionHolidays(u"scotland"_qs, holidays(u"scotland"_qs));
        QVERIFY(e.closedReason(u"gla"_qs, QDate(2026, 8, 31)).isEmpty());
        QVERIFY(!e.closedReason(u"gla"_qs, QDate(2026, 8, 3)).isEmpty());
        // A place that opens on bank holidays.
        Place library = firstStopShop(u"lib"_qs);
        library.closedOnBankHolidays = false;
        e.setPlaces({library});
        QVERIFY(e.closedReason(u"lib"_qs, QDate(2026, 8, 31)).isEmpty());
    }

    void durationAndBufferFit()
    {
        SlotEngine e = basicEngine();
        AppointmentType t = housingAdvice();
        t.resourceIds = {u"amy"_qs};
        e.setAppointmentTypes({t});
        const QDate day(2026, 11, 10);
        // Amy is held 10:00–11:00 (45 minutes and the 15-minute buffer).
        e.setBookings({booking(u"a1"_qs, u"amy"_qs, local(day, QTime(10, 0)), 60)});
        SlotQuery q = query(u"housing"_qs, local(day, QTime(7, 0)));
        q.limit = 4;
        // 09:00 (held until 10:00 with its buffer) fits; 09:15 would run into 10:00.
        QCOMPARE(starts(e.nextFreeSlots(q)),
                 (QList<QDateTime>{local(day, QTime(9, 0)), local(day, QTime(11, 0)),
                                   local(day, QTime(11, 15)), local(day, QTime(11, 30))}));
        QVERIFY(e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(10, 30)))
                    .contains(u"booked"_qs));
        QVERIFY(e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(9, 15)))
                    .contains(u"booked"_qs));
        QVERIFY(
            e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(11, 0))).isEmpty());
        // Not on the grid, and running past closing time.
        QVERIFY(
            !e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(11, 5))).isEmpty());
        QVERIFY(
            !e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(16, 30))).isEmpty());
        QVERIFY(
            e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(16, 15))).isEmpty());
        // Rescheduling a1 by 15 minutes does not clash with itself.
        QVERIFY(
            e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(10, 15)), u"a1"_qs)
                .isEmpty());
        QVERIFY(!e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, local(day, QTime(10, 15)),
                             u"other"_qs)
                     .isEmpty());
    }

    void noResourceDoubleBooked()
    {
        SlotEngine e = basicEngine();
        const QDate day(2026, 11, 10);
        e.setBookings({booking(u"a1"_qs, u"amy"_qs, local(day, QTime(9, 0)), 60)});
        SlotQuery q = query(u"housing"_qs, local(day, QTime(7, 0)));
        q.limit = 1;
        FreeSlot first = e.nextFreeSlots(q).first();
        QCOMPARE(first.start, local(day, QTime(9, 0)));
        QCOMPARE(first.resourceId, u"bo"_qs); // Amy is busy, Bo is free
        e.addBooking(booking(u"b1"_qs, u"bo"_qs, local(day, QTime(9, 0)), 60));
        QCOMPARE(e.nextFreeSlots(q).first().start, local(day, QTime(10, 0)));
        // One per resource when asked.
        q.onePerPlaceAndTime = false;
        q.limit = 2;
        const QList<FreeSlot> both = e.nextFreeSlots(q);
        QCOMPARE(both[0].start, both[1].start);
        QVERIFY(both[0].resourceId != both[1].resourceId);
        // Cancelling gives the time back.
        e.removeBooking(u"a1"_qs);
        q.limit = 1;
        QCOMPARE(e.nextFreeSlots(q).first().start, local(day, QTime(9, 0)));
        QCOMPARE(e.bookingCount(), 1);
        // A chosen member of staff.
        q.resourceId = u"bo"_qs;
        QCOMPARE(e.nextFreeSlots(q).first().start, local(day, QTime(10, 0)));
    }

    void aResourceSharedBetweenPlacesIsBookedOnce()
    {
        SlotEngine e;
        e.setPlaces({firstStopShop(u"fss"_qs), firstStopShop(u"lib"_qs)});
        e.setResources({Resource{u"amy"_qs, u"Amy"_qs, u"staff"_qs, {u"fss"_qs, u"lib"_qs}}});
        AppointmentType t = housingAdvice();
        t.placeIds = {u"fss"_qs, u"lib"_qs};
        t.resourceIds = {u"amy"_qs};
        e.setAppointmentTypes({t});
        const QDate day(2026, 11, 10);
        e.setBookings({booking(u"a1"_qs, u"amy"_qs, local(day, QTime(9, 0)), 60)});
        QVERIFY(
            !e.checkSlot(u"housing"_qs, u"lib"_qs, u"amy"_qs, local(day, QTime(9, 30))).isEmpty());
        SlotQuery q = query(u"housing"_qs, local(day, QTime(7, 0)));
        q.limit = 2;
        const QList<FreeSlot> slots = e.nextFreeSlots(q);
        // Both places offer 10:00 with Amy; soonest first, ties in the places' order.
        QCOMPARE(slots[0].start, local(day, QTime(10, 0)));
        QCOMPARE(slots[0].placeId, u"fss"_qs);
        QCOMPARE(slots[1].placeId, u"lib"_qs);
    }

    void soonestFirstAcrossPlacesOrAtAChosenOne()
    {
        SlotEngine e;
        Place a = firstStopShop(u"fss"_qs);
        Place b = firstStopShop(u"lib"_qs);
        b.weeklyHours = weekdays(QTime(8, 0), QTime(10, 0)); // the library's early session
        e.setPlaces({a, b});
        e.setResources({Resource{u"amy"_qs, u"Amy"_qs, u"staff"_qs, {u"fss"_qs}},
                        Resource{u"desk"_qs, u"Library desk"_qs, u"desk"_qs, {u"lib"_qs}}});
        AppointmentType t = housingAdvice();
        t.placeIds = {u"fss"_qs, u"lib"_qs};
        t.resourceIds = {u"amy"_qs, u"desk"_qs};
        t.slotStepMinutes = 60;
        t.bufferMinutes = 0;
        e.setAppointmentTypes({t});
        const QDate day(2026, 11, 10);
        SlotQuery q = query(u"housing"_qs, local(day, QTime(7, 0)));
        q.limit = 3;
        QList<FreeSlot> slots = e.nextFreeSlots(q);
        QCOMPARE(starts(slots), (QList<QDateTime>{local(day, QTime(8, 0)), local(day, QTime(9, 0)),
                                                  local(day, QTime(9, 0))}));
        QCOMPARE(slots[0].placeId, u"lib"_qs);
        QCOMPARE(slots[1].placeId, u"fss"_qs);
        // At a chosen place, from a chosen day, in the afternoon.
        q.placeIds = {u"fss"_qs};
        q.fromDate = QDate(2026, 11, 13);
        q.earliest = QTime(14, 0);
        q.latest = QTime(16, 0);
        q.limit = 10;
        slots = e.nextFreeSlots(q);
        QCOMPARE(slots.first().start, local(QDate(2026, 11, 13), QTime(14, 0)));
        for (const FreeSlot &s : std::as_const(slots)) {
            const QTime at = s.start.toTimeZone(London).time();
            QVERIFY(at >= QTime(14, 0) && at < QTime(16, 0));
            QCOMPARE(s.placeId, u"fss"_qs);
        }
    }

    void noticeAndHowFarAhead()
    {
        SlotEngine e = basicEngine();
        AppointmentType t = housingAdvice();
        t.minimumNoticeMinutes = 120;
        t.bookableDaysAhead = 2;
        e.setAppointmentTypes({t});
        const QDate day(2026, 11, 10);
        SlotQuery q = query(u"housing"_qs, local(day, QTime(10, 5)));
        q.limit = 1;
        QCOMPARE(e.nextFreeSlots(q).first().start, local(day, QTime(12, 15)));
        // Fully booked for the next two days: nothing offered beyond them.
        QList<BookedInterval> all;
        for (int d = 0; d <= 2; ++d)
            for (const QString &r : {u"amy"_qs, u"bo"_qs})
                all.append(booking(r + QString::number(d), r, local(day.addDays(d), QTime(9, 0)),
                                   12 * 60));
        e.setBookings(all);
        q.limit = 10;
        QVERIFY(e.nextFreeSlots(q).isEmpty());
        e.removeBooking(u"amy2"_qs);
        QCOMPARE(e.nextFreeSlots(q).first().start, local(day.addDays(2), QTime(9, 0)));
    }

    void localTimeAcrossTheClockChanges()
    {
        SlotEngine e = basicEngine();
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 3, 27), QTime(7, 0)));
        q.limit = 1;
        // Friday 27 March 2026 is GMT: 09:00 local is 09:00 UTC.
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 QDateTime(QDate(2026, 3, 27), QTime(9, 0), Qt::UTC));
        // The clocks go forward on Sunday 29 March: Monday 09:00 BST is 08:00 UTC.
        q.fromDate = QDate(2026, 3, 30);
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 QDateTime(QDate(2026, 3, 30), QTime(8, 0), Qt::UTC));
        // And back on Sunday 25 October: Monday 26 October 09:00 GMT is 09:00 UTC.
        q.now = local(QDate(2026, 10, 23), QTime(7, 0));
        q.fromDate = QDate(2026, 10, 26);
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 QDateTime(QDate(2026, 10, 26), QTime(9, 0), Qt::UTC));

        // A place open through the night of the change: 00:00–04:00 local on Sunday 29 March is
        // only three hours long; hourly slots are 00:00, 01:00 and 02:00 UTC (00:00 GMT, 02:00 and
        // 03:00 BST), never a start in the hour that does not exist, never two at once.
        Place night = firstStopShop();
        night.weeklyHours = {{Qt::Sunday, QTime(0, 0), QTime(4, 0)}};
        e.setPlaces({night});
        AppointmentType t = housingAdvice();
        t.durationMinutes = 60;
        t.bufferMinutes = 0;
        t.slotStepMinutes = 60;
        e.setAppointmentTypes({t});
        q.now = QDateTime(QDate(2026, 3, 28), QTime(0, 0), Qt::UTC);
        q.fromDate = {};
        q.limit = 10;
        q.placeIds = {};
        QList<FreeSlot> slots = e.nextFreeSlots(q);
        QList<QDateTime> sunday;
        for (const FreeSlot &s : slots)
            if (s.start.date() == QDate(2026, 3, 29))
                sunday.append(s.start);
        QCOMPARE(sunday, (QList<QDateTime>{QDateTime(QDate(2026, 3, 29), QTime(0, 0), Qt::UTC),
                                           QDateTime(QDate(2026, 3, 29), QTime(1, 0), Qt::UTC),
                                           QDateTime(QDate(2026, 3, 29), QTime(2, 0), Qt::UTC)}));
        // Sunday 25 October is five hours long; the hour that happens twice is offered once.
        q.now = QDateTime(QDate(2026, 10, 24), QTime(0, 0), Qt::UTC);
        slots = e.nextFreeSlots(q);
        QCOMPARE(slots.size(), 10);
        sunday.clear();
        for (const FreeSlot &s : slots)
            if (s.start.toTimeZone(London).date() == QDate(2026, 10, 25))
                sunday.append(s.start);
        QVERIFY2(sunday.size() >= 4, qPrintable(QString::number(sunday.size())));
        for (qsizetype i = 1; i < sunday.size(); ++i)
            QVERIFY(sunday[i - 1].secsTo(sunday[i]) >= 3600); // a resource never held twice at once
        QCOMPARE(sunday.last(), QDateTime(QDate(2026, 10, 25), QTime(3, 0), Qt::UTC));
    }

    void irishOfficesInDublinTime()
    {
        SlotEngine e = basicEngine();
        Place cork = firstStopShop(u"cork"_qs);
        cork.timeZone = u"Europe/Dublin"_qs;
        cork.region = u"ireland"_qs;
        e.setPlaces({cork});
        e.setResources(twoAdvisers({u"cork"_qs}));
        AppointmentType t = housingAdvice();
        t.placeIds = {u"cork"_qs};
        e.setAppointmentTypes({t});
        // Ireland's public holidays come from an administrator (not in the gov.uk feed): St
        // Patrick's Day.
        e.setRegionHolidays(u"ireland"_qs, {QDate(2026, 3, 17)});
        SlotQuery q = query(u"housing"_qs, local(QDate(2026, 3, 17), QTime(7, 0), Dublin));
        q.limit = 1;
        QCOMPARE(e.nextFreeSlots(q).first().start, local(QDate(2026, 3, 18), QTime(9, 0), Dublin));
        // Irish Summer Time: 09:00 in Cork in July is 08:00 UTC.
        q.now = local(QDate(2026, 7, 7), QTime(7, 0), Dublin);
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 QDateTime(QDate(2026, 7, 7), QTime(8, 0), Qt::UTC));
        q.now = local(QDate(2026, 12, 8), QTime(7, 0), Dublin);
        QCOMPARE(e.nextFreeSlots(q).first().start,
                 QDateTime(QDate(2026, 12, 8), QTime(9, 0), Qt::UTC));
    }

    void nearestAlternativesToALostSlot()
    {
        SlotEngine e = basicEngine();
        const QDate day(2026, 11, 10);
        // Both advisers are busy 10:00–12:00; the desk wanted 10:15.
        e.setBookings({booking(u"a"_qs, u"amy"_qs, local(day, QTime(10, 0)), 120),
                       booking(u"b"_qs, u"bo"_qs, local(day, QTime(10, 0)), 120)});
        const QList<FreeSlot> alt = e.nearestAlternatives(
            u"housing"_qs, u"fss"_qs, local(day, QTime(10, 15)), local(day, QTime(7, 0)), 3);
        QCOMPARE(starts(alt), (QList<QDateTime>{local(day, QTime(9, 0)), local(day, QTime(12, 0)),
                                                local(day, QTime(12, 15))}));
        // Nearest can be the day before when the day itself is full.
        QList<BookedInterval> full;
        for (const QString &r : {u"amy"_qs, u"bo"_qs})
            full.append(booking(r, r, local(day, QTime(9, 0)), 8 * 60));
        e.setBookings(full);
        const QList<FreeSlot> other =
            e.nearestAlternatives(u"housing"_qs, u"fss"_qs, local(day, QTime(9, 0)),
                                  local(day.addDays(-7), QTime(7, 0)), 1);
        QCOMPARE(other.first().start, local(day.addDays(-1), QTime(16, 15)));
    }

    void unknownThingsFindNothing()
    {
        SlotEngine e = basicEngine();
        SlotQuery q = query(u"nope"_qs, QDateTime::currentDateTimeUtc());
        QVERIFY(e.nextFreeSlots(q).isEmpty());
        QVERIFY(!e.checkSlot(u"nope"_qs, u"fss"_qs, u"amy"_qs, QDateTime::currentDateTimeUtc())
                     .isEmpty());
        QVERIFY(
            !e.checkSlot(u"housing"_qs, u"elsewhere"_qs, u"amy"_qs, QDateTime::currentDateTimeUtc())
                 .isEmpty());
        QVERIFY(!e.checkSlot(u"housing"_qs, u"fss"_qs, u"carol"_qs, QDateTime::currentDateTimeUtc())
                     .isEmpty());
    }

    // Random calendars against a brute-force judge: every slot offered is inside opening hours,
    // clear of every booking of its resource (with buffers), and nothing earlier was skipped.
    void randomCalendarsAgainstBruteForce()
    {
        QRandomGenerator rng(20261123);
        for (int round = 0; round < 30; ++round) {
            SlotEngine e = basicEngine();
            AppointmentType t = housingAdvice();
            t.durationMinutes = 15 * int(rng.bounded(1, 5));
            t.bufferMinutes = 5 * int(rng.bounded(0, 4));
            t.slotStepMinutes = 15;
            t.bookableDaysAhead = 10;
            e.setAppointmentTypes({t});
            const QDate day0(2026, 3, 23); // across the spring change
            QList<BookedInterval> bookings;
            for (int i = 0; i < 60; ++i) {
                const QDateTime s = local(day0.addDays(rng.bounded(0, 10)),
                                          QTime(8 + rng.bounded(0, 10), 5 * rng.bounded(0, 12)));
                bookings.append(booking(QString::number(i), rng.bounded(2) ? u"amy"_qs : u"bo"_qs,
                                        s, 10 + 5 * rng.bounded(0, 20)));
            }
            e.setBookings(bookings);
            SlotQuery q = query(u"housing"_qs, local(day0, QTime(7, 0)));
            q.limit = 25;
            q.onePerPlaceAndTime = false;
            const QList<FreeSlot> slots = e.nextFreeSlots(q);
            QVERIFY(!slots.isEmpty());

            auto freeBrute = [&](const QString &r, qint64 s) {
                const qint64 end = s + qint64(t.durationMinutes + t.bufferMinutes) * 60;
                for (const BookedInterval &b : std::as_const(bookings))
                    if (b.resourceId == r && b.startUtc < end && s < b.blockedUntilUtc)
                        return false;
                return true;
            };
            for (const FreeSlot &s : slots) {
                QVERIFY(freeBrute(s.resourceId, s.start.toSecsSinceEpoch()));
                const QDateTime l = s.start.toTimeZone(London);
                QVERIFY(e.closedReason(u"fss"_qs, l.date()).isEmpty());
                QVERIFY(l.time() >= QTime(9, 0));
                QCOMPARE(l.time().minute() % 15, 0);
                QVERIFY(s.end.toTimeZone(London).time() <=
                        (l.date().dayOfWeek() == Qt::Thursday   ? QTime(19, 0)
                         : l.date().dayOfWeek() == Qt::Saturday ? QTime(12, 0)
                                                                : QTime(17, 0)));
            }
            // Nothing earlier than the last slot offered was missed: walk the grid by brute force.
            int expected = 0;
            for (QDate d = day0; d <= day0.addDays(10) && expected < slots.size();
                 d = d.addDays(1)) {
                if (!e.closedReason(u"fss"_qs, d).isEmpty())
                    continue;
                for (QTime tm(9, 0); tm.isValid() && tm < QTime(19, 0) && expected < slots.size();
                     tm = tm.addSecs(15 * 60)) {
                    const QDateTime s = local(d, tm);
                    if (!e.checkSlot(u"housing"_qs, u"fss"_qs, u"amy"_qs, s).isEmpty() &&
                        !e.checkSlot(u"housing"_qs, u"fss"_qs, u"bo"_qs, s).isEmpty())
                        continue;
                    for (const QString &r : {u"amy"_qs, u"bo"_qs}) {
                        if (expected < slots.size() &&
                            e.checkSlot(u"housing"_qs, u"fss"_qs, r, s).isEmpty()) {
                            QCOMPARE(slots[expected].start, s);
                            QCOMPARE(slots[expected].resourceId, r);
                            ++expected;
                        }
                    }
                }
            }
            QCOMPARE(expected, slots.size());
        }
    }
};

QTEST_GUILESS_MAIN(TestSlotEngine)
#include "tst_slotengine.moc"
