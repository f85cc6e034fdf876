#pragma once

#include "models/Appointment.h"
#include "models/Person.h"

#include <QDate>
#include <QHash>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QTreeWidget;

namespace FirstStop {

class DeskController;

// The day's appointments at one place (and, if chosen, for one member of staff, desk or room), in
// time order, each with the resident's name and where it stands. From the keyboard: A the
// resident has arrived, S seen, N did not come, Delete cancels, Enter opens the resident;
// Alt+Left / Alt+Right the day before or after. What it shows is the desk's own cache, so it works
// offline; provisional bookings say so.
class DayViewPane final : public QWidget
{
    Q_OBJECT

public:
    explicit DayViewPane(DeskController *desk, QWidget *parent = nullptr);

    void showDay(const QDate &day);
    QTreeWidget *view() const { return m_list; }

Q_SIGNALS:
    void personOpenRequested(const FirstStop::Person &person);
    // A, S, N, Delete on an appointment (the main window asks for a cancellation's reason).
    void attendanceRequested(const QUuid &appointmentId, FirstStop::Appointment::Status status);
    void cancelRequested(const QUuid &appointmentId);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void rebuildPlaces();
    void rebuildResources();
    void reload();
    void takePeople(const QList<QUuid> &ids, const QList<Person> &people);
    QUuid currentAppointment() const;

    DeskController *m_desk;
    QComboBox *m_place;
    QComboBox *m_resource;
    QDateEdit *m_day;
    QLabel *m_summary;
    QTreeWidget *m_list;
    QHash<QUuid, QString> m_names; // residents' names, as the cache last gave them
    QHash<QUuid, Person> m_people;
    QList<QUuid> m_asked; // the ids of the last request for names
};

} // namespace FirstStop
