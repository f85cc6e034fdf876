// Particles, lenition, the variant tables, the phonetic key and one-letter typos.
#include "models/NameVariants.h"

#include <QTest>

using namespace FirstStop;

class TestNameVariants : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void particlesAndStems_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("stem");
        QTest::addColumn<QString>("particle");
        QTest::newRow("O'") << u"O'Brien"_qs << QStringList{u"o"_qs, u"brien"_qs} << u"brien"_qs
                            << u"o"_qs;
        QTest::newRow("Ó") << u"Ó Súilleabháin"_qs << QStringList{u"o"_qs, u"suilleabhain"_qs}
                           << u"suilleabhain"_qs << u"o"_qs;
        QTest::newRow("Ní lenites")
            << u"Ní Shúilleabháin"_qs << QStringList{u"ni"_qs, u"shuilleabhain"_qs}
            << u"suilleabhain"_qs << u"ni"_qs;
        QTest::newRow("Uí lenites")
            << u"Uí Bhriain"_qs << QStringList{u"ui"_qs, u"bhriain"_qs} << u"briain"_qs << u"ui"_qs;
        QTest::newRow("Ó h-") << u"Ó hAodha"_qs << QStringList{u"o"_qs, u"haodha"_qs} << u"aodha"_qs
                              << u"o"_qs;
        QTest::newRow("Ua") << u"Ua Briain"_qs << QStringList{u"ua"_qs, u"briain"_qs}
                            << u"briain"_qs << u"o"_qs;
        QTest::newRow("Mc") << u"McCarthy"_qs << QStringList{u"mc"_qs, u"carthy"_qs} << u"carthy"_qs
                            << u"mac"_qs;
        QTest::newRow("Mac + capital")
            << u"MacDonald"_qs << QStringList{u"mac"_qs, u"donald"_qs} << u"donald"_qs << u"mac"_qs;
        QTest::newRow("Mack stays whole")
            << u"Mackintosh"_qs << QStringList{u"mackintosh"_qs} << u"mackintosh"_qs << QString();
        QTest::newRow("M'") << u"M'Donald"_qs << QStringList{u"m"_qs, u"donald"_qs} << u"donald"_qs
                            << u"mac"_qs;
        QTest::newRow("Nic") << u"Nic Dhonncha"_qs << QStringList{u"nic"_qs, u"dhonncha"_qs}
                             << u"donncha"_qs << u"nic"_qs;
        QTest::newRow("article") << u"Mac an Bhaird"_qs
                                 << QStringList{u"mac"_qs, u"an"_qs, u"bhaird"_qs} << u"baird"_qs
                                 << u"mac"_qs;
        QTest::newRow("t-") << u"Mac an t-Saoir"_qs
                            << QStringList{u"mac"_qs, u"an"_qs, u"t"_qs, u"saoir"_qs} << u"saoir"_qs
                            << u"mac"_qs;
        QTest::newRow("ap") << u"ap Rhys"_qs << QStringList{u"ap"_qs, u"rhys"_qs} << u"rhys"_qs
                            << u"ap"_qs;
        QTest::newRow("ab") << u"ab Owen"_qs << QStringList{u"ab"_qs, u"owen"_qs} << u"owen"_qs
                            << u"ap"_qs;
        QTest::newRow("no particle: Shaw keeps its h")
            << u"Shaw"_qs << QStringList{u"shaw"_qs} << u"shaw"_qs << QString();
    }

    void particlesAndStems()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, words);
        QFETCH(QString, stem);
        QFETCH(QString, particle);
        const QList<NameForm> forms = NameKeys::analyse(name);
        QCOMPARE(forms.size(), 1);
        QCOMPARE(forms.first().words, words);
        QCOMPARE(forms.first().stem, stem);
        QCOMPARE(forms.first().particle, particle);
    }

    void barrelsAndKeys()
    {
        const QList<NameForm> forms = NameKeys::analyse(u"O'Brien-Nwosu"_qs);
        QCOMPARE(forms.size(), 2);
        QCOMPARE(NameKeys::exactKeys(forms),
                 (QStringList{u"o"_qs, u"brien"_qs, u"obrien"_qs, u"nwosu"_qs, u"obriennwosu"_qs}));
        QCOMPARE(NameKeys::speculativeStems(u"osullivan"), QStringList{u"sullivan"_qs});
        QCOMPARE(NameKeys::speculativeStems(u"mccarthy"), QStringList{u"carthy"_qs});
    }

    void phonetic_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::newRow("Shivaun/Siobhán") << u"shivaun"_qs << u"siobhan"_qs;
        QTest::newRow("Stephen/Steven") << u"stephen"_qs << u"steven"_qs;
        QTest::newRow("Thompson/Thomson") << u"thompson"_qs << u"thomson"_qs;
        QTest::newRow("Niamh/Neve") << u"niamh"_qs << u"neve"_qs;
        QTest::newRow("Aoife/Eefa") << u"aoife"_qs << u"eefa"_qs;
        QTest::newRow("Caoimhe/Keeva") << u"caoimhe"_qs << u"keeva"_qs;
        QTest::newRow("Sean/Shawn") << u"sean"_qs << u"shawn"_qs;
        QTest::newRow("Smith/Smyth") << u"smith"_qs << u"smyth"_qs;
        QTest::newRow("Sullivan/Suilleabhain") << u"sullivan"_qs << u"suilleabhain"_qs;
        QTest::newRow("Llywelyn/Llewellyn") << u"llywelyn"_qs << u"llewellyn"_qs;
        QTest::newRow("Oisín/Osheen") << u"oisin"_qs << u"osheen"_qs;
    }

    void phonetic()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QVERIFY(!NameKeys::phonetic(a).isEmpty());
        QCOMPARE(NameKeys::phonetic(a), NameKeys::phonetic(b));
    }

    void phoneticKeepsDifferentNamesApart()
    {
        QVERIFY(NameKeys::phonetic(u"smith") != NameKeys::phonetic(u"jones"));
        QVERIFY(NameKeys::phonetic(u"mary") != NameKeys::phonetic(u"martin"));
        QVERIFY(NameKeys::phonetic(u"a").isEmpty());
    }

    void oneEdit()
    {
        QVERIFY(NameKeys::withinOneEdit(u"smith", u"smiht"));  // swap
        QVERIFY(NameKeys::withinOneEdit(u"smith", u"smth"));   // delete
        QVERIFY(NameKeys::withinOneEdit(u"smith", u"smitth")); // insert
        QVERIFY(NameKeys::withinOneEdit(u"smith", u"smoth"));  // substitute
        QVERIFY(!NameKeys::withinOneEdit(u"smith", u"mstih"));
        QVERIFY(!NameKeys::withinOneEdit(u"smith", u"smithers"));
        const QStringList candidates = NameKeys::oneEditCandidates(u"jons");
        QVERIFY(candidates.contains(u"jones"_qs));
        QVERIFY(candidates.contains(u"jons"_qs) == false);
        QVERIFY(candidates.contains(u"jnos"_qs));
    }

    void tables()
    {
        const auto variants = NameVariants::load();
        QVERIFY(variants->givenNameGroups() > 100);
        QVERIFY(variants->surnameClusters() > 1000);
        const auto has = [&variants](const QString &key, const QString &variant) {
            return variants->variantsOf(key).contains(variant);
        };
        // Given names and nicknames.
        QVERIFY(has(u"sean"_qs, u"shaun"_qs));
        QVERIFY(has(u"shawn"_qs, u"sean"_qs));
        QVERIFY(has(u"siobhan"_qs, u"shivaun"_qs));
        QVERIFY(has(u"dafydd"_qs, u"dai"_qs));
        QVERIFY(has(u"david"_qs, u"dafydd"_qs));
        QVERIFY(has(u"peggy"_qs, u"margaret"_qs));
        QVERIFY(has(u"maggie"_qs, u"margaret"_qs));
        QVERIFY(has(u"bill"_qs, u"william"_qs));
        QVERIFY(has(u"liam"_qs, u"william"_qs));
        // Irish surnames: English and Irish forms, men's and women's.
        QVERIFY(has(u"osullivan"_qs, u"suilleabhain"_qs));
        QVERIFY(has(u"sullivan"_qs, u"nishuilleabhain"_qs));
        QVERIFY(has(u"kelly"_qs, u"ceallaigh"_qs));
        QVERIFY(has(u"ward"_qs, u"baird"_qs));
        NameVariants::Kind kind = NameVariants::Kind::GivenName;
        QVERIFY(variants->related(u"walsh"_qs, u"breathnach"_qs, &kind));
        QCOMPARE(kind, NameVariants::Kind::Surname);
        QVERIFY(!variants->related(u"smith"_qs, u"jones"_qs));
    }

    void administratorExtendsGivenNames()
    {
        NameVariants v;
        QCOMPARE(v.addGivenNames(u"# a comment\nGwenllian\tLlian\n\nBartholomew\tBart\tTolly\n"),
                 2);
        QVERIFY(v.variantsOf(u"llian"_qs).contains(u"gwenllian"_qs));
        QVERIFY(v.variantsOf(u"tolly"_qs).contains(u"bart"_qs));
    }
};

QTEST_GUILESS_MAIN(TestNameVariants)
#include "tst_namevariants.moc"
