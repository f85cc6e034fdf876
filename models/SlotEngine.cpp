#include "models/SlotEngine.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SlotEngine", text);
}

int minutesOfDay(const QTime &t)
{
    return t.hour() * 60 + t.minute();
}

// UTC seconds of a local date and minute of the day in a zone. Times that do not exist (the hour
// skipped when the clocks go forward) move forward as Qt does; an hour that happens twice is taken
// the first time.
qint64 toUtc(const QDate &day, int minute, const QTimeZone &zone)
{
    return QDateTime(day, QTime(minute / 60, minute % 60), zone).toSecsSinceEpoch();
}

} // namespace

// ---- bookings of one resource ----------------------------------------------------------------

void SlotEngine::ResourceBookings::insert(const QString &id, qint64 s, qint64 e)
{
    const auto at = size_t(std::upper_bound(start.begin(), start.end(), s) - start.begin());
    start.insert(start.begin() + qsizetype(at), s);
    blockedUntil.insert(blockedUntil.begin() + qsizetype(at), e);
    maxBlockedUntil.insert(maxBlockedUntil.begin() + qsizetype(at), e);
    ids.insert(qsizetype(at), id);
    rebuildMax(at);
}

bool SlotEngine::ResourceBookings::remove(const QString &id)
{
    const qsizetype at = ids.indexOf(id);
    if (at < 0)
        return false;
    start.erase(start.begin() + at);
    blockedUntil.erase(blockedUntil.begin() + at);
    maxBlockedUntil.erase(maxBlockedUntil.begin() + at);
    ids.removeAt(at);
    rebuildMax(size_t(at));
    return true;
}

void SlotEngine::ResourceBookings::rebuildMax(size_t from)
{
    for (size_t i = from; i < start.size(); ++i)
        maxBlockedUntil[i] =
            std::max(blockedUntil[i], i > 0 ? maxBlockedUntil[i - 1] : blockedUntil[i]);
}

bool SlotEngine::ResourceBookings::isFree(qint64 s, qint64 e) const
{
    // The bookings starting before e; the latest any of them is held until must be <= s.
    const auto n = std::lower_bound(start.begin(), start.end(), e) - start.begin();
    return n == 0 || maxBlockedUntil[size_t(n - 1)] <= s;
}

// ---- set-up ------------------------------------------------------------------------------------

void SlotEngine::setPlaces(const QList<Place> &places)
{
    m_places = places;
    m_placeIndex.clear();
    for (int i = 0; i < m_places.size(); ++i)
        m_placeIndex.insert(m_places[i].id, i);
}

void SlotEngine::setResources(const QList<Resource> &resources)
{
    m_resources = resources;
    m_resourceIndex.clear();
    for (int i = 0; i < m_resources.size(); ++i)
        m_resourceIndex.insert(m_resources[i].id, i);
}

void SlotEngine::setAppointmentTypes(const QList<AppointmentType> &types)
{
    m_types = types;
    m_typeIndex.clear();
    for (int i = 0; i < m_types.size(); ++i)
        m_typeIndex.insert(m_types[i].id, i);
}

void SlotEngine::setRegionHolidays(const QString &region, const QList<QDate> &dates)
{
    QHash<QDate, QString> days;
    for (const QDate &d : dates)
        days.insert(d, QString());
    m_holidays.insert(region, days);
}

void SlotEngine::setBankHolidays(const BankHolidays &feed)
{
    for (const QString &division : feed.divisions()) {
        QHash<QDate, QString> days;
        for (const BankHoliday &h : feed.holidays(division))
            days.insert(h.date, h.title);
        m_holidays.insert(division, days);
    }
}

void SlotEngine::setBookings(const QList<BookedInterval> &bookings)
{
    m_bookings.clear();
    m_bookingResource.clear();
    // Sort once, then append: O(n log n) for a whole cache instead of n sorted inserts.
    QList<BookedInterval> sorted = bookings;
    std::sort(sorted.begin(), sorted.end(), [](const BookedInterval &a, const BookedInterval &b) {
        return a.startUtc < b.startUtc;
    });
    for (const BookedInterval &b : std::as_const(sorted)) {
        ResourceBookings &r = m_bookings[b.resourceId];
        r.start.push_back(b.startUtc);
        r.blockedUntil.push_back(b.blockedUntilUtc);
        r.maxBlockedUntil.push_back(std::max(b.blockedUntilUtc, r.maxBlockedUntil.empty()
                                                                    ? b.blockedUntilUtc
                                                                    : r.maxBlockedUntil.back()));
        r.ids.append(b.appointmentId);
        m_bookingResource.insert(b.appointmentId, b.resourceId);
    }
}

