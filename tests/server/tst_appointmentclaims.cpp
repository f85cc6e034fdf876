#include "BackendFixture.h"
#include "server/AppointmentClaims.h"
#include "server/Database.h"

#include <QSqlQuery>
#include <QTest>

#include <thread>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

constexpr qint64 Nine = 1'794'301'200; // 2026-11-10 09:00 UTC
constexpr qint64 Hour = 3600;

} // namespace

class TestAppointmentClaims : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theDatabaseJudgesASlot_data() { Test::BackendFixture::addRows(); }
    void theDatabaseJudgesASlot()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        AppointmentClaims claims(*db);
        QString error;
        WriteTransaction tx(*db);
        QVERIFY2(tx.begin(&error), qPrintable(error));

        // Amy 09:00–10:00 (45 minutes and a 15-minute buffer).
        QCOMPARE(claims.claim(u"a"_qs, u"amy"_qs, Nine, Nine + Hour).result,
                 AppointmentClaims::Result::Claimed);
        // The same resource at 09:30: taken, and by whom.
        const auto taken =
            claims.claim(u"b"_qs, u"amy"_qs, Nine + Hour / 2, Nine + Hour + Hour / 2);
        QCOMPARE(taken.result, AppointmentClaims::Result::Taken);
        QCOMPARE(taken.heldBy, u"a"_qs);
        // The transaction goes on after a refused claim (a savepoint, not an aborted batch).
        QCOMPARE(claims.claim(u"c"_qs, u"amy"_qs, Nine + Hour, Nine + 2 * Hour).result,
                 AppointmentClaims::Result::Claimed);
        QCOMPARE(claims.claim(u"d"_qs, u"bo"_qs, Nine, Nine + Hour).result,
                 AppointmentClaims::Result::Claimed);
        // A reschedule moves the appointment's own claim; into someone else's time it is refused
        // and the old claim stays.
        QCOMPARE(claims.claim(u"a"_qs, u"amy"_qs, Nine - Hour / 4, Nine + Hour - Hour / 4).result,
                 AppointmentClaims::Result::Claimed);
        QCOMPARE(claims.claim(u"a"_qs, u"amy"_qs, Nine + Hour + Hour / 2, Nine + 2 * Hour).result,
                 AppointmentClaims::Result::Taken);
        QCOMPARE(claims.holder(u"amy"_qs, Nine, Nine + 1), u"a"_qs);
        // Nonsense is refused with a reason, not stored.
        QCOMPARE(claims.claim(u"e"_qs, u"amy"_qs, Nine, Nine).result,
                 AppointmentClaims::Result::Failed);
        QVERIFY2(tx.commit(&error), qPrintable(error));

        // The rule is in the database, not only in this class: a raw write that overlaps fails.
        QSqlQuery raw(db->connection());
        QVERIFY(!raw.exec(
            QStringLiteral("INSERT INTO appointment_claim (appointment_id, resource_id, starts_at,"
                           " held_until) VALUES ('x', 'amy', %1, %2)")
                .arg(Nine + 10 * 60)
                .arg(Nine + 20 * 60)));
        QVERIFY(!raw.exec(QStringLiteral(
            "UPDATE appointment_claim SET resource_id = 'amy' WHERE appointment_id = 'd'")));

        // Cancelling gives the slot back.
        QVERIFY2(tx.begin(&error), qPrintable(error));
        QVERIFY2(claims.release(u"c"_qs, &error), qPrintable(error));
        QCOMPARE(claims.claim(u"b"_qs, u"amy"_qs, Nine + Hour, Nine + 2 * Hour).result,
                 AppointmentClaims::Result::Claimed);
        QVERIFY2(tx.commit(&error), qPrintable(error));
    }

    // Two desks' pushes at the same moment on PostgreSQL: the second writer waits for the first
    // to commit and is then refused by the exclusion constraint.
    void twoConnectionsAtOnce_data() { Test::BackendFixture::addRows(); }
    void twoConnectionsAtOnce()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto first = fixture.openMigrated();
        QVERIFY2(first, qPrintable(fixture.error()));
        QString error;
        WriteTransaction tx(*first);
        QVERIFY2(tx.begin(&error), qPrintable(error));
        QCOMPARE(AppointmentClaims(*first).claim(u"desk-a"_qs, u"amy"_qs, Nine, Nine + Hour).result,
                 AppointmentClaims::Result::Claimed);

        AppointmentClaims::Outcome second;
        QString secondError;
        const QString url = fixture.url();
        const bool postgres = backend == u"postgresql";
        // On SQLite the single writer lock already serialises the desks: the second begins after
        // the first commits. On PostgreSQL both transactions are open at once.
        auto run = [&] {
            const auto config = DatabaseConfig::parse(url, &secondError);
            Database db;
            if (!config || !db.open(*config, &secondError))
                return;
            WriteTransaction tx2(db);
            if (!tx2.begin(&secondError))
                return;
            second = AppointmentClaims(db).claim(u"desk-b"_qs, u"amy"_qs, Nine + Hour / 4,
                                                 Nine + Hour + Hour / 4);
            tx2.commit(&secondError);
        };
        if (postgres) {
            std::thread other(run);
            QTest::qWait(300); // let desk B reach the insert and wait on desk A's row
            QVERIFY2(tx.commit(&error), qPrintable(error));
            other.join();
        } else {
            QVERIFY2(tx.commit(&error), qPrintable(error));
            std::thread other(run);
            other.join();
        }
        QVERIFY2(secondError.isEmpty(), qPrintable(secondError));
        QCOMPARE(second.result, AppointmentClaims::Result::Taken);
        QCOMPARE(second.heldBy, u"desk-a"_qs);
    }
};

QTEST_GUILESS_MAIN(TestAppointmentClaims)
#include "tst_appointmentclaims.moc"
