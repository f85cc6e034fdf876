#pragma once

#include "models/ComplaintPolicy.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "models/LocalStore.h"
#include "models/Person.h"
#include "models/ServiceCatalogue.h"
#include "models/WorkingCalendar.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace FirstStop {

class AppointmentService;
class ServiceCatalogue;

// The opened person at a glance: who they are, how to reach them, whether the record has reached
// the central service yet, and their whole history on this desk, newest first.
class PersonSummary final : public QWidget
{
    Q_OBJECT

public:
    explicit PersonSummary(QWidget *parent = nullptr);
    void setPerson(const Person &person);
    const Person &person() const { return m_person; }
    // The person's records (LocalStore::recordsForPerson; any order, shown newest first):
    // enquiries with their notes beneath them, and any other kind of record by its label and
    // title. Categories are named from catalogue.
    // The person's records, newest first; enquiries carry the customer charter's verdict
    // (on time, late, due, overdue) for their category's standards.
    void setHistory(const QList<Record> &records, const ServiceCatalogue &catalogue,
                    const QList<CharterStandard> &charter = {},
                    const WorkingCalendar &calendar = {});
    const QList<Enquiry> &enquiries() const { return m_enquiries; }
    QTreeWidget *historyView() const { return m_history; }
    // Team leads see "Merge another record into this one…"; nobody else does.
    void setCanMerge(bool canMerge);
    // The records merged into this one (their references still lead here), shown as a note.
    void setMergedRecords(const QList<FirstStop::PersonRedirect> &redirects);
    QLabel *mergedNote() const { return m_mergedNote; }
    // Where appointments in the history are described from (names, provisional or confirmed).
    void setAppointments(const AppointmentService *appointments) { m_appointments = appointments; }

    // What a clerk can do to an appointment in the history, from the keyboard: Enter moves it,
    // Delete cancels it, A / S / N mark the resident arrived, seen or not come, Ctrl+P makes the
    // confirmation again.
    enum class AppointmentAction
    {
        Move,
        Cancel,
        Arrived,
        Seen,
        NoShow,
        Confirmation,
    };

Q_SIGNALS:
    void editRequested(const FirstStop::Person &person);
    void logEnquiryRequested();
    void mergeRequested();
    // Enter on an enquiry in the history (or on one of its notes or changes).
    void enquiryOpenRequested(const FirstStop::Enquiry &enquiry);
    void bookAppointmentRequested();
    void appointmentActionRequested(const QUuid &appointmentId,
                                    FirstStop::PersonSummary::AppointmentAction action);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Person m_person;
    QLabel *m_heading;
    QLabel *m_details;
    QLabel *m_mergedNote;
    QPushButton *m_merge;
    QLabel *m_historyHeading;
    QTreeWidget *m_history;
    QUuid m_historyOf; // whose history m_history holds
    QList<Enquiry> m_enquiries;
    const AppointmentService *m_appointments = nullptr;
    QLabel *m_nextAppointment;
    QUuid currentAppointment() const;
};

} // namespace FirstStop
