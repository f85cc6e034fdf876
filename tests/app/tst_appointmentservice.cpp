#include "app/AppointmentService.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;

namespace {

AppointmentSetup sampleSetup()
{
    QFile f(qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") +
            u"/tests/data/appointment-setup.json"_qs);
    QString error;
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return AppointmentSetup::fromJson(f.readAll(), &error).value_or(AppointmentSetup{});
}

SlotQuery housingFrom(const QDateTime &now)
{
    SlotQuery q;
    q.typeId = u"housing"_qs;
    q.now = now;
    q.limit = 5;
    return q;
}

} // namespace

class TestAppointmentService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slotsArriveOffTheGuiThreadAndStaleAnswersAreDropped()
    {
        const AppointmentSetup setup = sampleSetup();
        QVERIFY(!setup.places.isEmpty());
        AppointmentService service;
        service.setSetup(setup,
                         {{u"england-and-wales"_qs, {QDate(2026, 12, 25), QDate(2026, 12, 28)}}});
        QSignalSpy spy(&service, &AppointmentService::slotsReady);

        const QDateTime now(QDate(2026, 12, 23), QTime(8, 0), Qt::UTC);
        SlotQuery stale = housingFrom(now);
        stale.placeIds = {u"cork"_qs};
        service.findSlots(stale);
        const quint64 newest = service.findSlots(housingFrom(now));
        QCOMPARE(spy.count(), 0); // nothing is computed on the caller's thread
        QVERIFY(spy.wait(5000));
        QTest::qWait(50);
        // Only the newest question is answered; the one it overtook never shows.
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toULongLong(), newest);
        const QList<FreeSlot> slots = spy.at(0).at(1).value<QList<FreeSlot>>();

        SlotEngine direct;
        setup.applyTo(&direct);
        direct.setRegionHolidays(u"england-and-wales"_qs,
                                 {QDate(2026, 12, 25), QDate(2026, 12, 28)});
        QCOMPARE(slots, direct.nextFreeSlots(housingFrom(now)));

        // A booking made at this desk holds its slot at once.
        const FreeSlot first = slots.first();
        service.hold(BookedInterval{u"appt-1"_qs, first.resourceId, first.start.toSecsSinceEpoch(),
                                    first.end.toSecsSinceEpoch() + 15 * 60});
        service.findSlots(housingFrom(now));
        QVERIFY(spy.wait(5000));
        const QList<FreeSlot> after = spy.last().at(1).value<QList<FreeSlot>>();
        for (const FreeSlot &s : after)
            QVERIFY(!(s.resourceId == first.resourceId && s.start == first.start));

        // The nearest alternatives to a lost slot.
        QSignalSpy alternatives(&service, &AppointmentService::alternativesReady);
        service.findAlternatives(u"appt-1"_qs, u"housing"_qs, first.placeId, first.start, now, 3);
        QVERIFY(alternatives.wait(5000));
        QCOMPARE(alternatives.at(0).at(0).toString(), u"appt-1"_qs);
        QCOMPARE(alternatives.at(0).at(1).value<QList<FreeSlot>>().size(), 3);

        // Cancelling gives it back.
        service.release(u"appt-1"_qs);
        service.findSlots(housingFrom(now));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.last().at(1).value<QList<FreeSlot>>(), slots);
    }
};

QTEST_GUILESS_MAIN(TestAppointmentService)
#include "tst_appointmentservice.moc"
