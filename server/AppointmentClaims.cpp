#include "server/AppointmentClaims.h"

#include <QSqlError>
#include <QSqlQuery>

namespace FirstStop::Server {

namespace {

bool run(const Database &db, const QString &statement, QString *error)
{
    QSqlQuery q(db.connection());
    if (!q.exec(statement)) {
        *error = q.lastError().databaseText().trimmed();
        return false;
    }
    return true;
}

} // namespace

bool AppointmentClaims::isOverlapError(const QString &nativeCode, const QString &text) const
{
    // PostgreSQL: SQLSTATE 23P01 exclusion_violation. SQLite: the trigger's RAISE message.
    return nativeCode == u"23P01" || text.contains(u"appointment_claim_no_overlap");
}

AppointmentClaims::Outcome AppointmentClaims::claim(const QString &appointmentId,
                                                    const QString &resourceId, qint64 startsAt,
                                                    qint64 heldUntil)
{
    Outcome out;
    if (heldUntil <= startsAt) {
        out.error = QStringLiteral("an appointment must end after it starts");
        return out;
    }
    if (!run(m_db, QStringLiteral("SAVEPOINT appointment_claim"), &out.error))
        return out;
    QSqlQuery q(m_db.connection());
    // A reschedule moves the appointment's own claim; the constraint judges the new place.
    q.prepare(QStringLiteral("SELECT 1 FROM appointment_claim WHERE appointment_id = :id"));
    q.bindValue(QStringLiteral(":id"), appointmentId);
    const bool exists = q.exec() && q.next();
    q.finish();
    q.prepare(exists
                  ? QStringLiteral("UPDATE appointment_claim SET resource_id = :r, starts_at = :s,"
                                   " held_until = :e WHERE appointment_id = :id")
                  : QStringLiteral(
                        "INSERT INTO appointment_claim (appointment_id, resource_id, starts_at,"
                        " held_until) VALUES (:id, :r, :s, :e)"));
    q.bindValue(QStringLiteral(":id"), appointmentId);
    q.bindValue(QStringLiteral(":r"), resourceId);
    q.bindValue(QStringLiteral(":s"), startsAt);
    q.bindValue(QStringLiteral(":e"), heldUntil);
    if (q.exec()) {
        q.finish();
        if (!run(m_db, QStringLiteral("RELEASE SAVEPOINT appointment_claim"), &out.error))
            return out;
        out.result = Result::Claimed;
        return out;
    }
    const QSqlError e = q.lastError();
    q.finish();
    QString ignored;
    run(m_db, QStringLiteral("ROLLBACK TO SAVEPOINT appointment_claim"), &ignored);
    run(m_db, QStringLiteral("RELEASE SAVEPOINT appointment_claim"), &ignored);
    if (isOverlapError(e.nativeErrorCode(), e.databaseText() + e.text())) {
        out.result = Result::Taken;
        out.heldBy = holder(resourceId, startsAt, heldUntil, appointmentId);
        return out;
    }
    out.error = e.databaseText().trimmed();
    return out;
}

bool AppointmentClaims::release(const QString &appointmentId, QString *error)
{
    Sql del(m_db, QStringLiteral("DELETE FROM appointment_claim WHERE appointment_id = :id"));
    del.bind(QStringLiteral(":id"), appointmentId);
    return del.exec(error);
}

QString AppointmentClaims::holder(const QString &resourceId, qint64 startsAt, qint64 heldUntil,
                                  const QString &except) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT appointment_id FROM appointment_claim WHERE resource_id = :r"
                             " AND starts_at < :e AND :s < held_until AND appointment_id <> :x"
                             " ORDER BY starts_at LIMIT 1"));
    q.bindValue(QStringLiteral(":r"), resourceId);
    q.bindValue(QStringLiteral(":s"), startsAt);
    q.bindValue(QStringLiteral(":e"), heldUntil);
    q.bindValue(QStringLiteral(":x"), text(except)); // never NULL: "<> NULL" matches nothing
    if (!q.exec() || !q.next())
        return {};
    return q.value(0).toString();
}

} // namespace FirstStop::Server
