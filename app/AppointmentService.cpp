#include "app/AppointmentService.h"

#include "app/SlipPrinter.h"
#include "models/BankHolidays.h"
#include "models/ICalendar.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSaveFile>
#include <QTimeZone>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

namespace FirstStop {

// Lives on the service's thread; touched only through queued calls.
class SlotWorker final : public QObject
{
public:
    SlotEngine engine;
};

AppointmentService::AppointmentService(QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<QList<FreeSlot>>();
    qRegisterMetaType<Appointment>();
    qRegisterMetaType<AppointmentBook>();
    m_thread.setObjectName(u"firststop-slots"_qs);
    m_worker = new SlotWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

AppointmentService::~AppointmentService()
{
    m_thread.quit();
    m_thread.wait();
}

void AppointmentService::setSetup(const AppointmentSetup &setup,
                                  const QHash<QString, QList<QDate>> &holidaysByRegion)
{
    SlotWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker, [w, setup, holidaysByRegion] {
        setup.applyTo(&w->engine);
        for (auto it = holidaysByRegion.cbegin(); it != holidaysByRegion.cend(); ++it)
            w->engine.setRegionHolidays(it.key(), it.value());
    });
}

void AppointmentService::useSetup(const AppointmentSetup &setup,
                                  const QHash<QString, QList<QDate>> &holidaysByRegion)
{
    m_setup = setup;
    setSetup(setup, holidaysByRegion);
    Q_EMIT setupChanged();
}

void AppointmentService::setBookings(const QList<BookedInterval> &bookings)
{
    SlotWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker, [w, bookings] { w->engine.setBookings(bookings); });
}

void AppointmentService::hold(const BookedInterval &booking)
{
    SlotWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker, [w, booking] { w->engine.addBooking(booking); });
}

void AppointmentService::release(const QString &appointmentId)
{
    SlotWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker,
                              [w, appointmentId] { w->engine.removeBooking(appointmentId); });
}

quint64 AppointmentService::findSlots(const SlotQuery &query)
{
    const quint64 generation = ++*m_latest;
    SlotWorker *w = m_worker;
    // The service outlives every call on the worker (its destructor waits for the thread), and a
    // queued answer to a deleted service is dropped with it.
    AppointmentService *self = this;
    auto latest = m_latest;
    QMetaObject::invokeMethod(m_worker, [w, self, latest, generation, query] {
        if (latest->load() != generation)
            return; // overtaken before it started
        const QList<FreeSlot> slots = w->engine.nextFreeSlots(query);
        QMetaObject::invokeMethod(
            self,
            [self, latest, generation, slots] {
                if (latest->load() == generation)
                    Q_EMIT self->slotsReady(generation, slots);
            },
            Qt::QueuedConnection);
    });
    return generation;
}

void AppointmentService::findAlternatives(const QString &appointmentId, const QString &typeId,
                                          const QString &placeId, const QDateTime &wantedUtc,
                                          const QDateTime &now, int limit)
{
    SlotWorker *w = m_worker;
    AppointmentService *self = this;
    QMetaObject::invokeMethod(m_worker, [=] {
        const QList<FreeSlot> slots =
            w->engine.nearestAlternatives(typeId, placeId, wantedUtc, now, limit);
        QMetaObject::invokeMethod(
            self,
            [self, appointmentId, slots] { Q_EMIT self->alternativesReady(appointmentId, slots); },
            Qt::QueuedConnection);
    });
}

void AppointmentService::setOffice(const QString &office, bool everyOffice)
{
    m_office = office;
    m_everyOffice = everyOffice;
    if (m_setup) {
        Q_EMIT setupChanged();
    }
}

bool AppointmentService::hasUnsettled() const
{
    return !m_book.provisional().isEmpty();
}

const AppointmentSetup &AppointmentService::setup() const
{
    static const AppointmentSetup none;
    return m_setup ? *m_setup : none;
}

QList<Place> AppointmentService::bookablePlaces() const
{
    QList<Place> out;
    for (const Place &p : setup().places) {
        if (m_everyOffice || p.office == m_office) {
            out.append(p);
        }
    }
    return out;
}

