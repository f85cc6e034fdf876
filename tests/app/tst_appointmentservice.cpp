#include "app/AppointmentService.h"
#include "models/EntityType.h"

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

    // The desk's own appointments: what it books, moves, cancels and marks is saved as the
    // appointment record, provisional until the centre accepts it; a booking the centre says was
    // lost is announced once, with its nearest alternatives.
    void bookingsAreRecordsAndALostOneIsAnnounced()
    {
        const AppointmentSetup setup = sampleSetup();
        AppointmentService service;
        service.setOffice(u"First Stop Shop, Llandudno"_qs, false);
        QVERIFY(service.bookablePlaces().isEmpty()); // no set-up yet
        Appointment a;
        a.personId = QUuid::createUuid();
        a.typeId = u"housing"_qs;
        a.placeId = u"fss-llandudno"_qs;
        a.resourceId = u"amy"_qs;
        a.start = QDateTime(QDate(2027, 1, 12), QTime(10, 0), Qt::UTC);
        a.end = a.start.addSecs(45 * 60);
        const QDateTime now(QDate(2027, 1, 5), QTime(9, 0), Qt::UTC);
        QVERIFY(!service.book(a, now).isEmpty()); // refused, and says why

        service.useSetup(setup, {});
        // Only this office's places are offered (the library and Cork are other offices').
        QCOMPARE(service.bookablePlaces().size(), 1);
        QSignalSpy saved(&service, &AppointmentService::recordToSave);
        a.id = QUuid::createUuid();
        QCOMPARE(service.book(a, now), QString());
        QCOMPARE(saved.size(), 1);
        Record r = saved.at(0).at(0).value<Record>();
        QCOMPARE(r.type, QString::fromUtf16(kTypeAppointment));
        QCOMPARE(r.id, a.id);
        QCOMPARE(r.version, 0);
        QCOMPARE(r.value(u"status"_qs).toString(), u"booked"_qs);
        QCOMPARE(r.value(u"office"_qs).toString(), u"First Stop Shop, Llandudno"_qs);
        QCOMPARE(r.value(u"booked_at"_qs).toString(), now.toString(Qt::ISODateWithMs));
        QVERIFY(entityType(kTypeAppointment)->recordProblem(r.data).isEmpty());
        QVERIFY(service.appointment(a.id)->isProvisional());
        QVERIFY(service.hasUnsettled());

        // Moving needs a reason; it raises the calendar sequence.
        const FreeSlot later{u"fss-llandudno"_qs, u"amy"_qs, a.start.addSecs(3600),
                             a.end.addSecs(3600)};
        QVERIFY(!service.reschedule(a.id, later, u"  "_qs).isEmpty());
        QCOMPARE(service.reschedule(a.id, later, u"Resident asked"_qs), QString());
        r = saved.last().at(0).value<Record>();
        QCOMPARE(r.value(u"starts_at"_qs).toString(), later.start.toString(Qt::ISODateWithMs));
        QCOMPARE(r.value(u"sequence"_qs).toInt(), 1);
        QCOMPARE(r.value(u"reason"_qs).toString(), u"Resident asked"_qs);

        // The cache says the centre accepted it (synced, nothing pending): confirmed.
        AppointmentBook book = AppointmentBook::fromRecords({Record{r.type, r.id, 7, r.data}}, {});
        QCOMPARE(book.intervals.size(), 1);
        QCOMPARE(book.intervals.first().blockedUntilUtc,
                 later.end.toSecsSinceEpoch()); // no set-up in the book: no buffer known
        book.setup = setup;
        book.savesSeen = service.saveToken(); // read after this desk's saves
        service.takeBook(book);
        QCOMPARE(service.appointment(a.id)->status, Appointment::Status::Confirmed);
        QVERIFY(!service.hasUnsettled());

        // Another booking of this desk comes back lost: announced once, alternatives found.
        Appointment b = a;
        b.id = QUuid::createUuid();
        QCOMPARE(service.book(b, now), QString());
        QJsonObject lost = service.appointment(b.id)->toFields();
        lost.insert(u"status"_qs, u"lost"_qs);
        lost.insert(u"centre_note"_qs, u"Taken at another desk"_qs);
        QSignalSpy lostSpy(&service, &AppointmentService::bookingLost);
        QSignalSpy alternatives(&service, &AppointmentService::alternativesReady);
        book = AppointmentBook::fromRecords(
            {Record{r.type, r.id, 7, r.data}, Record{r.type, b.id, 9, lost}}, {});
        book.savesSeen = service.saveToken();
        service.takeBook(book);
        service.takeBook(book); // read again: not announced twice
        QCOMPARE(lostSpy.size(), 1);
        QCOMPARE(lostSpy.at(0).at(0).value<Appointment>().centreNote, u"Taken at another desk"_qs);
        QVERIFY(alternatives.wait(5000));
        QCOMPARE(QUuid::fromString(alternatives.at(0).at(0).toString()), b.id);

        // A refusal of this desk's edit shows, and frees nothing it did not hold.
        book = AppointmentBook::fromRecords({Record{r.type, r.id, 7, r.data}},
                                            {{r.id, u"the place is closed on Sundays"_qs}});
        QCOMPARE(book.find(r.id)->refusal, u"the place is closed on Sundays"_qs);
        QVERIFY(book.intervals.isEmpty());

        // A book the sync thread read just before this desk's next booking arrives after it: the
        // booking is not hidden (nor its slot freed) by it; a book read after it takes over.
        const quint64 before = service.saveToken();
        Appointment c = a;
        c.id = QUuid::createUuid();
        c.start = a.start.addDays(1);
        c.end = a.end.addDays(1);
        QCOMPARE(service.book(c, now), QString());
        const Record lostRecord{r.type, b.id, 9, lost};
        AppointmentBook stale =
            AppointmentBook::fromRecords({Record{r.type, r.id, 7, r.data}, lostRecord}, {});
        stale.savesSeen = before;
        service.takeBook(stale);
        QVERIFY(service.appointment(c.id) && service.appointment(c.id)->isProvisional());
        AppointmentBook fresh = AppointmentBook::fromRecords(
            {Record{r.type, r.id, 7, r.data}, lostRecord, saved.last().at(0).value<Record>()}, {});
        fresh.savesSeen = service.saveToken();
        service.takeBook(fresh);
        QVERIFY(service.appointment(c.id)->isProvisional()); // version 0 in the cache
        service.takeBook(stale); // an older read can no longer bring back what it showed
        QVERIFY(!service.appointment(c.id));

        // Cancelling needs a reason; attendance only for an appointment that holds its time.
        QVERIFY(!service.cancel(a.id, QString()).isEmpty());
        QCOMPARE(service.setAttendance(a.id, Appointment::Status::Arrived), QString());
        QCOMPARE(saved.last().at(0).value<Record>().value(u"status"_qs).toString(), u"arrived"_qs);
        QCOMPARE(service.cancel(b.id, u"No longer needed"_qs), QString());
        QVERIFY(!service.setAttendance(b.id, Appointment::Status::Seen).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAppointmentService)
#include "tst_appointmentservice.moc"
