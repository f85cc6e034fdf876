#include "tests/support/ActiveWindow.h"
#include "ui/EnquiryPane.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::showActive;

namespace {

// The key goes to whatever has the focus, as a clerk's typing would.
void press(int key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(QApplication::focusWidget(), Qt::Key(key), mods);
}

void type(const QString &text)
{
    QTest::keyClicks(QApplication::focusWidget(), text);
}

QString focusName()
{
    return QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QString();
}

} // namespace

// The enquiry pane on its own, driven only from the keyboard.
class TestEnquiryPane : public QObject
{
    Q_OBJECT

    std::unique_ptr<EnquiryPane> m_pane;
    Person m_person;

private Q_SLOTS:
    void init()
    {
        m_pane = std::make_unique<EnquiryPane>();
        m_pane->resize(480, 900);
        m_pane->setCatalogue(ServiceCatalogue(ServiceCatalogue::bundledLgsl()));
        m_pane->setCalendar(WorkingCalendar(BankHolidays::bundled(), u"england-and-wales"_qs));
        m_pane->setClerk(u"amy"_qs, u"Cardiff Central"_qs);
        m_person.id = QUuid::createUuid();
        m_person.givenName = u"Siân"_qs;
        m_person.familyName = u"ap Rhys"_qs;
        QVERIFY(showActive(m_pane.get()));
    }

    void cleanup() { m_pane.reset(); }

    void aWholeEnquiryFromTheKeyboard()
    {
        QSignalSpy saved(m_pane.get(), &EnquiryPane::saveRequested);
        m_pane->startNew(m_person, {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(focusName(), u"categoryLineEdit"_qs);
        type(u"council tax acc"_qs);
        auto *list = m_pane->findChild<QListWidget *>(u"categoryListWidget"_qs);
        QCOMPARE(list->currentItem()->text(), u"Council tax account enquiries"_qs);
        press(Qt::Key_Return);
        QCOMPARE(focusName(), u"channelComboBox"_qs);
        press(Qt::Key_Down); // phone
        press(Qt::Key_Tab);
        QCOMPARE(focusName(), u"priorityComboBox"_qs);
        press(Qt::Key_Tab);
        type(u"Asked why the bill went up"_qs);
        press(Qt::Key_Tab);
        QCOMPARE(focusName(), u"notesPlainTextEdit"_qs);
        type(u"Explained the band change"_qs);
        press(Qt::Key_Tab);
        QCOMPARE(focusName(), u"outcomeComboBox"_qs);
        press(Qt::Key_Down); // resolved at first contact
        press(Qt::Key_Tab);
        // No link is needed for this outcome, so Tab goes straight on to the status.
        QCOMPARE(focusName(), u"statusComboBox"_qs);
        press(Qt::Key_Tab);
        type(u"+5"_qs);
        press(Qt::Key_Tab);
        QCOMPARE(focusName(), u"ratingComboBox"_qs);
        for (int i = 0; i < 5; ++i) {
            press(Qt::Key_Down);
        }
        press(Qt::Key_Tab);
        type(u"Very clear"_qs);
        // FIRSTSTOP_SCREENSHOT_DIR=dir keeps a picture of the filled-in pane for a person to look
        // at.
        if (const QString dir = qEnvironmentVariable("FIRSTSTOP_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QCoreApplication::sendPostedEvents(); // let the layouts settle, as the event loop would
            QVERIFY(m_pane->grab().save(dir + u"/enquiry-pane.png"_qs));
        }
        press(Qt::Key_S, Qt::ControlModifier);

        QCOMPARE(saved.size(), 1);
        const auto e = saved.at(0).at(0).value<Enquiry>();
        const auto history = saved.at(0).at(1).value<QList<EnquiryEvent>>();
        QCOMPARE(e.personId, m_person.id);
        QCOMPARE(e.categoryKey, u"lgsl:58"_qs);
        QCOMPARE(e.channel, Channel::Phone);
        QCOMPARE(e.priority, Priority::Normal);
        QCOMPARE(e.summary, u"Asked why the bill went up"_qs);
        QCOMPARE(e.outcome, Outcome::ResolvedAtFirstContact);
        QCOMPARE(e.status, EnquiryStatus::Resolved);
        QCOMPARE(e.handledBy, u"amy"_qs);
        QCOMPARE(e.office, u"Cardiff Central"_qs);
        QVERIFY(e.followUp.isValid());
        QCOMPARE(e.satisfaction, 5);
        QCOMPARE(e.satisfactionComment, u"Very clear"_qs);
        QCOMPARE(saved.at(0).at(2).toString(), u"Explained the band change"_qs);
        // Opened, outcome, resolved.
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.first().type, EnquiryEvent::Type::Opened);
        QCOMPARE(history.last().to, u"resolved"_qs);
        QCOMPARE(m_pane->recentCategories(), QStringList{u"lgsl:58"_qs});
    }

    void anOutcomeAsksForItsLink()
    {
        QSignalSpy saved(m_pane.get(), &EnquiryPane::saveRequested);
        m_pane->startNew(Person(), {}, QDateTime::currentDateTimeUtc());
        QVERIFY(m_pane->findChild<QLabel *>(u"enquiryHeadingLabel"_qs)
                    ->text()
                    .contains(u"no personal details"_qs));
        type(u"housing benefit new"_qs);
        press(Qt::Key_Return);
        m_pane->findChild<QLineEdit *>(u"summaryLineEdit"_qs)->setFocus();
        type(u"Needs advice on debts"_qs);
        auto *outcome = m_pane->findChild<QComboBox *>(u"outcomeComboBox"_qs);
        outcome->setFocus();
        outcome->setCurrentIndex(outcome->findData(int(Outcome::SignPosted)));
        press(Qt::Key_Tab);
        QCOMPARE(focusName(), u"outcomeLinkLineEdit"_qs);
        QCOMPARE(QApplication::focusWidget()->accessibleName(), u"Agency sign-posted to"_qs);
        press(Qt::Key_Tab);
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 0);
        auto *message = m_pane->findChild<QLabel *>(u"enquiryMessageLabel"_qs);
        QVERIFY(message->isVisible());
        QVERIFY(message->text().contains(u"Agency sign-posted to"_qs));
        QCOMPARE(focusName(), u"outcomeLinkLineEdit"_qs);
        type(u"Citizens Advice Cardiff"_qs);
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
        const auto e = saved.at(0).at(0).value<Enquiry>();
        QVERIFY(e.personId.isNull());
        QCOMPARE(e.outcomeLink, u"Citizens Advice Cardiff"_qs);
        QCOMPARE(e.categoryKey, u"lgsl:69"_qs);
    }

    void recentCategoryIsOneKeyAwayAndRepeatsAreFlagged()
    {
        m_pane->setRecentCategories({u"lgsl:581"_qs, u"lgsl:58"_qs});
        Enquiry earlier;
        earlier.id = QUuid::createUuid();
        earlier.personId = m_person.id;
        earlier.categoryKey = u"lgsl:58"_qs;
        earlier.summary = u"Bill query"_qs;
        earlier.openedAt = QDateTime::currentDateTimeUtc().addDays(-3);
        QSignalSpy saved(m_pane.get(), &EnquiryPane::saveRequested);
        m_pane->startNew(m_person, {earlier}, QDateTime::currentDateTimeUtc());
        auto *list = m_pane->findChild<QListWidget *>(u"categoryListWidget"_qs);
        QCOMPARE(list->count(), 2);
        QVERIFY(list->item(1)->text().contains(u"Council tax account enquiries"_qs));
        press(Qt::Key_2, Qt::AltModifier);
        QCOMPARE(focusName(), u"channelComboBox"_qs);
        auto *hints = m_pane->findChild<QLabel *>(u"enquiryHintsLabel"_qs);
        QVERIFY2(hints->text().contains(u"Repeat contact"_qs), qPrintable(hints->text()));
        m_pane->findChild<QLineEdit *>(u"summaryLineEdit"_qs)->setFocus();
        type(u"Still about the bill"_qs);
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.at(0).at(0).value<Enquiry>().repeatOf, earlier.id);
        QCOMPARE(m_pane->recentCategories().first(), u"lgsl:58"_qs);
    }

