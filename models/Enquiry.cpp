#include "models/Enquiry.h"

#include "models/WorkingCalendar.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <utility>

namespace FirstStop {

namespace {

const char *const context = "Enquiry";

QString tr(const char *text)
{
    return QCoreApplication::translate(context, text);
}

template <typename E>
struct Entry
{
    E value;
    const char16_t *name;
    const char *label;
};

constexpr std::array<Entry<Channel>, 7> channelTable{{
    {Channel::FaceToFace, u"face_to_face", QT_TRANSLATE_NOOP("Enquiry", "Face to face")},
    {Channel::Phone, u"phone", QT_TRANSLATE_NOOP("Enquiry", "Phone")},
    {Channel::Email, u"email", QT_TRANSLATE_NOOP("Enquiry", "E-mail")},
    {Channel::WebForm, u"web_form", QT_TRANSLATE_NOOP("Enquiry", "Web form")},
    {Channel::Letter, u"letter", QT_TRANSLATE_NOOP("Enquiry", "Letter")},
    {Channel::AssistedSelfServe, u"assisted_self_serve",
     QT_TRANSLATE_NOOP("Enquiry", "Assisted self-serve")},
    {Channel::SocialMedia, u"social_media", QT_TRANSLATE_NOOP("Enquiry", "Social media")},
}};

constexpr std::array<Entry<Outcome>, 7> outcomeTable{{
    {Outcome::None, u"", QT_TRANSLATE_NOOP("Enquiry", "Not yet decided")},
    {Outcome::ResolvedAtFirstContact, u"resolved_first_contact",
     QT_TRANSLATE_NOOP("Enquiry", "Resolved at first contact")},
    {Outcome::SignPosted, u"sign_posted",
     QT_TRANSLATE_NOOP("Enquiry", "Sign-posted to another agency")},
    {Outcome::HelpedToSelfServe, u"self_serve",
     QT_TRANSLATE_NOOP("Enquiry", "Helped to self-serve")},
    {Outcome::AppointmentBooked, u"appointment_booked",
     QT_TRANSLATE_NOOP("Enquiry", "Appointment booked")},
    {Outcome::PassedToBackOffice, u"back_office",
     QT_TRANSLATE_NOOP("Enquiry", "Passed to a back-office team")},
    {Outcome::Withdrawn, u"withdrawn", QT_TRANSLATE_NOOP("Enquiry", "Withdrawn")},
}};

constexpr std::array<Entry<EnquiryStatus>, 5> statusTable{{
    {EnquiryStatus::Open, u"open", QT_TRANSLATE_NOOP("Enquiry", "Open")},
    {EnquiryStatus::InProgress, u"in_progress", QT_TRANSLATE_NOOP("Enquiry", "In progress")},
    {EnquiryStatus::Waiting, u"waiting",
     QT_TRANSLATE_NOOP("Enquiry", "Waiting on the resident or others")},
    {EnquiryStatus::Resolved, u"resolved", QT_TRANSLATE_NOOP("Enquiry", "Resolved")},
    {EnquiryStatus::Closed, u"closed", QT_TRANSLATE_NOOP("Enquiry", "Closed")},
}};

constexpr std::array<Entry<EnquiryKind>, 2> kindTable{{
    {EnquiryKind::Enquiry, u"enquiry", QT_TRANSLATE_NOOP("Enquiry", "Enquiry")},
    {EnquiryKind::Complaint, u"complaint", QT_TRANSLATE_NOOP("Enquiry", "Complaint")},
}};

constexpr std::array<Entry<Priority>, 4> priorityTable{{
    {Priority::Low, u"low", QT_TRANSLATE_NOOP("Enquiry", "Low")},
    {Priority::Normal, u"normal", QT_TRANSLATE_NOOP("Enquiry", "Normal")},
    {Priority::High, u"high", QT_TRANSLATE_NOOP("Enquiry", "High")},
    {Priority::Urgent, u"urgent", QT_TRANSLATE_NOOP("Enquiry", "Urgent")},
}};

constexpr std::array<Entry<ComplaintStage>, 4> stageTable{{
    {ComplaintStage::None, u"", QT_TRANSLATE_NOOP("Enquiry", "Not a complaint")},
    {ComplaintStage::Stage1, u"stage1", QT_TRANSLATE_NOOP("Enquiry", "Stage 1")},
    {ComplaintStage::Stage2, u"stage2", QT_TRANSLATE_NOOP("Enquiry", "Stage 2")},
    {ComplaintStage::Ombudsman, u"ombudsman",
     QT_TRANSLATE_NOOP("Enquiry", "Referred to the Ombudsman")},
}};

constexpr std::array<Entry<EnquiryEvent::Type>, 7> eventTable{{
    {EnquiryEvent::Type::Opened, u"opened", ""},
    {EnquiryEvent::Type::StatusChanged, u"status", ""},
    {EnquiryEvent::Type::Reopened, u"reopened", ""},
    {EnquiryEvent::Type::Paused, u"paused", ""},
    {EnquiryEvent::Type::Resumed, u"resumed", ""},
    {EnquiryEvent::Type::OutcomeSet, u"outcome", ""},
    {EnquiryEvent::Type::StageChanged, u"stage", ""},
}};

template <typename E, std::size_t N>
QString nameIn(const std::array<Entry<E>, N> &table, E v)
{
    for (const auto &e : table) {
        if (e.value == v) {
            return QString::fromUtf16(e.name);
        }
    }
    return {};
}

template <typename E, std::size_t N>
QString labelIn(const std::array<Entry<E>, N> &table, E v)
{
    for (const auto &e : table) {
        if (e.value == v) {
            return QCoreApplication::translate(context, e.label);
        }
    }
    return {};
}

template <typename E, std::size_t N>
bool fromNameIn(const std::array<Entry<E>, N> &table, const QString &name, E *out)
{
    for (const auto &e : table) {
        if (name == QStringView(e.name)) {
            *out = e.value;
            return true;
        }
    }
    return false;
}

template <typename E, std::size_t N>
QList<E> valuesIn(const std::array<Entry<E>, N> &table)
{
    QList<E> out;
    for (const auto &e : table) {
        out.append(e.value);
    }
    return out;
}

QString isoDate(const QDate &d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseTime(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

namespace EnquiryNames {
// clang-format off
QString name(Channel v) { return nameIn(channelTable, v); }
QString name(Outcome v) { return nameIn(outcomeTable, v); }
QString name(EnquiryStatus v) { return nameIn(statusTable, v); }
QString name(EnquiryKind v) { return nameIn(kindTable, v); }
QString name(Priority v) { return nameIn(priorityTable, v); }
QString name(ComplaintStage v) { return nameIn(stageTable, v); }
bool fromName(const QString &n, Channel *out) { return fromNameIn(channelTable, n, out); }
bool fromName(const QString &n, Outcome *out) { return fromNameIn(outcomeTable, n, out); }
bool fromName(const QString &n, EnquiryStatus *out) { return fromNameIn(statusTable, n, out); }
bool fromName(const QString &n, EnquiryKind *out) { return fromNameIn(kindTable, n, out); }
bool fromName(const QString &n, Priority *out) { return fromNameIn(priorityTable, n, out); }
bool fromName(const QString &n, ComplaintStage *out) { return fromNameIn(stageTable, n, out); }
QString label(Channel v) { return labelIn(channelTable, v); }
QString label(Outcome v) { return labelIn(outcomeTable, v); }
QString label(EnquiryStatus v) { return labelIn(statusTable, v); }
QString label(EnquiryKind v) { return labelIn(kindTable, v); }
QString label(Priority v) { return labelIn(priorityTable, v); }
QString label(ComplaintStage v) { return labelIn(stageTable, v); }
QList<Channel> channels() { return valuesIn(channelTable); }
QList<Priority> priorities() { return valuesIn(priorityTable); }
// clang-format on

QList<Outcome> outcomes()
{
    QList<Outcome> out = valuesIn(outcomeTable);
    out.removeAll(Outcome::None);
    return out;
}

QString label(OutcomeLink v)
{
    switch (v) {
    case OutcomeLink::Appointment:
        return tr("Appointment");
    case OutcomeLink::SignPosting:
        return tr("Agency sign-posted to");
    case OutcomeLink::Team:
        return tr("Team it was passed to");
    case OutcomeLink::None:
        break;
    }
    return {};
}

} // namespace EnquiryNames

QString EnquiryEvent::typeName(Type t)
{
    return nameIn(eventTable, t);
}

bool EnquiryEvent::typeFromName(const QString &name, Type *out)
{
    return fromNameIn(eventTable, name, out);
}

QJsonObject EnquiryEvent::toJson() const
{
    QJsonObject o{{u"type"_qs, typeName(type)}, {u"at"_qs, isoTime(at)}, {u"by"_qs, by}};
    if (!from.isEmpty()) {
        o.insert(u"from"_qs, from);
    }
    if (!to.isEmpty()) {
        o.insert(u"to"_qs, to);
    }
    if (!note.isEmpty()) {
        o.insert(u"note"_qs, note);
    }
    return o;
}

EnquiryEvent EnquiryEvent::fromJson(const QJsonObject &o)
{
    EnquiryEvent e;
    typeFromName(o.value(u"type").toString(), &e.type);
    e.at = parseTime(o.value(u"at").toString());
    e.by = o.value(u"by").toString();
    e.from = o.value(u"from").toString();
    e.to = o.value(u"to").toString();
    e.note = o.value(u"note").toString();
    return e;
}

QString EnquiryEvent::describe() const
{
    const auto label = [](const QString &wireName, auto value) {
        return EnquiryNames::fromName(wireName, &value) ? EnquiryNames::label(value) : wireName;
    };
    QString out;
    switch (type) {
    case Type::Opened:
        out = tr("Opened");
        break;
    case Type::StatusChanged:
        out = tr("Status: %1 → %2").arg(label(from, EnquiryStatus{}), label(to, EnquiryStatus{}));
        break;
    case Type::Reopened:
        out =
            tr("Reopened (%1 → %2)").arg(label(from, EnquiryStatus{}), label(to, EnquiryStatus{}));
        break;
    case Type::Paused:
        out = tr("Handling clock paused");
        break;
    case Type::Resumed:
        out = tr("Handling clock resumed");
        break;
    case Type::OutcomeSet:
        out = tr("Outcome: %1").arg(label(to, Outcome{}));
        break;
    case Type::StageChanged:
        out = tr("Complaint stage: %1").arg(label(to, ComplaintStage{}));
        break;
    }
    return note.isEmpty() ? out : tr("%1 — %2").arg(out, note);
}

QJsonObject eventRecordFields(const Enquiry &enquiry, const EnquiryEvent &event)
{
    QJsonObject o = event.toJson();
    o.insert(u"enquiry_id"_qs, enquiry.id.toString(QUuid::WithoutBraces));
    o.insert(u"office"_qs, enquiry.office);
    if (!enquiry.personId.isNull()) {
        o.insert(u"person_id"_qs, enquiry.personId.toString(QUuid::WithoutBraces));
    }
    return o;
}

QJsonObject Enquiry::toFields() const
{
    using namespace EnquiryNames;
    return QJsonObject{
        {u"person_id"_qs, personId.isNull() ? QString() : personId.toString(QUuid::WithoutBraces)},
        {u"kind"_qs, name(kind)},
        {u"category"_qs, categoryKey},
        {u"channel"_qs, name(channel)},
        {u"summary"_qs, summary},
        {u"outcome"_qs, name(outcome)},
        {u"outcome_link"_qs, outcomeLink},
        {u"status"_qs, name(status)},
        {u"priority"_qs, name(priority)},
        {u"office"_qs, office},
        {u"handled_by"_qs, handledBy},
        {u"follow_up"_qs, isoDate(followUp)},
        {u"opened_at"_qs, isoTime(openedAt)},
        {u"repeat_of"_qs, repeatOf.isNull() ? QString() : repeatOf.toString(QUuid::WithoutBraces)},
        {u"stage"_qs, name(stage)},
        {u"stage_received"_qs, isoDate(stageReceived)},
        {u"stage_acknowledged"_qs, isoDate(stageAcknowledged)},
        {u"stage1_handled_by"_qs, stage1HandledBy},
        {u"escalation_advice"_qs, escalationAdvice},
        {u"remedy"_qs, remedy},
        {u"extension_reason"_qs, extensionReason},
        {u"satisfaction"_qs, satisfaction},
        {u"satisfaction_comment"_qs, satisfactionComment},
    };
}

Enquiry Enquiry::fromFields(const QUuid &id, const QJsonObject &f, QString *problem)
{
    Enquiry e;
    e.id = id;
    QStringList unknown;
    const auto pick = [&](const char16_t *field, auto *out) {
        const QString v = f.value(QStringView(field)).toString();
        if (f.contains(QStringView(field)) && !EnquiryNames::fromName(v, out)) {
            unknown.append(QStringView(field) + u"=" + v);
        }
    };
    e.personId = QUuid::fromString(f.value(u"person_id").toString());
    pick(u"kind", &e.kind);
    e.categoryKey = f.value(u"category").toString();
    pick(u"channel", &e.channel);
    e.summary = f.value(u"summary").toString();
    pick(u"outcome", &e.outcome);
    e.outcomeLink = f.value(u"outcome_link").toString();
    pick(u"status", &e.status);
    pick(u"priority", &e.priority);
    e.office = f.value(u"office").toString();
    e.handledBy = f.value(u"handled_by").toString();
    e.followUp = QDate::fromString(f.value(u"follow_up").toString(), Qt::ISODate);
    e.openedAt = parseTime(f.value(u"opened_at").toString());
    e.repeatOf = QUuid::fromString(f.value(u"repeat_of").toString());
    pick(u"stage", &e.stage);
    e.stageReceived = QDate::fromString(f.value(u"stage_received").toString(), Qt::ISODate);
    e.stageAcknowledged = QDate::fromString(f.value(u"stage_acknowledged").toString(), Qt::ISODate);
    e.stage1HandledBy = f.value(u"stage1_handled_by").toString();
    e.escalationAdvice = f.value(u"escalation_advice").toString();
    e.remedy = f.value(u"remedy").toString();
    e.extensionReason = f.value(u"extension_reason").toString();
    e.satisfaction = f.value(u"satisfaction").toInt();
    e.satisfactionComment = f.value(u"satisfaction_comment").toString();
    if (problem) {
        *problem = unknown.isEmpty()
                       ? QString()
                       : tr("Values this desk does not know were kept as they were: %1")
                             .arg(unknown.join(u", "));
    }
    return e;
}

QDate parseFollowUp(QStringView text, const QDate &today, const WorkingCalendar &calendar)
{
    static const QRegularExpression plus(QStringLiteral(R"(^\s*\+\s*(\d{1,3})\s*$)"));
    static const QRegularExpression iso(QStringLiteral(R"(^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$)"));
    static const QRegularExpression dayFirst(
        QStringLiteral(R"(^\s*(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?\s*$)"));
    QDate date;
    if (const auto p = plus.match(text); p.hasMatch()) {
        date = calendar.addWorkingDays(today, p.capturedView(1).toInt());
    } else if (const auto i = iso.match(text); i.hasMatch()) {
        date =
            QDate(i.capturedView(1).toInt(), i.capturedView(2).toInt(), i.capturedView(3).toInt());
    } else if (const auto m = dayFirst.match(text); m.hasMatch()) {
        const int day = m.capturedView(1).toInt();
        const int month = m.capturedView(2).toInt();
        if (m.capturedView(3).isEmpty()) {
            date = QDate(today.year(), month, day);
            if (date.isValid() && date < today) {
                date = QDate(today.year() + 1, month, day);
            }
        } else {
            int year = m.capturedView(3).toInt();
            if (m.capturedView(3).size() == 2) {
                year += today.year() / 100 * 100;
            }
            date = QDate(year, month, day);
        }
    }
    return date.isValid() && date >= today ? date : QDate();
}

QString checkSatisfaction(int rating, const QString &comment)
{
    if (rating < 0 || rating > 5) {
        return tr("A satisfaction rating is from 1 (very poor) to 5 (very good).");
    }
    if (rating == 0 && !comment.trimmed().isEmpty()) {
        return tr("Choose a rating to go with the comment.");
    }
    return {};
}

namespace EnquiryRules {

OutcomeLink linkNeeded(Outcome outcome)
{
    switch (outcome) {
    case Outcome::SignPosted:
        return OutcomeLink::SignPosting;
    case Outcome::AppointmentBooked:
        return OutcomeLink::Appointment;
    case Outcome::PassedToBackOffice:
        return OutcomeLink::Team;
    case Outcome::None:
    case Outcome::ResolvedAtFirstContact:
    case Outcome::HelpedToSelfServe:
    case Outcome::Withdrawn:
        break;
    }
    return OutcomeLink::None;
}

bool canMove(EnquiryStatus from, EnquiryStatus to)
{
    using S = EnquiryStatus;
    switch (from) {
    case S::Open:
        return to == S::InProgress || to == S::Waiting || to == S::Resolved;
    case S::InProgress:
        return to == S::Waiting || to == S::Resolved;
    case S::Waiting:
        return to == S::InProgress || to == S::Resolved;
    case S::Resolved:
        return to == S::Closed || to == S::InProgress;
    case S::Closed:
        return to == S::InProgress;
    }
    return false;
}

QList<EnquiryStatus> nextStatuses(EnquiryStatus from)
{
    QList<EnquiryStatus> out;
    for (const auto &e : statusTable) {
        if (canMove(from, e.value)) {
            out.append(e.value);
        }
    }
    return out;
}

QList<EnquiryProblem> validate(const Enquiry &e)
{
    QList<EnquiryProblem> problems;
    if (e.summary.trimmed().isEmpty()) {
        problems.append({u"summary"_qs, tr("Say in a few words what the enquiry is about.")});
    }
    if (e.categoryKey.isEmpty()) {
        problems.append({u"category"_qs, tr("Choose a service category (type to find one).")});
    }
    const OutcomeLink link = linkNeeded(e.outcome);
    if (link != OutcomeLink::None && e.outcomeLink.trimmed().isEmpty()) {
        problems.append(
            {u"outcome_link"_qs,
             tr("“%1” needs: %2.").arg(EnquiryNames::label(e.outcome), EnquiryNames::label(link))});
    }
    if ((e.status == EnquiryStatus::Resolved || e.status == EnquiryStatus::Closed) &&
        e.outcome == Outcome::None) {
        problems.append({u"outcome"_qs, tr("A resolved enquiry needs an outcome.")});
    }
    if (e.kind == EnquiryKind::Complaint) {
        if (e.stage == ComplaintStage::None) {
            problems.append({u"stage"_qs, tr("A complaint needs its stage.")});
        }
        if (e.stage == ComplaintStage::Stage2 && !e.stage1HandledBy.isEmpty() &&
            e.handledBy.compare(e.stage1HandledBy, Qt::CaseInsensitive) == 0) {
            problems.append(
                {u"handled_by"_qs,
                 tr("Stage 2 must be handled by someone other than who handled stage 1 (%1).")
                     .arg(e.stage1HandledBy)});
        }
        if ((e.status == EnquiryStatus::Resolved || e.status == EnquiryStatus::Closed) &&
            e.escalationAdvice.trimmed().isEmpty()) {
            problems.append({u"escalation_advice"_qs,
                             tr("Record what the resident was told about how to escalate.")});
        }
    } else if (e.stage != ComplaintStage::None) {
        problems.append({u"stage"_qs, tr("Only a complaint has stages.")});
    }
    const QString sat = checkSatisfaction(e.satisfaction, e.satisfactionComment);
    if (!sat.isEmpty()) {
        problems.append({u"satisfaction"_qs, sat});
    }
    return problems;
}

void open(Enquiry *e, const QString &by, const QDateTime &at, QList<EnquiryEvent> *history)
{
    e->status = EnquiryStatus::Open;
    e->openedAt = at;
    if (e->handledBy.isEmpty()) {
        e->handledBy = by;
    }
    history->append({EnquiryEvent::Type::Opened, at, by, {}, EnquiryNames::name(e->status), {}});
}

QString setOutcome(Enquiry *e, Outcome outcome, const QString &link, const QString &by,
                   const QDateTime &at, QList<EnquiryEvent> *history)
{
    const OutcomeLink needed = linkNeeded(outcome);
    if (needed != OutcomeLink::None && link.trimmed().isEmpty()) {
        return tr("“%1” needs: %2.").arg(EnquiryNames::label(outcome), EnquiryNames::label(needed));
    }
    const QString kept = needed == OutcomeLink::None ? QString() : link.trimmed();
    if (outcome == e->outcome && kept == e->outcomeLink) {
        return {};
    }
    history->append({EnquiryEvent::Type::OutcomeSet, at, by, EnquiryNames::name(e->outcome),
                     EnquiryNames::name(outcome), kept});
    e->outcome = outcome;
    e->outcomeLink = kept;
    return {};
}

QString moveTo(Enquiry *e, EnquiryStatus to, const QString &by, const QDateTime &at,
               QList<EnquiryEvent> *history, const QString &note)
{
    if (e->status == to) {
        return {};
    }
    if (!canMove(e->status, to)) {
        return tr("An enquiry that is “%1” cannot become “%2”.")
            .arg(EnquiryNames::label(e->status), EnquiryNames::label(to));
    }
    if (to == EnquiryStatus::Resolved && e->outcome == Outcome::None) {
        return tr("Choose an outcome before resolving the enquiry.");
    }
    if (to == EnquiryStatus::Resolved && linkNeeded(e->outcome) != OutcomeLink::None &&
        e->outcomeLink.isEmpty()) {
        return tr("“%1” needs: %2.")
            .arg(EnquiryNames::label(e->outcome), EnquiryNames::label(linkNeeded(e->outcome)));
    }
    if (to == EnquiryStatus::Resolved && e->kind == EnquiryKind::Complaint &&
        e->escalationAdvice.trimmed().isEmpty()) {
        return tr("Record what the resident was told about how to escalate before resolving "
                  "the complaint.");
    }
    const bool reopening =
        (e->status == EnquiryStatus::Resolved || e->status == EnquiryStatus::Closed) &&
        to == EnquiryStatus::InProgress;
    if (reopening && note.trimmed().isEmpty()) {
        return tr("Say why the enquiry is being reopened.");
    }
    history->append({reopening ? EnquiryEvent::Type::Reopened : EnquiryEvent::Type::StatusChanged,
                     at, by, EnquiryNames::name(e->status), EnquiryNames::name(to),
                     note.trimmed()});
    e->status = to;
    return {};
}

namespace {

// Events in the order they happened (desks sync them in any order); ties keep their order.
QList<EnquiryEvent> inOrder(QList<EnquiryEvent> events)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const EnquiryEvent &a, const EnquiryEvent &b) { return a.at < b.at; });
    return events;
}

bool stopsClock(const EnquiryEvent &e)
{
    return e.type == EnquiryEvent::Type::Paused ||
           (e.type == EnquiryEvent::Type::StatusChanged &&
            (e.to == EnquiryNames::name(EnquiryStatus::Resolved) ||
             e.to == EnquiryNames::name(EnquiryStatus::Closed)));
}

bool startsClock(const EnquiryEvent &e)
{
    return e.type == EnquiryEvent::Type::Opened || e.type == EnquiryEvent::Type::Resumed ||
           e.type == EnquiryEvent::Type::Reopened;
}

} // namespace

bool isClockRunning(const QList<EnquiryEvent> &history)
{
    bool running = false;
    for (const EnquiryEvent &e : inOrder(history)) {
        if (startsClock(e)) {
            running = true;
        } else if (stopsClock(e)) {
            running = false;
        }
    }
    return running;
}

QString pause(const QList<EnquiryEvent> &existing, const QString &by, const QDateTime &at,
              QList<EnquiryEvent> *history)
{
    if (!isClockRunning(existing + *history)) {
        return tr("The handling clock is not running.");
    }
    history->append({EnquiryEvent::Type::Paused, at, by, {}, {}, {}});
    return {};
}

QString resume(const QList<EnquiryEvent> &existing, const QString &by, const QDateTime &at,
               QList<EnquiryEvent> *history)
{
    const QList<EnquiryEvent> all = existing + *history;
    const bool paused = std::any_of(all.cbegin(), all.cend(), [](const EnquiryEvent &e) {
        return e.type == EnquiryEvent::Type::Paused;
    });
    if (isClockRunning(all) || !paused) {
        return tr("The handling clock is not paused.");
    }
    history->append({EnquiryEvent::Type::Resumed, at, by, {}, {}, {}});
    return {};
}

qint64 handlingSeconds(QList<EnquiryEvent> history, const QDateTime &now)
{
    qint64 total = 0;
    QDateTime since;
    for (const EnquiryEvent &e : inOrder(std::move(history))) {
        if (startsClock(e)) {
            if (!since.isValid()) {
                since = e.at;
            }
        } else if (stopsClock(e) && since.isValid()) {
            total += std::max<qint64>(0, since.secsTo(e.at));
            since = QDateTime();
        }
    }
    if (since.isValid() && now > since) {
        total += since.secsTo(now);
    }
    return total;
}

QUuid repeatOf(const Enquiry &e, const QList<Enquiry> &earlier, int windowDays)
{
    if (e.personId.isNull() || e.categoryKey.isEmpty() || !e.openedAt.isValid() ||
        windowDays <= 0) {
        return {};
    }
    const Enquiry *best = nullptr;
    for (const Enquiry &other : earlier) {
        if (other.id == e.id || other.personId != e.personId ||
            other.categoryKey != e.categoryKey || !other.openedAt.isValid() ||
            other.openedAt > e.openedAt) {
            continue;
        }
        // Calendar days, as people count "came back within a week".
        if (other.openedAt.date().daysTo(e.openedAt.date()) > windowDays) {
            continue;
        }
        if (!best || other.openedAt > best->openedAt) {
            best = &other;
        }
    }
    return best ? best->id : QUuid();
}

} // namespace EnquiryRules

} // namespace FirstStop
