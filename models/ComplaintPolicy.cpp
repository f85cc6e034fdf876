#include "models/ComplaintPolicy.h"

#include "models/WorkingCalendar.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ComplaintPolicy", text);
}

// A working year: any figure beyond it is a typing mistake, not a policy.
constexpr int maxDays = 260;

QJsonObject stageToJson(const StagePolicy &s)
{
    return {
        {u"acknowledge_days"_qs, s.acknowledgeDays},
        {u"respond_days"_qs, s.respondDays},
        {u"respond_from"_qs, s.respondFromAcknowledgement ? u"acknowledgement"_qs : u"received"_qs},
        {u"extension_days"_qs, s.extensionDays}};
}

bool stageFromJson(const QJsonObject &o, const QString &stageName, StagePolicy *out, QString *error)
{
    const auto number = [&](const char16_t *key, int *value) {
        const QJsonValue v = o.value(QStringView(key));
        if (v.isUndefined()) {
            return true;
        }
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > maxDays || d != int(d)) {
            *error = tr("%1: %2 must be a whole number of working days from 0 to %3.")
                         .arg(stageName, QStringView(key))
                         .arg(maxDays);
            return false;
        }
        *value = int(d);
        return true;
    };
    if (!number(u"acknowledge_days", &out->acknowledgeDays) ||
        !number(u"respond_days", &out->respondDays) ||
        !number(u"extension_days", &out->extensionDays)) {
        return false;
    }
    const QString from = o.value(u"respond_from").toString(u"acknowledgement"_qs);
    if (from != u"acknowledgement" && from != u"received") {
        *error = tr("%1: respond_from is \"acknowledgement\" or \"received\".").arg(stageName);
        return false;
    }
    out->respondFromAcknowledgement = from == u"acknowledgement";
    if (out->respondDays == 0) {
        *error = tr("%1: the response needs a deadline.").arg(stageName);
        return false;
    }
    return true;
}

} // namespace

ComplaintPolicy ComplaintPolicy::lgscoCode()
{
    return {tr("Local Government and Social Care Ombudsman complaint handling code"),
            {5, 10, true, 10},
            {5, 20, true, 0}};
}

ComplaintPolicy ComplaintPolicy::scotland()
{
    return {tr("Scottish Public Services Ombudsman model complaints handling procedure"),
            {0, 5, false, 0},
            {3, 20, false, 0}};
}

const StagePolicy *ComplaintPolicy::forStage(ComplaintStage stage) const
{
    switch (stage) {
    case ComplaintStage::Stage1:
        return &stage1;
    case ComplaintStage::Stage2:
        return &stage2;
    case ComplaintStage::None:
    case ComplaintStage::Ombudsman:
        break;
    }
    return nullptr;
}

QJsonObject ComplaintPolicy::toJson() const
{
    return {{u"name"_qs, name},
            {u"stage1"_qs, stageToJson(stage1)},
            {u"stage2"_qs, stageToJson(stage2)}};
}

ComplaintPolicy ComplaintPolicy::fromJson(const QJsonObject &o, QString *error)
{
    error->clear();
    ComplaintPolicy p = lgscoCode();
    p.name = o.value(u"name").toString(p.name);
    if (!stageFromJson(o.value(u"stage1").toObject(), tr("Stage 1"), &p.stage1, error) ||
        !stageFromJson(o.value(u"stage2").toObject(), tr("Stage 2"), &p.stage2, error)) {
        return lgscoCode();
    }
    return p;
}

StageDeadlines stageDeadlines(const ComplaintPolicy &policy, ComplaintStage stage,
                              const QDate &received, const QDate &acknowledged,
                              const WorkingCalendar &calendar, int extendedDays)
{
    StageDeadlines out;
    const StagePolicy *s = policy.forStage(stage);
    if (!s || !received.isValid()) {
        return out;
    }
    if (s->acknowledgeDays > 0) {
        out.acknowledgeBy = calendar.addWorkingDays(received, s->acknowledgeDays);
    }
    QDate base = received;
    if (s->respondFromAcknowledgement && s->acknowledgeDays > 0) {
        // Acknowledged late still counts from the acknowledgement; acknowledged early helps.
        base = acknowledged.isValid() ? acknowledged : out.acknowledgeBy;
    }
    const int extension = std::clamp(extendedDays, 0, s->extensionDays);
    out.respondBy = calendar.addWorkingDays(base, s->respondDays + extension);
    if (s->extensionDays > 0) {
        out.latestExtension = calendar.addWorkingDays(base, s->respondDays + s->extensionDays);
    }
    return out;
}

