#pragma once

#include "models/ICalendar.h"
#include "models/SlotEngine.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

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
    QString typeId;
    QString placeId;
    QString resourceId;
    QDateTime start; // UTC
    QDateTime end;   // UTC, without the buffer
    Status status = Status::Provisional;
    int sequence = 0; // raised by each reschedule and by the cancellation (iCalendar SEQUENCE)
    QString reason;   // why it was last rescheduled or cancelled

    bool holdsSlot() const { return status != Status::Cancelled && status != Status::Lost; }
    // The calendar UID: stable for the appointment's life.
    QString calendarUid() const;
    // The booking as the slot engine sees it (the resource held until the end plus the buffer).
    BookedInterval interval(const AppointmentType &type) const;

    // Moves the appointment to another slot: the sequence goes up and the reason is kept.
    void reschedule(const FreeSlot &slot, const QString &why);
    void cancel(const QString &why);

    static QString statusLabel(Status status);
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
