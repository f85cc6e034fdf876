#include "models/Validation.h"

#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Validation;

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void postcodes_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("normalised");
        const int uk = int(PostcodeKind::UnitedKingdom);
        const int ie = int(PostcodeKind::Eircode);
        const int bad = int(PostcodeKind::Invalid);
        QTest::newRow("A9 9AA") << u"m1 1ae"_qs << uk << u"M1 1AE"_qs;
        QTest::newRow("A99 9AA") << u"B33 8TH"_qs << uk << u"B33 8TH"_qs;
        QTest::newRow("AA9 9AA") << u"cr26xh"_qs << uk << u"CR2 6XH"_qs;
        QTest::newRow("AA99 9AA") << u" CF10   1AB "_qs << uk << u"CF10 1AB"_qs;
        QTest::newRow("A9A 9AA") << u"W1A 0AX"_qs << uk << u"W1A 0AX"_qs;
        QTest::newRow("AA9A 9AA") << u"ec1a1bb"_qs << uk << u"EC1A 1BB"_qs;
        QTest::newRow("eircode") << u"d02x285"_qs << ie << u"D02 X285"_qs;
        QTest::newRow("eircode D6W") << u"D6W 1234"_qs << ie << u"D6W 1234"_qs;
        QTest::newRow("eircode spaced") << u"t12 v9cc"_qs << ie << u"T12 V9CC"_qs;
        QTest::newRow("inward C not allowed") << u"CF10 1AC"_qs << bad << QString();
        QTest::newRow("outward only") << u"PL1"_qs << bad << QString();
        QTest::newRow("punctuation") << u"CF10-1AB"_qs << bad << QString();
        QTest::newRow("eircode bad letter") << u"D02 XB85"_qs << bad << QString();
        QTest::newRow("empty") << QString() << bad << QString();
    }

    void postcodes()
    {
        QFETCH(QString, typed);
        QFETCH(int, kind);
        QFETCH(QString, normalised);
        const PostcodeCheck c = checkPostcode(typed);
        QCOMPARE(int(c.kind), kind);
        QCOMPARE(c.normalised, normalised);
    }

    void phones_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("national");
        QTest::newRow("uk landline") << u"029 2087 1234"_qs << u"02920871234"_qs;
        QTest::newRow("uk +44 (0)") << u"+44 (0)29 2087-1234"_qs << u"02920871234"_qs;
        QTest::newRow("uk 0044") << u"0044 7700 900123"_qs << u"07700900123"_qs;
        QTest::newRow("uk mobile") << u"07700900123"_qs << u"07700900123"_qs;
        QTest::newRow("irish mobile") << u"+353 87 123 4567"_qs << u"0871234567"_qs;
        QTest::newRow("irish national") << u"(01) 555 0123"_qs << u"015550123"_qs;
        QTest::newRow("too short") << u"029 208"_qs << QString();
        QTest::newRow("letters") << u"029 CALL ME"_qs << QString();
        QTest::newRow("other country") << u"+33 1 23 45 67 89"_qs << QString();
        QTest::newRow("no leading zero") << u"2920871234"_qs << QString();
    }

    void phones()
    {
        QFETCH(QString, typed);
        QFETCH(QString, national);
        const PhoneCheck c = checkPhone(typed);
        QCOMPARE(c.ok, !national.isEmpty());
        QCOMPARE(c.nationalDigits, national);
    }

    void emails()
    {
        QVERIFY(isPlausibleEmail(u"zoe.obrien-nwosu@example.org"));
        QVERIFY(isPlausibleEmail(u"siân@example.cymru"));
        QVERIFY(!isPlausibleEmail(u"zoe@example"));
        QVERIFY(!isPlausibleEmail(u"zoe @example.org"));
        QVERIFY(!isPlausibleEmail(u"@example.org"));
        QVERIFY(!isPlausibleEmail(u"a@b@example.org"));
        QVERIFY(!isPlausibleEmail(u"zoe@example..org"));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
