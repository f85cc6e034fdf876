#pragma once

#include "models/BankHolidays.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

#include <vector>

namespace FirstStop {

// Opening hours of one day of the week, in the place's local time. A day may have several
// intervals (closed for lunch); a day without any is closed.
struct OpeningInterval
{
    int dayOfWeek = 1; // Qt::Monday (1) … Qt::Sunday (7)
    QTime open;
    QTime close;
};

// A one-off closure of a place, in local time: whole days (from..to inclusive) when start and end
// are not valid, otherwise only start..end on each of those days (staff training 09:00–11:00).
struct Closure
{
    QDate from;
    QDate to;
    QTime start;
    QTime end;
    QString reason;
    bool isWholeDay() const { return !start.isValid() || !end.isValid(); }
};

// An office or another place residents can be seen at (a First Stop Shop, a library).
struct Place
{
    QString id;
    QString name;
    QString address;
    // The office whose desks hold the place's appointments (and book there); empty: the office of
    // the same name as the place.
    QString office;
    QString timeZone = QStringLiteral("Europe/London");   // Europe/Dublin for Irish offices
    QString region = QStringLiteral("england-and-wales"); // whose bank holidays close it
    bool closedOnBankHolidays = true;
    QList<OpeningInterval> weeklyHours;
    QList<Closure> closures;
    QString howToChange; // "Ring 01234 567890 or reply to the e-mail", shown on the slip
    QString email;       // the organiser of the calendar invitations
};

// Someone or something that can take an appointment: a member of staff, a desk, a room. A resource
// is booked at most once at any instant, whichever place it is at.
struct Resource
{
    QString id;
    QString name;
    QString kind;         // "staff", "desk", "room"
    QStringList placeIds; // where it can take appointments
};

// A kind of appointment a service offers.
struct AppointmentType
{
    QString id;
    QString name;
    int durationMinutes = 30;
    int bufferMinutes = 0;    // after each appointment the resource is kept free this long
    int slotStepMinutes = 15; // appointments start on this grid from the opening time
    int bookableDaysAhead = 56;
    int minimumNoticeMinutes = 0;
    QStringList placeIds;    // where it is offered
    QStringList resourceIds; // who or what can take it
    QString whatToBring;
    // The services (service catalogue keys, "lgsl:58") it is for: booking from an enquiry about
    // one of them offers this type first.
    QStringList serviceKeys;
};

// An appointment as far as slots are concerned: which resource it holds and when, in UTC. The
// resource is held from startUtc to endUtc plus the type's buffer (blockedUntilUtc).
struct BookedInterval
{
    QString appointmentId;
    QString resourceId;
    qint64 startUtc = 0;        // seconds since the epoch
    qint64 blockedUntilUtc = 0; // end of the appointment plus its buffer
};

// A free slot found by the engine.
struct FreeSlot
{
    QString placeId;
    QString resourceId;
    QDateTime start; // UTC
    QDateTime end;   // UTC, without the buffer
    friend bool operator==(const FreeSlot &, const FreeSlot &) = default;
};

// What the person at the desk asked for: the type, and optionally a place, a first day, a time of
// day. Everything else comes from the type and the places.
struct SlotQuery
{
    QString typeId;
    QDateTime now;        // slots start after now + the type's notice
    QStringList placeIds; // empty: every place that offers the type
    QString resourceId;   // empty: any resource that can take it
    QDate fromDate;       // local date of the place; invalid: from today
    QTime earliest;       // time of day window, local; invalid: from opening
    QTime latest;         // the appointment must start before this; invalid: until closing
    int limit = 10;
    bool onePerPlaceAndTime = true; // one slot per place and start, not one per free resource
};

// The slot engine: where and when an appointment of a given type can be booked. Pure logic, no
// SQL; the desk fills it from its cache, the centre uses the same rules. Local times are those of
// the place's time zone (DST-safe); instants are UTC.
//
// Rules: a slot starts on the type's grid from each opening interval's start, and the appointment
// (not its buffer) ends by the interval's close; the place is open that day (no whole-day closure,
// no bank holiday of its region unless it opens on them) and no part-day closure overlaps the
// appointment; some resource that can take the type at that place holds nothing from the start to
// the end plus the buffer, and nothing it holds has a buffer reaching into the start.
class SlotEngine
{
public:
    void setPlaces(const QList<Place> &places);
    void setResources(const QList<Resource> &resources);
    void setAppointmentTypes(const QList<AppointmentType> &types);
    // The bank holidays of a region ("england-and-wales", "scotland", "northern-ireland", or any
    // name an administrator gives, e.g. "ireland" for the Republic's public holidays).
    void setRegionHolidays(const QString &region, const QList<QDate> &dates);
    // Every region of the gov.uk feed, with the holidays' names ("Closed for Christmas Day").
    void setBankHolidays(const BankHolidays &feed);