void SlotEngine::addBooking(const BookedInterval &booking)
{
    removeBooking(booking.appointmentId);
    m_bookings[booking.resourceId].insert(booking.appointmentId, booking.startUtc,
                                          booking.blockedUntilUtc);
    m_bookingResource.insert(booking.appointmentId, booking.resourceId);
}

void SlotEngine::removeBooking(const QString &appointmentId)
{
    const auto it = m_bookingResource.constFind(appointmentId);
    if (it == m_bookingResource.constEnd())
        return;
    m_bookings[it.value()].remove(appointmentId);
    m_bookingResource.erase(it);
}

const Place *SlotEngine::place(const QString &id) const
{
    const auto it = m_placeIndex.constFind(id);
    return it == m_placeIndex.constEnd() ? nullptr : &m_places[it.value()];
}

const Resource *SlotEngine::resource(const QString &id) const
{
    const auto it = m_resourceIndex.constFind(id);
    return it == m_resourceIndex.constEnd() ? nullptr : &m_resources[it.value()];
}

const AppointmentType *SlotEngine::appointmentType(const QString &id) const
{
    const auto it = m_typeIndex.constFind(id);
    return it == m_typeIndex.constEnd() ? nullptr : &m_types[it.value()];
}

const QTimeZone &SlotEngine::zone(const QString &id) const
{
    auto it = m_zones.find(id);
    if (it == m_zones.end())
        it = m_zones.insert(id, QTimeZone(id.toUtf8()));
    return it.value();
}

QDate SlotEngine::localToday(const Place &place, const QDateTime &now) const
{
    return now.toTimeZone(zone(place.timeZone)).date();
}

// ---- rules -------------------------------------------------------------------------------------

QString SlotEngine::closedReason(const QString &placeId, const QDate &localDate) const
{
    const Place *p = place(placeId);
    if (!p)
        return tr("This place is not known.");
    for (const Closure &c : p->closures) {
        if (c.isWholeDay() && localDate >= c.from && localDate <= c.to)
            return c.reason.isEmpty() ? tr("Closed") : c.reason;
    }
    if (p->closedOnBankHolidays) {
        const auto region = m_holidays.constFind(p->region);
        if (region != m_holidays.constEnd() && region->contains(localDate)) {
            const QString name = region->value(localDate);
            return name.isEmpty() ? tr("Closed for the bank holiday")
                                  : tr("Closed for %1").arg(name);
        }
    }
    const int dow = localDate.dayOfWeek();
    const bool opens =
        std::any_of(p->weeklyHours.begin(), p->weeklyHours.end(), [dow](const OpeningInterval &o) {
            return o.dayOfWeek == dow && o.open.isValid() && o.close.isValid() && o.open < o.close;
        });
    if (!opens)
        return tr("Closed on %1s").arg(QLocale().dayName(dow));
    return {};
}

