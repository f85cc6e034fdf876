#include "app/SearchService.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

class TestSearchService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("desk.sqlite"));
        LocalStore store;
        QVERIFY(store.open(m_path, nullptr));
        const QStringList family = {u"Ó Súilleabháin"_qs, u"Smith"_qs, u"Nwosu"_qs, u"ap Rhys"_qs,
                                    u"Kowalski"_qs};
        const QStringList given = {u"Seán"_qs, u"Sarah"_qs, u"Siân"_qs, u"Sam"_qs, u"Saoirse"_qs};
        Wire::ChangePage page;
        for (int i = 0; i < 2000; ++i) {
            Person p;
            p.id = QUuid::createUuid();
            p.reference = QStringLiteral("FS-%1").arg(i);
            p.givenName = given.at(i % given.size());
            p.familyName = family.at((i / 5) % family.size());
            page.changes.append({i + 1, u"person"_qs, p.id, false, Wire::personToJson(p)});
        }
        page.cursor = 2000;
        QVERIFY(store.applyChangePage(page, nullptr));
    }

    void latestKeystrokeWinsAndNothingStaleArrivesAfterIt()
    {
        SearchService search;
        search.open(m_path);
        QSignalSpy results(&search, &SearchService::resultsReady);
        // Typing "sean" one key at a time, faster than any search can finish.
        const QString typed = u"seán ó súill"_qs;
        for (int i = 1; i <= typed.size(); ++i) {
            search.search(typed.left(i));
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return !results.isEmpty() && results.last().at(0).toString() == typed; }, 10000));
        // Give any straggler the chance to arrive: none may, and the last word stays the newest.
        QTest::qWait(200);
        QCOMPARE(results.last().at(0).toString(), typed);
        const auto matches = results.last().at(1).value<QList<PersonMatch>>();
        QVERIFY(!matches.isEmpty());
        for (const PersonMatch &m : matches) {
            QCOMPARE(m.person.givenName, u"Seán"_qs);
            QCOMPARE(m.person.familyName, u"Ó Súilleabháin"_qs);
        }
        // Results never go backwards: every delivered text is a longer prefix than the one before.
        for (int i = 1; i < results.size(); ++i) {
            QVERIFY(results.at(i).at(0).toString().size() >
                    results.at(i - 1).at(0).toString().size());
        }
    }

    void clearingGivesNoResultsAtOnce()
    {
        SearchService search;
        search.open(m_path);
        QSignalSpy results(&search, &SearchService::resultsReady);
        search.search(u"smith"_qs);
        search.search(QString());
        QCOMPARE(results.size(), 1); // synchronously, without a round trip to the worker
        QVERIFY(results.at(0).at(1).value<QList<PersonMatch>>().isEmpty());
        QTest::qWait(200);
        QCOMPARE(results.size(), 1); // the overtaken "smith" never shows up afterwards
    }
};

QTEST_GUILESS_MAIN(TestSearchService)
#include "tst_searchservice.moc"
