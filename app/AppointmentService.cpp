#include "app/AppointmentService.h"

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

} // namespace FirstStop
