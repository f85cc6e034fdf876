#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

namespace FirstStop {

class WorkingCalendar;

// How the resident reached the council.
enum class Channel
{
    FaceToFace,
    Phone,
    Email,
    WebForm,
    Letter,
    AssistedSelfServe,
    SocialMedia
};
// What the desk did about it: the promise is to resolve there and then, sign-post, help the
// person self-serve or book an appointment.
enum class Outcome
{
    None,
    ResolvedAtFirstContact,
    SignPosted,
    HelpedToSelfServe,
    AppointmentBooked,
    PassedToBackOffice,
    Withdrawn
};
enum class EnquiryStatus
{
    Open,
    InProgress,
    Waiting,
    Resolved,
    Closed
};
enum class EnquiryKind
{
    Enquiry,
    Complaint
};
enum class Priority
{
    Low,
    Normal,
    High,
    Urgent
};
enum class ComplaintStage
{
    None,
    Stage1,
    Stage2,
    Ombudsman
};
// The link an outcome needs before it can be recorded.
enum class OutcomeLink
{
    None,
    Appointment,
    SignPosting,
    Team
};

// Stable names on the wire and in the store ("face_to_face", "resolved_first_contact" …) and the
// words a clerk reads (tr()). fromName returns false for a name it does not know.
namespace EnquiryNames {
QString name(Channel v);
QString name(Outcome v);
QString name(EnquiryStatus v);
QString name(EnquiryKind v);
QString name(Priority v);
QString name(ComplaintStage v);
bool fromName(const QString &name, Channel *out);
bool fromName(const QString &name, Outcome *out);
bool fromName(const QString &name, EnquiryStatus *out);
bool fromName(const QString &name, EnquiryKind *out);
bool fromName(const QString &name, Priority *out);
bool fromName(const QString &name, ComplaintStage *out);
QString label(Channel v);
QString label(Outcome v);
QString label(EnquiryStatus v);
QString label(EnquiryKind v);
QString label(Priority v);
QString label(ComplaintStage v);
QString label(OutcomeLink v);
QList<Channel> channels();
QList<Outcome> outcomes(); // without None
QList<Priority> priorities();
} // namespace EnquiryNames

// One entry of an enquiry's history. History is append-only: every change of status, outcome,
// stage, and every pause and resume of the handling clock, is one event with who and when.
struct EnquiryEvent
{
    enum class Type
    {
        Opened,
        StatusChanged,
        Reopened,
        Paused,
        Resumed,
        OutcomeSet,
        StageChanged
    };
    Type type = Type::Opened;
    QDateTime at;
    QString by;
    QString from; // the old value's wire name, when there was one
    QString to;   // the new one
    QString note;

    static QString typeName(Type t);
    static bool typeFromName(const QString &name, Type *out);
    QJsonObject toJson() const;
    static EnquiryEvent fromJson(const QJsonObject &o);
    // What happened, in the clerk's words: "Status: Open → Resolved", "Handling clock paused".
    QString describe() const;
    bool operator==(const EnquiryEvent &) const = default;
};

struct Enquiry
{
    QUuid id;
    QUuid personId; // null: an anonymous enquiry (someone helped at a self-serve PC)
    EnquiryKind kind = EnquiryKind::Enquiry;
    QString categoryKey; // ServiceCategory::key
    Channel channel = Channel::FaceToFace;
    QString summary;
    Outcome outcome = Outcome::None;
    QString outcomeLink; // the appointment, the sign-posting record, or the team's name
    EnquiryStatus status = EnquiryStatus::Open;
    Priority priority = Priority::Normal;
    QString office;
    QString handledBy;
    QDate followUp;
    QDateTime openedAt;
    // The earlier enquiry this one repeats (same person and category within the configured
    // window): avoidable contact. Null when it is not a repeat.
    QUuid repeatOf;

    // Complaints.
    ComplaintStage stage = ComplaintStage::None;
    QDate stageReceived;      // when the current stage began (the complaint or the escalation)
    QDate stageAcknowledged;  // when it was acknowledged, if it has been
    QString stage1HandledBy;  // stage 2 must be handled by someone else
    QString escalationAdvice; // what the resident was told about how to escalate
    QString remedy;           // the remedy offered
    QString extensionReason;  // a stage response deadline extended, and why

