// Enquiries logged at the desk are kept in the desk's record store (and go to the centre with the
// next sync): saved through the service the enquiry pane uses, found again in the person's
// history, still there after the desk restarts. Offline: nothing listens on port 9.
#include "app/DeskController.h"
#include "app/EnquiryService.h"
#include "models/LocalStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

class TestEnquiryService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<DeskController> startDesk()
    {
        auto desk = std::make_unique<DeskController>();
        QSignalSpy ready(desk.get(), &DeskController::ready);
        desk->start(m_dir.path(), QUrl(u"http://127.0.0.1:9"_qs));
        if (!ready.wait(10000) || !ready.at(0).at(0).toBool()) {
            return nullptr;
        }
        return desk;
    }

    static QList<Enquiry> enquiriesOf(DeskController &desk, const QUuid &personId)
    {
        QSignalSpy ready(desk.enquiries(), &EnquiryService::enquiriesReady);
        desk.enquiries()->requestEnquiries(personId);
        if (!ready.wait(10000)) {
            return {};
        }
        return ready.last().at(1).value<QList<Enquiry>>();
    }

private Q_SLOTS:
    void aLoggedEnquiryIsKeptInThePersonsHistory()
    {
        const QUuid personId = QUuid::createUuid();
        Enquiry e;
        e.id = QUuid::createUuid();
        e.personId = personId;
        e.categoryKey = u"lgsl:58"_qs;
        e.summary = u"Asked why the council tax bill went up"_qs;
        e.channel = Channel::Phone;
        e.office = u"Cardiff Central"_qs;
        // Opened, the resident paused the clock for three minutes to find a letter, resolved
        // at first contact ten minutes after opening: seven minutes of handling.
        const QDateTime opened(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
        QList<EnquiryEvent> history;
        EnquiryRules::open(&e, u"counter1"_qs, opened, &history);
        QVERIFY(
            EnquiryRules::pause(history, u"counter1"_qs, opened.addSecs(120), &history).isEmpty());
        QVERIFY(
            EnquiryRules::resume(history, u"counter1"_qs, opened.addSecs(300), &history).isEmpty());
        QVERIFY(EnquiryRules::setOutcome(&e, Outcome::ResolvedAtFirstContact, {}, u"counter1"_qs,
                                         opened.addSecs(590), &history)
                    .isEmpty());
        QVERIFY(EnquiryRules::moveTo(&e, EnquiryStatus::Resolved, u"counter1"_qs,
                                     opened.addSecs(600), &history)
                    .isEmpty());
        QCOMPARE(history.size(), 5);
        e.openedAt = opened;
        {
            auto desk = startDesk();
            QVERIFY(desk);
            QSignalSpy saved(desk->enquiries(), &EnquiryService::enquirySaved);
            QSignalSpy failed(desk->enquiries(), &EnquiryService::saveFailed);
            desk->enquiries()->saveEnquiry(e, history, u"Explained the band change."_qs);
            QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty() || !failed.isEmpty(), 10000);
            QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(1).toString()));
            QCOMPARE(saved.at(0).at(0).toUuid(), e.id);

            const QList<Enquiry> found = enquiriesOf(*desk, personId);
            QCOMPARE(found.size(), 1);
            QCOMPARE(found.at(0).summary, e.summary);
            QCOMPARE(found.at(0).channel, Channel::Phone);
            QVERIFY(found.at(0).openedAt.isValid()); // stamped when the clerk saved it
            QVERIFY(enquiriesOf(*desk, QUuid::createUuid()).isEmpty());
        }
        // Closing and starting the desk again (or a crash after the save) loses nothing.
        auto desk = startDesk();
        QVERIFY(desk);
        const QList<Enquiry> found = enquiriesOf(*desk, personId);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).id, e.id);
        QCOMPARE(found.at(0).outcome, Outcome::ResolvedAtFirstContact);
        // Every change was kept (records of their own, which go to the centre too), so the
        // handling time is the same on this desk after a restart and on any other.
        const QList<EnquiryEvent> kept = desk->enquiries()->eventsOf(e.id);
        QCOMPARE(kept.size(), 5);
        QCOMPARE(EnquiryRules::handlingSeconds(kept, opened.addDays(1)), 7 * 60);
        QTRY_COMPARE(desk->status().pending, 7); // the enquiry, its five changes, the note
    }

    void theCentresServiceListChangesAndCharterAreUsed()
    {
        // What team leads set at the centre reaches the desk as records (here as a sync would
        // leave them in the cache): a renamed service, one the council added, one trimmed, and a
        // charter standard.
        const ServiceCategory trimmedFrom = ServiceCatalogue::bundledLgsl().at(0);
        {
            LocalStore store;
            QVERIFY(store.open(m_dir.filePath(u"desk.sqlite"_qs), nullptr));
            ServiceCategory renamed;
            renamed.key = u"lgsl:58"_qs;
            renamed.lgslId = 58;
            renamed.label = u"Council tax: your account"_qs;
            renamed.group = u"Council tax"_qs;
            ServiceCategory added;
            added.key = u"local:rubbish-sacks"_qs;
            added.label = u"Rubbish sacks collection point"_qs;
            added.group = u"Waste"_qs;
            ServiceCategory trimmed = trimmedFrom;
            trimmed.hidden = true;
            CharterStandard standard;
            standard.categoryKey = u"lgsl:58"_qs;
            standard.name = u"Answered within 10 working days"_qs;
            standard.unit = CharterStandard::Unit::WorkingDays;
            standard.amount = 10;
            const QString category = QString::fromUtf16(kTypeServiceCategory);
            Wire::ChangePage page;
            page.changes = {
                {901, category, QUuid::createUuid(), false, renamed.toFields()},
                {902, category, QUuid::createUuid(), false, added.toFields()},
                {903, category, QUuid::createUuid(), false, trimmed.toFields()},
                {904, QString::fromUtf16(kTypeCharterStandard), QUuid::createUuid(), false,
                 standard.toJson()},
            };
            page.cursor = 904;
            QVERIFY(store.applyChangePage(page, nullptr));
        }
        auto desk = startDesk();
        QVERIFY(desk);
        EnquiryService *enquiries = desk->enquiries();
        QTRY_VERIFY_WITH_TIMEOUT(
            enquiries->hasReferenceData() && enquiries->charterStandards().size() == 1, 10000);
        QTRY_COMPARE(enquiries->catalogue().byKey(u"lgsl:58"_qs)->label,
                     u"Council tax: your account"_qs);
        const QList<ServiceCategory> sacks = enquiries->catalogue().find(u"rubbish sacks"_qs);
        QVERIFY(!sacks.isEmpty());
        QCOMPARE(sacks.first().key, u"local:rubbish-sacks"_qs);
        for (const ServiceCategory &c : enquiries->catalogue().find(trimmedFrom.label)) {
            QVERIFY(c.key != trimmedFrom.key); // no longer offered
        }
        QVERIFY(enquiries->catalogue().byKey(trimmedFrom.key)); // still named on old enquiries
        QCOMPARE(enquiries->charterStandards().at(0).amount, 10);
    }

    void theCouncilsOwnComplaintPolicyIsUsed()
    {
        // An administrator's complaint-policy.json beside the cache: the council's own figures.
        ComplaintPolicy own = ComplaintPolicy::scotland();
        own.name = u"Cyngor Sir Enghreifftiol"_qs;
        const QString path = m_dir.filePath(u"complaint-policy.json"_qs);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QJsonDocument(own.toJson()).toJson());
        }
        {
            auto desk = startDesk();
            QVERIFY(desk);
            QTRY_VERIFY_WITH_TIMEOUT(desk->enquiries()->hasReferenceData(), 10000);
            QCOMPARE(desk->enquiries()->complaintPolicy(), own);
        }
        // A broken one is said so, and the code's defaults are used rather than nothing.
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("{\"name\": \"half a");
        }
        auto desk = std::make_unique<DeskController>();
        QSignalSpy notices(desk->enquiries(), &EnquiryService::notice);
        QSignalSpy ready(desk.get(), &DeskController::ready);
        desk->start(m_dir.path(), QUrl(u"http://127.0.0.1:9"_qs));
        QVERIFY(ready.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(desk->enquiries()->hasReferenceData(), 10000);
        QCOMPARE(desk->enquiries()->complaintPolicy(), ComplaintPolicy::lgscoCode());
        bool said = false;
        for (const auto &n : notices) {
            said |= n.at(0).toString().contains(u"complaint-policy.json");
        }
        QVERIFY(said);
        QFile::remove(path);
    }

    void anEnquiryTheRulesRefuseIsNotKeptAndSaysWhy()
    {
        auto desk = startDesk();
        QVERIFY(desk);
        Enquiry e;
        e.id = QUuid::createUuid();
        e.personId = QUuid::createUuid();
        e.office = u"Cardiff Central"_qs; // no category and no summary
        QSignalSpy saved(desk->enquiries(), &EnquiryService::enquirySaved);
        QSignalSpy failed(desk->enquiries(), &EnquiryService::saveFailed);
        desk->enquiries()->saveEnquiry(e, {}, {});
        QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty() || !failed.isEmpty(), 10000);
        QVERIFY(saved.isEmpty());
        QCOMPARE(failed.at(0).at(0).toUuid(), e.id);
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
        QVERIFY(enquiriesOf(*desk, e.personId).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEnquiryService)
#include "tst_enquiryservice.moc"
