#include "models/Person.h"

#include <QJsonArray>
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

    void richerRecordByWireName()
    {
        Person p;
        QVERIFY(p.setField(u"previous_names"_qs, QJsonArray{u"Mary Jones"_qs, u"Mary Jones"_qs}));
        QCOMPARE(p.previousNames, QStringList{u"Mary Jones"_qs});     // never twice
        QVERIFY(!p.setField(u"previous_names"_qs, u"Mary Jones"_qs)); // a list, not a string
        QVERIFY(!p.setField(u"previous_names"_qs, QJsonArray{42}));
        QVERIFY(p.setField(u"ok_to_text"_qs, true));
        QVERIFY(p.okToText);
        QVERIFY(p.setField(u"ok_to_text"_qs, u"false"_qs)); // as a kept conflict value returns
        QVERIFY(!p.okToText);
        QVERIFY(!p.setField(u"interpreter_needed"_qs, u"perhaps"_qs));
        QVERIFY(p.setField(u"contact_channel"_qs, u"email"_qs));
        QVERIFY(!p.setField(u"contact_channel"_qs, u"pigeon"_qs));
        QCOMPARE(p.contactChannel, u"email"_qs);
        QVERIFY(p.setField(u"accessibility_flags"_qs, QJsonArray{u"hearing_loop"_qs}));
        p.preferredLanguage = u"Cymraeg"_qs;
        p.interpreterNeeded = true;
        p.accessibilityNotes = u"Needs the ground-floor room"_qs;

        // Stored as one details object and read back whole; empty values are left out.
        Person back;
        back.setDetails(p.details());
        for (const QString &name : Person::detailFieldNames()) {
            QCOMPARE(back.field(name), p.field(name));
        }
        QVERIFY(!p.details().contains(u"ok_to_post"));
        QVERIFY(!p.details().contains(u"previous_addresses"));
        QVERIFY(Person::fieldNames().contains(u"accessibility_notes"_qs));
        QVERIFY(Person::isListField(u"previous_addresses"_qs));
        QVERIFY(!Person::isListField(u"given_name"_qs));
        QCOMPARE(Person::mergeLists(QJsonArray{u"a"_qs, u"b"_qs}, QJsonArray{u"c"_qs, u"a"_qs}),
                 (QJsonArray{u"a"_qs, u"b"_qs, u"c"_qs}));
    }

    void historyIsKeptWhenANameOrAddressChanges()
    {
        Person before;
        before.givenName = u"Siobhán"_qs;
        before.familyName = u"Ní Shúilleabháin"_qs;
        before.address = u"4 Quay Street\nGalway"_qs;
        before.postcode = u"H91 K2X8"_qs;
        Person after = before;
        after.familyName = u"Okafor"_qs;
        after.keepHistoryFrom(before);
        QCOMPARE(after.previousNames, QStringList{u"Siobhán Ní Shúilleabháin"_qs});
        QVERIFY(after.previousAddresses.isEmpty()); // the address did not change
        Person moved = after;
        moved.address = u"2 Tewkesbury Road\nSwansea"_qs;
        moved.postcode = u"SA2 2NW"_qs;
        moved.keepHistoryFrom(after);
        QCOMPARE(moved.previousAddresses, QStringList{u"4 Quay Street\nGalway\nH91 K2X8"_qs});
        QCOMPARE(moved.previousNames, after.previousNames);
        // Back to the earlier name: current again, no longer history; the newest first.
        Person back = moved;
        back.familyName = u"Ní Shúilleabháin"_qs;
        back.keepHistoryFrom(moved);
        QCOMPARE(back.previousNames, QStringList{u"Siobhán Okafor"_qs});
    }

    void contactPreferencesMustBeUsable()
    {
        Person p;
        p.givenName = u"Zoë"_qs;
        QVERIFY(p.contactProblem().isEmpty());
        p.contactChannel = u"text"_qs;
        QVERIFY(p.contactProblem().contains(u"phone number"));
        p.phone = u"07700 900123"_qs;
        QVERIFY(p.contactProblem().isEmpty());
        p.okToEmail = true;
        QVERIFY(p.contactProblem().contains(u"e-mail"));
        p.email = u"zoe@example.org"_qs;
        p.okToPost = true;
        QVERIFY(p.contactProblem().contains(u"address"));
        p.address = u"1 High Street"_qs;
        QVERIFY(p.contactProblem().isEmpty());
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
