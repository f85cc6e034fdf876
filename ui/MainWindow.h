#pragma once

#include "app/DeskController.h"
#include "models/SlotEngine.h"

#include <QHash>
#include <QMainWindow>

class QAction;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace FirstStop {

class BookingPane;
class DayViewPane;
class ConflictsPane;
class IdleWatcher;
class LockScreen;
class SatisfactionScreen;
class MergeDialog;
class EnquiryPane;
class PersonEditor;
class PersonListModel;
class PersonSummary;
class SyncStatusLabel;

// The one screen: a search box that is always one key away (Ctrl+K / F2), the results, and the
// opened person or the editor in a pane beside them; sync state and who is signed in below.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(DeskController *desk, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_searchBox; }
    EnquiryPane *enquiryPane() const { return m_enquiry; }
    BookingPane *bookingPane() const { return m_booking; }
    DayViewPane *dayViewPane() const { return m_dayView; }
    PersonSummary *personSummary() const { return m_summary; }
    QTableView *resultsView() const { return m_results; }
    void setSearchText(const QString &text);

    // Shared counter PCs: the screen locks on Ctrl+L and after this long without a key or a
    // click (0: never). A locked window shows no personal data; the same user or the next member
    // of staff signs in to carry on.
    void setIdleLockInterval(int milliseconds);
    void lock();
    void showResidentScreen(bool show);
    bool isLocked() const { return m_locked; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildActions();
    void openRow(int row);
    void newPerson();
    void showPersonPane();
    void showPlaceholder();
    void showConflicts();
    // Team leads: merge a duplicate into the opened person (Ctrl+Shift+M).
    void mergeIntoOpenedPerson();
    // The merge dialog on screen, if any.
    MergeDialog *mergeDialog() const;
    // The opened person as the desk now has it: after a sync their record may have changed, or
    // have been merged into another (then the survivor opens, with a note).
    void onPersonReady(const QUuid &requested, const Person &current, bool found);
    // Ctrl+E: an enquiry about the opened person; Ctrl+Shift+E: one without personal details.
    void logEnquiry(bool anonymous);
    void bookAppointment();
    void showDayView();
    void cancelAppointment(const QUuid &id);
    void onAppointmentAction(const QUuid &id, int action);
    void onSignedIn(const SignedInUser &user);
    void onResults(const QString &text, const QList<PersonMatch> &matches);
    void unlockScreen(bool sameUser);

    DeskController *m_desk;
    QLineEdit *m_searchBox;
    QTableView *m_results;
    PersonListModel *m_model;
    QStackedWidget *m_pane;
    QLabel *m_placeholder;
    PersonSummary *m_summary;
    PersonEditor *m_editor;
    ConflictsPane *m_conflicts;
    EnquiryPane *m_enquiry;
    BookingPane *m_booking;
    DayViewPane *m_dayView;
    QAction *m_bookAction = nullptr;
    bool m_bookingForEnquiry = false; // Ctrl+B came from the enquiry pane: go back to it
    // The nearest free times to each booking that lost its slot, offered when it is booked again.
    QHash<QUuid, QList<FreeSlot>> m_alternatives;
    QAction *m_conflictsAction = nullptr;
    QAction *m_mergeAction = nullptr;
    QLabel *m_resultCount;
    QLabel *m_userLabel;
    SyncStatusLabel *m_syncLabel;
    QStackedWidget *m_screens;
    LockScreen *m_lockScreen;
    SatisfactionScreen *m_satisfaction;
    IdleWatcher *m_idle;
    QAction *m_lockAction = nullptr;
    SignedInUser m_user;
    bool m_locked = false;
    bool m_unlockPending = false; // a password was typed on the lock screen
    QList<QAction *> m_disabledWhileLocked;
};

} // namespace FirstStop
