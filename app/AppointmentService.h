#pragma once

#include "models/AppointmentSetup.h"
#include "models/SlotEngine.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace FirstStop {

class SlotWorker;

// The desk's slot finder off the GUI thread: a SlotEngine on its own thread, fed with the set-up,
// the regions' bank holidays and the bookings the desk knows of. Each findSlots() gets a
// generation number; an answer overtaken by a newer question is dropped, so the booking pane
// never shows slots for a type or place the person has already moved away from.
class AppointmentService final : public QObject
{
    Q_OBJECT

public:
    explicit AppointmentService(QObject *parent = nullptr);
    ~AppointmentService() override;

    void setSetup(const AppointmentSetup &setup,
                  const QHash<QString, QList<QDate>> &holidaysByRegion);
    void setBookings(const QList<BookedInterval> &bookings);
    // A booking made or moved at this desk holds its slot at once (provisional until the centre
    // confirms it); a cancelled or lost one gives it back.
    void hold(const BookedInterval &booking);
    void release(const QString &appointmentId);
    // Answered with slotsReady(generation, …) unless a newer question overtakes it.
    quint64 findSlots(const SlotQuery &query);
    // The nearest free slots to one a desk lost at the centre, answered with alternativesReady.
    void findAlternatives(const QString &appointmentId, const QString &typeId,
                          const QString &placeId, const QDateTime &wantedUtc, const QDateTime &now,
                          int limit = 3);

Q_SIGNALS:
    void slotsReady(quint64 generation, const QList<FirstStop::FreeSlot> &slots);
    void alternativesReady(const QString &appointmentId, const QList<FirstStop::FreeSlot> &slots);

private:
    QThread m_thread;
    SlotWorker *m_worker = nullptr;
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

} // namespace FirstStop