    // Replaces every booking; cancelled appointments should not be passed.
    void setBookings(const QList<BookedInterval> &bookings);
    void addBooking(const BookedInterval &booking);
    void removeBooking(const QString &appointmentId);
    int bookingCount() const { return m_bookingResource.size(); }

    const Place *place(const QString &id) const;
    const Resource *resource(const QString &id) const;
    const AppointmentType *appointmentType(const QString &id) const;

    // Why the place is shut on a local date (a closure's reason, the bank holiday, "closed on
    // Sundays"), or an empty string when it opens that day.
    QString closedReason(const QString &placeId, const QDate &localDate) const;

    // The next free slots, soonest first (ties: the places' order, then the resources' order).
    QList<FreeSlot> nextFreeSlots(const SlotQuery &query) const;

    // Whether the slot can be booked now: an empty string if so, otherwise why not in plain words.
    QString checkSlot(const QString &typeId, const QString &placeId, const QString &resourceId,
                      const QDateTime &startUtc, const QString &ignoreAppointmentId = {}) const;

    // The free slots nearest to a wanted start (before or after, nearest first), for a desk whose
    // booking lost its slot at the centre.
    QList<FreeSlot> nearestAlternatives(const QString &typeId, const QString &placeId,
                                        const QDateTime &wantedUtc, const QDateTime &now,
                                        int limit = 3) const;

private:
    struct ResourceBookings
    {
        // Sorted by start; maxBlockedUntil[i] = max(blockedUntil[0..i]), so one binary search
        // tells whether any booking overlaps an interval even if stored bookings overlap.
        std::vector<qint64> start;
        std::vector<qint64> blockedUntil;
        std::vector<qint64> maxBlockedUntil;
        QStringList ids;
        void insert(const QString &id, qint64 s, qint64 e);
        bool remove(const QString &id);
        void rebuildMax(size_t from);
        bool isFree(qint64 s, qint64 e) const;
    };

    bool isFree(const QString &resourceId, qint64 s, qint64 e, const QString &ignore) const;
    // Where an appointment of the type may start at the place on a local day (UTC seconds, in
    // order): on the grid, inside the opening hours, clear of closures, inside the time-of-day
    // window, not before notBefore. Resources are not looked at.
    std::vector<qint64> candidateStarts(const AppointmentType &type, const Place &place,
                                        const QDate &day, qint64 notBefore, const QTime &earliest,
                                        const QTime &latest) const;
    // Free slots of one place on one local day, in time order, at most limit of them.
    void slotsOnDay(const AppointmentType &type, const Place &place, const QDate &day,
                    const QStringList &resources, qint64 notBefore, const SlotQuery &query,
                    QList<FreeSlot> *out, int limit) const;
    QStringList resourcesFor(const AppointmentType &type, const QString &placeId,
                             const QString &only) const;
    const QTimeZone &zone(const QString &id) const;
    QDate localToday(const Place &place, const QDateTime &now) const;

    QList<Place> m_places;
    QHash<QString, int> m_placeIndex;
    QList<Resource> m_resources;
    QHash<QString, int> m_resourceIndex;
    QList<AppointmentType> m_types;
    QHash<QString, int> m_typeIndex;
    QHash<QString, QHash<QDate, QString>> m_holidays; // region → date → name (may be empty)
    QHash<QString, ResourceBookings> m_bookings;
    QHash<QString, QString> m_bookingResource; // appointment id → resource id
    mutable QHash<QString, QTimeZone> m_zones;
};

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::FreeSlot)
