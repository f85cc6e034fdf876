#pragma once

#include "server/Database.h"

#include <QString>

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

} // namespace FirstStop::Server
