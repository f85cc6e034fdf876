// Appointments between two real desks (the real sync engine and AppointmentService each) and the
// real firststop-server process, on SQLite and PostgreSQL: the administrator's set-up loaded with
// `firststop-server appointments --import` reaches both desks; both book the same slot while
// offline and show it as provisional; the first to reach the centre is confirmed, the other is
// told it lost the slot (its record says so at both desks) with the nearest free alternatives,
// and books one of them; a cancellation gives the slot back.
#include "BackendFiles.h"
#include "TestDesk.h"
#include "app/AppointmentService.h"
#include "models/Appointment.h"
#include "models/EntityType.h"
#include "tests/support/ServerProcess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::TestDesk;

namespace {

const QString kOffice = u"Cardiff Central"_qs;

// A desk as DeskController wires it: the engine reads the cache's appointments on request, and
// the service's bookings are saved through the engine.
struct BookingDesk
{
    explicit BookingDesk(const QString &path)
        : desk(path)
    {
        QObject::connect(&desk.engine, &SyncEngine::appointmentBookReady, &service,
                         &AppointmentService::takeBook);
        QObject::connect(&service, &AppointmentService::recordToSave, &desk.engine,
                         &SyncEngine::saveRecord);
        service.setOffice(kOffice, false);
    }
    // Reads the cache into the service (as after every sync that touched appointments).
    void reload()
    {
        QSignalSpy changed(&service, &AppointmentService::appointmentsChanged);
        desk.engine.requestAppointmentBook(service.saveToken());
        QTRY_VERIFY(!changed.isEmpty());
    }
    QList<FreeSlot> firstSlots(const QDateTime &now)
    {
        QSignalSpy ready(&service, &AppointmentService::slotsReady);
        SlotQuery q;
        q.typeId = u"housing"_qs;
        q.now = now;
        q.limit = 5;
        const quint64 generation = service.findSlots(q);
        if (!QTest::qWaitFor([&] { return !ready.isEmpty(); }, 10000) ||
            ready.last().at(0).toULongLong() != generation) {
            return {};
        }
        return ready.last().at(1).value<QList<FreeSlot>>();
    }
    TestDesk desk;
    AppointmentService service;
};

Appointment forResident(const FreeSlot &slot)
{
    Appointment a;
    a.personId = QUuid::createUuid();
    a.typeId = u"housing"_qs;
    a.placeId = slot.placeId;
    a.resourceId = slot.resourceId;
    a.start = slot.start;
    a.end = slot.end;
    return a;
}

} // namespace

class TestAppointmentsEndToEnd : public QObject
{
    Q_OBJECT

private:
    Test::BackendFiles m_files;

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

    void twoDesksOfflineOnOneSlotOneLosesAndRebooks()
    {
        const QString db = m_files.freshDatabase();
        QVERIFY(!db.isEmpty());
        // The administrator loads the set-up from the command line, before and while serving.
        QTemporaryDir dir;
        const QString setupFile = dir.filePath(u"setup.json"_qs);
        {
            QFile demo(u":/firststop/data/demo-appointment-setup.json"_qs);
            QFile out(setupFile);
            QVERIFY(demo.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
            out.write(demo.readAll());
        }
        const ServerProcess::Run imported = ServerProcess::runToEnd(
            {u"appointments"_qs, u"--database"_qs, db, u"--import"_qs, setupFile});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err + imported.out));
        QVERIFY2(imported.out.contains(u"1 changed"_qs), qPrintable(imported.out));

        ServerProcess server;
        QStringList args{u"--demo-users"_qs};
        args +=
            ServerProcess::addUserArgs(u"counter2"_qs, u"counter2-demo"_qs, u"counter"_qs, kOffice);
        QVERIFY2(server.start(db, args), qPrintable(server.errorString()));

        BookingDesk a(m_files.cachePath());
        BookingDesk b(m_files.cachePath());
        QVERIFY(a.desk.open() && b.desk.open());
        QVERIFY(a.desk.signIn(server.baseUrl()));
        QVERIFY(b.desk.signIn(server.baseUrl(), u"counter2"_qs, u"counter2-demo"_qs));
        a.reload();
        b.reload();
        QVERIFY(a.service.hasSetup() && b.service.hasSetup());
        QCOMPARE(a.service.bookablePlaces().size(), 1); // the library is another office's
        QCOMPARE(a.service.typeName(u"housing"_qs), u"Housing advice"_qs);

