#pragma once

#include "models/Appointment.h"
#include "models/AppointmentSetup.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace FirstStop {

class AppointmentService;

// Booking from a person's page: choose the type (and, if wanted, a place and a time of day), see
// the next free slots soonest first, and book the highlighted one with Enter. The slots come from
// AppointmentService on its own thread; a booking holds its slot at once and is provisional until
// the central service confirms it.
class BookingPane final : public QWidget
{
    Q_OBJECT

public:
    BookingPane(AppointmentService *service, const AppointmentSetup &setup,
                QWidget *parent = nullptr);

    void setPerson(const QUuid &personId, const QString &name);
    // For tests and for desks whose clock is wrong: where "now" comes from.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void refresh();

Q_SIGNALS:
    void booked(const FirstStop::Appointment &appointment);

private:
    void showSlots(quint64 generation, const QList<FreeSlot> &slots);
    void bookCurrent();

    AppointmentService *m_service;
    AppointmentSetup m_setup;
    std::function<QDateTime()> m_clock = [] {
        return QDateTime::currentDateTimeUtc();
    };
    QUuid m_personId;
    QString m_personName;
    quint64 m_generation = 0;
    QList<FreeSlot> m_slots;
    QString m_notice; // what the last booking did, kept above the slot count
    QLabel *m_heading;
    QComboBox *m_type;
    QComboBox *m_place;
    QComboBox *m_timeOfDay;
    QListWidget *m_list;
    QPushButton *m_book;
    QLabel *m_status;
};

} // namespace FirstStop