    void aComplaintShowsItsDeadlinesAndNeedsEscalationAdvice()
    {
        QSignalSpy saved(m_pane.get(), &EnquiryPane::saveRequested);
        m_pane->startNew(m_person, {}, QDateTime::currentDateTimeUtc());
        auto *kind = m_pane->findChild<QComboBox *>(u"kindComboBox"_qs);
        kind->setFocus();
        press(Qt::Key_Down);
        QCOMPARE(kind->currentData().toInt(), int(EnquiryKind::Complaint));
        auto *deadlines = m_pane->findChild<QLabel *>(u"deadlinesLabel"_qs);
        QVERIFY(deadlines->isVisible());
        QVERIFY2(deadlines->text().contains(u"Acknowledge by"_qs), qPrintable(deadlines->text()));
        press(Qt::Key_Tab);
        type(u"litter bins"_qs);
        press(Qt::Key_Return);
        m_pane->findChild<QLineEdit *>(u"summaryLineEdit"_qs)->setFocus();
        type(u"Bins not emptied for three weeks"_qs);
        auto *outcome = m_pane->findChild<QComboBox *>(u"outcomeComboBox"_qs);
        outcome->setCurrentIndex(outcome->findData(int(Outcome::ResolvedAtFirstContact)));
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 0);
        QCOMPARE(focusName(), u"escalationPlainTextEdit"_qs);
        type(u"Told how to ask for stage 2 within 20 working days"_qs);
        press(Qt::Key_Tab);
        type(u"Apology; bins emptied tomorrow"_qs);
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
        const auto e = saved.at(0).at(0).value<Enquiry>();
        QCOMPARE(e.kind, EnquiryKind::Complaint);
        QCOMPARE(e.stage, ComplaintStage::Stage1);
        QCOMPARE(e.remedy, u"Apology; bins emptied tomorrow"_qs);
        QVERIFY(e.stageReceived.isValid());
    }

    void aComplaintIsEscalatedToStage2BySomeoneElse()
    {
        // The stage 1 answer did not satisfy the resident, who comes back a week later.
        Enquiry complaint;
        complaint.id = QUuid::createUuid();
        complaint.personId = m_person.id;
        complaint.kind = EnquiryKind::Complaint;
        complaint.categoryKey = u"lgsl:524"_qs;
        complaint.summary = u"Bins not emptied for three weeks"_qs;
        complaint.office = u"Cardiff Central"_qs;
        complaint.stage = ComplaintStage::Stage1;
        complaint.stageReceived = QDate::currentDate().addDays(-7);
        complaint.outcome = Outcome::ResolvedAtFirstContact;
        complaint.status = EnquiryStatus::Resolved;
        complaint.handledBy = u"amy"_qs;
        complaint.escalationAdvice = u"Told how to ask for stage 2"_qs;
        complaint.openedAt = QDateTime::currentDateTimeUtc().addDays(-7);
        const QList<EnquiryEvent> history{
            {EnquiryEvent::Type::Opened, complaint.openedAt, u"amy"_qs, {}, u"open"_qs, {}},
            {EnquiryEvent::Type::StatusChanged,
             complaint.openedAt.addSecs(600),
             u"amy"_qs,
             u"open"_qs,
             u"resolved"_qs,
             {}}};
        QSignalSpy saved(m_pane.get(), &EnquiryPane::saveRequested);
        auto *stage = m_pane->findChild<QComboBox *>(u"stageComboBox"_qs);
        // Amy handled stage 1, so she may not handle stage 2.
        m_pane->openExisting(m_person, complaint, history, QDateTime::currentDateTimeUtc());
        QVERIFY(m_pane->isUpdating());
        stage->setCurrentIndex(stage->findData(int(ComplaintStage::Stage2)));
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 0);
        QCOMPARE(focusName(), u"stageComboBox"_qs);
        QVERIFY(m_pane->findChild<QLabel *>(u"enquiryMessageLabel"_qs)->text().contains(u"amy"));
        // A team lead takes it on.
        m_pane->setClerk(u"lead1"_qs, u"Cardiff Central"_qs);
        m_pane->openExisting(m_person, complaint, history, QDateTime::currentDateTimeUtc());
        stage->setCurrentIndex(stage->findData(int(ComplaintStage::Stage2)));
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
        const auto e = saved.at(0).at(0).value<Enquiry>();
        QCOMPARE(e.id, complaint.id);
        QCOMPARE(e.stage, ComplaintStage::Stage2);
        QCOMPARE(e.handledBy, u"lead1"_qs);
        QCOMPARE(e.stage1HandledBy, u"amy"_qs);
        QCOMPARE(e.stageReceived, QDate::currentDate());
        QCOMPARE(e.status, EnquiryStatus::InProgress); // open again at stage 2
        const auto changes = saved.at(0).at(1).value<QList<EnquiryEvent>>();
        QCOMPARE(changes.size(), 2); // the stage, and the reopening it brings
        QCOMPARE(changes.at(0).type, EnquiryEvent::Type::StageChanged);
        QCOMPARE(changes.at(1).type, EnquiryEvent::Type::Reopened);
        // Back to stage 1 is not a thing.
        complaint = e;
        m_pane->openExisting(m_person, complaint, history + changes,
                             QDateTime::currentDateTimeUtc());
        stage->setCurrentIndex(stage->findData(int(ComplaintStage::Stage1)));
        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
    }

    void handlingClockPauses()
    {
        m_pane->startNew(m_person, {}, QDateTime::currentDateTimeUtc());
        auto *clock = m_pane->findChild<QLabel *>(u"handlingClockLabel"_qs);
        QVERIFY(!clock->text().contains(u"paused"_qs));
        press(Qt::Key_P, Qt::AltModifier);
        QVERIFY(clock->text().contains(u"paused"_qs));
        press(Qt::Key_P, Qt::AltModifier);
        QVERIFY(!clock->text().contains(u"paused"_qs));
    }

    void everyControlHasAnAccessibleName()
    {
        m_pane->startNew(m_person, {}, QDateTime::currentDateTimeUtc());
        for (QWidget *w : m_pane->findChildren<QWidget *>()) {
            if (w->focusPolicy() != Qt::NoFocus && w->isVisible() &&
                (qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w) ||
                 qobject_cast<QPlainTextEdit *>(w))) {
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
            }
        }
    }
};

QTEST_MAIN(TestEnquiryPane)
#include "tst_enquirypane.moc"
