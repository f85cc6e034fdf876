// Appointments through the generic record path at the centre, on SQLite and PostgreSQL: the slot
// is claimed in the push's transaction (AppointmentJudge over AppointmentClaims), a booking that
// lost its slot is kept as "lost" with the centre's note, a move into a taken time keeps the old
// one, a cancellation gives the slot back, and bookings that break the set-up are refused.
#include "BackendFixture.h"
#include "models/Appointment.h"
#include "models/AppointmentSetup.h"
#include "models/EntityType.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QFile>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const QString kAppointment = QString::fromUtf16(kTypeAppointment);
const QString kOffice = QStringLiteral("Cardiff Central");
const Wire::UserInfo kCounter{QStringLiteral("counter1"), QStringLiteral("Counter 1"),
                              QStringLiteral("counter"), kOffice};
const Wire::UserInfo kCounter2{QStringLiteral("counter2"), QStringLiteral("Counter 2"),
                               QStringLiteral("counter"), kOffice};
const Wire::UserInfo kLibrary{QStringLiteral("library1"), QStringLiteral("Library 1"),
                              QStringLiteral("library"), QStringLiteral("Cardiff Central Library")};
const Wire::UserInfo kAdmin{QStringLiteral("admin"), QStringLiteral("Admin"),
                            QStringLiteral("admin"), QString()};

QByteArray demoSetup()
{
    QFile f(u":/firststop/data/demo-appointment-setup.json"_qs);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Wire::Mutation upsert(const QString &type, const QUuid &entity, qint64 base, const QJsonObject &f)
{
    return {QUuid::createUuid(), type, Wire::MutationOp::Upsert, entity, base, f};
}

std::optional<Wire::MutationResult> pushOne(SyncService &sync, const Wire::Mutation &m,
                                            const Wire::UserInfo &user = kCounter)
{
    QString error;
    const auto results = sync.apply({QUuid::createUuid(), {m}}, user, &error);
    if (!results || results->size() != 1) {
        qWarning("apply failed: %s", qPrintable(error));
        return std::nullopt;
    }
    return results->first();
}

// Tuesday 12 January 2027 (no bank holiday, GMT so local = UTC), hh:mm.
QDateTime tuesdayAt(int hour, int minute)
{
    return QDateTime(QDate(2027, 1, 12), QTime(hour, minute), Qt::UTC);
}

Appointment housing(const QDateTime &start, const QString &resource = u"rhys"_qs)
{
    Appointment a;
    a.id = QUuid::createUuid();
    a.personId = QUuid::createUuid();
    a.typeId = u"housing"_qs;
    a.placeId = u"fss-cardiff"_qs;
    a.resourceId = resource;
    a.office = kOffice;
    a.start = start;
    a.end = start.addSecs(45 * 60);
    a.status = Appointment::Status::Provisional;
    a.bookedAt = start.addDays(-7);
    return a;
}

Wire::Mutation book(const Appointment &a)
{
    return upsert(kAppointment, a.id, 0, a.toFields());
}

QString statusOf(const Wire::MutationResult &r, const QJsonObject &sent)
{
    return r.serverFields.value(u"status"_qs).toString(sent.value(u"status"_qs).toString());
}

} // namespace

class TestAppointmentBooking : public QObject
{
    Q_OBJECT

    // Loads the demo set-up as an administrator would (the appointment_setup record).
    static bool loadSetup(SyncService &sync, const QByteArray &document = demoSetup())
    {
        const auto r =
            pushOne(sync,
                    upsert(QString::fromUtf16(kTypeAppointmentSetup), AppointmentSetup::recordId(),
                           0, {{u"document"_qs, QString::fromUtf8(document)}}),
                    kAdmin);
        return r && r->status == Wire::MutationStatus::Applied;
    }

private Q_SLOTS:
    void theSetUpIsAnAdministratorsRecord_data() { Test::BackendFixture::addRows(); }
    void theSetUpIsAnAdministratorsRecord()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        // Without a set-up nothing can be booked, and the clerk is told why.
        const auto early = pushOne(sync, book(housing(tuesdayAt(10, 0))));
        QVERIFY(early);
        QCOMPARE(early->status, Wire::MutationStatus::Rejected);
        QVERIFY2(early->error.contains(u"no appointment set-up"), qPrintable(early->error));

