#pragma once

#include "models/Person.h"

#include <QWidget>

class QLabel;

namespace FirstStop {

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

Q_SIGNALS:
    void editRequested(const FirstStop::Person &person);

private:
    Person m_person;
    QLabel *m_heading;
    QLabel *m_details;
};

} // namespace FirstStop
