#pragma once

#include "models/AppointmentSetup.h"
#include "models/SlotEngine.h"
#include "server/Database.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace FirstStop::Server {

// The centre's judgement of appointment slots. A claim holds a resource from starts_at to
// held_until (UTC seconds; the end plus the type's buffer). The database refuses a claim that
// overlaps another on the same resource (PostgreSQL: EXCLUDE USING gist; SQLite: triggers; see
// migration 2), so two desks that booked the same slot offline cannot both win, whatever order
// their pushes arrive in and whatever the application code checks first.
//
// Each call runs inside the caller's write transaction, under a savepoint: a refused claim is
// rolled back on its own and the rest of the batch goes on (PostgreSQL would otherwise abort the
// whole transaction at the first constraint error). This is the per-type hook the generic record
// apply path calls for appointments.
class AppointmentClaims final
{
public:
    enum class Result
    {
        Claimed,
        Taken,
        Failed
    };
    struct Outcome
    {
        Result result = Result::Failed;
        QString heldBy; // Taken: the appointment already holding the resource then
        QString error;  // Failed: what the database said
    };

    explicit AppointmentClaims(Database &db)
        : m_db(db)
    {}

    // Claims, or moves an existing claim of the same appointment (a reschedule).
    Outcome claim(const QString &appointmentId, const QString &resourceId, qint64 startsAt,
                  qint64 heldUntil);
    // Gives the slot back (a cancellation, a lost booking). Claiming nothing is not an error.
    bool release(const QString &appointmentId, QString *error);
    // The appointment holding the resource at any moment of [startsAt, heldUntil), if any.
    QString holder(const QString &resourceId, qint64 startsAt, qint64 heldUntil,
                   const QString &except = {}) const;

private:
    bool isOverlapError(const QString &nativeCode, const QString &text) const;
    Database &m_db;
};

// What the centre decides about one write of an appointment record (SyncServiceRecords calls it
// for the "appointment" kind after the field-level merge and before the row is written):
//
// * a booking (new, or moved to another time, resource or place; or a lost one booked again)
//   must fit the administrator's set-up (the type offered at the place, a resource that takes it
//   there, the type's duration, the place's office, open for the whole appointment: the same
//   SlotEngine rules the desk used) and is then claimed. A refused claim is not a refused write:
//   a new booking is kept with status "lost" and a note saying another booking holds the time;
//   a move keeps the appointment where it was, with a note. The desk takes both at once
//   (server_fields), so the person's record says what happened;
// * a cancelled or lost appointment gives its slot back; arrived, seen and no-show keep it.
class AppointmentJudge final
{
public:
    struct Verdict
    {
        enum class Kind
        {
            Accept,
            Reject, // `message` says why; nothing is written
            Failed, // the database failed: `message`
        };
        Kind kind = Kind::Accept;
        QString message;
        QStringList changedFields; // fields the judge set in `next` (the desk is told them)
    };

    explicit AppointmentJudge(Database &db)
        : m_db(db)
    {}

    // `before` is the record as the centre held it (nullptr for a new one); `next` what it is
    // about to become, adjusted here.
    Verdict judge(const QString &appointmentId, const QJsonObject *before, QJsonObject &next);

private:
    // The set-up record as the centre holds it now, parsed once per change of it.
    const AppointmentSetup *setup(QString *error);

    Database &m_db;
    qint64 m_setupSeq = -1;
    std::optional<AppointmentSetup> m_setup;
    std::unique_ptr<SlotEngine> m_rules;
};

} // namespace FirstStop::Server
