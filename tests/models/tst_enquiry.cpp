#include "models/BankHolidays.h"
#include "models/ComplaintPolicy.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "models/WorkingCalendar.h"

#include <QJsonDocument>
#include <QTest>

using namespace FirstStop;
using S = EnquiryStatus;

namespace {

QDateTime at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}

Enquiry sample()
{
    Enquiry e;
    e.id = QUuid::createUuid();
    e.personId = QUuid::createUuid();
    e.categoryKey = u"lgsl:58"_qs;
    e.summary = u"Asked why the bill went up"_qs;
    e.channel = Channel::FaceToFace;
    return e;
}

bool hasProblem(const QList<EnquiryProblem> &problems, const QString &field)
{
    return std::any_of(problems.cbegin(), problems.cend(),
                       [&](const EnquiryProblem &p) { return p.field == field; });
}

} // namespace

class TestEnquiry : public QObject
{
    Q_OBJECT

    WorkingCalendar m_ew;

private Q_SLOTS:
    void initTestCase()
    {
        m_ew = WorkingCalendar(BankHolidays::bundled(), u"england-and-wales"_qs);
    }

    void namesRoundTrip()
    {
        for (const Channel c : EnquiryNames::channels()) {
            Channel back{};
            QVERIFY(EnquiryNames::fromName(EnquiryNames::name(c), &back));
            QCOMPARE(back, c);
            QVERIFY(!EnquiryNames::label(c).isEmpty());
        }
        QCOMPARE(EnquiryNames::channels().size(), 7);
        QCOMPARE(EnquiryNames::outcomes().size(), 6);
        QCOMPARE(EnquiryNames::name(Outcome::ResolvedAtFirstContact), u"resolved_first_contact"_qs);
        Channel c{};
        QVERIFY(!EnquiryNames::fromName(u"pigeon"_qs, &c));
    }

    void fieldsRoundTripAndUnknownValuesAreReported()
    {
        Enquiry e = sample();
        e.kind = EnquiryKind::Complaint;
        e.stage = ComplaintStage::Stage2;
        e.stageReceived = QDate(2026, 11, 23);
        e.followUp = QDate(2026, 12, 1);
        e.openedAt = at(u"2026-11-23T10:15:00Z"_qs);
        e.outcome = Outcome::PassedToBackOffice;
        e.outcomeLink = u"Revenues team"_qs;
        e.satisfaction = 4;
        e.satisfactionComment = u"Quick"_qs;
        e.remedy = u"Apology and refund of £40"_qs;
        e.repeatOf = QUuid::createUuid();
        const QJsonObject fields = e.toFields();
        QCOMPARE(fields.value(u"channel").toString(), u"face_to_face"_qs);
        QString problem;
        QCOMPARE(Enquiry::fromFields(e.id, fields, &problem), e);
        QVERIFY(problem.isEmpty());

        QJsonObject anonymous = sample().toFields();
        anonymous.insert(u"person_id"_qs, QString());
        anonymous.insert(u"channel"_qs, u"carrier_pigeon"_qs);
        const Enquiry back = Enquiry::fromFields(QUuid::createUuid(), anonymous, &problem);
        QVERIFY(back.personId.isNull());
        QCOMPARE(back.channel, Channel::FaceToFace);
        QVERIFY2(problem.contains(u"channel=carrier_pigeon"_qs), qPrintable(problem));
    }

