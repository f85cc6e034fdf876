#pragma once

#include "models/LocalStore.h"
#include "models/Person.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace FirstStop {

// A team lead merges a duplicate record into the opened person (the survivor): find the
// duplicate by typing, see the two side by side (a field this record lacks is filled from the
// duplicate; ticking a field takes the duplicate's value instead), confirm that they are the same
// person, merge. Keyboard only: the search box, Down into the candidates, Tab to the comparison,
// the confirmation and the button. The dialog only asks; MainWindow sends it to the centre
// (DeskController::mergePeople) and reports back with mergeFailed() or by closing it.
class MergeDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit MergeDialog(const Person &survivor, QWidget *parent = nullptr);

    const Person &survivor() const { return m_survivor; }
    // The chosen duplicate (a null id before one is chosen).
    const Person &duplicate() const { return m_duplicate; }
    // The fields whose value the lead takes from the duplicate (blanks are filled anyway).
    QStringList fieldsToTake() const;

public Q_SLOTS:
    // Search results for the text typed (the survivor and stale answers are left out).
    void setCandidates(const QString &text, const QList<FirstStop::PersonMatch> &matches);
    // The centre refused or could not be reached: say why, and let the lead try again.
    void mergeFailed(const QString &message);

Q_SIGNALS:
    void searchRequested(const QString &text);
    void mergeRequested(const QUuid &survivor, const QUuid &duplicate,
                        const QStringList &takeFromDuplicate);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose(int row);
    void updateButton();
    void confirm();

    Person m_survivor;
    Person m_duplicate;
    QList<PersonMatch> m_matches;
    QLineEdit *m_find;
    QListWidget *m_candidates;
    QTableWidget *m_compare;
    QCheckBox *m_same;
    QLabel *m_status;
    QPushButton *m_merge;
    bool m_busy = false;
};

} // namespace FirstStop