    // Customer satisfaction at the end of the interaction: 1 (very poor) to 5 (very good), 0 if
    // not asked or declined.
    int satisfaction = 0;
    QString satisfactionComment;

    // The record's fields by their stable names: what is stored and synced.
    QJsonObject toFields() const;
    // Unknown or missing fields keep their defaults; an unknown enum name is reported in *problem
    // (and the default kept), so a newer desk's value is never silently turned into another.
    static Enquiry fromFields(const QUuid &id, const QJsonObject &fields,
                              QString *problem = nullptr);
    bool operator==(const Enquiry &) const = default;
};

// An event as the fields of the `enquiry_event` record that carries it (models/EntityType): its
// own (EnquiryEvent::toJson) and the enquiry's id, person and office. EnquiryEvent::fromJson reads
// it back.
QJsonObject eventRecordFields(const Enquiry &enquiry, const EnquiryEvent &event);

// A problem with one field, said so the clerk can fix it.
struct EnquiryProblem
{
    QString field;
    QString message;
};

// The rules of an enquiry's life. Every function that changes an enquiry appends what it did to
// *history and returns an empty string, or leaves both untouched and says why not.
namespace EnquiryRules {

OutcomeLink linkNeeded(Outcome outcome);
// open → in progress → waiting on resident/other → resolved → closed; waiting goes back to in
// progress; anything before resolved can be resolved at once (most desk enquiries are resolved at
// first contact); resolved and closed reopen to in progress.
bool canMove(EnquiryStatus from, EnquiryStatus to);
QList<EnquiryStatus> nextStatuses(EnquiryStatus from);

// What must be put right before the enquiry can be saved as it is.
QList<EnquiryProblem> validate(const Enquiry &e);

// A new enquiry: status open, the handling clock started.
void open(Enquiry *e, const QString &by, const QDateTime &at, QList<EnquiryEvent> *history);
QString setOutcome(Enquiry *e, Outcome outcome, const QString &link, const QString &by,
                   const QDateTime &at, QList<EnquiryEvent> *history);
// Resolving needs an outcome (and its link); closing needs resolved; reopening (from resolved or
// closed to in progress) needs a reason in note.
QString moveTo(Enquiry *e, EnquiryStatus to, const QString &by, const QDateTime &at,
               QList<EnquiryEvent> *history, const QString &note = QString());
// The handling clock: paused while the clerk is not working on it (the resident went to fetch a
// document), resumed when they come back. Pausing a paused clock is refused.
QString pause(const QList<EnquiryEvent> &existing, const QString &by, const QDateTime &at,
              QList<EnquiryEvent> *history);
QString resume(const QList<EnquiryEvent> &existing, const QString &by, const QDateTime &at,
               QList<EnquiryEvent> *history);
bool isClockRunning(const QList<EnquiryEvent> &history);
// Seconds of handling: from opening, less the pauses, up to resolving (or now, if still open);
// a reopened enquiry's clock runs again. The events may come in any order (they sync from desks).
qint64 handlingSeconds(QList<EnquiryEvent> history, const QDateTime &now);

// The same person back about the same category within windowDays of an earlier enquiry: the
// measure of avoidable contact. Returns the earlier enquiry's id, or a null id. Anonymous
// enquiries are never repeats (there is no one to match).
QUuid repeatOf(const Enquiry &e, const QList<Enquiry> &earlier, int windowDays);

} // namespace EnquiryRules

// A follow-up date as a clerk types it: "+5" (working days from today), "30/11/2026",
// "30/11" (the next such day), "2026-11-30". Invalid when it is not a date or is in the past.
QDate parseFollowUp(QStringView text, const QDate &today, const WorkingCalendar &calendar);

// Satisfaction: 0 (not given) or 1–5; the comment is optional and kept only with a rating.
QString checkSatisfaction(int rating, const QString &comment);

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::Enquiry)
Q_DECLARE_METATYPE(FirstStop::EnquiryEvent)