        // Both desks lose the network, and each books the first free housing slot in a
        // fortnight for a resident in front of them: the same slot, each provisional.
        const QDateTime now = QDateTime(QDate::currentDate().addDays(14), QTime(7, 0), Qt::UTC);
        a.desk.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        b.desk.engine.setServer(QUrl(u"http://127.0.0.1:9"_qs));
        const QList<FreeSlot> aSlots = a.firstSlots(now);
        const QList<FreeSlot> bSlots = b.firstSlots(now);
        QVERIFY(!aSlots.isEmpty() && !bSlots.isEmpty());
        QCOMPARE(aSlots.first(), bSlots.first());
        const FreeSlot slot = aSlots.first();
        Appointment first = forResident(slot);
        Appointment second = forResident(slot);
        first.id = QUuid::createUuid();
        second.id = QUuid::createUuid();
        QSignalSpy aSaved(&a.desk.engine, &SyncEngine::recordSaved);
        QSignalSpy bSaved(&b.desk.engine, &SyncEngine::recordSaved);
        QCOMPARE(a.service.book(first, now), QString());
        QCOMPARE(b.service.book(second, now), QString());
        QTRY_COMPARE(aSaved.size(), 1);
        QTRY_COMPARE(bSaved.size(), 1);
        a.reload();
        b.reload();
        QCOMPARE(a.service.appointment(first.id)->status, Appointment::Status::Provisional);
        QCOMPARE(b.service.appointment(second.id)->status, Appointment::Status::Provisional);
        // The booking holds its slot on the desk at once: the next question offers another.
        QVERIFY(a.firstSlots(now).first() != slot);

        // Desk A is back first: its booking is confirmed.
        a.desk.engine.setServer(server.baseUrl());
        QVERIFY(a.desk.syncUntilOk());
        a.reload();
        QCOMPARE(a.service.appointment(first.id)->status, Appointment::Status::Confirmed);
        QCOMPARE(a.desk.reader().record(first.id)->value(u"booked_by"_qs), u"counter1"_qs);

        // Desk B is back: told its booking lost the slot, with the nearest free times.
        QSignalSpy lost(&b.service, &AppointmentService::bookingLost);
        QSignalSpy alternatives(&b.service, &AppointmentService::alternativesReady);
        b.desk.engine.setServer(server.baseUrl());
        QVERIFY(b.desk.syncUntilOk());
        b.reload();
        QCOMPARE(lost.size(), 1);
        const Appointment lostOne = lost.at(0).at(0).value<Appointment>();
        QCOMPARE(lostOne.id, second.id);
        QCOMPARE(lostOne.status, Appointment::Status::Lost);
        QVERIFY2(lostOne.centreNote.contains(u"another desk"_qs), qPrintable(lostOne.centreNote));
        // ...and the resident's record says so, on this desk's cache.
        const Record record = *b.desk.reader().record(second.id);
        QCOMPARE(record.value(u"status"_qs), u"lost"_qs);
        QTRY_COMPARE(alternatives.size(), 1);
        const QList<FreeSlot> nearest = alternatives.at(0).at(1).value<QList<FreeSlot>>();
        QVERIFY(!nearest.isEmpty());
        for (const FreeSlot &s : nearest) {
            QVERIFY(s != slot);
            QVERIFY2(qAbs(s.start.secsTo(slot.start)) < 7 * 24 * 3600,
                     qPrintable(s.start.toString(Qt::ISODate)));
        }
        // Desk B now knows desk A's booking too: the slot is no longer offered.
        QVERIFY(b.firstSlots(now).first() != slot);

        // Desk B books the nearest alternative for its resident: confirmed at the centre.
        QSignalSpy bSaved2(&b.desk.engine, &SyncEngine::recordSaved);
        QCOMPARE(b.service.reschedule(second.id, nearest.first(), u"The first time was taken"_qs),
                 QString());
        QTRY_COMPARE(bSaved2.size(), 1);
        QVERIFY(b.desk.syncUntilOk());
        b.reload();
        const Appointment rebooked = *b.service.appointment(second.id);
        QCOMPARE(rebooked.status, Appointment::Status::Confirmed);
        QCOMPARE(rebooked.start, nearest.first().start);
        QCOMPARE(rebooked.sequence, 1); // the calendar file replaces the first one
        QVERIFY(rebooked.centreNote.isEmpty());

        // Desk A sees both bookings as the centre has them.
        QVERIFY(a.desk.syncUntilOk());
        a.reload();
        QCOMPARE(a.service.appointment(second.id)->start, nearest.first().start);
        QCOMPARE(a.service.dayAt(slot.placeId, slot.start.date()).size() +
                     (nearest.first().start.date() == slot.start.date() ? 0 : 1),
                 qsizetype(2));

        // Desk A cancels its booking with a reason: the slot is free again for desk B.
        QSignalSpy aSaved2(&a.desk.engine, &SyncEngine::recordSaved);
        QCOMPARE(a.service.cancel(first.id, u"Resident sorted it out online"_qs), QString());
        QTRY_COMPARE(aSaved2.size(), 1);
        QVERIFY(a.desk.syncUntilOk());
        QVERIFY(b.desk.syncUntilOk());
        b.reload();
        QCOMPARE(b.service.appointment(first.id)->status, Appointment::Status::Cancelled);
        QCOMPARE(b.firstSlots(now).first(), slot);
    }
};

QTEST_GUILESS_MAIN(TestAppointmentsEndToEnd)
#include "tst_appointments_e2e.moc"
