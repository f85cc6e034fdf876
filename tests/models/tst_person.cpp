#include "models/Person.h"

#include <QTest>

using namespace FirstStop;

class TestPerson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseDateOfBirth_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("slashes") << u"12/03/1985"_qs << QDate(1985, 3, 12);
        QTest::newRow("dots short year") << u"12.3.85"_qs << QDate(1985, 3, 12);
        QTest::newRow("iso") << u"1985-03-12"_qs << QDate(1985, 3, 12);
        QTest::newRow("dashes") << u"1-2-2003"_qs << QDate(2003, 2, 1);
        QTest::newRow("short year recent") << u"5/6/07"_qs << QDate(2007, 6, 5);
        QTest::newRow("short year last century") << u"5/6/30"_qs << QDate(1930, 6, 5);
        QTest::newRow("impossible day") << u"31/02/1990"_qs << QDate();
        QTest::newRow("month 13") << u"01/13/1990"_qs << QDate();
        QTest::newRow("future") << u"01/01/2090"_qs << QDate();
        QTest::newRow("too old") << u"01/01/1700"_qs << QDate();
        QTest::newRow("words") << u"last tuesday"_qs << QDate();
        QTest::newRow("partial") << u"1985"_qs << QDate();
    }

    void parseDateOfBirth()
    {
        QFETCH(QString, typed);
        QFETCH(QDate, expected);
        QCOMPARE(FirstStop::parseDateOfBirth(typed, QDate(2026, 11, 23)), expected);
    }

    void fieldsByWireName()
    {
        Person p;
        QVERIFY(p.setField(u"family_name"_qs, u"Ní Shúilleabháin"_qs));
        QCOMPARE(p.familyName, u"Ní Shúilleabháin"_qs);
        QVERIFY(p.setField(u"date_of_birth"_qs, u"2001-07-09"_qs));
        QCOMPARE(p.dateOfBirth, QDate(2001, 7, 9));
        QVERIFY(!p.setField(u"date_of_birth"_qs, u"2001-02-29"_qs));
        QCOMPARE(p.dateOfBirth, QDate(2001, 7, 9)); // unchanged after a refused value
        QVERIFY(!p.setField(u"given_name"_qs, 42));
        QVERIFY(!p.setField(u"no_such_field"_qs, u"x"_qs));
        QVERIFY(p.setField(u"phone"_qs, QJsonValue::Null));
        QVERIFY(p.phone.isEmpty());
        for (const QString &name : Person::fieldNames()) {
            QVERIFY2(!p.field(name).isUndefined(), qPrintable(name));
        }
    }

    void displayNamePrefersKnownAs()
    {
        Person p;
        p.givenName = u"Margaret"_qs;
        p.familyName = u"Jones"_qs;
        QCOMPARE(p.displayName(), u"Margaret Jones"_qs);
        p.preferredName = u"Peggy"_qs;
        QCOMPARE(p.displayName(), u"Peggy Jones"_qs);
    }
};

QTEST_GUILESS_MAIN(TestPerson)
#include "tst_person.moc"
