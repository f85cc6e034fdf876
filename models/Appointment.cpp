#include "models/Appointment.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

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

struct StatusName
{
    Appointment::Status status;
    const char16_t *name;
};
// Provisional and Confirmed are both "booked" on the wire: whether the centre has accepted it is
// the desk's knowledge (an edit still in its outbox), not a field.
constexpr StatusName kStatusNames[] = {
    {Appointment::Status::Confirmed, u"booked"},    {Appointment::Status::Arrived, u"arrived"},
    {Appointment::Status::Seen, u"seen"},           {Appointment::Status::NoShow, u"no_show"},
    {Appointment::Status::Cancelled, u"cancelled"}, {Appointment::Status::Lost, u"lost"},
};

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// The form the desks and the centre write ("2027-01-12T10:00:00.000Z") read directly: the book
// of a busy office reads tens of thousands of them after a sync, and QDateTime's general ISO
// parser is most of that time. Anything else goes through it.
QDateTime fromIso(const QJsonValue &v)
{
    const QString s = v.toString();
    const auto digits = [&s](qsizetype from, qsizetype count, int *out) {
        int n = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            const char16_t c = s.at(i).unicode();
            if (c < u'0' || c > u'9') {
                return false;
            }
            n = n * 10 + (c - u'0');
        }
        *out = n;
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    if (s.size() == 24 && s.at(4) == u'-' && s.at(7) == u'-' && s.at(10) == u'T' &&
        s.at(13) == u':' && s.at(16) == u':' && s.at(19) == u'.' && s.at(23) == u'Z' &&
        digits(0, 4, &y) && digits(5, 2, &mo) && digits(8, 2, &d) && digits(11, 2, &h) &&
        digits(14, 2, &mi) && digits(17, 2, &sec) && digits(20, 3, &ms)) {
        const QDate date(y, mo, d);
        const QTime time(h, mi, sec, ms);
        if (date.isValid() && time.isValid()) {
            return QDateTime(date, time, Qt::UTC);
        }
    }
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

QUuid uuidOf(const QJsonValue &v)
{
    return QUuid::fromString(v.toString());
}

void putText(QJsonObject &o, const char16_t *key, const QString &value)
{
    o.insert(QString::fromUtf16(key), value.isEmpty() ? QJsonValue() : QJsonValue(value));
}

} // namespace

QString Appointment::statusName(Status status)
{
    if (status == Status::Provisional) {
        status = Status::Confirmed;
    }
    for (const StatusName &n : kStatusNames) {
        if (n.status == status) {
            return QString::fromUtf16(n.name);
        }
    }
    return {};
}

bool Appointment::statusFromName(const QString &name, Status *out)
{
    for (const StatusName &n : kStatusNames) {
        if (name == QStringView(n.name)) {
            *out = n.status;
            return true;
        }
    }
    return false;
}

QStringList Appointment::statusNames()
{
    QStringList names;
    for (const StatusName &n : kStatusNames) {
        names.append(QString::fromUtf16(n.name));
    }
    return names;
}

QJsonObject Appointment::toFields() const
{
    QJsonObject o;
    o.insert(u"person_id"_qs, personId.isNull()
                                  ? QJsonValue()
                                  : QJsonValue(personId.toString(QUuid::WithoutBraces)));
    o.insert(u"enquiry_id"_qs, enquiryId.isNull()
                                   ? QJsonValue()
                                   : QJsonValue(enquiryId.toString(QUuid::WithoutBraces)));
    putText(o, u"type_id", typeId);
    putText(o, u"place_id", placeId);
    putText(o, u"resource_id", resourceId);
    putText(o, u"office", office);
    putText(o, u"starts_at", isoUtc(start));
    putText(o, u"ends_at", isoUtc(end));
    o.insert(u"status"_qs, statusName(status));
    o.insert(u"sequence"_qs, sequence);
    putText(o, u"reason", reason);
    putText(o, u"centre_note", centreNote);
    putText(o, u"booked_by", bookedBy);
    putText(o, u"booked_at", isoUtc(bookedAt));
    return o;
}

std::optional<Appointment> Appointment::fromRecord(const Record &record, bool pending)
{
    if (record.type != QStringView(kTypeAppointment)) {
        return std::nullopt;
    }
    const QJsonObject &d = record.data;
    Appointment a;
    a.id = record.id;
    a.personId = uuidOf(d.value(u"person_id"_qs));
    a.enquiryId = uuidOf(d.value(u"enquiry_id"_qs));
    a.typeId = d.value(u"type_id"_qs).toString();
    a.placeId = d.value(u"place_id"_qs).toString();
    a.resourceId = d.value(u"resource_id"_qs).toString();
    a.office = d.value(u"office"_qs).toString();
    a.start = fromIso(d.value(u"starts_at"_qs));
    a.end = fromIso(d.value(u"ends_at"_qs));
    if (!statusFromName(d.value(u"status"_qs).toString(), &a.status) || !a.start.isValid() ||
        !a.end.isValid()) {
        return std::nullopt;
    }
    if (a.status == Status::Confirmed && (pending || record.version == 0)) {
        a.status = Status::Provisional;
    }
    a.sequence = d.value(u"sequence"_qs).toInt();
    a.reason = d.value(u"reason"_qs).toString();
    a.centreNote = d.value(u"centre_note"_qs).toString();
    a.bookedBy = d.value(u"booked_by"_qs).toString();
    a.bookedAt = fromIso(d.value(u"booked_at"_qs));
    return a;
}

