#pragma once

#include "models/AppointmentSetup.h"
#include "models/EntityType.h"
#include "models/ICalendar.h"
#include "models/SlotEngine.h"

#include <QDateTime>
#include <QJsonObject>
#include <QPair>
#include <QSet>
#include <QString>
#include <QUuid>

#include <optional>

namespace FirstStop {

// A booked appointment. Times are UTC instants; the place's zone says how to show them.
struct Appointment
{
    enum class Status
    {
        Provisional, // booked at a desk, not yet confirmed by the central service
        Confirmed,   // the central service holds the slot
        Arrived,     // checked in at the counter
        Seen,
        NoShow,
        Cancelled,
        Lost, // another desk took the slot first; the resident must be offered another
    };

    QUuid id; // client-generated; also the calendar UID, so every version replaces the last
    QUuid personId;
    QUuid enquiryId; // the enquiry it was booked from, if any
    QString typeId;
    QString placeId;
    QString resourceId;
    QString office;  // the place's office: whose desks hold it (the record's scope)
    QDateTime start; // UTC
    QDateTime end;   // UTC, without the buffer
    Status status = Status::Provisional;
    int sequence = 0; // raised by each reschedule and by the cancellation (iCalendar SEQUENCE)
    QString reason;   // why it was last rescheduled or cancelled
    // What the central service said when it judged the slot ("another desk booked 10:30 first").
    QString centreNote;
    QString bookedBy; // stamped by the centre
    QDateTime bookedAt;
    // Only on the desk: the record's version, and the centre's reason if it refused this desk's
    // last edit of it (a booking that broke the set-up's rules).
    qint64 version = 0;
    QString refusal;

    bool holdsSlot() const { return status != Status::Cancelled && status != Status::Lost; }
    // Not yet judged by the central service: booked (or moved) here and not synced since.
    bool isProvisional() const { return status == Status::Provisional; }

    // The record's fields (models/EntityType: "appointment"), every one of them.
    QJsonObject toFields() const;
    // From the synced record; `pending` says whether this desk has an edit of it not yet accepted
    // by the centre, which makes a booked appointment provisional.
    static std::optional<Appointment> fromRecord(const Record &record, bool pending);
    Record toRecord(qint64 recordVersion) const;
    // Wire names of the statuses ("booked" for provisional and confirmed alike: the difference is
    // whether the centre has accepted it).
    static QString statusName(Status status);
    static bool statusFromName(const QString &name, Status *out);
    static QStringList statusNames();
    // The calendar UID: stable for the appointment's life.
    QString calendarUid() const;
    // The short reference read out to the resident and printed on the slip ("A-3F9C2B71").
    QString reference() const;
    // The booking as the slot engine sees it (the resource held until the end plus the buffer).
    BookedInterval interval(const AppointmentType &type) const;

    // Moves the appointment to another slot: the sequence goes up and the reason is kept.
    void reschedule(const FreeSlot &slot, const QString &why);
    void cancel(const QString &why);

    static QString statusLabel(Status status);
};

// Everything a desk knows about appointments, read from its cache in one go on the sync thread:
// the administrator's set-up (from its appointment_setup record) and every appointment, indexed
// there by person and by place and time, so that the GUI thread only swaps it in and answers
// "this person's appointments" or "this place's day" without walking them all.
class AppointmentBook
{
public:
    std::optional<AppointmentSetup> setup;
    QString setupDocument; // the record's JSON, to tell a new set-up from the same one again
    QString setupProblem;  // why the set-up record could not be read, if there is one
    // bookings() as it was when the book was read (on the sync thread), for the slot engine.
    QList<BookedInterval> intervals;
    // How many of the desk's own saves had been handed to the sync thread when this book was asked
    // for (AppointmentService::saveToken): the book reflects those, and no later ones.
    quint64 savesSeen = 0;

    // `unsettled` is LocalStore::unsettledRecords: edits not yet accepted, and refusals.
    static AppointmentBook fromRecords(const QList<Record> &records,
                                       const QHash<QUuid, QString> &unsettled);

    qsizetype size() const { return m_byId.size(); }
    const Appointment *find(const QUuid &id) const;
    // Adds or replaces one (a booking, move or cancellation made at this desk), indexes kept.
    void put(const Appointment &a);
    QList<Appointment> ofPerson(const QUuid &personId) const;
    // The place's appointments starting in [fromUtc, toUtc), in time order.
    QList<Appointment> atPlace(const QString &placeId, const QDateTime &fromUtc,
                               const QDateTime &toUtc) const;
    // The intervals the slot engine must keep free: the appointments that hold a slot, each with
    // its type's buffer.
    QList<BookedInterval> bookings() const;
    // Those this desk is waiting on the centre for (not refused).
    const QSet<QUuid> &provisional() const { return m_provisional; }

private:
    void index(const Appointment &a);
    void unindex(const Appointment &a);

    QHash<QUuid, Appointment> m_byId;
    QHash<QUuid, QList<QUuid>> m_byPerson;
    // Per place, (start in UTC seconds, id), sorted.
    QHash<QString, QList<QPair<qint64, QUuid>>> m_byPlace;
    QSet<QUuid> m_provisional;
};

namespace AppointmentConfirmation {

// "Tuesday 10 November 2026", "9:30am": how the slip and the desk write a local date and time.
QString longDate(const QDateTime &utc, const QTimeZone &zone);
QString clockTime(const QDateTime &utc, const QTimeZone &zone);

// The calendar file handed to the resident: METHOD:REQUEST with the appointment's UID and
// SEQUENCE, or METHOD:CANCEL once it is cancelled; TENTATIVE while provisional.
CalendarEvent calendarEvent(const Appointment &appointment, const AppointmentType &type,
                            const Place &place, const QDateTime &stamp);

// The printable slip in plain language (HTML for QTextDocument): who, what, when, where, what to
// bring, how to change it, the reference; a provisional booking says so.
QString slipHtml(const Appointment &appointment, const AppointmentType &type, const Place &place,
                 const QString &residentName);

} // namespace AppointmentConfirmation

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::Appointment)
Q_DECLARE_METATYPE(FirstStop::AppointmentBook)