void AppointmentService::takeBook(const AppointmentBook &book)
{
    if (book.setup && book.setupDocument != m_setupDocument) {
        m_setupDocument = book.setupDocument;
        QHash<QString, QList<QDate>> holidays;
        const BankHolidays feed = BankHolidays::bundled();
        for (const QString &division : feed.divisions()) {
            for (const BankHoliday &h : feed.holidays(division)) {
                holidays[division].append(h.date);
            }
        }
        useSetup(*book.setup, holidays);
    }
    // Only the bookings this desk was waiting on can have been lost since the last read.
    QList<Appointment> lost;
    for (const QUuid &id : m_book.provisional()) {
        if (const Appointment *a = book.find(id); a && a->status == Appointment::Status::Lost) {
            lost.append(*a);
        }
    }
    m_book = book;
    setBookings(book.intervals);
    // A book read before this desk's latest saves does not have them yet: they stay as saved.
    for (auto it = m_unread.begin(); it != m_unread.end();) {
        if (it->first <= book.savesSeen) {
            it = m_unread.erase(it);
            continue;
        }
        m_book.put(it->second);
        if (const AppointmentType *type = setup().type(it->second.typeId);
            type && it->second.holdsSlot()) {
            hold(it->second.interval(*type));
        } else {
            release(it.key().toString(QUuid::WithoutBraces));
        }
        ++it;
    }
    Q_EMIT appointmentsChanged();
    for (const Appointment &a : std::as_const(lost)) {
        Q_EMIT bookingLost(a);
        findAlternatives(a.id.toString(QUuid::WithoutBraces), a.typeId, a.placeId, a.start,
                         QDateTime::currentDateTimeUtc());
    }
}

std::optional<Appointment> AppointmentService::appointment(const QUuid &id) const
{
    const Appointment *a = m_book.find(id);
    return a ? std::optional<Appointment>(*a) : std::nullopt;
}

QList<Appointment> AppointmentService::appointmentsOf(const QUuid &personId,
                                                      const QDateTime &now) const
{
    QList<Appointment> out = m_book.ofPerson(personId);
    // Those to come first, soonest first; then the past ones, the latest first.
    std::sort(out.begin(), out.end(), [&now](const Appointment &x, const Appointment &y) {
        const bool xFuture = x.end >= now;
        const bool yFuture = y.end >= now;
        if (xFuture != yFuture) {
            return xFuture;
        }
        return xFuture ? x.start < y.start : x.start > y.start;
    });
    return out;
}

QList<Appointment> AppointmentService::dayAt(const QString &placeId, const QDate &localDate,
                                             const QString &resourceId) const
{
    const Place *place = setup().place(placeId);
    const QTimeZone zone(place ? place->timeZone.toUtf8() : QByteArrayLiteral("Europe/London"));
    // The local day's bounds in UTC (a day with a clock change is 23 or 25 hours long).
    QList<Appointment> out;
    for (const Appointment &a :
         m_book.atPlace(placeId, QDateTime(localDate, QTime(0, 0), zone),
                        QDateTime(localDate.addDays(1), QTime(0, 0), zone))) {
        if (resourceId.isEmpty() || a.resourceId == resourceId) {
            out.append(a);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Appointment &x, const Appointment &y) {
        return x.start != y.start ? x.start < y.start : x.resourceId < y.resourceId;
    });
    return out;
}

QString AppointmentService::typeName(const QString &typeId) const
{
    const AppointmentType *t = setup().type(typeId);
    return t ? t->name : typeId;
}

QString AppointmentService::placeName(const QString &placeId) const
{
    const Place *p = setup().place(placeId);
    return p ? p->name : placeId;
}

QString AppointmentService::resourceName(const QString &resourceId) const
{
    const Resource *r = setup().resource(resourceId);
    return r ? r->name : resourceId;
}

QString AppointmentService::when(const Appointment &a) const
{
    const Place *p = setup().place(a.placeId);
    const QTimeZone zone(p ? p->timeZone.toUtf8() : QByteArrayLiteral("Europe/London"));
    return tr("%1, %2 – %3")
        .arg(AppointmentConfirmation::longDate(a.start, zone),
             AppointmentConfirmation::clockTime(a.start, zone),
             AppointmentConfirmation::clockTime(a.end, zone));
}

QString AppointmentService::save(const Appointment &a)
{
    const AppointmentType *type = setup().type(a.typeId);
    if (!type) {
        return tr("This kind of appointment is not in this desk's set-up.");
    }
    if (a.holdsSlot()) {
        hold(a.interval(*type));
    } else {
        release(a.id.toString(QUuid::WithoutBraces));
    }
    Appointment shown = a;
    shown.status =
        a.status == Appointment::Status::Confirmed ? Appointment::Status::Provisional : a.status;
    shown.refusal.clear();
    m_book.put(shown);
    m_unread.insert(a.id, {++m_saves, shown});
    Q_EMIT recordToSave(a.toRecord(a.version));
    Q_EMIT appointmentsChanged();
    return {};
}