        // A counter may not change it; a broken document is refused with where it is wrong.
        const auto byCounter =
            pushOne(sync,
                    upsert(QString::fromUtf16(kTypeAppointmentSetup), AppointmentSetup::recordId(),
                           0, {{u"document"_qs, QString::fromUtf8(demoSetup())}}),
                    kCounter);
        QVERIFY(byCounter);
        QCOMPARE(byCounter->status, Wire::MutationStatus::Rejected);
        QByteArray broken = demoSetup();
        broken.replace("\"19:30\"", "\"19:70\"");
        const auto bad =
            pushOne(sync,
                    upsert(QString::fromUtf16(kTypeAppointmentSetup), AppointmentSetup::recordId(),
                           0, {{u"document"_qs, QString::fromUtf8(broken)}}),
                    kAdmin);
        QVERIFY(bad);
        QCOMPARE(bad->status, Wire::MutationStatus::Rejected);
        QVERIFY2(bad->error.contains(u"19:70"), qPrintable(bad->error));
        QVERIFY(loadSetup(sync));

        const auto booked = pushOne(sync, book(housing(tuesdayAt(10, 0))));
        QVERIFY(booked);
        QCOMPARE(booked->status, Wire::MutationStatus::Applied);
        QVERIFY(booked->serverFields.isEmpty());
    }

    void twoDesksBookingOneSlotOneIsToldItLost_data() { Test::BackendFixture::addRows(); }
    void twoDesksBookingOneSlotOneIsToldItLost()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        QVERIFY(loadSetup(sync));

        // Two desks, offline, book Rhys at 10:00 for two residents. The first push wins.
        const Appointment first = housing(tuesdayAt(10, 0));
        const Appointment second = housing(tuesdayAt(10, 0));
        const auto won = pushOne(sync, book(first));
        const auto lost = pushOne(sync, book(second), kCounter2);
        QVERIFY(won && lost);
        QCOMPARE(won->status, Wire::MutationStatus::Applied);
        QCOMPARE(lost->status, Wire::MutationStatus::Applied); // kept, not refused
        QCOMPARE(statusOf(*lost, book(second).fields), u"lost"_qs);
        const QString note = lost->serverFields.value(u"centre_note"_qs).toString();
        QVERIFY2(note.contains(u"Tuesday 12 January 2027 at 10am") &&
                     note.contains(u"another desk"),
                 qPrintable(note));

        // The buffer counts: 10:45–11:00 is still Rhys's, 11:00 is free.
        const auto inBuffer = pushOne(sync, book(housing(tuesdayAt(10, 45))));
        QVERIFY(inBuffer);
        QCOMPARE(statusOf(*inBuffer, {}), u"lost"_qs);
        const auto after = pushOne(sync, book(housing(tuesdayAt(11, 0))));
        QVERIFY(after);
        QCOMPARE(after->status, Wire::MutationStatus::Applied);
        QVERIFY(after->serverFields.isEmpty());
        // Another resource at the same time is another slot.
        const auto aisha = pushOne(sync, book(housing(tuesdayAt(10, 0), u"aisha"_qs)));
        QVERIFY(aisha);
        QVERIFY(aisha->serverFields.isEmpty());

        // The lost booking is in the feed as lost, so every desk's copy of the resident's record
        // says so; a replay of the push changes nothing.
        QString error;
        const auto page = sync.changes(0, Wire::kMaxPageSize, kCounter, &error);
        QVERIFY2(page, qPrintable(error));
        bool seen = false;
        for (const Wire::Change &c : page->changes) {
            if (c.id == second.id) {
                seen = true;
                QCOMPARE(c.data.value(u"status"_qs).toString(), u"lost"_qs);
                QCOMPARE(c.data.value(u"booked_by"_qs).toString(), u"counter2"_qs);
            }
        }
        QVERIFY(seen);

        // Booked again at a free time, the lost appointment holds its new slot and the old note
        // goes.
        // (A desk sends only what it changed; the note is the centre's to clear.)
        const QJsonObject again = {{u"status"_qs, u"booked"_qs},
                                   {u"starts_at"_qs, tuesdayAt(14, 0).toString(Qt::ISODateWithMs)},
                                   {u"ends_at"_qs, tuesdayAt(14, 45).toString(Qt::ISODateWithMs)},
                                   {u"sequence"_qs, 1}};
        const auto rebooked =
            pushOne(sync, upsert(kAppointment, second.id, lost->version, again), kCounter2);
        QVERIFY(rebooked);
        QVERIFY2(rebooked->status == Wire::MutationStatus::Applied, qPrintable(rebooked->error));
        QVERIFY(rebooked->serverFields.contains(u"centre_note"_qs));
        QVERIFY(rebooked->serverFields.value(u"centre_note"_qs).isNull());
        QCOMPARE(statusOf(*rebooked, again), u"booked"_qs);
    }

    void movesAndCancellationsFollowTheSlot_data() { Test::BackendFixture::addRows(); }
    void movesAndCancellationsFollowTheSlot()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        QVERIFY(loadSetup(sync));

        const Appointment ten = housing(tuesdayAt(10, 0));
        const Appointment twelve = housing(tuesdayAt(12, 0));
        const auto a = pushOne(sync, book(ten));
        const auto b = pushOne(sync, book(twelve));
        QVERIFY(a && b);

        // Moving ten to twelve: taken, so it stays at ten, with a note the desk takes at once.
        const QJsonObject moveTo12 = {
            {u"starts_at"_qs, tuesdayAt(12, 0).toString(Qt::ISODateWithMs)},
            {u"ends_at"_qs, tuesdayAt(12, 45).toString(Qt::ISODateWithMs)},
            {u"sequence"_qs, 1},
            {u"reason"_qs, u"Resident asked for a later time"_qs}};
        const auto refused = pushOne(sync, upsert(kAppointment, ten.id, a->version, moveTo12));
        QVERIFY(refused);
        QCOMPARE(refused->status, Wire::MutationStatus::Applied);
        QCOMPARE(refused->serverFields.value(u"starts_at"_qs).toString(),
                 tuesdayAt(10, 0).toString(Qt::ISODateWithMs));
        const QString note = refused->serverFields.value(u"centre_note"_qs).toString();
        QVERIFY2(note.contains(u"12pm") && note.contains(u"stays on Tuesday 12 January 2027 at "
                                                         u"10am"),
                 qPrintable(note));

        // Cancel twelve (with a reason): its slot is free again, and ten can move there.
        const auto cancelled =
            pushOne(sync, upsert(kAppointment, twelve.id, b->version,
                                 {{u"status"_qs, u"cancelled"_qs},
                                  {u"reason"_qs, u"Resident found the answer online"_qs},
                                  {u"sequence"_qs, 1}}));
        QVERIFY(cancelled);
        QCOMPARE(cancelled->status, Wire::MutationStatus::Applied);
        const auto moved = pushOne(sync, upsert(kAppointment, ten.id, refused->version, moveTo12));
        QVERIFY(moved);
        QCOMPARE(moved->status, Wire::MutationStatus::Applied);
        QVERIFY2(!moved->serverFields.contains(u"starts_at"_qs), "the move should stand");
        // ...and ten o'clock is free for someone else now.
        const auto newTen = pushOne(sync, book(housing(tuesdayAt(10, 0))));
        QVERIFY(newTen);
        QVERIFY(newTen->serverFields.isEmpty());

        // Arrival keeps the slot: nobody can take it while the resident is being seen.
        const auto arrived = pushOne(
            sync, upsert(kAppointment, ten.id, moved->version, {{u"status"_qs, u"arrived"_qs}}));
        QVERIFY(arrived);
        QCOMPARE(arrived->status, Wire::MutationStatus::Applied);
        const auto intruder = pushOne(sync, book(housing(tuesdayAt(12, 0))));
        QVERIFY(intruder);
        QCOMPARE(statusOf(*intruder, {}), u"lost"_qs);
    }

    void bookingsThatBreakTheSetUpAreRefused_data() { Test::BackendFixture::addRows(); }
    void bookingsThatBreakTheSetUpAreRefused()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        QVERIFY(loadSetup(sync));
        const auto refusedFor = [&](Appointment a, QStringView why,
                                    const Wire::UserInfo &user = kCounter) {
            const auto r = pushOne(sync, book(a), user);
            if (!r || r->status != Wire::MutationStatus::Rejected || !r->error.contains(why)) {
                qWarning("expected a refusal about %s, got %s", qPrintable(why.toString()),
                         r ? qPrintable(r->error) : "nothing");
                return false;
            }
            return true;
        };
        Appointment a = housing(tuesdayAt(10, 0));
        a.end = a.start.addSecs(30 * 60);
        QVERIFY(refusedFor(a, u"45 minutes"));
        a = housing(tuesdayAt(16, 30)); // would end at 17:15, after closing
        QVERIFY(refusedFor(a, u"not open"));
        a = housing(QDateTime(QDate(2027, 1, 10), QTime(10, 0), Qt::UTC)); // a Sunday
        QVERIFY(refusedFor(a, u"Sunday"));
        a = housing(tuesdayAt(10, 0), u"help-desk"_qs);
        QVERIFY(refusedFor(a, u"cannot take"));
        a = housing(tuesdayAt(10, 0));
        a.typeId = u"tarot"_qs;
        QVERIFY(refusedFor(a, u"no appointment type"));
        // The office is the place's: a desk of another office cannot book into it.
        a = housing(tuesdayAt(10, 0));
        a.office = kLibrary.office;
        QVERIFY(refusedFor(a, u"belong to the office Cardiff Central", kLibrary));
        // Christmas Day 2026 is a bank holiday in Wales.
        a = housing(QDateTime(QDate(2026, 12, 25), QTime(10, 0), Qt::UTC));
        QVERIFY(refusedFor(a, u"Christmas"));
    }
};

QTEST_GUILESS_MAIN(TestAppointmentBooking)
#include "tst_appointmentbooking.moc"
