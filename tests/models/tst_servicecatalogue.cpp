#include "models/ServiceCatalogue.h"

#include <QTest>

using namespace FirstStop;

namespace {

QStringList labels(const QList<ServiceCategory> &list)
{
    QStringList out;
    for (const ServiceCategory &c : list) {
        out.append(c.label);
    }
    return out;
}

} // namespace

class TestServiceCatalogue : public QObject
{
    Q_OBJECT

    ServiceCatalogue m_catalogue;

private Q_SLOTS:
    void initTestCase() { m_catalogue = ServiceCatalogue(ServiceCatalogue::bundledLgsl()); }

    void bundledListIsTheLiveLgslRows()
    {
        // 1,002 rows in the file, 978 live; descriptions with line breaks parse as one row.
        QCOMPARE(m_catalogue.size(), 978);
        const ServiceCategory *c = m_catalogue.byKey(u"lgsl:58"_qs);
        QVERIFY(c);
        QCOMPARE(c->label, u"Council tax account enquiries"_qs);
        QCOMPARE(c->lgslId, 58);
        QVERIFY(!c->description.isEmpty());
        // Discontinued ("Children's certificate", 1069) is left out; doubled spaces tidied.
        QVERIFY(!m_catalogue.byKey(u"lgsl:1069"_qs));
        QCOMPARE(m_catalogue.byKey(u"lgsl:1094"_qs)->label, u"Dog waste bins"_qs);
    }

    void badFilesAreRefused()
    {
        QString error;
        QVERIFY(ServiceCatalogue::parseLgsl("Name,Thing\nx,y\n", &error).isEmpty());
        QVERIFY(error.contains(u"Identifier and Label"_qs));
        QVERIFY(ServiceCatalogue::parseLgsl("", &error).isEmpty());
        QVERIFY(!error.isEmpty());
        int skipped = 0;
        const auto list =
            ServiceCatalogue::parseLgsl("Identifier,Label,Status\n12,Good,Live\nabc,No "
                                        "number,Live\n13,,Live\n14,Old,Discontinued\n",
                                        &error, &skipped);
        QVERIFY(error.isEmpty());
        QCOMPARE(labels(list), QStringList{u"Good"_qs});
        QCOMPARE(skipped, 2);
    }

    void foundByTyping_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("first");
        QTest::newRow("prefix of the label")
            << u"council tax acc"_qs << u"Council tax account enquiries"_qs;
        QTest::newRow("word prefixes in any order")
            << u"ben hous new"_qs << u"Housing benefit new claim"_qs;
        QTest::newRow("case and accents")
            << u"HÓUSING BENEFIT NEW"_qs << u"Housing benefit new claim"_qs;
        QTest::newRow("the LGSL number") << u"279"_qs << u"Disabled parking permits"_qs;
        QTest::newRow("exact label first") << u"litter bins"_qs << u"Litter bins"_qs;
    }

    void foundByTyping()
    {
        QFETCH(QString, typed);
        QFETCH(QString, first);
        const QList<ServiceCategory> found = m_catalogue.find(typed, 10);
        QVERIFY2(!found.isEmpty(), qPrintable(typed));
        QCOMPARE(found.first().label, first);
    }

    void rankingAndLimits()
    {
        // Label matches come before description-only matches.
        const QList<ServiceCategory> found = m_catalogue.find(u"bins"_qs, 50);
        QVERIFY(found.size() >= 3);
        QVERIFY(labels(found).indexOf(u"Litter bins"_qs) < 3);
        QCOMPARE(m_catalogue.find(u"council"_qs, 5).size(), 5);
        QVERIFY(m_catalogue.find(u"   "_qs).isEmpty());
        QVERIFY(m_catalogue.find(u"zzzzqqq"_qs).isEmpty());
    }

    void administratorsTrimRenameGroupExtend()
    {
        QList<ServiceCategory> base = ServiceCatalogue::bundledLgsl();
        ServiceCategory renamed = *m_catalogue.byKey(u"lgsl:581"_qs);
        renamed.label = u"Street bins"_qs;
        renamed.group = u"Waste"_qs;
        ServiceCategory hidden = *m_catalogue.byKey(u"lgsl:757"_qs);
        hidden.hidden = true;
        const ServiceCategory added{u"local:warm-spaces"_qs,
                                    0,
                                    u"Warm spaces"_qs,
                                    u"Cost of living"_qs,
                                    u"Heated public rooms open in winter"_qs,
                                    false};
        const ServiceCatalogue edited(
            ServiceCatalogue::withChanges(base, {renamed, hidden, added}));
        QCOMPARE(edited.size(), 979);
        QCOMPARE(edited.find(u"street bins"_qs).first().key, u"lgsl:581"_qs);
        // Found by its group's name too.
        QVERIFY(labels(edited.find(u"waste"_qs, 100)).contains(u"Street bins"_qs));
        QVERIFY(!labels(edited.find(u"boat trailer"_qs)).contains(u"Boat and trailer parking"_qs));
        // Still named on enquiries logged under it.
        QCOMPARE(edited.byKey(u"lgsl:757"_qs)->label, u"Boat and trailer parking"_qs);
        QCOMPARE(edited.find(u"warm"_qs).first().key, u"local:warm-spaces"_qs);
        QCOMPARE(edited.find(u"cost liv"_qs).first().label, u"Warm spaces"_qs);
    }

    void recentCategoriesAreOneKeyAway()
    {
        RecentCategories recent(3);
        recent.use(u"lgsl:58"_qs);
        recent.use(u"lgsl:581"_qs);
        recent.use(u"lgsl:58"_qs);
        QCOMPARE(recent.keys(), QStringList({u"lgsl:58"_qs, u"lgsl:581"_qs}));
        recent.use(u"a"_qs);
        recent.use(u"b"_qs);
        QCOMPARE(recent.keys(), QStringList({u"b"_qs, u"a"_qs, u"lgsl:58"_qs}));
        recent.setKeys({u"x"_qs, u"y"_qs, u"x"_qs});
        QCOMPARE(recent.keys(), QStringList({u"x"_qs, u"y"_qs}));
    }
};

QTEST_GUILESS_MAIN(TestServiceCatalogue)
#include "tst_servicecatalogue.moc"
