#pragma once

#include "models/Enquiry.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace FirstStop {

class WorkingCalendar;

// One complaint stage's deadlines, in working days.
struct StagePolicy
{
    int acknowledgeDays = 0; // 0: no separate acknowledgement
    int respondDays = 0;
    // Counted from the acknowledgement (LGSCO code) or from the day the stage began (Scotland).
    bool respondFromAcknowledgement = true;
    int extensionDays = 0; // at most this many more, with a reason; 0: no extension allowed
    bool operator==(const StagePolicy &) const = default;
};

// The complaint handling policy. It is data, not code: the defaults are the UK Local Government
// and Social Care Ombudsman's complaint handling code (see FACTS: stage 1 acknowledged in 5
// working days and answered 10 working days after acknowledging, extendable by up to 10; stage 2
// acknowledged in 5 and answered 20 working days after acknowledging the escalation); Scotland's
// model differs and is a preset; a council edits its own.
struct ComplaintPolicy
{
    QString name;
    StagePolicy stage1;
    StagePolicy stage2;

    static ComplaintPolicy lgscoCode();
    static ComplaintPolicy scotland();
    const StagePolicy *forStage(ComplaintStage stage) const;

    QJsonObject toJson() const;
    // Refuses negative or absurd figures (over a working year) with a reason.
    static ComplaintPolicy fromJson(const QJsonObject &o, QString *error);
    bool operator==(const ComplaintPolicy &) const = default;
};

struct StageDeadlines
{
    QDate acknowledgeBy;   // invalid when the stage has no separate acknowledgement
    QDate respondBy;       // the response deadline, extended if an extension was taken
    QDate latestExtension; // how far an extension could take it; invalid if none is allowed
};

// The deadlines of a complaint's current stage. Counted from the day the stage began; the response
// from the actual acknowledgement if there was one, else from the acknowledgement deadline.
// extendedDays (0 … the policy's extensionDays) pushes the response deadline.
StageDeadlines stageDeadlines(const ComplaintPolicy &policy, ComplaintStage stage,
                              const QDate &received, const QDate &acknowledged,
                              const WorkingCalendar &calendar, int extendedDays = 0);

// Escalating a complaint: stage 1 → stage 2 (a different handler), stage 2 → the Ombudsman
// (the resident must have been told how). Sets the new stage, when it began, and history.
QString escalate(Enquiry *complaint, const QString &newHandler, const QDate &on, const QString &by,
                 const QDateTime &at, QList<EnquiryEvent> *history);

// A customer-charter standard for a category: "answered within 10 working days", "seen within
// 15 minutes".
struct CharterStandard
{
    enum class Unit
    {
        Minutes,
        WorkingDays,
        CalendarDays
    };
    QString categoryKey; // empty: every category
    QString name;
    Unit unit = Unit::WorkingDays;
    int amount = 0;

    QJsonObject toJson() const;
    static CharterStandard fromJson(const QJsonObject &o, QString *error);
    bool operator==(const CharterStandard &) const = default;
};

enum class CharterMark
{
    OnTime,
    Late,
    Due,
    Overdue
};

// When the standard is due for something that started at start. Working days end with the day
// (the due day's 23:59:59 local time); calendar days that land on a closed day move to the next
// working day; minutes are minutes.
QDateTime charterDue(const CharterStandard &standard, const QDateTime &start,
                     const WorkingCalendar &calendar);
// On time / late once done; due / overdue while not done (done invalid).
CharterMark charterMark(const QDateTime &due, const QDateTime &done, const QDateTime &now);
QString charterMarkLabel(CharterMark mark);
// The standards that apply to a category (its own and those for every category).
QList<CharterStandard> standardsFor(const QList<CharterStandard> &all, const QString &categoryKey);

// The charter's verdict on one enquiry, per standard of its category: due when (from its
// opening), and on time / late once resolved (the last move to resolved in its history), due /
// overdue while not. A resolved enquiry whose history does not say when is left out.
struct CharterVerdict
{
    CharterStandard standard;
    QDateTime due;
    CharterMark mark = CharterMark::Due;
};
QList<CharterVerdict> charterVerdicts(const Enquiry &enquiry, const QList<EnquiryEvent> &history,
                                      const QList<CharterStandard> &standards,
                                      const WorkingCalendar &calendar, const QDateTime &now);

} // namespace FirstStop