Record Appointment::toRecord(qint64 recordVersion) const
{
    Record r;
    r.type = QString::fromUtf16(kTypeAppointment);
    r.id = id;
    r.version = recordVersion;
    r.data = toFields(); // booked_by only as the centre stamped it (empty until then)
    return r;
}

AppointmentBook AppointmentBook::fromRecords(const QList<Record> &records,
                                             const QHash<QUuid, QString> &unsettled)
{
    AppointmentBook book;
    for (const Record &r : records) {
        if (r.type == QStringView(kTypeAppointmentSetup) && r.id == AppointmentSetup::recordId()) {
            book.setupDocument = r.value(u"document"_qs).toString();
            book.setup =
                AppointmentSetup::fromJson(book.setupDocument.toUtf8(), &book.setupProblem);
        }
    }
    book.m_byId.reserve(records.size());
    for (const Record &r : records) {
        const auto it = unsettled.constFind(r.id);
        std::optional<Appointment> a = Appointment::fromRecord(r, it != unsettled.cend());
        if (!a) {
            continue;
        }
        a->version = r.version;
        if (it != unsettled.cend()) {
            a->refusal = it.value();
        }
        // Indexed in one go below: inserting each in order would move the lists every time.
        book.m_byPerson[a->personId].append(a->id);
        book.m_byPlace[a->placeId].append({a->start.toSecsSinceEpoch(), a->id});
        if (a->isProvisional() && a->refusal.isEmpty()) {
            book.m_provisional.insert(a->id);
        }
        book.m_byId.insert(a->id, std::move(*a));
    }
    for (auto &place : book.m_byPlace) {
        std::sort(place.begin(), place.end());
    }
    book.intervals = book.bookings();
    return book;
}

const Appointment *AppointmentBook::find(const QUuid &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.cend() ? nullptr : &*it;
}

void AppointmentBook::put(const Appointment &a)
{
    if (const auto it = m_byId.constFind(a.id); it != m_byId.cend()) {
        unindex(*it);
    }
    m_byId.insert(a.id, a);
    index(a);
}

void AppointmentBook::index(const Appointment &a)
{
    m_byPerson[a.personId].append(a.id);
    QList<QPair<qint64, QUuid>> &place = m_byPlace[a.placeId];
    const QPair<qint64, QUuid> entry{a.start.toSecsSinceEpoch(), a.id};
    place.insert(std::upper_bound(place.begin(), place.end(), entry), entry);
    if (a.isProvisional() && a.refusal.isEmpty()) {
        m_provisional.insert(a.id);
    } else {
        m_provisional.remove(a.id);
    }
}

void AppointmentBook::unindex(const Appointment &a)
{
    m_byPerson[a.personId].removeOne(a.id);
    QList<QPair<qint64, QUuid>> &place = m_byPlace[a.placeId];
    const QPair<qint64, QUuid> entry{a.start.toSecsSinceEpoch(), a.id};
    const auto it = std::lower_bound(place.begin(), place.end(), entry);
    if (it != place.end() && *it == entry) {
        place.erase(it);
    }
    m_provisional.remove(a.id);
}

QList<Appointment> AppointmentBook::ofPerson(const QUuid &personId) const
{
    QList<Appointment> out;
    for (const QUuid &id : m_byPerson.value(personId)) {
        out.append(m_byId.value(id));
    }
    return out;
}

QList<Appointment> AppointmentBook::atPlace(const QString &placeId, const QDateTime &fromUtc,
                                            const QDateTime &toUtc) const
{
    QList<Appointment> out;
    const auto it = m_byPlace.constFind(placeId);
    if (it == m_byPlace.cend()) {
        return out;
    }
    const QPair<qint64, QUuid> from{fromUtc.toSecsSinceEpoch(), QUuid()};
    const qint64 to = toUtc.toSecsSinceEpoch();
    for (auto e = std::lower_bound(it->cbegin(), it->cend(), from);
         e != it->cend() && e->first < to; ++e) {
        out.append(m_byId.value(e->second));
    }
    return out;
}

QList<BookedInterval> AppointmentBook::bookings() const
{
    QList<BookedInterval> out;
    out.reserve(m_byId.size());
    for (const Appointment &a : m_byId) {
        if (a.holdsSlot() && a.refusal.isEmpty()) {
            const AppointmentType *type = setup ? setup->type(a.typeId) : nullptr;
            out.append(a.interval(type ? *type : AppointmentType{}));
        }
    }
    return out;
}

QString Appointment::reference() const
{
    return shortReference(id);
}

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
        return tr("Provisional");
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
        return tr("Taken by another desk");
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
