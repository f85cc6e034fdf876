#include "server/AppointmentClaims.h"

#include "models/Appointment.h"
#include "models/BankHolidays.h"
#include "models/EntityType.h"

#include <QJsonDocument>
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

namespace {

QDateTime instant(const QJsonObject &o, const QString &key)
{
    return QDateTime::fromString(o.value(key).toString(), Qt::ISODateWithMs).toUTC();
}

bool holdsSlot(const QJsonObject &o)
{
    Appointment::Status status = Appointment::Status::Cancelled;
    return Appointment::statusFromName(o.value(u"status"_qs).toString(), &status) &&
           status != Appointment::Status::Cancelled && status != Appointment::Status::Lost;
}

// "Tuesday 8 December 2026 at 10:30am", in the place's own time.
QString whenAt(const QDateTime &utc, const Place *place)
{
    const QTimeZone zone(place ? place->timeZone.toUtf8() : QByteArrayLiteral("Europe/London"));
    return AppointmentConfirmation::longDate(utc, zone) + u" at "_qs +
           AppointmentConfirmation::clockTime(utc, zone);
}

} // namespace

const AppointmentSetup *AppointmentJudge::setup(QString *error)
{
    Sql q(m_db, QStringLiteral("SELECT seq, data FROM record WHERE id = :id AND deleted = 0"));
    q.bind(QStringLiteral(":id"), AppointmentSetup::recordId().toString(QUuid::WithoutBraces));
    if (!q.exec(error)) {
        return nullptr;
    }
    if (!q.next()) {
        m_setupSeq = -1;
        m_setup.reset();
        return nullptr;
    }
    const qint64 seq = q.value(0).toLongLong();
    if (seq != m_setupSeq) {
        const QJsonObject data = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        QString problem;
        m_setup =
            AppointmentSetup::fromJson(data.value(u"document"_qs).toString().toUtf8(), &problem);
        m_rules = std::make_unique<SlotEngine>();
        if (m_setup) {
            m_setup->applyTo(m_rules.get());
            m_rules->setBankHolidays(BankHolidays::bundled());
        }
        m_setupSeq = seq;
    }
    return m_setup ? &*m_setup : nullptr;
}

AppointmentJudge::Verdict AppointmentJudge::judge(const QString &appointmentId,
                                                  const QJsonObject *before, QJsonObject &next)
{
    using Kind = Verdict::Kind;
    Verdict v;
    const auto reject = [&v](const QString &why) {
        v.kind = Kind::Reject;
        v.message = why;
        return v;
    };
    const auto failed = [&v](const QString &why) {
        v.kind = Kind::Failed;
        v.message = why;
        return v;
    };
    const auto set = [&](const QString &field, const QJsonValue &value) {
        if (value.isNull() || value.isUndefined()) {
            next.remove(field);
        } else {
            next.insert(field, value);
        }
        v.changedFields.append(field);
    };
    AppointmentClaims claims(m_db);
    QString error;

    if (!holdsSlot(next)) {
        // Cancelled, or lost: the slot goes back (nothing held is not an error).
        if (!claims.release(appointmentId, &error)) {
            return failed(error);
        }
        return v;
    }
    const QStringList slotFields = {u"starts_at"_qs, u"ends_at"_qs, u"resource_id"_qs,
                                    u"place_id"_qs};
    const bool heldBefore = before && holdsSlot(*before);
    bool moved = !heldBefore;
    for (const QString &f : slotFields) {
        moved = moved || before->value(f) != next.value(f);
    }
    if (!moved) {
        return v; // arrived, seen, no-show, a new reason: the slot is kept as it was
    }

    const AppointmentSetup *config = setup(&error);
    if (!error.isEmpty()) {
        return failed(error);
    }
    if (!config) {
        return reject(QStringLiteral("the central service has no appointment set-up yet; an "
                                     "administrator loads it with firststop-server appointments "
                                     "--import"));
    }
    const QString typeId = next.value(u"type_id"_qs).toString();
    const QString placeId = next.value(u"place_id"_qs).toString();
    const QString resourceId = next.value(u"resource_id"_qs).toString();
    const AppointmentType *type = config->type(typeId);
    const Place *place = config->place(placeId);
    if (!type) {
        return reject(QStringLiteral("there is no appointment type \"%1\"").arg(typeId));
    }
    if (!place) {
        return reject(QStringLiteral("there is no place \"%1\"").arg(placeId));
    }
    if (next.value(u"office"_qs).toString() != place->office) {
        return reject(QStringLiteral("appointments at %1 belong to the office %2")
                          .arg(place->name, place->office));
    }
    const QDateTime start = instant(next, u"starts_at"_qs);
    const QDateTime end = instant(next, u"ends_at"_qs);
    if (start.secsTo(end) != qint64(type->durationMinutes) * 60) {
        return reject(QStringLiteral("a %1 appointment lasts %2 minutes")
                          .arg(type->name)
                          .arg(type->durationMinutes));
    }
    // The same rules as the desk's slot engine, without bookings: those are the claims' to judge.
    const QString problem = m_rules->checkSlot(typeId, placeId, resourceId, start, appointmentId);
    if (!problem.isEmpty()) {
        return reject(problem);
    }
    const qint64 heldUntil = end.toSecsSinceEpoch() + qint64(type->bufferMinutes) * 60;
    const AppointmentClaims::Outcome outcome =
        claims.claim(appointmentId, resourceId, start.toSecsSinceEpoch(), heldUntil);
    switch (outcome.result) {
    case AppointmentClaims::Result::Failed:
        return failed(outcome.error);
    case AppointmentClaims::Result::Claimed:
        if (next.contains(u"centre_note"_qs) && before && before->contains(u"centre_note"_qs) &&
            before->value(u"centre_note"_qs) == next.value(u"centre_note"_qs)) {
            set(u"centre_note"_qs, QJsonValue()); // a lost booking booked again: old news
        }
        return v;
    case AppointmentClaims::Result::Taken:
        break;
    }
    if (heldBefore) {
        // A move to a time someone else holds: the appointment stays where it was.
        const QDateTime wanted = start;
        for (const QString &f : slotFields) {
            set(f, before->value(f));
        }
        set(u"centre_note"_qs,
            QStringLiteral("The new time, %1, had already been booked at another desk, so the "
                           "appointment stays on %2.")
                .arg(whenAt(wanted, place), whenAt(instant(*before, u"starts_at"_qs), place)));
        return v;
    }
    set(u"status"_qs, QStringLiteral("lost"));
    set(u"centre_note"_qs,
        QStringLiteral("%1 had already been booked at another desk before this booking reached "
                       "the central service. Offer the resident another time.")
            .arg(whenAt(start, place)));
    return v;
}

} // namespace FirstStop::Server
