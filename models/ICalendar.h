#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace FirstStop {

// One event handed to a resident's calendar (RFC 5545), with the iTIP method of RFC 5546.
struct CalendarEvent
{
    enum class Method
    {
        Request,
        Cancel
    };

    QString uid;      // the same for every version of one appointment
    int sequence = 0; // raised by every reschedule and by the cancellation
    Method method = Method::Request;
    bool tentative = false; // not yet confirmed by the central service
    QDateTime stamp;        // when this version was made (DTSTAMP), any time spec
    QDateTime start;        // any time spec; written in timeZone
    QDateTime end;
    QString timeZone = QStringLiteral("Europe/London");
    QString summary;
    QString location;
    QString description;
    QString organizerName;
    QString organizerEmail;
};

namespace ICalendar {

// The whole VCALENDAR: METHOD, a VTIMEZONE for the event's zone (its transitions from a year
// before the event to a year after), and one VEVENT with UID, DTSTAMP, SEQUENCE, DTSTART/DTEND with
// TZID, STATUS (CONFIRMED, TENTATIVE or CANCELLED). Lines end in CRLF and are folded at 75 octets
// without splitting a UTF-8 character.
QByteArray write(const CalendarEvent &event);

// A VTIMEZONE component for a zone, with an observance per transition between from and to and
// the one in force at from.
QByteArray vtimezone(const QTimeZone &zone, const QDateTime &from, const QDateTime &to);

// TEXT value escaping (backslash, semicolon, comma, newline).
QString escapeText(const QString &text);

// Folds one content line (without its CRLF) into 75-octet lines joined by CRLF + space.
QByteArray fold(const QByteArray &line);

} // namespace ICalendar

} // namespace FirstStop
