// Ranking and reasons of citizen search through the local cache: exact beats prefix beats variant
// beats sound-alike and typo, each result says why it matched, and the index follows every write.
#include "models/LocalStore.h"
#include "models/PersonSearch.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

Person makePerson(const QString &given, const QString &family, const QDate &dob = {},
                  const QString &postcode = {})
{
    Person p;
    p.id = QUuid::createUuid();
    p.givenName = given;
    p.familyName = family;
    p.dateOfBirth = dob;
    p.postcode = postcode;
    return p;
}

QStringList familyNames(const QList<PersonMatch> &hits)
{
    QStringList out;
    for (const PersonMatch &m : hits) {
        out << m.person.givenName + u' ' + m.person.familyName;
    }
    return out;
}

} // namespace

class TestPersonSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalStore> m_store;

    void add(const Person &p) { QVERIFY(m_store->saveLocalEdit(p, nullptr)); }

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_store = std::make_unique<LocalStore>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++n)), &error),
                 qPrintable(error));
    }

    void cleanup() { m_store.reset(); }

    void tiersRankExactPrefixVariantSoundTypo()
    {
        add(makePerson(u"Seán"_qs, u"Murphy"_qs));
        add(makePerson(u"Seanna"_qs, u"Murphy"_qs));
        add(makePerson(u"Shaun"_qs, u"Murphy"_qs));
        add(makePerson(u"Shaan"_qs, u"Murphy"_qs));
        add(makePerson(u"Sea"_qs, u"Murphy"_qs)); // nothing typed "sean" is one letter from
        const QList<PersonMatch> hits = m_store->search(u"sean murphy"_qs, 10);
        QCOMPARE(familyNames(hits).mid(0, 4),
                 (QStringList{u"Seán Murphy"_qs, u"Seanna Murphy"_qs, u"Shaun Murphy"_qs,
                              u"Shaan Murphy"_qs}));
        QCOMPARE(hits.at(0).tier, MatchTier::Exact);
        QCOMPARE(hits.at(1).tier, MatchTier::Prefix);
        QCOMPARE(hits.at(2).tier, MatchTier::Variant);
        QCOMPARE(hits.at(3).tier, MatchTier::SoundAlike);
        QVERIFY2(hits.at(0).reason.contains(u"Seán"), qPrintable(hits.at(0).reason));
        QVERIFY2(hits.at(1).reason.contains(u"starts with"), qPrintable(hits.at(1).reason));
        QVERIFY2(hits.at(2).reason.contains(u"form of"), qPrintable(hits.at(2).reason));
        QVERIFY2(hits.at(3).reason.contains(u"sounds like"), qPrintable(hits.at(3).reason));
        // "Sea Murphy" is one letter from "sean" too, but typos rank last.
        QCOMPARE(hits.last().person.givenName, u"Sea"_qs);
        QCOMPARE(hits.last().tier, MatchTier::Typo);
        QVERIFY2(hits.last().reason.contains(u"one letter"), qPrintable(hits.last().reason));
    }

    void irishForms()
    {
        add(makePerson(u"Siobhán"_qs, u"Ní Shúilleabháin"_qs, QDate(1985, 3, 12)));
        add(makePerson(u"Pádraig"_qs, u"O'Sullivan"_qs, QDate(1970, 1, 2)));
        add(makePerson(u"Áine"_qs, u"Mac Cárthaigh"_qs, QDate(1990, 5, 6)));
        // O'Sullivan finds the Irish women's form through the surname clusters.
        QList<PersonMatch> hits = m_store->search(u"o'sullivan 12/3/85"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.givenName, u"Siobhán"_qs);
        QCOMPARE(hits.at(0).tier, MatchTier::Variant);
        QVERIFY2(hits.at(0).reason.contains(u"Ní Shúilleabháin"), qPrintable(hits.at(0).reason));
        // Ó Súilleabháin typed for a woman: the same name, her form of it.
        hits = m_store->search(u"siobhan o suilleabhain"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).tier, MatchTier::Variant);
        // Apostrophes and spacing are the same name: O'Sullivan / OSullivan / O Sullivan /
        // Sullivan.
        for (const QString &q :
             {u"osullivan"_qs, u"o sullivan"_qs, u"O’Sullivan"_qs, u"sullivan"_qs}) {
            hits = m_store->search(q, 10);
            QVERIFY2(!hits.isEmpty(), qPrintable(q));
            QCOMPARE(hits.at(0).person.familyName, u"O'Sullivan"_qs);
            QCOMPARE(hits.at(0).tier, MatchTier::Exact);
        }
        // McCarthy is the English form of Mac Cárthaigh.
        hits = m_store->search(u"mccarthy"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.givenName, u"Áine"_qs);
        QCOMPARE(hits.at(0).tier, MatchTier::Variant);
    }

    void soundAlikesAndTypos_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<MatchTier>("tier");
        QTest::newRow("Shivaun") << u"shivaun"_qs << u"Siobhán"_qs << MatchTier::Variant;
        QTest::newRow("Shevawn") << u"shevawn"_qs << u"Siobhán"_qs << MatchTier::SoundAlike;
        QTest::newRow("Steven") << u"steven thompson"_qs << u"Stephen"_qs << MatchTier::Variant;
        QTest::newRow("Thomson") << u"stephen thomson"_qs << u"Stephen"_qs << MatchTier::SoundAlike;
        QTest::newRow("swapped") << u"stephen thopmson"_qs << u"Stephen"_qs << MatchTier::Typo;
        QTest::newRow("dropped") << u"stephen thompon"_qs << u"Stephen"_qs << MatchTier::Typo;
        QTest::newRow("inserted") << u"stephen thompsong"_qs << u"Stephen"_qs << MatchTier::Typo;
    }

    void soundAlikesAndTypos()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        QFETCH(MatchTier, tier);
        add(makePerson(u"Siobhán"_qs, u"Kelly"_qs));
        add(makePerson(u"Stephen"_qs, u"Thompson"_qs));
        add(makePerson(u"Mary"_qs, u"Jones"_qs));
        const QList<PersonMatch> hits = m_store->search(query, 10);
        QVERIFY2(!hits.isEmpty(), qPrintable(query));
        QCOMPARE(hits.at(0).person.givenName, expected);
        QCOMPARE(hits.at(0).tier, tier);
    }

    void previousAndMaidenNamesAreFound()
    {
        Person p = makePerson(u"Mary"_qs, u"Okafor"_qs, QDate(1979, 6, 30));
        add(p);
        // Married: the name changes at the desk, the maiden name is kept and still found.
        p.familyName = u"Okafor-Jones"_qs;
        p.reference = m_store->person(p.id)->reference;
        add(p);
        QCOMPARE(m_store->person(p.id)->previousNames, QStringList{u"Mary Okafor"_qs});
        Person q = makePerson(u"Siobhán"_qs, u"Murphy"_qs, QDate(1985, 3, 12));
        q.previousNames = {u"Siobhán Ní Shúilleabháin"_qs};
        add(q);
        QList<PersonMatch> hits = m_store->search(u"mary okafor"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.familyName, u"Okafor-Jones"_qs);
        hits = m_store->search(u"o'sullivan 12/3/85"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.familyName, u"Murphy"_qs);
        QVERIFY2(hits.at(0).reason.contains(u"previous name"), qPrintable(hits.at(0).reason));
    }

    void datesPostcodesPhonesEmailsReferences()
    {
        Person mary = makePerson(u"Mary"_qs, u"Jones"_qs, QDate(1985, 3, 12), u"PL1 4AB"_qs);
        mary.phone = u"029 2087 1234"_qs;
        mary.email = u"mary.jones@example.org"_qs;
        add(mary);
        Person other = makePerson(u"Mary"_qs, u"Evans"_qs, QDate(1985, 12, 3), u"PL14 4XY"_qs);
        other.phone = u"+353 87 123 4567"_qs;
        add(other);
        const QString reference = m_store->person(mary.id)->reference;
        const auto only = [this](const QString &q) {
            const QList<PersonMatch> hits = m_store->search(q, 10);
            return hits.size() == 1 ? hits.at(0).person.familyName : QString::number(hits.size());
        };
        QCOMPARE(only(u"mary 12/3/85"_qs), u"Jones"_qs);
        QCOMPARE(only(u"mary 12.03.1985"_qs), u"Jones"_qs);
        QCOMPARE(only(u"1985-03-12"_qs), u"Jones"_qs);
        QCOMPARE(only(u"mary 03/1985"_qs), u"Jones"_qs);
        QCOMPARE(only(u"mary PL1 4"_qs), u"Jones"_qs);
        QCOMPARE(only(u"pl14ab"_qs), u"Jones"_qs);
        // PL14 is a whole outward code, and also how "PL1 4AB" starts: exact first.
        const QList<PersonMatch> area = m_store->search(u"PL14"_qs, 10);
        QCOMPARE(area.size(), 2);
        QCOMPARE(area.at(0).person.familyName, u"Evans"_qs);
        QCOMPARE(area.at(0).tier, MatchTier::Exact);
        QCOMPARE(area.at(1).tier, MatchTier::Prefix);
        QCOMPARE(only(u"+44 29 2087 1234"_qs), u"Jones"_qs);
        QCOMPARE(only(u"02920871234"_qs), u"Jones"_qs);
        QCOMPARE(only(u"087 123 4567"_qs), u"Evans"_qs);
        QCOMPARE(only(u"Mary.Jones@Example.org"_qs), u"Jones"_qs);
        QCOMPARE(only(reference.toLower()), u"Jones"_qs);
        QCOMPARE(only(QString(reference).remove(u'-')), u"Jones"_qs); // FSABCDEFGHJK
        QCOMPARE(only(reference.left(8)), u"Jones"_qs);               // FS-ABCDE, typing
        // A former reference (FS- and 8 characters) is kept and found, whole or by its start.
        Person former = makePerson(u"Olwen"_qs, u"Pryce"_qs, QDate(1950, 1, 1), u"SA1 1AA"_qs);
        former.reference = u"FS-7K3MXQ2A"_qs;
        add(former);
        QCOMPARE(m_store->person(former.id)->reference, u"FS-7K3MXQ2A"_qs);
        QCOMPARE(only(u"fs-7k3mxq2a"_qs), u"Pryce"_qs);
        QCOMPARE(only(u"FS-7K3MX"_qs), u"Pryce"_qs);
        QCOMPARE(only(u"31/02/1985 mary"_qs), u"0"_qs); // an impossible date is nobody's
        // Both Marys in 1985; the postcode area tells them apart.
        QCOMPARE(m_store->search(u"mary 1985"_qs, 10).size(), 2);
        QCOMPARE(m_store->search(u"mary 1985 PL1"_qs, 10).at(0).person.familyName, u"Jones"_qs);
        QCOMPARE(m_store->search(u"mary 1985 PL1"_qs, 10).at(0).tier, MatchTier::Exact);
        const QList<PersonMatch> hits = m_store->search(u"mary 12/3/1985 pl1 4ab"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QVERIFY2(hits.at(0).reason.contains(u"PL1 4AB"), qPrintable(hits.at(0).reason));
    }

    void broadPhoneAndOutwardStartsStayBounded()
    {
        // A phone number's start finds people only once it narrows them down (eight digits after
        // the 0): "077" would otherwise rank every mobile on each keystroke.
        Person mob = makePerson(u"Ffion"_qs, u"Ap Rhys"_qs, QDate(1990, 2, 3), u"CF10 1AB"_qs);
        mob.phone = u"07700 900123"_qs;
        add(mob);
        Person near = makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs, QDate(1991, 4, 5), u"CF1 2CD"_qs);
        near.phone = u"07700 900999"_qs;
        add(near);
        Person far = makePerson(u"Ffion"_qs, u"Evans"_qs, QDate(1992, 6, 7), u"CF24 3EF"_qs);
        add(far);
        QCOMPARE(m_store->search(u"077"_qs, 10).size(), 0);
        QCOMPARE(m_store->search(u"07700 900"_qs, 10).size(), 0);
        QCOMPARE(m_store->search(u"07700 9001"_qs, 10).size(), 1);
        QCOMPARE(m_store->search(u"07700 9009"_qs, 10).size(), 1);
        QCOMPARE(m_store->search(u"07700900123"_qs, 10).size(), 1);
        // "CF1" is an outward code and the start of CF10: both found, the exact area first, and
        // not CF24.
        const QList<PersonMatch> area = m_store->search(u"CF1"_qs, 10);
        QCOMPARE(area.size(), 2);
        QCOMPARE(area.at(0).person.id, near.id);
        QCOMPARE(area.at(0).tier, MatchTier::Exact);
        QCOMPARE(area.at(1).person.id, mob.id);
        QCOMPARE(area.at(1).tier, MatchTier::Prefix);
        const QList<PersonMatch> named = m_store->search(u"ffion cf1"_qs, 10);
        QCOMPARE(named.size(), 1);
        QCOMPARE(named.at(0).person.id, mob.id);
        // "CF10" can also be CF1 0xx typed without its space, so whole codes are still looked at.
        QCOMPARE(m_store->search(u"ffion CF10"_qs, 10).size(), 1);
    }

    void shortAreaIsSearchedAsTheAreasOnRecord()
    {
        // A postcode area typed alone ("CF1") is searched as the areas people on record live in
        // (CF10, CF1), named one by one, rather than by the index's prefix: at a million
        // residents the prefix merged every entry of every CF1x area on each keystroke.
        const QString path = m_dir.filePath(u"areas.sqlite"_qs);
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(path, nullptr));
        add(makePerson(u"Ffion"_qs, u"Ap Rhys"_qs, QDate(1990, 2, 3), u"CF10 1AB"_qs));
        add(makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs, QDate(1991, 4, 5), u"cf1 2cd"_qs));
        add(makePerson(u"Ffion"_qs, u"Evans"_qs, QDate(1992, 6, 7), u"CF24 3EF"_qs));
        const auto areas = [&path] {
            QStringList out;
            {
                QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"areas"_qs);
                raw.setDatabaseName(path);
                if (raw.open()) {
                    QSqlQuery q(u"SELECT word FROM search_word WHERE word LIKE '0o%'"_qs, raw);
                    while (q.next()) {
                        out << q.value(0).toString();
                    }
                }
            }
            QSqlDatabase::removeDatabase(u"areas"_qs);
            out.sort();
            return out;
        };
        QCOMPARE(areas(), (QStringList{u"0ocf1"_qs, u"0ocf10"_qs, u"0ocf24"_qs}));
        // A cache from before the areas were kept (schema 5) gets them from its index on opening.
        m_store.reset();
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"old"_qs);
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(u"DELETE FROM search_word WHERE word LIKE '0o%'"_qs));
            QVERIFY(q.exec(u"PRAGMA user_version = 5"_qs));
        }
        QSqlDatabase::removeDatabase(u"old"_qs);
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(path, nullptr));
        QCOMPARE(areas(), (QStringList{u"0ocf1"_qs, u"0ocf10"_qs, u"0ocf24"_qs}));
        QCOMPARE(familyNames(m_store->search(u"ffion cf1"_qs, 10)),
                 QStringList{u"Ffion Ap Rhys"_qs});
        // The index is made again with prefix indexes up to eight letters (desk schema 8), so a
        // typed start is one index list, and everyone is found as before.
        m_store.reset();
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"prefixes"_qs);
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(u"SELECT sql FROM sqlite_master WHERE name = 'person_search'"_qs) &&
                    q.next());
            QVERIFY2(q.value(0).toString().contains(u"prefix='1 2 3 4 5 6 7 8'"_qs),
                     qPrintable(q.value(0).toString()));
        }
        QSqlDatabase::removeDatabase(u"prefixes"_qs);
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(path, nullptr));
        QCOMPARE(familyNames(m_store->search(u"ffion ap rhy"_qs, 10)),
                 QStringList{u"Ffion Ap Rhys"_qs});

        // The expression names the areas; with none known it falls back to the prefix.
        const auto variants = NameVariants::load();
        PersonSearch::Matcher matcher(SearchQuery::parse(u"ffion cf1", QDate(2026, 1, 1)),
                                      *variants);
        QCOMPARE(matcher.outwardLookupPrefix(), u"cf"_qs);
        QVERIFY(matcher.matchExpression(1).contains(u"\"0ocf1\"*"_qs));
        matcher.setKnownOutwards({u"cf1"_qs, u"cf10"_qs, u"cf24"_qs});
        const QString named = matcher.matchExpression(1);
        QVERIFY2(named.contains(u"(\"0ocf1\" OR \"0ocf10\")"_qs), qPrintable(named));
        QVERIFY2(!named.contains(u"0ocf24"_qs) && !named.contains(u"0ocf1\"*"_qs),
                 qPrintable(named));
        // "CF14" is also CF1 4xx typed without its space, but only where CF1 is an area on record.
        PersonSearch::Matcher longer(SearchQuery::parse(u"ffion cf14", QDate(2026, 1, 1)),
                                     *variants);
        QCOMPARE(longer.outwardLookupPrefix(), u"cf1"_qs);
        longer.setKnownOutwards({u"cf10"_qs, u"cf14"_qs});
        QVERIFY2(!longer.matchExpression(1).contains(u"0ccf14"_qs),
                 qPrintable(longer.matchExpression(1)));
        longer.setKnownOutwards({u"cf1"_qs, u"cf14"_qs});
        QVERIFY2(longer.matchExpression(1).contains(u"(\"0ocf14\" OR \"0ccf14\"*)"_qs),
                 qPrintable(longer.matchExpression(1)));
    }

    void indexFollowsEditsAndDeletes()
    {
        add(makePerson(u"Gwilym"_qs, u"Prys"_qs));
        QCOMPARE(m_store->search(u"prys"_qs, 10).size(), 1);
        Person p = m_store->search(u"prys"_qs, 10).at(0).person;
        p.familyName = u"Parry"_qs;
        add(p);
        // The corrected name is kept as a previous name: still found by it, and says so.
        const QList<PersonMatch> old = m_store->search(u"gwilym prys"_qs, 10);
        QCOMPARE(old.size(), 1);
        QVERIFY2(old.at(0).reason.contains(u"previous name Gwilym Prys"),
                 qPrintable(old.at(0).reason));
        QCOMPARE(m_store->search(u"gwilym parry"_qs, 10).size(), 1);
        QVERIFY(!m_store->search(u"gwilym parry"_qs, 10).at(0).reason.contains(u"previous"));
        Wire::ChangePage page;
        page.changes.append({5, u"person"_qs, p.id, true, {}});
        page.cursor = 5;
        QVERIFY(m_store->applyChangePage(page, nullptr));
        QCOMPARE(m_store->search(u"gwilym"_qs, 10).size(), 0);
    }

    void upgradesAVersion1Cache()
    {
        // tests/data/localstore-v1.sqlite: a cache as the first release wrote it (schema 1, the
        // old name index), with three people, a pending edit and a cursor.
        const QString fixture =
            qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") + u"/tests/data/localstore-v1.sqlite"_qs;
        const QString path = m_dir.filePath(u"v1.sqlite"_qs);
        QVERIFY(QFile::copy(fixture, path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        LocalStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QCOMPARE(store.counts().people, 3);
        QCOMPARE(store.counts().pending, 1);
        QCOMPARE(store.cursor(), 42);
        QCOMPARE(store.person(QUuid::fromString(u"6f1c2b9e-3c1d-4e8a-9a55-0d3c7f2b1a02"_qs))
                     ->preferredName,
                 u"Bill"_qs);
        // Everyone is searchable the new ways straight away.
        QList<PersonMatch> hits = store.search(u"o'sullivan 12/3/85"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.reference, u"FS-V1AAAA01"_qs);
        hits = store.search(u"billy jones cf10 1ab"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).tier, MatchTier::Variant);
        QCOMPARE(store.search(u"+44 29 2087 1234"_qs, 10).size(), 1);
        QCOMPARE(store.search(u"zoe obrien"_qs, 10).size(), 1);
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"check"_qs);
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(u"PRAGMA user_version"_qs) && q.next());
            QCOMPARE(q.value(0).toInt(), LocalStore::kSchemaVersion);
        }
        QSqlDatabase::removeDatabase(u"check"_qs);
    }

    void broadPrefixFillsThePageQuickly()
    {
        for (int i = 0; i < 30; ++i) {
            add(makePerson(u"Mary"_qs, u"Smith%1"_qs.arg(QChar(u'a' + i % 26))));
        }
        const QList<PersonMatch> hits = m_store->search(u"m"_qs, 10);
        QCOMPARE(hits.size(), 10);
        for (const PersonMatch &m : hits) {
            QCOMPARE(m.tier, MatchTier::Prefix);
        }
    }
};

QTEST_GUILESS_MAIN(TestPersonSearch)
#include "tst_personsearch.moc"
