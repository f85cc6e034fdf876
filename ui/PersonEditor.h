#pragma once

#include "models/Person.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace FirstStop {

// Create or correct a person, as a pane in the main window (not a modal dialog). Validation
// says what to fix next to the field; nothing typed is lost on an error.
class PersonEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit PersonEditor(QWidget *parent = nullptr);

    // A new person (fresh id) or an existing one to correct.
    void edit(const Person &person);
    void showError(const QString &message);
    void setSaving(bool saving);
    const Person &original() const { return m_original; }
    // What was last sent to be saved (the original with the edits applied).
    const Person &submitted() const { return m_submitted; }

Q_SIGNALS:
    void saveRequested(const FirstStop::Person &person);
    void cancelled();

private:
    void submit();
    QLineEdit *addLine(const QString &objectName, const QString &accessibleName);

    Person m_original;
    Person m_submitted;
    QLabel *m_heading;
    QLineEdit *m_given;
    QLineEdit *m_family;
    QLineEdit *m_preferred;
    QLineEdit *m_dateOfBirth;
    QPlainTextEdit *m_address;
    QLineEdit *m_postcode;
    QLineEdit *m_phone;
    QLineEdit *m_email;
    QLabel *m_message;
    QWidget *m_buttons;
};

} // namespace FirstStop
