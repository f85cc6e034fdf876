#include "models/Appointment.h"

#include <QCoreApplication>
#include <QLocale>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Appointment", text);
}

// A short, readable reference from the appointment's id ("A-3F9C2B71"), for the phone.
QString shortReference(const QUuid &id)
{
    return u"A-"_qs + id.toString(QUuid::Id128).left(8).toUpper();
}

} // namespace

QString Appointment::calendarUid() const
{
    return id.toString(QUuid::WithoutBraces) + u"@firststop"_qs;
}

BookedInterval Appointment::interval(const AppointmentType &type) const
{
    return BookedInterval{id.toString(QUuid::WithoutBraces), resourceId, start.toSecsSinceEpoch(),
                          end.toSecsSinceEpoch() + qint64(type.bufferMinutes) * 60};
}

void Appointment::reschedule(const FreeSlot &slot, const QString &why)
{
    placeId = slot.placeId;
    resourceId = slot.resourceId;
    start = slot.start;
    end = slot.end;
    reason = why;
    ++sequence;
}

void Appointment::cancel(const QString &why)
{
    status = Status::Cancelled;
    reason = why;
    ++sequence;
}

QString Appointment::statusLabel(Status status)
{
    switch (status) {
    case Status::Provisional:
        return tr("Provisional (not yet confirmed)");
    case Status::Confirmed:
        return tr("Booked");
    case Status::Arrived:
        return tr("Arrived");
    case Status::Seen:
        return tr("Seen");
    case Status::NoShow:
        return tr("Did not come");
    case Status::Cancelled:
        return tr("Cancelled");
    case Status::Lost:
        return tr("Slot taken by another desk");
    }
    return {};
}

namespace AppointmentConfirmation {

QString longDate(const QDateTime &utc, const QTimeZone &zone)
{
    return QLocale(QLocale::English, QLocale::UnitedKingdom)
        .toString(utc.toTimeZone(zone).date(), u"dddd d MMMM yyyy"_qs);
}

QString clockTime(const QDateTime &utc, const QTimeZone &zone)
{
    // GOV.UK style: 9am, 9:30am, 12pm (midday), 5:15pm.
    const QTime t = utc.toTimeZone(zone).time();
    const int hour12 = t.hour() % 12 == 0 ? 12 : t.hour() % 12;
    const QString suffix = t.hour() < 12 ? u"am"_qs : u"pm"_qs;
    if (t.minute() == 0)
        return QString::number(hour12) + suffix;
    return QString::number(hour12) + u':' + QString::number(t.minute()).rightJustified(2, u'0') +
           suffix;
}

CalendarEvent calendarEvent(const Appointment &appointment, const AppointmentType &type,
                            const Place &place, const QDateTime &stamp)
{
    CalendarEvent e;
    e.uid = appointment.calendarUid();
    e.sequence = appointment.sequence;
    e.method = appointment.status == Appointment::Status::Cancelled
                   ? CalendarEvent::Method::Cancel
                   : CalendarEvent::Method::Request;
    e.tentative = appointment.status == Appointment::Status::Provisional;
    e.stamp = stamp;
    e.start = appointment.start;
    e.end = appointment.end;
    e.timeZone = place.timeZone;
    e.summary = tr("%1 at %2").arg(type.name, place.name);
    e.location = place.address.isEmpty()
                     ? place.name
                     : place.name + u", "_qs + QString(place.address).replace(u'\n', u", "_qs);
    QStringList description;
    if (!type.whatToBring.isEmpty())
        description << tr("Please bring: %1").arg(type.whatToBring);
    if (!place.howToChange.isEmpty())
        description << tr("To change or cancel: %1").arg(place.howToChange);
    description << tr("Reference: %1").arg(shortReference(appointment.id));
    e.description = description.join(u'\n');
    e.organizerName = place.name;
    e.organizerEmail = place.email;
    return e;
}

QString slipHtml(const Appointment &appointment, const AppointmentType &type, const Place &place,
                 const QString &residentName)
{
    const QTimeZone zone(place.timeZone.toUtf8());
    const auto esc = [](const QString &s) {
        return s.toHtmlEscaped().replace(u'\n', u"<br>"_qs);
    };
    QString html;
    html += u"<html><body style=\"font-family: 'DejaVu Sans'; font-size: 12pt;\">"_qs;
    if (appointment.status == Appointment::Status::Cancelled) {
        html += u"<h1>"_qs + esc(tr("Your appointment has been cancelled")) + u"</h1>"_qs;
    } else {
        html += u"<h1>"_qs + esc(tr("Your appointment")) + u"</h1>"_qs;
    }
    if (!residentName.isEmpty())
        html += u"<p>"_qs + esc(tr("For: %1").arg(residentName)) + u"</p>"_qs;
    if (appointment.status == Appointment::Status::Provisional)
        html +=
            u"<p><b>"_qs +
            esc(tr("This booking is provisional: we will confirm it as soon as our system is back "
                   "online. If the time has to change, we will tell you.")) +
            u"</b></p>"_qs;
    html += u"<table cellpadding=\"4\">"_qs;
    const auto row = [&](const QString &label, const QString &value) {
        html +=
            u"<tr><td><b>"_qs + esc(label) + u"</b></td><td>"_qs + esc(value) + u"</td></tr>"_qs;
    };
    row(tr("What"), type.name);
    row(tr("Date"), longDate(appointment.start, zone));
    row(tr("Time"),
        tr("%1 to %2").arg(clockTime(appointment.start, zone), clockTime(appointment.end, zone)));
    row(tr("Where"), place.address.isEmpty() ? place.name : place.name + u'\n' + place.address);
    row(tr("Reference"), shortReference(appointment.id));
    html += u"</table>"_qs;
    if (appointment.status != Appointment::Status::Cancelled) {
        html += u"<h2>"_qs + esc(tr("What to bring")) + u"</h2>"_qs;
        html += u"<p>"_qs +
                esc(type.whatToBring.isEmpty() ? tr("Nothing special: just come along.")
                                               : type.whatToBring) +
                u"</p>"_qs;
        html += u"<p>"_qs +
                esc(tr("Please arrive a few minutes early and tell the front desk you are here.")) +
                u"</p>"_qs;
        html += u"<h2>"_qs + esc(tr("If you need to change it")) + u"</h2>"_qs;
        html += u"<p>"_qs +
                esc(place.howToChange.isEmpty()
                        ? tr("Come to the front desk or ring us, and give the reference above.")
                        : place.howToChange + u' ' + tr("Give the reference above.")) +
                u"</p>"_qs;
    } else if (!appointment.reason.isEmpty()) {
        html += u"<p>"_qs + esc(tr("Reason: %1").arg(appointment.reason)) + u"</p>"_qs;
    }
    html += u"</body></html>"_qs;
    return html;
}

} // namespace AppointmentConfirmation

} // namespace FirstStop