std::vector<qint64> SlotEngine::candidateStarts(const AppointmentType &type, const Place &place,
                                                const QDate &day, qint64 notBefore,
                                                const QTime &earliest, const QTime &latest) const
{
    std::vector<qint64> out;
    if (!closedReason(place.id, day).isEmpty())
        return out;
    const QTimeZone &tz = zone(place.timeZone);
    const int step = std::max(1, type.slotStepMinutes);
    const qint64 duration = qint64(type.durationMinutes) * 60;

    // Part-day closures of this day, in UTC.
    std::vector<std::pair<qint64, qint64>> shut;
    for (const Closure &c : place.closures) {
        if (!c.isWholeDay() && day >= c.from && day <= c.to)
            shut.emplace_back(toUtc(day, minutesOfDay(c.start), tz),
                              toUtc(day, minutesOfDay(c.end), tz));
    }

    // The clocks change at night, but a day can still hold a change (a place open round the
    // clock, a zone changing at noon): then every start is converted on its own.
    const QDateTime midnight(day, QTime(0, 0), tz);
    const int offsetMorning = tz.offsetFromUtc(midnight);
    const int offsetNight = tz.offsetFromUtc(midnight.addSecs(24 * 3600));
    const bool steady = offsetMorning == offsetNight;
    const qint64 dayStartUtc =
        QDateTime(day, QTime(0, 0), Qt::UTC).toSecsSinceEpoch() - offsetMorning;

    const int dow = day.dayOfWeek();
    for (const OpeningInterval &o : place.weeklyHours) {
        if (o.dayOfWeek != dow || !o.open.isValid() || !o.close.isValid() || !(o.open < o.close))
            continue;
        const int openMin = minutesOfDay(o.open);
        const int closeMin = minutesOfDay(o.close);
        const qint64 closeUtc =
            steady ? dayStartUtc + qint64(closeMin) * 60 : toUtc(day, closeMin, tz);
        for (int m = openMin; m < closeMin; m += step) {
            if (earliest.isValid() && m < minutesOfDay(earliest))
                continue;
            if (latest.isValid() && m >= minutesOfDay(latest))
                break;
            const qint64 s = steady ? dayStartUtc + qint64(m) * 60 : toUtc(day, m, tz);
            if (s + duration > closeUtc)
                break;
            if (s < notBefore)
                continue;
            if (!out.empty() && s <= out.back())
                continue; // a local time the clocks skipped or repeated
            const bool clash = std::any_of(shut.begin(), shut.end(), [&](const auto &c) {
                return s < c.second && c.first < s + duration;
            });
            if (!clash)
                out.push_back(s);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool SlotEngine::isFree(const QString &resourceId, qint64 s, qint64 e, const QString &ignore) const
{
    const auto it = m_bookings.constFind(resourceId);
    if (it == m_bookings.constEnd())
        return true;
    const ResourceBookings &r = it.value();
    if (ignore.isEmpty() || m_bookingResource.value(ignore) != resourceId)
        return r.isFree(s, e);
    // Rescheduling: the appointment's own booking does not count. Walk back over the bookings
    // starting before e while one of them could still reach s.
    auto i = std::lower_bound(r.start.begin(), r.start.end(), e) - r.start.begin();
    while (i > 0 && r.maxBlockedUntil[size_t(i - 1)] > s) {
        --i;
        if (r.blockedUntil[size_t(i)] > s && r.ids[i] != ignore)
            return false;
    }
    return true;
}

QStringList SlotEngine::resourcesFor(const AppointmentType &type, const QString &placeId,
                                     const QString &only) const
{
    QStringList out;
    for (const QString &id : type.resourceIds) {
        if (!only.isEmpty() && id != only)
            continue;
        const Resource *r = resource(id);
        if (r && r->placeIds.contains(placeId))
            out.append(id);
    }
    return out;
}

void SlotEngine::slotsOnDay(const AppointmentType &type, const Place &place, const QDate &day,
                            const QStringList &resources, qint64 notBefore, const SlotQuery &query,
                            QList<FreeSlot> *out, int limit) const
{
    const qint64 duration = qint64(type.durationMinutes) * 60;
    const qint64 held = duration + qint64(type.bufferMinutes) * 60;
    int found = 0;
    for (const qint64 s :
         candidateStarts(type, place, day, notBefore, query.earliest, query.latest)) {
        for (const QString &r : resources) {
            if (!isFree(r, s, s + held, {}))
                continue;
            out->append(FreeSlot{place.id, r, QDateTime::fromSecsSinceEpoch(s, Qt::UTC),
                                 QDateTime::fromSecsSinceEpoch(s + duration, Qt::UTC)});
            ++found;
            if (query.onePerPlaceAndTime || found >= limit)
                break;
        }
        if (found >= limit)
            return;
    }
}

QList<FreeSlot> SlotEngine::nextFreeSlots(const SlotQuery &query) const
{
    QList<FreeSlot> out;
    const AppointmentType *type = appointmentType(query.typeId);
    if (!type || query.limit <= 0)
        return out;
    const qint64 notBefore = query.now.toSecsSinceEpoch() + qint64(type->minimumNoticeMinutes) * 60;

    struct Candidate
    {
        const Place *place;
        QStringList resources;
        QDate first;
        QDate last;
    };
    QList<Candidate> places;
    for (const Place &p : m_places) {
        if (!type->placeIds.contains(p.id) ||
            (!query.placeIds.isEmpty() && !query.placeIds.contains(p.id)))
            continue;
        QStringList resources = resourcesFor(*type, p.id, query.resourceId);
        if (resources.isEmpty())
            continue;
        const QDate today = localToday(p, query.now);
        const QDate first = query.fromDate.isValid() ? std::max(today, query.fromDate) : today;
        places.append(
            Candidate{&p, std::move(resources), first, today.addDays(type->bookableDaysAhead)});
    }
    if (places.isEmpty())
        return out;

    // Day by day across the places; once enough slots are found, one more day is looked at so a
    // place in a zone ahead cannot hide an earlier slot, then the soonest are kept.
    QDate day = places.first().first;
    QDate lastDay = places.first().last;
    for (const Candidate &c : std::as_const(places)) {
        day = std::min(day, c.first);
        lastDay = std::max(lastDay, c.last);
    }
    int extraDays = -1;
    for (; day <= lastDay && extraDays != 0; day = day.addDays(1)) {
        for (const Candidate &c : std::as_const(places)) {
            if (day >= c.first && day <= c.last)
                slotsOnDay(*type, *c.place, day, c.resources, notBefore, query, &out, query.limit);
        }
        if (extraDays > 0)
            --extraDays;
        else if (extraDays < 0 && out.size() >= query.limit)
            extraDays = 1;
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const FreeSlot &a, const FreeSlot &b) { return a.start < b.start; });
    if (out.size() > query.limit)
        out.resize(query.limit);
    return out;
}

QString SlotEngine::checkSlot(const QString &typeId, const QString &placeId,
                              const QString &resourceId, const QDateTime &startUtc,
                              const QString &ignoreAppointmentId) const
{
    const AppointmentType *type = appointmentType(typeId);
    if (!type)
        return tr("This kind of appointment is not known.");
    const Place *p = place(placeId);
    if (!p || !type->placeIds.contains(placeId))
        return tr("This appointment is not offered at this place.");
    if (!resourcesFor(*type, placeId, resourceId).contains(resourceId))
        return tr("This member of staff, desk or room cannot take this appointment here.");
    const QDate day = startUtc.toTimeZone(zone(p->timeZone)).date();
    const QString closed = closedReason(placeId, day);
    if (!closed.isEmpty())
        return closed;
    const qint64 s = startUtc.toSecsSinceEpoch();
    const std::vector<qint64> starts = candidateStarts(*type, *p, day, s, {}, {});
    if (!std::binary_search(starts.begin(), starts.end(), s))
        return tr("The place is not open for the whole appointment at this time.");
    const qint64 held = qint64(type->durationMinutes + type->bufferMinutes) * 60;
    if (!isFree(resourceId, s, s + held, ignoreAppointmentId))
        return tr("This time has already been booked.");
    return {};
}

QList<FreeSlot> SlotEngine::nearestAlternatives(const QString &typeId, const QString &placeId,
                                                const QDateTime &wantedUtc, const QDateTime &now,
                                                int limit) const
{
    QList<FreeSlot> out;
    const AppointmentType *type = appointmentType(typeId);
    const Place *p = place(placeId);
    if (!type || !p)
        return out;
    const qint64 notBefore = now.toSecsSinceEpoch() + qint64(type->minimumNoticeMinutes) * 60;
    const QStringList resources = resourcesFor(*type, placeId, {});
    const QDate wantedDay = wantedUtc.toTimeZone(zone(p->timeZone)).date();
    const QDate today = localToday(*p, now);
    const QDate lastDay = today.addDays(type->bookableDaysAhead);
    SlotQuery q;
    q.onePerPlaceAndTime = true;
    // Widen a day at a time on both sides. A slot r days away is at least (r - 1) whole days from
    // the wanted time, so once enough are found one more ring is looked at, then the nearest kept.
    int extraRings = -1;
    for (int radius = 0; radius <= type->bookableDaysAhead + 1 && extraRings != 0; ++radius) {
        QList<QDate> days{wantedDay.addDays(-radius)};
        if (radius > 0)
            days.append(wantedDay.addDays(radius));
        for (const QDate &d : std::as_const(days)) {
            if (d >= today && d <= lastDay)
                slotsOnDay(*type, *p, d, resources, notBefore, q, &out, 1000);
        }
        if (extraRings > 0)
            --extraRings;
        else if (extraRings < 0 && out.size() >= limit)
            extraRings = 1;
    }
    const qint64 wanted = wantedUtc.toSecsSinceEpoch();
    std::stable_sort(out.begin(), out.end(), [wanted](const FreeSlot &a, const FreeSlot &b) {
        return qAbs(a.start.toSecsSinceEpoch() - wanted) <
               qAbs(b.start.toSecsSinceEpoch() - wanted);
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

} // namespace FirstStop