    void outcomesAskForTheirLink()
    {
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::AppointmentBooked), OutcomeLink::Appointment);
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::SignPosted), OutcomeLink::SignPosting);
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::PassedToBackOffice), OutcomeLink::Team);
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::ResolvedAtFirstContact), OutcomeLink::None);
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::HelpedToSelfServe), OutcomeLink::None);
        QCOMPARE(EnquiryRules::linkNeeded(Outcome::Withdrawn), OutcomeLink::None);

        Enquiry e = sample();
        QList<EnquiryEvent> history;
        const QDateTime t = at(u"2026-11-23T10:00:00Z"_qs);
        const QString refused =
            EnquiryRules::setOutcome(&e, Outcome::SignPosted, u"  "_qs, u"amy"_qs, t, &history);
        QVERIFY(refused.contains(u"Agency sign-posted to"_qs));
        QCOMPARE(e.outcome, Outcome::None);
        QVERIFY(history.isEmpty());
        QVERIFY(EnquiryRules::setOutcome(&e, Outcome::SignPosted, u"Citizens Advice"_qs, u"amy"_qs,
                                         t, &history)
                    .isEmpty());
        QCOMPARE(e.outcomeLink, u"Citizens Advice"_qs);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.last().type, EnquiryEvent::Type::OutcomeSet);
        QCOMPARE(history.last().to, u"sign_posted"_qs);
        // An outcome without a link drops the old link.
        QVERIFY(EnquiryRules::setOutcome(&e, Outcome::ResolvedAtFirstContact, u"x"_qs, u"amy"_qs, t,
                                         &history)
                    .isEmpty());
        QVERIFY(e.outcomeLink.isEmpty());
        // The same outcome again is not a change.
        QVERIFY(EnquiryRules::setOutcome(&e, Outcome::ResolvedAtFirstContact, {}, u"amy"_qs, t,
                                         &history)
                    .isEmpty());
        QCOMPARE(history.size(), 2);
    }

    void statusWorkflow()
    {
        QVERIFY(EnquiryRules::canMove(S::Open, S::InProgress));
        QVERIFY(EnquiryRules::canMove(S::Open, S::Resolved)); // resolved at first contact
        QVERIFY(EnquiryRules::canMove(S::InProgress, S::Waiting));
        QVERIFY(EnquiryRules::canMove(S::Waiting, S::InProgress));
        QVERIFY(EnquiryRules::canMove(S::Resolved, S::Closed));
        QVERIFY(EnquiryRules::canMove(S::Closed, S::InProgress)); // reopen
        QVERIFY(!EnquiryRules::canMove(S::Open, S::Closed));
        QVERIFY(!EnquiryRules::canMove(S::Closed, S::Resolved));
        QVERIFY(!EnquiryRules::canMove(S::Waiting, S::Open));
        QCOMPARE(EnquiryRules::nextStatuses(S::Resolved), QList<S>({S::InProgress, S::Closed}));

        Enquiry e = sample();
        QList<EnquiryEvent> history;
        EnquiryRules::open(&e, u"amy"_qs, at(u"2026-11-23T10:00:00Z"_qs), &history);
        QCOMPARE(e.handledBy, u"amy"_qs);
        QCOMPARE(history.size(), 1);
        QVERIFY(!EnquiryRules::moveTo(&e, S::Closed, u"amy"_qs, at(u"2026-11-23T10:01:00Z"_qs),
                                      &history)
                     .isEmpty());
        QVERIFY(EnquiryRules::moveTo(&e, S::Resolved, u"amy"_qs, at(u"2026-11-23T10:01:00Z"_qs),
                                     &history)
                    .contains(u"outcome"_qs));
        QCOMPARE(e.status, S::Open);
        QVERIFY(EnquiryRules::moveTo(&e, S::Waiting, u"amy"_qs, at(u"2026-11-23T10:02:00Z"_qs),
                                     &history)
                    .isEmpty());
        QVERIFY(EnquiryRules::setOutcome(&e, Outcome::HelpedToSelfServe, {}, u"amy"_qs,
                                         at(u"2026-11-23T10:03:00Z"_qs), &history)
                    .isEmpty());
        QVERIFY(EnquiryRules::moveTo(&e, S::Resolved, u"amy"_qs, at(u"2026-11-23T10:04:00Z"_qs),
                                     &history)
                    .isEmpty());
        QVERIFY(
            EnquiryRules::moveTo(&e, S::Closed, u"ben"_qs, at(u"2026-11-24T09:00:00Z"_qs), &history)
                .isEmpty());
        // Reopening needs a reason, and is recorded as a reopening.
        QVERIFY(!EnquiryRules::moveTo(&e, S::InProgress, u"ben"_qs, at(u"2026-11-25T09:00:00Z"_qs),
                                      &history)
                     .isEmpty());
        QVERIFY(EnquiryRules::moveTo(&e, S::InProgress, u"ben"_qs, at(u"2026-11-25T09:00:00Z"_qs),
                                     &history, u"Came back: the form was rejected"_qs)
                    .isEmpty());
        QCOMPARE(e.status, S::InProgress);
        QCOMPARE(history.last().type, EnquiryEvent::Type::Reopened);
        QCOMPARE(history.last().from, u"closed"_qs);
        QCOMPARE(history.last().note, u"Came back: the form was rejected"_qs);
        // Every change kept: opened, waiting, outcome, resolved, closed, reopened.
        QCOMPARE(history.size(), 6);
        for (const EnquiryEvent &ev : history) {
            QCOMPARE(EnquiryEvent::fromJson(ev.toJson()), ev);
        }
    }

    void validation()
    {
        Enquiry e;
        QList<EnquiryProblem> p = EnquiryRules::validate(e);
        QVERIFY(hasProblem(p, u"summary"_qs));
        QVERIFY(hasProblem(p, u"category"_qs));
        e = sample();
        QVERIFY(EnquiryRules::validate(e).isEmpty());
        e.outcome = Outcome::AppointmentBooked;
        QVERIFY(hasProblem(EnquiryRules::validate(e), u"outcome_link"_qs));
        e.outcomeLink = u"appointment 2026-11-30 10:00"_qs;
        QVERIFY(EnquiryRules::validate(e).isEmpty());
        e.status = S::Resolved;
        e.outcome = Outcome::None;
        QVERIFY(hasProblem(EnquiryRules::validate(e), u"outcome"_qs));
        e = sample();
        e.stage = ComplaintStage::Stage1;
        QVERIFY(hasProblem(EnquiryRules::validate(e), u"stage"_qs)); // not a complaint
        e.kind = EnquiryKind::Complaint;
        QVERIFY(EnquiryRules::validate(e).isEmpty());
        e.status = S::Resolved;
        e.outcome = Outcome::ResolvedAtFirstContact;
        QVERIFY(hasProblem(EnquiryRules::validate(e), u"escalation_advice"_qs));
        e.satisfaction = 6;
        QVERIFY(hasProblem(EnquiryRules::validate(e), u"satisfaction"_qs));
        QVERIFY(!checkSatisfaction(0, u"rude"_qs).isEmpty());
        QVERIFY(checkSatisfaction(0, {}).isEmpty());
        QVERIFY(checkSatisfaction(5, u"Very helpful"_qs).isEmpty());
        QVERIFY(!checkSatisfaction(-1, {}).isEmpty());
    }

    void handlingTimeWithPauses()
    {
        Enquiry e = sample();
        QList<EnquiryEvent> h;
        EnquiryRules::open(&e, u"amy"_qs, at(u"2026-11-23T10:00:00Z"_qs), &h);
        QVERIFY(EnquiryRules::isClockRunning(h));
        QVERIFY(!EnquiryRules::resume({}, u"amy"_qs, at(u"2026-11-23T10:01:00Z"_qs), &h).isEmpty());
        QVERIFY(EnquiryRules::pause({}, u"amy"_qs, at(u"2026-11-23T10:04:00Z"_qs), &h).isEmpty());
        QVERIFY(!EnquiryRules::pause({}, u"amy"_qs, at(u"2026-11-23T10:05:00Z"_qs), &h).isEmpty());
        QCOMPARE(EnquiryRules::handlingSeconds(h, at(u"2026-11-23T10:30:00Z"_qs)), 240);
        QVERIFY(EnquiryRules::resume({}, u"amy"_qs, at(u"2026-11-23T10:20:00Z"_qs), &h).isEmpty());
        QCOMPARE(EnquiryRules::handlingSeconds(h, at(u"2026-11-23T10:21:00Z"_qs)), 300);
        EnquiryRules::setOutcome(&e, Outcome::ResolvedAtFirstContact, {}, u"amy"_qs,
                                 at(u"2026-11-23T10:22:00Z"_qs), &h);
        QVERIFY(EnquiryRules::moveTo(&e, S::Resolved, u"amy"_qs, at(u"2026-11-23T10:22:00Z"_qs), &h)
                    .isEmpty());
        // Resolved stops the clock: 4 + 2 minutes however late it is read.
        QCOMPARE(EnquiryRules::handlingSeconds(h, at(u"2026-11-30T00:00:00Z"_qs)), 360);
        QVERIFY(!EnquiryRules::isClockRunning(h));
        // Reopened, the clock runs again.
        EnquiryRules::moveTo(&e, S::InProgress, u"ben"_qs, at(u"2026-11-24T09:00:00Z"_qs), &h,
                             u"Back again"_qs);
        QCOMPARE(EnquiryRules::handlingSeconds(h, at(u"2026-11-24T09:10:00Z"_qs)), 960);
        // Events synced from other desks arrive in any order: the sum is the same.
        QList<EnquiryEvent> shuffled(h.crbegin(), h.crend());
        QCOMPARE(EnquiryRules::handlingSeconds(shuffled, at(u"2026-11-24T09:10:00Z"_qs)), 960);
        // The existing history counts: pausing a paused clock saved earlier is refused too.
        QList<EnquiryEvent> more;
        QVERIFY(EnquiryRules::pause(h, u"ben"_qs, at(u"2026-11-24T09:11:00Z"_qs), &more).isEmpty());
        QVERIFY(!EnquiryRules::pause(h + more, u"ben"_qs, at(u"2026-11-24T09:12:00Z"_qs), &more)
                     .isEmpty());
    }

    void repeatContact()
    {
        Enquiry first = sample();
        first.openedAt = at(u"2026-11-02T10:00:00Z"_qs);
        Enquiry other = first;
        other.id = QUuid::createUuid();
        other.categoryKey = u"lgsl:581"_qs;
        other.openedAt = at(u"2026-11-20T10:00:00Z"_qs);
        Enquiry now = first;
        now.id = QUuid::createUuid();
        now.openedAt = at(u"2026-11-23T09:00:00Z"_qs);
        // 21 days after, same person and category.
        QCOMPARE(EnquiryRules::repeatOf(now, {first, other}, 28), first.id);
        QCOMPARE(EnquiryRules::repeatOf(now, {first, other}, 21), first.id);
        QVERIFY(EnquiryRules::repeatOf(now, {first, other}, 20).isNull());
        // The latest earlier contact is the one named.
        Enquiry second = first;
        second.id = QUuid::createUuid();
        second.openedAt = at(u"2026-11-16T10:00:00Z"_qs);
        QCOMPARE(EnquiryRules::repeatOf(now, {first, second}, 28), second.id);
        // Not itself, not a later one, not another person, not anonymous.
        QVERIFY(EnquiryRules::repeatOf(first, {first, second}, 28).isNull());
        Enquiry someoneElse = now;
        someoneElse.personId = QUuid::createUuid();
        QVERIFY(EnquiryRules::repeatOf(someoneElse, {first}, 28).isNull());
        Enquiry anonymous = now;
        anonymous.personId = QUuid();
        Enquiry anonymousBefore = first;
        anonymousBefore.personId = QUuid();
        QVERIFY(EnquiryRules::repeatOf(anonymous, {anonymousBefore}, 28).isNull());
    }

    void complaintDeadlinesFromTheCode()
    {
        const ComplaintPolicy code = ComplaintPolicy::lgscoCode();
        // Received Monday 23 November 2026: acknowledge by 30 November; respond 10 working days
        // after the acknowledgement deadline (14 December); extendable by 10 more, over Christmas
        // Day and the Boxing Day substitute (28 December): 30 December.
        StageDeadlines d =
            stageDeadlines(code, ComplaintStage::Stage1, QDate(2026, 11, 23), {}, m_ew);
        QCOMPARE(d.acknowledgeBy, QDate(2026, 11, 30));
        QCOMPARE(d.respondBy, QDate(2026, 12, 14));
        QCOMPARE(d.latestExtension, QDate(2026, 12, 30));
        // Acknowledged the next day: the response counts from then.
        d = stageDeadlines(code, ComplaintStage::Stage1, QDate(2026, 11, 23), QDate(2026, 11, 24),
                           m_ew);
        QCOMPARE(d.respondBy, QDate(2026, 12, 8));
        // An extension is capped at the policy's figure.
        d = stageDeadlines(code, ComplaintStage::Stage1, QDate(2026, 11, 23), QDate(2026, 11, 24),
                           m_ew, 25);
        QCOMPARE(d.respondBy, d.latestExtension);
        // Stage 2 over Christmas: escalated 14 December 2026, acknowledged by 21 December,
        // answered 20 working days after: 21 January 2027.
        d = stageDeadlines(code, ComplaintStage::Stage2, QDate(2026, 12, 14), {}, m_ew);
        QCOMPARE(d.acknowledgeBy, QDate(2026, 12, 21));
        QCOMPARE(d.respondBy, QDate(2027, 1, 21));
        QVERIFY(!d.latestExtension.isValid());
        // Scotland: stage 1 in 5 working days from receipt; stage 2 acknowledged in 3, answered in
        // 20 from receipt; its own holidays (2 January).
        const WorkingCalendar sc(BankHolidays::bundled(), u"scotland"_qs);
        d = stageDeadlines(ComplaintPolicy::scotland(), ComplaintStage::Stage1, QDate(2026, 12, 29),
                           {}, sc);
        QVERIFY(!d.acknowledgeBy.isValid());
        QCOMPARE(d.respondBy, QDate(2027, 1, 7)); // 1 and 4 January closed
        d = stageDeadlines(ComplaintPolicy::scotland(), ComplaintStage::Stage2, QDate(2026, 12, 29),
                           {}, sc);
        QCOMPARE(d.acknowledgeBy, QDate(2027, 1, 5));
        QCOMPARE(d.respondBy, sc.addWorkingDays(QDate(2026, 12, 29), 20));
        // No deadlines for the Ombudsman stage or without a date.
        QVERIFY(!stageDeadlines(code, ComplaintStage::Ombudsman, QDate(2026, 12, 1), {}, m_ew)
                     .respondBy.isValid());
        QVERIFY(
            !stageDeadlines(code, ComplaintStage::Stage1, QDate(), {}, m_ew).respondBy.isValid());
    }

    void policyIsDataWithChecks()
    {
        QString error;
        const ComplaintPolicy code = ComplaintPolicy::lgscoCode();
        QCOMPARE(ComplaintPolicy::fromJson(code.toJson(), &error), code);
        QVERIFY(error.isEmpty());
        QCOMPARE(ComplaintPolicy::fromJson(ComplaintPolicy::scotland().toJson(), &error),
                 ComplaintPolicy::scotland());
        QJsonObject custom = code.toJson();
        QJsonObject s2 = custom.value(u"stage2").toObject();
        s2.insert(u"extension_days"_qs, 10);
        custom.insert(u"stage2"_qs, s2);
        QCOMPARE(ComplaintPolicy::fromJson(custom, &error).stage2.extensionDays, 10);
        s2.insert(u"respond_days"_qs, -3);
        custom.insert(u"stage2"_qs, s2);
        ComplaintPolicy refused = ComplaintPolicy::fromJson(custom, &error);
        QVERIFY2(error.contains(u"Stage 2: respond_days"_qs), qPrintable(error));
        QCOMPARE(refused, code); // the default stays, nothing half applied
        s2.insert(u"respond_days"_qs, 20);
        s2.insert(u"respond_from"_qs, u"whenever"_qs);
        custom.insert(u"stage2"_qs, s2);
        ComplaintPolicy::fromJson(custom, &error);
        QVERIFY(error.contains(u"respond_from"_qs));
    }

    void escalation()
    {
        Enquiry c = sample();
        c.kind = EnquiryKind::Complaint;
        c.stage = ComplaintStage::Stage1;
        c.handledBy = u"amy"_qs;
        c.status = S::Resolved;
        c.outcome = Outcome::ResolvedAtFirstContact;
        QList<EnquiryEvent> h;
        const QDateTime t = at(u"2026-12-14T10:00:00Z"_qs);
        QVERIFY(escalate(&c, u"AMY"_qs, QDate(2026, 12, 14), u"amy"_qs, t, &h)
                    .contains(u"someone other"_qs));
        QVERIFY(escalate(&c, u"carys"_qs, QDate(2026, 12, 14), u"amy"_qs, t, &h).isEmpty());
        QCOMPARE(c.stage, ComplaintStage::Stage2);
        QCOMPARE(c.handledBy, u"carys"_qs);
        QCOMPARE(c.stage1HandledBy, u"amy"_qs);
        QCOMPARE(c.stageReceived, QDate(2026, 12, 14));
        QCOMPARE(c.status, S::InProgress);
        QCOMPARE(h.size(), 2);
        QCOMPARE(h.first().type, EnquiryEvent::Type::StageChanged);
        // Stage 2 handled by the stage 1 handler is a problem on save as well.
        Enquiry same = c;
        same.handledBy = u"amy"_qs;
        QVERIFY(hasProblem(EnquiryRules::validate(same), u"handled_by"_qs));
        // To the Ombudsman only once the resident has been told how.
        QVERIFY(!escalate(&c, {}, QDate(2027, 1, 21), u"carys"_qs, t, &h).isEmpty());
        c.escalationAdvice = u"Told of the Ombudsman's website and the 12-month time limit"_qs;
        QVERIFY(escalate(&c, {}, QDate(2027, 1, 21), u"carys"_qs, t, &h).isEmpty());
        QCOMPARE(c.stage, ComplaintStage::Ombudsman);
        QVERIFY(!escalate(&c, {}, QDate(2027, 1, 22), u"carys"_qs, t, &h).isEmpty());
        Enquiry plain = sample();
        QVERIFY(!escalate(&plain, u"x"_qs, QDate(2027, 1, 22), u"carys"_qs, t, &h).isEmpty());
    }

    void followUpDates()
    {
        const QDate today(2026, 12, 23);
        QCOMPARE(parseFollowUp(u"+3", today, m_ew), QDate(2026, 12, 30));
        QCOMPARE(parseFollowUp(u"30/12/2026", today, m_ew), QDate(2026, 12, 30));
        QCOMPARE(parseFollowUp(u"30/12/26", today, m_ew), QDate(2026, 12, 30));
        QCOMPARE(parseFollowUp(u"2027-01-04", today, m_ew), QDate(2027, 1, 4));
        QCOMPARE(parseFollowUp(u"4/1", today, m_ew), QDate(2027, 1, 4)); // the next 4 January
        QCOMPARE(parseFollowUp(u"23.12", today, m_ew), today);
        QVERIFY(!parseFollowUp(u"22/12/2026", today, m_ew).isValid()); // in the past
        QVERIFY(!parseFollowUp(u"31/02/2027", today, m_ew).isValid());
        QVERIFY(!parseFollowUp(u"next week", today, m_ew).isValid());
    }

    void charterVerdictFollowsTheEnquirysHistory()
    {
        // "Answered within 10 working days" for council tax; opened Friday 18 December 2026:
        // due by the end of Wednesday 6 January 2027 (Christmas, Boxing Day's substitute Monday
        // 28th and New Year's Day are not working days).
        const CharterStandard tenDays{u"lgsl:58"_qs, u"Answered within 10 working days"_qs,
                                      CharterStandard::Unit::WorkingDays, 10};
        const CharterStandard other{u"lgsl:524"_qs, u"Bins"_qs, CharterStandard::Unit::Minutes, 15};
        Enquiry e;
        e.categoryKey = u"lgsl:58"_qs;
        e.openedAt = QDateTime(QDate(2026, 12, 18), QTime(10, 0), Qt::UTC);
        QList<EnquiryEvent> history{
            {EnquiryEvent::Type::Opened, e.openedAt, u"amy"_qs, {}, u"open"_qs, {}}};
        const QDateTime before(QDate(2027, 1, 6), QTime(9, 0), Qt::UTC);
        const QDateTime after(QDate(2027, 1, 8), QTime(9, 0), Qt::UTC);
        auto verdicts = charterVerdicts(e, history, {tenDays, other}, m_ew, before);
        QCOMPARE(verdicts.size(), 1); // only its category's standard
        QCOMPARE(verdicts.at(0).due.toLocalTime().date(), QDate(2027, 1, 6));
        QCOMPARE(verdicts.at(0).mark, CharterMark::Due);
        QCOMPARE(charterVerdicts(e, history, {tenDays}, m_ew, after).at(0).mark,
                 CharterMark::Overdue);
        // Resolved on 7 January: late, whenever it is looked at; on the 6th: on time.
        e.status = EnquiryStatus::Resolved;
        QVERIFY(charterVerdicts(e, history, {tenDays}, m_ew, after).isEmpty()); // not known when
        history.append({EnquiryEvent::Type::StatusChanged,
                        QDateTime(QDate(2027, 1, 7), QTime(11, 0), Qt::UTC),
                        u"amy"_qs,
                        u"open"_qs,
                        u"resolved"_qs,
                        {}});
        QCOMPARE(charterVerdicts(e, history, {tenDays}, m_ew, after).at(0).mark, CharterMark::Late);
        history.last().at = QDateTime(QDate(2027, 1, 6), QTime(11, 0), Qt::UTC);
        QCOMPARE(charterVerdicts(e, history, {tenDays}, m_ew, after).at(0).mark,
                 CharterMark::OnTime);
    }

    void charterStandards()
    {
        const CharterStandard seen{
            {}, u"Seen within 15 minutes"_qs, CharterStandard::Unit::Minutes, 15};
        const CharterStandard answered{u"lgsl:58"_qs, u"Answered within 10 working days"_qs,
                                       CharterStandard::Unit::WorkingDays, 10};
        const CharterStandard week{u"lgsl:58"_qs, u"Called back within 7 days"_qs,
                                   CharterStandard::Unit::CalendarDays, 7};
        const QDateTime start = at(u"2026-12-18T10:00:00Z"_qs);
        QCOMPARE(charterDue(seen, start, m_ew), start.addSecs(900));
        QCOMPARE(charterDue(answered, start, m_ew).date(), QDate(2027, 1, 6));
        // Seven days after 18 December is Christmas Day: due the next working day.
        QCOMPARE(charterDue(week, start, m_ew).date(), QDate(2026, 12, 29));
        const QDateTime due = charterDue(answered, start, m_ew);
        QCOMPARE(charterMark(due, QDateTime(QDate(2027, 1, 6), QTime(16, 0)), start),
                 CharterMark::OnTime);
        QCOMPARE(charterMark(due, QDateTime(QDate(2027, 1, 7), QTime(9, 0)), start),
                 CharterMark::Late);
        QCOMPARE(charterMark(due, {}, start), CharterMark::Due);
        QCOMPARE(charterMark(due, {}, QDateTime(QDate(2027, 1, 7), QTime(9, 0))),
                 CharterMark::Overdue);
        QCOMPARE(charterMarkLabel(CharterMark::Late), u"Late"_qs);
        QCOMPARE(standardsFor({seen, answered, week}, u"lgsl:58"_qs).size(), 3);
        QCOMPARE(standardsFor({seen, answered, week}, u"lgsl:581"_qs).size(), 1);
        QString error;
        QCOMPARE(CharterStandard::fromJson(answered.toJson(), &error), answered);
        QVERIFY(error.isEmpty());
        QJsonObject bad = answered.toJson();
        bad.insert(u"unit"_qs, u"fortnights"_qs);
        CharterStandard::fromJson(bad, &error);
        QVERIFY(error.contains(u"fortnights"_qs));
        bad = answered.toJson();
        bad.insert(u"amount"_qs, 0);
        CharterStandard::fromJson(bad, &error);
        QVERIFY(!error.isEmpty());
    }

    void anEventTravelsAsARecordOfItsOwnAndReadsBack()
    {
        Enquiry e;
        e.id = QUuid::createUuid();
        e.personId = QUuid::createUuid();
        e.office = u"Cardiff Central"_qs;
        e.status = EnquiryStatus::Resolved;
        e.outcome = Outcome::ResolvedAtFirstContact;
        const EnquiryEvent reopened{EnquiryEvent::Type::Reopened,
                                    QDateTime(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC),
                                    u"lead1"_qs,
                                    u"resolved"_qs,
                                    u"in_progress"_qs,
                                    u"Resident rang back: the refund never arrived"_qs};
        const QJsonObject fields = eventRecordFields(e, reopened);
        const EntityType *type = entityType(kTypeEnquiryEvent);
        QVERIFY(type);
        QVERIFY2(type->recordProblem(fields).isEmpty(), qPrintable(type->recordProblem(fields)));
        QCOMPARE(type->scopeKey(fields), u"Cardiff Central"_qs);
        QCOMPARE(type->personId(fields), e.personId);
        QVERIFY(type->appendOnly);
        QCOMPARE(EnquiryEvent::fromJson(fields), reopened);
        // Said in the clerk's words, with the reason.
        const QString said = reopened.describe();
        QVERIFY2(said.contains(u"Reopened") && said.contains(u"Resolved") &&
                     said.contains(u"refund never arrived"),
                 qPrintable(said));
        QCOMPARE(
            (EnquiryEvent{EnquiryEvent::Type::StatusChanged, {}, {}, u"open"_qs, u"waiting"_qs, {}})
                .describe(),
            u"Status: Open → Waiting on the resident or others"_qs);
        // An event type this desk does not know is refused rather than read as another.
        QJsonObject unknown = fields;
        unknown.insert(u"type"_qs, u"teleported"_qs);
        QVERIFY(!type->recordProblem(unknown).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEnquiry)
#include "tst_enquiry.moc"
