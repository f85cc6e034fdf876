#include "models/ICalendar.h"

#include <algorithm>

namespace FirstStop::ICalendar {

namespace {

QByteArray utcStamp(const QDateTime &t)
{
    return t.toUTC().toString(u"yyyyMMdd'T'HHmmss'Z'"_qs).toLatin1();
}

QByteArray localStamp(const QDateTime &t)
{
    return t.toString(u"yyyyMMdd'T'HHmmss"_qs).toLatin1();
}

QByteArray utcOffset(int seconds)
{
    const char sign = seconds < 0 ? '-' : '+';
    seconds = std::abs(seconds);
    QByteArray out;
    out += sign;
    out += QByteArray::number(seconds / 3600).rightJustified(2, '0');
    out += QByteArray::number((seconds % 3600) / 60).rightJustified(2, '0');
    if (seconds % 60)
        out += QByteArray::number(seconds % 60).rightJustified(2, '0');
    return out;
}

void line(QByteArray &out, const QByteArray &content)
{
    out += fold(content);
    out += "\r\n";
}

} // namespace

QString escapeText(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u'\\' || c == u';' || c == u',')
            out += u'\\';
        if (c == u'\n') {
            out += u"\\n"_qs;
            continue;
        }
        if (c == u'\r')
            continue;
        out += c;
    }
    return out;
}

QByteArray fold(const QByteArray &contentLine)
{
    QByteArray out;
    qsizetype i = 0;
    int limit = 75; // octets on the first line; later lines start with a space, so 74 more
    while (contentLine.size() - i > limit) {
        qsizetype cut = i + limit;
        // Never split a UTF-8 character: back up over continuation bytes (10xxxxxx).
        while (cut > i && (uchar(contentLine.at(cut)) & 0xC0) == 0x80)
            --cut;
        out += contentLine.mid(i, cut - i);
        out += "\r\n ";
        i = cut;
        limit = 74;
    }
    out += contentLine.mid(i);
    return out;
}

QByteArray vtimezone(const QTimeZone &zone, const QDateTime &from, const QDateTime &to)
{
    QByteArray out;
    line(out, "BEGIN:VTIMEZONE");
    line(out, "TZID:" + zone.id());
    QList<QTimeZone::OffsetData> transitions = zone.transitions(from, to);
    // The observance in force at `from` comes first, so the event is always covered.
    const QTimeZone::OffsetData before = zone.previousTransition(from);
    if (before.atUtc.isValid())
        transitions.prepend(before);

    if (transitions.isEmpty()) { // a zone without changes: one standard observance
        const int offset = zone.offsetFromUtc(from);
        line(out, "BEGIN:STANDARD");
        line(out, "DTSTART:19700101T000000");
        line(out, "TZOFFSETFROM:" + utcOffset(offset));
        line(out, "TZOFFSETTO:" + utcOffset(offset));
        line(out, "TZNAME:" + zone.abbreviation(from).toUtf8());
        line(out, "END:STANDARD");
    } else {
        // The larger offset of the pair is summer time, whatever sign the zone's rules give it
        // (Europe/Dublin's IST is "standard" time in tzdata, with a negative winter DST).
        int standard = transitions.first().offsetFromUtc;
        for (const QTimeZone::OffsetData &t : std::as_const(transitions))
            standard = std::min(standard, t.offsetFromUtc);
        for (const QTimeZone::OffsetData &t : std::as_const(transitions)) {
            const int previous = zone.offsetFromUtc(t.atUtc.addSecs(-1));
            const QByteArray kind = t.offsetFromUtc > standard ? "DAYLIGHT" : "STANDARD";
            line(out, "BEGIN:" + kind);
            // The onset in the local time that was in force just before it.
            // The onset in the local time that was in force just before it: the UTC instant
            // shifted by the previous offset, written without a zone.
            line(out, "DTSTART:" + localStamp(t.atUtc.toUTC().addSecs(previous)));
            line(out, "TZOFFSETFROM:" + utcOffset(previous));
            line(out, "TZOFFSETTO:" + utcOffset(t.offsetFromUtc));
            if (!t.abbreviation.isEmpty())
                line(out, "TZNAME:" + t.abbreviation.toUtf8());
            line(out, "END:" + kind);
        }
    }
    line(out, "END:VTIMEZONE");
    return out;
}

QByteArray write(const CalendarEvent &event)
{
    const QTimeZone zone(event.timeZone.toUtf8());
    const bool cancel = event.method == CalendarEvent::Method::Cancel;
    QByteArray out;
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//FirstStop//Appointments//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, cancel ? "METHOD:CANCEL" : "METHOD:REQUEST");
    out += vtimezone(zone, event.start.addDays(-366), event.end.addDays(366));
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + escapeText(event.uid).toUtf8());
    line(out, "DTSTAMP:" + utcStamp(event.stamp));
    line(out, "SEQUENCE:" + QByteArray::number(event.sequence));
    line(out, "DTSTART;TZID=" + zone.id() + ':' + localStamp(event.start.toTimeZone(zone)));
    line(out, "DTEND;TZID=" + zone.id() + ':' + localStamp(event.end.toTimeZone(zone)));
    line(out, "SUMMARY:" + escapeText(event.summary).toUtf8());
    if (!event.location.isEmpty())
        line(out, "LOCATION:" + escapeText(event.location).toUtf8());
    if (!event.description.isEmpty())
        line(out, "DESCRIPTION:" + escapeText(event.description).toUtf8());
    if (!event.organizerEmail.isEmpty()) {
        QByteArray organizer = "ORGANIZER";
        if (!event.organizerName.isEmpty()) {
            QString cn = event.organizerName;
            cn.remove(u'"');
            organizer += ";CN=\"" + cn.toUtf8() + '"';
        }
        line(out, organizer + ":mailto:" + event.organizerEmail.toUtf8());
    }
    line(out,
         cancel ? "STATUS:CANCELLED" : (event.tentative ? "STATUS:TENTATIVE" : "STATUS:CONFIRMED"));
    line(out, "TRANSP:OPAQUE");
    line(out, "END:VEVENT");
    line(out, "END:VCALENDAR");
    return out;
}

} // namespace FirstStop::ICalendar
