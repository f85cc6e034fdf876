#pragma once

#include "models/Enquiry.h"
#include "models/LocalStore.h"
#include "models/Person.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace FirstStop {

class ServiceCatalogue;

// The opened person at a glance: who they are, how to reach them, and whether the record has
// reached the central service yet. Their history joins this pane as enquiries and appointments
// arrive.
class PersonSummary final : public QWidget
{
    Q_OBJECT

public:
    explicit PersonSummary(QWidget *parent = nullptr);
    void setPerson(const Person &person);
    const Person &person() const { return m_person; }
    // The person's enquiries (any order; shown newest first), categories named from catalogue.
    void setEnquiries(const QList<Enquiry> &enquiries, const ServiceCatalogue &catalogue);
    const QList<Enquiry> &enquiries() const { return m_enquiries; }
    QTreeWidget *historyView() const { return m_history; }
    // Team leads see "Merge another record into this one…"; nobody else does.
    void setCanMerge(bool canMerge);
    // The records merged into this one (their references still lead here), shown as a note.
    void setMergedRecords(const QList<FirstStop::PersonRedirect> &redirects);
    QLabel *mergedNote() const { return m_mergedNote; }

Q_SIGNALS:
    void editRequested(const FirstStop::Person &person);
    void logEnquiryRequested();
    void mergeRequested();

private:
    Person m_person;
    QLabel *m_heading;
    QLabel *m_details;
    QLabel *m_mergedNote;
    QPushButton *m_merge;
    QLabel *m_historyHeading;
    QTreeWidget *m_history;
    QList<Enquiry> m_enquiries;
};

} // namespace FirstStop
