#pragma once

#include "models/LocalStore.h"
#include "models/Person.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace FirstStop {

class PersonListModel;

// Create or correct a person, as a pane in the main window (not a modal dialog). Validation
// says what to fix next to the field; nothing typed is lost on an error.
//
// A new person is checked for duplicates before it is saved: the editor asks for the check
// (duplicateCheckRequested), and when the answer lists people it shows them with the reason each
// matched; Enter on one opens that person instead (openExistingRequested), "This is a new person"
// (Alt+N) saves. Changing the details after the check checks again.
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
    // The answer to duplicateCheckRequested; ignored unless it is for the details last sent.
    void showDuplicates(const FirstStop::Person &candidate,
                        const QList<FirstStop::PersonMatch> &matches);
    QTableView *duplicatesView() const { return m_duplicates; }
    bool isNewPerson() const;

Q_SIGNALS:
    void saveRequested(const FirstStop::Person &person);
    void duplicateCheckRequested(const FirstStop::Person &candidate);
    void openExistingRequested(const FirstStop::Person &person);
    void cancelled();

private:
    void submit();
    // The details as typed, validated and normalised; nullopt (with the message shown and the
    // field focused) when something must be fixed first.
    std::optional<Person> collect();
    void save(const Person &p);
    void confirmNew();
    void openSelectedDuplicate();
    void hideDuplicates();
    QLineEdit *addLine(const QString &objectName, const QString &accessibleName);
    QCheckBox *addCheck(const QString &objectName, const QString &text);
    QPlainTextEdit *addText(const QString &objectName, const QString &accessibleName, int lines);

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
    QPlainTextEdit *m_previousNames;
    QComboBox *m_contactChannel;
    QCheckBox *m_okToText;
    QCheckBox *m_okToEmail;
    QCheckBox *m_okToPost;
    QLineEdit *m_language;
    QCheckBox *m_interpreter;
    QList<QCheckBox *> m_flags; // one per Person::accessibilityFlagNames()
    QPlainTextEdit *m_accessibilityNotes;
    QLabel *m_message;
    QWidget *m_duplicatesPanel;
    QLabel *m_duplicatesLabel;
    QTableView *m_duplicates;
    PersonListModel *m_duplicateModel;
    QWidget *m_buttons;
    std::optional<Person> m_checking; // sent for the duplicate check, answer not yet here
    std::optional<Person> m_checked;  // checked, likely matches shown
};

} // namespace FirstStop
