#pragma once

#include "models/Appointment.h"
#include "models/AppointmentSetup.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace FirstStop {

class AppointmentService;

// Booking from a person's page: choose the type (and, if wanted, a place and a time of day), see
// the next free slots soonest first, and book the highlighted one with Enter. The slots come from
// AppointmentService on its own thread; a booking holds its slot at once and is provisional until
// the central service confirms it. The same pane moves an appointment (a reschedule, with a
// reason; or a booking that lost its slot at the centre, offered the nearest free times first).
class BookingPane final : public QWidget
{
    Q_OBJECT

public:
    explicit BookingPane(AppointmentService *service, QWidget *parent = nullptr);

    // A new booking for this person (from this enquiry, if any).
    // `serviceKey`: the enquiry's service, whose appointment type is offered first.
    void setPerson(const QUuid &personId, const QString &name, const QUuid &enquiryId = {},
                   const QString &serviceKey = {});
    // Moving an existing appointment: the type stays, a reason is asked for. `alternatives` (the
    // nearest free times to a lost slot) are listed first when given.
    void moveAppointment(const Appointment &appointment, const QString &name,
                         const QList<FreeSlot> &alternatives = {});
    bool isMoving() const { return !m_moving.id.isNull(); }
    // For tests and for desks whose clock is wrong: where "now" comes from.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void refresh();
    // The last appointment booked or moved here (for its confirmation).
    QUuid lastBooked() const { return m_lastBooked; }

Q_SIGNALS:
    void booked(const FirstStop::Appointment &appointment);
    void moved(const FirstStop::Appointment &appointment);
    // The resident's confirmation of the last booking: the slip (PDF) and the calendar file.
    void confirmationRequested(const QUuid &appointmentId);
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void rebuildChoices();
    void showSlots(quint64 generation, const QList<FreeSlot> &slots);
    void showList();
    void bookCurrent();
    QString slotText(const FreeSlot &slot) const;

    AppointmentService *m_service;
    std::function<QDateTime()> m_clock = [] {
        return QDateTime::currentDateTimeUtc();
    };
    QUuid m_personId;
    QUuid m_enquiryId;
    QString m_personName;
    Appointment m_moving;        // the appointment being moved (null id: a new booking)
    QList<FreeSlot> m_suggested; // nearest free times to a lost slot, shown first
    QUuid m_lastBooked;
    quint64 m_generation = 0;
    QList<FreeSlot> m_slots; // what the list shows, in its order
    QList<FreeSlot> m_found; // the engine's answer to the current question
    QString m_notice;        // what the last booking did, kept above the slot count
    QLabel *m_heading;
    QLabel *m_moveNote;
    QComboBox *m_type;
    QComboBox *m_place;
    QComboBox *m_timeOfDay;
    QLineEdit *m_from; // the first day wanted: empty for today, 14/12, +5 (working days)
    QLineEdit *m_reason;
    QLabel *m_reasonLabel;
    QListWidget *m_list;
    QPushButton *m_book;
    QPushButton *m_confirmation;
    QPushButton *m_close;
    QLabel *m_status;
};

} // namespace FirstStop
