// The service list and the customer charter kept as spreadsheets (firststop-server services |
// charter): a file's changes become records every desk pulls, checked with the same rules; a
// re-run changes nothing; bad rows are named and nothing else is lost. Both backends.
#include "BackendFixture.h"
#include "models/ComplaintPolicy.h"
#include "models/Csv.h"
#include "models/EntityType.h"
#include "models/ServiceCatalogue.h"
#include "server/ReferenceData.h"
#include "server/SyncService.h"

#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

// What a desk pulls of one kind: live records by id, and how many tombstones.
struct Pulled
{
    QHash<QUuid, QJsonObject> live;
    int tombstones = 0;
};

Pulled pulled(SyncService &sync, const QString &type)
{
    Pulled out;
    QString error;
    const auto page = sync.changes(0, 100'000, &error);
    if (!page) {
        qWarning("pull failed: %s", qPrintable(error));
        return out;
    }
    for (const Wire::Change &c : page->changes) {
        if (c.type != type) {
            continue;
        }
        if (c.deleted) {
            out.live.remove(c.id);
            ++out.tombstones;
        } else {
            out.live.insert(c.id, c.data);
        }
    }
    return out;
}

} // namespace

class TestReferenceData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servicesFromASpreadsheet_data() { Test::BackendFixture::addRows(); }
    void servicesFromASpreadsheet()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        ReferenceData data(*db, sync);
        QString error;

        // The export is the bundled list, one row per service, ready to edit.
        const auto exported = data.exportServices(&error);
        QVERIFY2(exported, qPrintable(error));
        const auto rows = Csv::read(*exported, &error);
        QVERIFY(rows);
        QCOMPARE(rows->size(), ServiceCatalogue::bundledLgsl().size() + 1);
        QCOMPARE(rows->first().fields, (QStringList{u"key"_qs, u"label"_qs, u"group"_qs,
                                                    u"description"_qs, u"hidden"_qs}));

        // A spreadsheet's columns in its own order and case; a rename, a new service, a
        // trimmed one, an unchanged one, and two bad rows.
        const ServiceCategory first = ServiceCatalogue::bundledLgsl().at(0);
        const QByteArray csv = "Label,Key,Hidden,Group\r\n"
                               "Council tax: your account,lgsl:58,no,Council tax\r\n"
                               "Rubbish sacks collection point,local:rubbish-sacks,,Waste\r\n"
                               "\"" +
                               first.label.toUtf8() + "\"," + first.key.toUtf8() +
                               ",yes,\r\n"
                               "\"" +
                               first.label.toUtf8() + "\"," + first.key.toUtf8() +
                               ",yes,\r\n"
                               "Nope,lgsl:99999,no,\r\n"
                               ",local:nameless,no,\r\n";
        const auto outcome = data.importServices(csv, &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->rows, 6);
        QCOMPARE(outcome->changed, 3);
        QCOMPARE(outcome->problems.size(), 3); // the repeat, the unknown LGSL key, no label
        QVERIFY2(outcome->problems.at(0).startsWith(u"line 5:"),
                 qPrintable(outcome->problems.at(0)));
        QVERIFY(outcome->problems.at(1).contains(u"lgsl:99999"));
        QVERIFY(outcome->problems.at(2).startsWith(u"line 7:"));

        const Pulled desk = pulled(sync, QString::fromUtf16(kTypeServiceCategory));
        QCOMPARE(desk.live.size(), 3);
        QList<ServiceCategory> changes;
        for (const QJsonObject &fields : desk.live) {
            changes.append(ServiceCategory::fromFields(fields));
        }
        const ServiceCatalogue catalogue(
            ServiceCatalogue::withChanges(ServiceCatalogue::bundledLgsl(), changes));
        QCOMPARE(catalogue.byKey(u"lgsl:58"_qs)->label, u"Council tax: your account"_qs);
        QCOMPARE(catalogue.byKey(u"local:rubbish-sacks"_qs)->group, u"Waste"_qs);
        QVERIFY(catalogue.byKey(first.key)->hidden);

        // The same file again changes nothing; the export now shows the changes.
        const auto again = data.importServices(csv, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->changed, 0);
        QCOMPARE(again->unchanged, 3);
        QCOMPARE(pulled(sync, QString::fromUtf16(kTypeServiceCategory)).live.size(), 3);
        const auto after = data.exportServices(&error);
        QVERIFY(after && after->contains("local:rubbish-sacks,Rubbish sacks collection point"));

        // A file without a key column is refused whole.
        QVERIFY(!data.importServices("label,group\r\nX,Y\r\n", &error));
        QVERIFY2(error.contains(u"\"key\""), qPrintable(error));
    }

    void charterFromASpreadsheet_data() { Test::BackendFixture::addRows(); }
    void charterFromASpreadsheet()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        ReferenceData data(*db, sync);
        QString error;
        const QString type = QString::fromUtf16(kTypeCharterStandard);

        auto outcome =
            data.importCharter("category,name,unit,amount\n"
                               "lgsl:58,Answered within 10 working days,working_days,10\n"
                               ",Seen within 15 minutes,minutes,15\n"
                               "lgsl:58,Answered soon,fortnights,2\n"
                               "lgsl:58,Half a day,calendar_days,0.5\n",
                               &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->changed, 2);
        QCOMPARE(outcome->problems.size(), 2);
        QVERIFY(outcome->problems.at(0).contains(u"fortnights"));
        QVERIFY(outcome->problems.at(1).startsWith(u"line 5:"));
        QCOMPARE(pulled(sync, type).live.size(), 2);

        // The file is the whole charter: a target changed, a standard dropped.
        outcome = data.importCharter("category,name,unit,amount\n"
                                     ",Seen within 15 minutes,minutes,20\n",
                                     &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->changed, 1);
        QCOMPARE(outcome->removed, 1);
        const Pulled desk = pulled(sync, type);
        QCOMPARE(desk.live.size(), 1);
        QCOMPARE(desk.tombstones, 1);
        QString problem;
        const CharterStandard left = CharterStandard::fromJson(desk.live.begin().value(), &problem);
        QVERIFY(problem.isEmpty());
        QCOMPARE(left.amount, 20);
        QCOMPARE(left.unit, CharterStandard::Unit::Minutes);
        QVERIFY(left.categoryKey.isEmpty());
        const auto exported = data.exportCharter(&error);
        QVERIFY(exported && exported->contains(",Seen within 15 minutes,minutes,20"));
    }
};

QTEST_GUILESS_MAIN(TestReferenceData)
#include "tst_referencedata.moc"
