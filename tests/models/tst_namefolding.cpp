#include "models/NameFolding.h"

#include <QTest>

using namespace FirstStop;

class TestNameFolding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fold_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("irish fada") << u"Ó Súilleabháin"_qs << u"o suilleabhain"_qs;
        QTest::newRow("welsh circumflex") << u"Siân ap Rhys"_qs << u"sian ap rhys"_qs;
        QTest::newRow("welsh w circumflex") << u"Gwŵr Llŷr"_qs << u"gwwr llyr"_qs;
        QTest::newRow("diaeresis and hyphen") << u"Zoë O'Brien-Nwosu"_qs << u"zoe obrien nwosu"_qs;
        QTest::newRow("curly apostrophe") << u"O’Sullivan"_qs << u"osullivan"_qs;
        QTest::newRow("spaces collapse") << u"  Mary   Ann  "_qs << u"mary ann"_qs;
        QTest::newRow("sharp s") << u"Strauß"_qs << u"strauss"_qs;
        QTest::newRow("polish l") << u"Łukasz Wałęsa"_qs << u"lukasz walesa"_qs;
        QTest::newRow("scandinavian o") << u"Bjørn"_qs << u"bjorn"_qs;
        QTest::newRow("upper case") << u"MACDONALD"_qs << u"macdonald"_qs;
        QTest::newRow("digits kept") << u"Flat 3b"_qs << u"flat 3b"_qs;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("punctuation only") << u"-- ' ."_qs << QString();
    }

    void fold()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(NameFolding::fold(input), expected);
    }

    void storedAndTypedFormsAgree()
    {
        // What the clerk types and what the record says must fold to the same thing.
        QCOMPARE(NameFolding::fold(u"OBRIEN"), NameFolding::fold(u"O'Brien"));
        QCOMPARE(NameFolding::fold(u"sian"), NameFolding::fold(u"Siân"));
        QCOMPARE(NameFolding::tokens(u"Nwosu-Jones"), QStringList({u"nwosu"_qs, u"jones"_qs}));
    }

    void digitsAndPostcodes()
    {
        QCOMPARE(NameFolding::digits(u"+44 (0)29 2087-1234"), u"440292087 1234"_qs.remove(u' '));
        QCOMPARE(NameFolding::postcodeKey(u" cf10  1ab "), u"CF101AB"_qs);
        QCOMPARE(NameFolding::postcodeKey(u"d02 x285"), u"D02X285"_qs);
    }
};

QTEST_GUILESS_MAIN(TestNameFolding)
#include "tst_namefolding.moc"