QString AppointmentService::book(Appointment a, const QDateTime &now)
{
    if (!m_setup) {
        return tr("There is no appointment set-up on this desk yet: it arrives with the first "
                  "sync after an administrator loads it.");
    }
    const Place *place = m_setup->place(a.placeId);
    if (!place) {
        return tr("This place is not in this desk's set-up.");
    }
    if (a.id.isNull()) {
        a.id = QUuid::createUuid();
    }
    a.office = place->office;
    a.status = Appointment::Status::Provisional;
    a.bookedAt = now.toUTC();
    a.version = 0;
    return save(a);
}

QString AppointmentService::reschedule(const QUuid &id, const FreeSlot &slot, const QString &reason)
{
    std::optional<Appointment> a = appointment(id);
    if (!a) {
        return tr("This appointment is no longer on this desk.");
    }
    if (a->status != Appointment::Status::Provisional &&
        a->status != Appointment::Status::Confirmed && a->status != Appointment::Status::Lost) {
        return tr("Only an appointment still to come can be moved.");
    }
    const Place *place = setup().place(slot.placeId);
    if (!place || place->office != a->office) {
        return tr("An appointment can only move to another place of the same office; cancel it "
                  "and book a new one there.");
    }
    if (reason.trimmed().isEmpty()) {
        return tr("Say why the appointment is moving.");
    }
    a->reschedule(slot, reason.trimmed());
    a->status = Appointment::Status::Confirmed; // booked again (a lost one too)
    a->centreNote.clear();
    return save(*a);
}

QString AppointmentService::cancel(const QUuid &id, const QString &reason)
{
    std::optional<Appointment> a = appointment(id);
    if (!a) {
        return tr("This appointment is no longer on this desk.");
    }
    if (a->status == Appointment::Status::Cancelled) {
        return tr("This appointment is already cancelled.");
    }
    if (reason.trimmed().isEmpty()) {
        return tr("Say why the appointment is cancelled.");
    }
    a->cancel(reason.trimmed());
    return save(*a);
}

QString AppointmentService::setAttendance(const QUuid &id, Appointment::Status status)
{
    std::optional<Appointment> a = appointment(id);
    if (!a) {
        return tr("This appointment is no longer on this desk.");
    }
    if (status != Appointment::Status::Arrived && status != Appointment::Status::Seen &&
        status != Appointment::Status::NoShow) {
        return tr("Not an attendance.");
    }
    if (a->status == Appointment::Status::Cancelled || a->status == Appointment::Status::Lost) {
        return tr("This appointment does not hold a time: book it again first.");
    }
    a->status = status;
    return save(*a);
}

void AppointmentService::writeConfirmation(const QUuid &id, const QString &residentName,
                                           const QString &folder)
{
    const std::optional<Appointment> a = appointment(id);
    const AppointmentType *type = a ? setup().type(a->typeId) : nullptr;
    const Place *place = a ? setup().place(a->placeId) : nullptr;
    if (!a || !type || !place) {
        Q_EMIT confirmationWritten(id, {}, {}, tr("This appointment is not on this desk."));
        return;
    }
    const QString html = AppointmentConfirmation::slipHtml(*a, *type, *place, residentName);
    const QByteArray ics = ICalendar::write(
        AppointmentConfirmation::calendarEvent(*a, *type, *place, QDateTime::currentDateTimeUtc()));
    // "appointment-A-3F9C2B71-2.pdf": one file per version, so a reprint never hides an older one.
    const QString base =
        QDir(folder).filePath(u"appointment-"_qs + id.toString(QUuid::Id128).left(8).toUpper() +
                              u'-' + QString::number(a->sequence));
    const QString title = tr("Your appointment: %1").arg(type->name);
    QPointer<AppointmentService> self(this);
    (void)QtConcurrent::run([self, id, html, ics, base, title, folder] {
        QString error;
        const QString pdf = base + u".pdf"_qs;
        const QString icsPath = base + u".ics"_qs;
        bool ok = QDir().mkpath(folder) && SlipPrinter::writePdf(html, pdf, title, &error);
        if (ok) {
            QSaveFile f(icsPath);
            ok = f.open(QIODevice::WriteOnly) && f.write(ics) == ics.size() && f.commit();
            if (!ok) {
                error = tr("Cannot write %1: %2").arg(icsPath, f.errorString());
            }
        } else if (error.isEmpty()) {
            error = tr("Cannot make the folder %1").arg(folder);
        }
        QMetaObject::invokeMethod(qApp, [self, id, ok, pdf, icsPath, error] {
            if (self) {
                Q_EMIT self->confirmationWritten(id, ok ? pdf : QString(), ok ? icsPath : QString(),
                                                 error);
            }
        });
    });
}

} // namespace FirstStop