QString escalate(Enquiry *c, const QString &newHandler, const QDate &on, const QString &by,
                 const QDateTime &at, QList<EnquiryEvent> *history)
{
    if (c->kind != EnquiryKind::Complaint) {
        return tr("Only a complaint can be escalated.");
    }
    ComplaintStage next = ComplaintStage::None;
    if (c->stage == ComplaintStage::Stage1) {
        next = ComplaintStage::Stage2;
        if (newHandler.trimmed().isEmpty() ||
            newHandler.compare(c->handledBy, Qt::CaseInsensitive) == 0) {
            return tr("Stage 2 must be handled by someone other than who handled stage 1 (%1).")
                .arg(c->handledBy);
        }
    } else if (c->stage == ComplaintStage::Stage2) {
        next = ComplaintStage::Ombudsman;
        if (c->escalationAdvice.trimmed().isEmpty()) {
            return tr("Record what the resident was told about going to the Ombudsman first.");
        }
    } else {
        return tr("This complaint cannot be escalated further.");
    }
    history->append({EnquiryEvent::Type::StageChanged,
                     at,
                     by,
                     EnquiryNames::name(c->stage),
                     EnquiryNames::name(next),
                     {}});
    if (next == ComplaintStage::Stage2) {
        c->stage1HandledBy = c->handledBy;
        c->handledBy = newHandler.trimmed();
    }
    c->stage = next;
    c->stageReceived = on;
    c->stageAcknowledged = QDate();
    c->extensionReason.clear();
    // An escalated complaint is open again, whatever its stage 1 status was.
    if (c->status == EnquiryStatus::Resolved || c->status == EnquiryStatus::Closed) {
        history->append({EnquiryEvent::Type::Reopened, at, by, EnquiryNames::name(c->status),
                         EnquiryNames::name(EnquiryStatus::InProgress), tr("Escalated")});
        c->status = EnquiryStatus::InProgress;
    }
    return {};
}

QJsonObject CharterStandard::toJson() const
{
    const QString u = unit == Unit::Minutes       ? u"minutes"_qs
                      : unit == Unit::WorkingDays ? u"working_days"_qs
                                                  : u"calendar_days"_qs;
    return {
        {u"category"_qs, categoryKey}, {u"name"_qs, name}, {u"unit"_qs, u}, {u"amount"_qs, amount}};
}

CharterStandard CharterStandard::fromJson(const QJsonObject &o, QString *error)
{
    error->clear();
    CharterStandard s;
    s.categoryKey = o.value(u"category").toString();
    s.name = o.value(u"name").toString().trimmed();
    const QString u = o.value(u"unit").toString();
    if (u == u"minutes") {
        s.unit = Unit::Minutes;
    } else if (u == u"working_days") {
        s.unit = Unit::WorkingDays;
    } else if (u == u"calendar_days") {
        s.unit = Unit::CalendarDays;
    } else {
        *error = tr("A charter standard's unit is minutes, working_days or calendar_days, not "
                    "\"%1\".")
                     .arg(u);
        return {};
    }
    const double amount = o.value(u"amount").toDouble(-1);
    if (amount <= 0 || amount != int(amount) || amount > 100000) {
        *error = tr("“%1”: the target must be a positive whole number.").arg(s.name);
        return {};
    }
    s.amount = int(amount);
    if (s.name.isEmpty()) {
        *error = tr("A charter standard needs a name.");
        return {};
    }
    return s;
}

QDateTime charterDue(const CharterStandard &standard, const QDateTime &start,
                     const WorkingCalendar &calendar)
{
    if (!start.isValid()) {
        return {};
    }
    switch (standard.unit) {
    case CharterStandard::Unit::Minutes:
        return start.addSecs(qint64(standard.amount) * 60);
    case CharterStandard::Unit::WorkingDays: {
        const QDateTime local = start.toLocalTime();
        return QDateTime(calendar.addWorkingDays(local.date(), standard.amount), QTime(23, 59, 59));
    }
    case CharterStandard::Unit::CalendarDays: {
        const QDateTime local = start.toLocalTime();
        return QDateTime(calendar.nextWorkingDayOnOrAfter(local.date().addDays(standard.amount)),
                         QTime(23, 59, 59));
    }
    }
    return {};
}

CharterMark charterMark(const QDateTime &due, const QDateTime &done, const QDateTime &now)
{
    if (done.isValid()) {
        return done <= due ? CharterMark::OnTime : CharterMark::Late;
    }
    return now <= due ? CharterMark::Due : CharterMark::Overdue;
}

QString charterMarkLabel(CharterMark mark)
{
    switch (mark) {
    case CharterMark::OnTime:
        return tr("On time");
    case CharterMark::Late:
        return tr("Late");
    case CharterMark::Due:
        return tr("Due");
    case CharterMark::Overdue:
        return tr("Overdue");
    }
    return {};
}

QList<CharterStandard> standardsFor(const QList<CharterStandard> &all, const QString &categoryKey)
{
    QList<CharterStandard> out;
    for (const CharterStandard &s : all) {
        if (s.categoryKey.isEmpty() || s.categoryKey == categoryKey) {
            out.append(s);
        }
    }
    return out;
}

QList<CharterVerdict> charterVerdicts(const Enquiry &enquiry, const QList<EnquiryEvent> &history,
                                      const QList<CharterStandard> &standards,
                                      const WorkingCalendar &calendar, const QDateTime &now)
{
    QDateTime resolved;
    const bool done =
        enquiry.status == EnquiryStatus::Resolved || enquiry.status == EnquiryStatus::Closed;
    if (done) {
        const QString resolvedName = EnquiryNames::name(EnquiryStatus::Resolved);
        for (const EnquiryEvent &e : history) {
            if (e.type == EnquiryEvent::Type::StatusChanged && e.to == resolvedName &&
                (!resolved.isValid() || e.at > resolved)) {
                resolved = e.at;
            }
        }
        if (!resolved.isValid()) {
            return {};
        }
    }
    QList<CharterVerdict> out;
    for (const CharterStandard &s : standardsFor(standards, enquiry.categoryKey)) {
        const QDateTime due = charterDue(s, enquiry.openedAt, calendar);
        if (due.isValid()) {
            out.append({s, due, charterMark(due, resolved, now)});
        }
    }
    return out;
}

} // namespace FirstStop
