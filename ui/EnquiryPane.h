#pragma once

#include "models/ComplaintPolicy.h"
#include "models/Enquiry.h"
#include "models/Person.h"
#include "models/ServiceCatalogue.h"
#include "models/WorkingCalendar.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace FirstStop {

// Log an enquiry (or a complaint) as a pane of the one screen, from the keyboard alone: the
// category is found by typing (Enter takes the highlighted one, Alt+1…9 a recent one), Tab walks
// channel, priority, summary, notes, outcome (and the link it needs), status, follow-up,
// satisfaction; Ctrl+S saves, Escape cancels. The handling clock runs from the moment the pane
// opens and can be paused.
class EnquiryPane final : public QWidget
{
    Q_OBJECT

public:
    explicit EnquiryPane(QWidget *parent = nullptr);

    // Reference data, kept between enquiries.
    void setCatalogue(const ServiceCatalogue &catalogue);
    void setCalendar(const WorkingCalendar &calendar) { m_calendar = calendar; }
    void setComplaintPolicy(const ComplaintPolicy &policy) { m_policy = policy; }
    void setCharterStandards(const QList<CharterStandard> &standards) { m_charter = standards; }
    void setRepeatWindowDays(int days) { m_repeatWindowDays = days; }
    void setRecentCategories(const QStringList &keys);
    QStringList recentCategories() const { return m_recent.keys(); }
    // Who is logging (the signed-in clerk) and where.
    void setClerk(const QString &username, const QString &office);

    // A new enquiry about a person (null id for an anonymous one), with their earlier enquiries
    // (for the repeat-contact flag).
    void startNew(const Person &person, const QList<Enquiry> &earlier, const QDateTime &now);
    // An enquiry already on record, to move on (status, outcome, follow-up), add a note to, or
    // reopen (the note is the reason). `events` is its history so far, from every desk: the
    // handling clock carries on from it. Only what changes is saved, with a change entry each.
    void openExisting(const Person &person, const Enquiry &enquiry,
                      const QList<EnquiryEvent> &events, const QDateTime &now);
    bool isUpdating() const { return m_existing.has_value(); }
    void showError(const QString &message);
    // The resident's own answer (from the screen turned to them): 1–5 and their comment.
    void setRating(int rating, const QString &comment);
    void setSaving(bool saving);
    // An appointment was booked for this enquiry (Ctrl+B from the pane): the outcome becomes
    // "appointment booked" and its link the appointment's reference and time.
    void setBookedAppointment(const QString &link);
    const Enquiry &submitted() const { return m_submitted; }
    const Person &person() const { return m_person; }
    QLineEdit *categoryEdit() const { return m_category; }
    // The service chosen for the enquiry ("lgsl:58"), empty while none is.
    QString categoryKey() const { return m_categoryKey; }

Q_SIGNALS:
    void saveRequested(const FirstStop::Enquiry &enquiry,
                       const QList<FirstStop::EnquiryEvent> &history, const QString &note);
    void cancelled();
    void recentCategoriesChanged(const QStringList &keys);
    // Ctrl+R: turn the screen to the resident for their rating.
    void residentRatingRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refreshCategoryList();
    void setCategoryListVisible(bool visible);
    void chooseCategory(const QString &key);
    void updateOutcomeLink();
    void updateKind();
    void updateClock();
    void updateHints();
    void togglePause();
    void submit();
    QDateTime now() const;

    ServiceCatalogue m_catalogue;
    RecentCategories m_recent;
    WorkingCalendar m_calendar;
    ComplaintPolicy m_policy = ComplaintPolicy::lgscoCode();
    QList<CharterStandard> m_charter;
    int m_repeatWindowDays = 28;
    QString m_clerk;
    QString m_office;

    Person m_person;
    QList<Enquiry> m_earlier;
    QString m_categoryKey;
    QDateTime m_openedAt;     // when the enquiry was opened (now, for a new one)
    QDateTime m_sessionStart; // when the pane was opened for it
    QElapsedTimer m_elapsed;  // since m_sessionStart
    std::optional<Enquiry> m_existing;
    QList<EnquiryEvent> m_baseEvents; // the history before this session
    QList<EnquiryEvent> m_clockEvents;
    Enquiry m_submitted;

    QFormLayout *m_form = nullptr;
    QLabel *m_heading;
    QComboBox *m_kind;
    QLineEdit *m_category;
    QListWidget *m_categoryList;
    QLabel *m_categoryChosen;
    QComboBox *m_channel;
    QComboBox *m_priority;
    QLineEdit *m_summary;
    QPlainTextEdit *m_notes;
    QComboBox *m_outcome;
    QLabel *m_linkLabel;
    QLineEdit *m_link;
    QComboBox *m_status;
    QLineEdit *m_followUp;
    QGroupBox *m_complaintBox;
    QComboBox *m_stage;
    QLabel *m_deadlines;
    QPlainTextEdit *m_escalation;
    QLineEdit *m_remedy;
    QComboBox *m_rating;
    QLineEdit *m_ratingComment;
    QPushButton *m_askResident = nullptr;
    QLabel *m_hints;
    QLabel *m_clock;
    QPushButton *m_pause;
    QLabel *m_message;
    QWidget *m_buttons;
    QTimer *m_tick;
};

} // namespace FirstStop
