// What the search box understands in what the clerk types: names, dates of birth in the forms
// people write them, postcodes and Eircodes, phone numbers, e-mail and references.
#include "models/SearchQuery.h"

#include <QTest>

using namespace FirstStop;

namespace {

const QDate kToday(2026, 11, 23);

QStringList texts(const SearchQuery &q)
{
    QStringList out;
    for (const NameTerm &t : q.names) {
        out << t.text;
    }
    return out;
}

QString dateOf(const SearchQuery &q)
{
    if (!q.dateOfBirth) {
        return u"-"_qs;
    }
    return u"%1-%2-%3"_qs.arg(q.dateOfBirth->year)
        .arg(q.dateOfBirth->month)
        .arg(q.dateOfBirth->day);
}

} // namespace

class TestSearchQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("date"); // year-month-day, 0 = not given, "-" = no date
        QTest::addColumn<QStringList>("names");
        QTest::newRow("slashes") << u"mary 12/03/1985"_qs << u"1985-3-12"_qs
                                 << QStringList{u"mary"_qs};
        QTest::newRow("dots, short year") << u"12.3.85"_qs << u"1985-3-12"_qs << QStringList{};
        QTest::newRow("iso") << u"1985-03-12"_qs << u"1985-3-12"_qs << QStringList{};
        QTest::newRow("hyphens") << u"12-03-1985"_qs << u"1985-3-12"_qs << QStringList{};
        QTest::newRow("spaces") << u"mary 12 3 1985"_qs << u"1985-3-12"_qs
                                << QStringList{u"mary"_qs};
        QTest::newRow("year") << u"jones 1985"_qs << u"1985-0-0"_qs << QStringList{u"jones"_qs};
        QTest::newRow("month and year") << u"03/1985"_qs << u"1985-3-0"_qs << QStringList{};
        QTest::newRow("month and short year") << u"3/85"_qs << u"1985-3-0"_qs << QStringList{};
        QTest::newRow("iso month") << u"1985-03"_qs << u"1985-3-0"_qs << QStringList{};
        QTest::newRow("day and month") << u"12/3"_qs << u"0-3-12"_qs << QStringList{};
        QTest::newRow("year being typed") << u"12/3/19"_qs << u"2019-3-12"_qs << QStringList{};
        QTest::newRow("year half typed") << u"12/3/198"_qs << u"0-3-12"_qs << QStringList{};
        QTest::newRow("only a day yet") << u"mary 12/"_qs << u"-"_qs << QStringList{u"mary"_qs};
        QTest::newRow("impossible is text")
            << u"31/02/1990"_qs << u"-"_qs << QStringList{u"31"_qs, u"02"_qs, u"1990"_qs};
        QTest::newRow("month 13 is text")
            << u"12/13/1990"_qs << u"-"_qs << QStringList{u"12"_qs, u"13"_qs, u"1990"_qs};
        QTest::newRow("future is text")
            << u"01/01/2030"_qs << u"-"_qs << QStringList{u"01"_qs, u"01"_qs, u"2030"_qs};
        QTest::newRow("29 Feb in a leap year")
            << u"29/2/1988"_qs << u"1988-2-29"_qs << QStringList{};
        QTest::newRow("short number says nothing")
            << u"mary 12"_qs << u"-"_qs << QStringList{u"mary"_qs};
    }

    void dates()
    {
        QFETCH(QString, text);
        QFETCH(QString, date);
        QFETCH(QStringList, names);
        const SearchQuery q = SearchQuery::parse(text, kToday);
        QCOMPARE(dateOf(q), date);
        QCOMPARE(texts(q), names);
    }

    void postcodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("outward");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("complete");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("uk full") << u"CF10 1AB"_qs << u"CF10"_qs << u"CF101AB"_qs << true
                                 << QStringList{};
        QTest::newRow("uk no space, lower")
            << u"cf101ab"_qs << u"CF10"_qs << u"CF101AB"_qs << true << QStringList{};
        QTest::newRow("outward") << u"PL1"_qs << u"PL1"_qs << u"PL1"_qs << false << QStringList{};
        QTest::newRow("outward and inward start")
            << u"o'sullivan PL1 4"_qs << u"PL1"_qs << u"PL14"_qs << false
            << QStringList{u"osullivan"_qs};
        QTest::newRow("eircode") << u"D02X285"_qs << u"D02"_qs << u"D02X285"_qs << true
                                 << QStringList{};
        QTest::newRow("eircode spaced, lower")
            << u"d02 x285"_qs << u"D02"_qs << u"D02X285"_qs << true << QStringList{};
        QTest::newRow("dublin 6w")
            << u"D6W Y123"_qs << u"D6W"_qs << u"D6WY123"_qs << true << QStringList{};
        QTest::newRow("name after outward")
            << u"PL1 mary"_qs << u"PL1"_qs << u"PL1"_qs << false << QStringList{u"mary"_qs};
    }

    void postcodes()
    {
        QFETCH(QString, text);
        QFETCH(QString, outward);
        QFETCH(QString, key);
        QFETCH(bool, complete);
        QFETCH(QStringList, names);
        const SearchQuery q = SearchQuery::parse(text, kToday);
        QVERIFY(q.postcode);
        QCOMPARE(q.postcode->outward, outward);
        QCOMPARE(q.postcode->key, key);
        QCOMPARE(q.postcode->complete, complete);
        QCOMPARE(texts(q), names);
    }

    void phones_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("phone");
        QTest::newRow("uk international") << u"+44 29 2087 1234"_qs << u"2920871234"_qs;
        QTest::newRow("uk national") << u"029 20871234"_qs << u"2920871234"_qs;
        QTest::newRow("uk with (0)") << u"+44 (0)29 2087 1234"_qs << u"2920871234"_qs;
        QTest::newRow("00 prefix") << u"0044 29 2087 1234"_qs << u"2920871234"_qs;
        QTest::newRow("mobile") << u"07700 900123"_qs << u"7700900123"_qs;
        QTest::newRow("ireland international") << u"+353 87 123 4567"_qs << u"871234567"_qs;
        QTest::newRow("ireland national") << u"087 123 4567"_qs << u"871234567"_qs;
        QTest::newRow("being typed") << u"029 20"_qs << u"2920"_qs;
    }

    void phones()
    {
        QFETCH(QString, text);
        QFETCH(QString, phone);
        const SearchQuery q = SearchQuery::parse(text, kToday);
        QCOMPARE(q.phone, phone);
        QVERIFY(q.names.isEmpty());
        QVERIFY(!q.dateOfBirth);
        QCOMPARE(phoneKey(text), phone);
    }

    void emailAndReference()
    {
        SearchQuery q = SearchQuery::parse(u"Mary.Jones@Example.org"_qs, kToday);
        QCOMPARE(q.email, u"maryjonesexampleorg"_qs);
        QVERIFY(q.names.isEmpty());
        q = SearchQuery::parse(u"fs-abc23456"_qs, kToday);
        QCOMPARE(q.reference, u"ABC23456"_qs);
        q = SearchQuery::parse(u"FS-AB"_qs, kToday);
        QCOMPARE(q.reference, u"AB"_qs);
        q = SearchQuery::parse(u"FSABC234"_qs, kToday);
        QCOMPARE(q.reference, u"ABC234"_qs);
        // Today's longer form, with or without its hyphens.
        q = SearchQuery::parse(u"fs-abc23-456xy"_qs, kToday);
        QCOMPARE(q.reference, u"ABC23456XY"_qs);
        q = SearchQuery::parse(u"FSABC23456XY"_qs, kToday);
        QCOMPARE(q.reference, u"ABC23456XY"_qs);
        // Not the reference alphabet (it has no O): a name.
        q = SearchQuery::parse(u"fsoo"_qs, kToday);
        QVERIFY(q.reference.isEmpty());
    }

    void namesAndParticles()
    {
        SearchQuery q = SearchQuery::parse(u"Seán O'Sullivan"_qs, kToday);
        QCOMPARE(texts(q), (QStringList{u"sean"_qs, u"osullivan"_qs}));
        QCOMPARE(q.names.at(1).stems, QStringList{u"sullivan"_qs});
        QCOMPARE(q.names.at(1).particle, u"o"_qs);
        q = SearchQuery::parse(u"ni shuilleabhain"_qs, kToday);
        QCOMPARE(texts(q), QStringList{u"nishuilleabhain"_qs});
        QCOMPARE(q.names.at(0).stems, (QStringList{u"suilleabhain"_qs, u"shuilleabhain"_qs}));
        q = SearchQuery::parse(u"mac an bhaird"_qs, kToday);
        QCOMPARE(texts(q), QStringList{u"macanbhaird"_qs});
        QCOMPARE(q.names.at(0).stems.first(), u"baird"_qs);
        q = SearchQuery::parse(u"obrien"_qs, kToday);
        QCOMPARE(q.names.at(0).stems, QStringList{u"brien"_qs});
        QVERIFY(q.names.at(0).particle.isEmpty());
        q = SearchQuery::parse(u"Nwosu-Jones"_qs, kToday);
        QCOMPARE(texts(q), (QStringList{u"nwosu"_qs, u"jones"_qs}));
        q = SearchQuery::parse(u"mary 12/3/85"_qs, kToday);
        QCOMPARE(texts(q), QStringList{u"mary"_qs});
        QCOMPARE(dateOf(q), u"1985-3-12"_qs);
        QVERIFY(SearchQuery::parse(u"  , "_qs, kToday).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSearchQuery)
#include "tst_searchquery.moc"
