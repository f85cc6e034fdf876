// The labelled citizen-search queries (tests/data/search-queries.tsv, made by
// tests/data/make-search-queries.py) against 50,000 generated residents plus the hand-made ones
// below: recall within the top 5 and top-1 accuracy, overall and per category. Fails under the
// issue's aims (98 % and 90 %). The figures go to stdout and to search-quality.txt in the build
// tree (or FIRSTSTOP_QUALITY_REPORT) for docs/benchmarks.md.
#include "models/DemoDataGenerator.h"
#include "models/LocalStore.h"

#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

constexpr qint64 kGenerated = 50000;
constexpr double kRecallAim = 0.98;
constexpr double kTop1Aim = 0.90;

struct HandMade
{
    const char16_t *reference;
    const char16_t *given;
    const char16_t *family;
    const char16_t *preferred;
    QDate dob;
    const char16_t *postcode;
};

// Hard cases the generator does not produce: Irish women's and married forms, Welsh patronyms,
// double barrels, nicknames kept as preferred names, ŵ and ŷ.
const HandMade kHandMade[] = {
    {u"FS-HAND2222", u"Siobhán", u"Ní Shúilleabháin", u"", QDate(1985, 3, 12), u"T12 X2Y3"},
    {u"FS-HAND2223", u"Pádraig", u"Ó hAodha", u"", QDate(1972, 7, 4), u"H91 K2X8"},
    {u"FS-HAND2224", u"Máire", u"Nic Dhonncha", u"", QDate(1990, 11, 30), u"D02 X285"},
    {u"FS-HAND2225", u"Zoë", u"O'Brien-Nwosu", u"", QDate(2001, 2, 3), u"CF24 3AA"},
    {u"FS-HAND2226", u"Dafydd", u"ap Gruffudd", u"", QDate(1948, 5, 6), u"LL55 1AB"},
    {u"FS-HAND2227", u"Llŷr", u"Ŵyn", u"", QDate(1987, 9, 14), u"SY23 2AX"},
    {u"FS-HAND2228", u"Seán", u"Mac an Bhaird", u"", QDate(1966, 9, 9), u"F92 AB12"},
    {u"FS-HAND2229", u"Gwenllian", u"ferch Rhys", u"", QDate(1999, 12, 31), u"SA31 1AA"},
    {u"FS-HAND2232", u"Aoife", u"Uí Bhriain", u"", QDate(1980, 1, 15), u"V94 T2N3"},
    {u"FS-HAND2233", u"Caoimhe", u"Ní Chonchúir", u"", QDate(1995, 6, 20), u"D6W Y123"},
    {u"FS-HAND2234", u"William", u"Jones", u"Bill", QDate(1950, 7, 1), u"CF10 1AB"},
    {u"FS-HAND2235", u"Margaret", u"Evans", u"Peggy", QDate(1939, 4, 4), u"SA1 3XY"},
    {u"FS-HAND2236", u"Stephen", u"Thomson", u"", QDate(1977, 8, 8), u"BS1 4ND"},
    {u"FS-HAND2237", u"Niamh", u"Kelly", u"", QDate(1988, 2, 29), u"M1 2AB"},
    {u"FS-HAND2238", u"Oisín", u"Mac Cárthaigh", u"", QDate(2004, 10, 10), u"T23 W2K5"},
    {u"FS-HAND2239", u"Gráinne", u"Ní Mhurchú", u"", QDate(1983, 3, 3), u"D04 C2V6"},
    {u"FS-HAND2242", u"Ruairí", u"Ó Néill", u"", QDate(1958, 11, 11), u"BT9 5AB"},
    {u"FS-HAND2243", u"Ffion", u"Rhys-Evans", u"", QDate(2002, 2, 2), u"CF5 2QQ"},
    {u"FS-HAND2244", u"Eoghan", u"Mac Giolla Phádraig", u"", QDate(1970, 3, 17), u"R95 D2F3"},
    {u"FS-HAND2246", u"Sinéad", u"de Búrca", u"", QDate(1992, 5, 5), u"H91 A2B3"},
    {u"FS-HAND2247", u"Tadhg", u"Breathnach", u"", QDate(1961, 1, 1), u"X91 K2P4"},
    {u"FS-HAND2249", u"Mhairi", u"MacLeod", u"", QDate(1975, 6, 30), u"G1 1AA"},
    {u"FS-HAND2252", u"Deirdre", u"Ní Dhomhnaill", u"", QDate(1982, 2, 22), u"F94 N2X6"},
};

struct Tally
{
    int queries = 0;
    int top1 = 0;
    int top5 = 0;
};

QString percent(int n, int of)
{
    return of == 0 ? u"-"_qs : QString::number(100.0 * n / of, 'f', 1) + u" %"_qs;
}

} // namespace

class TestSearchQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labelledQueries()
    {
        QTemporaryDir dir;
        LocalStore store;
        QString error;
        QVERIFY2(store.open(dir.filePath(u"quality.sqlite"_qs), &error), qPrintable(error));

        // The population: generated residents by index, then the hand-made ones, written the
        // way a first sync writes them.
        const DemoDataGenerator generator;
        constexpr qint64 kPage = 5000;
        for (qint64 first = 0; first < kGenerated; first += kPage) {
            Wire::ChangePage page;
            for (qint64 i = first; i < first + kPage; ++i) {
                const Person p = generator.person(i);
                page.changes.append({i + 1, u"person"_qs, p.id, false, Wire::personToJson(p)});
            }
            page.cursor = first + kPage;
            QVERIFY2(store.applyChangePage(page, &error), qPrintable(error));
        }
        Wire::ChangePage hand;
        qint64 seq = kGenerated;
        for (const HandMade &h : kHandMade) {
            Person p;
            p.id = QUuid::createUuidV5(QUuid(), QString::fromUtf16(h.reference));
            p.reference = QString::fromUtf16(h.reference);
            p.givenName = QString::fromUtf16(h.given);
            p.familyName = QString::fromUtf16(h.family);
            p.preferredName = QString::fromUtf16(h.preferred);
            p.dateOfBirth = h.dob;
            p.postcode = QString::fromUtf16(h.postcode);
            hand.changes.append({++seq, u"person"_qs, p.id, false, Wire::personToJson(p)});
        }
        hand.cursor = seq;
        QVERIFY2(store.applyChangePage(hand, &error), qPrintable(error));

        QFile file(qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") +
                   u"/tests/data/search-queries.tsv"_qs);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QMap<QString, Tally> byCategory;
        Tally all;
        QStringList misses;
        for (const QByteArray &raw : file.readAll().split('\n')) {
            const QString line = QString::fromUtf8(raw);
            if (line.trimmed().isEmpty() || line.startsWith(u'#')) {
                continue;
            }
            const QStringList cols = line.split(u'\t');
            QCOMPARE(cols.size(), 3);
            const QString &query = cols.at(0);
            const QString expected = cols.at(1).startsWith(u"FS-")
                                         ? cols.at(1)
                                         : generator.person(cols.at(1).toLongLong()).reference;
            const QList<PersonMatch> hits = store.search(query, 10);
            qsizetype rank = -1;
            for (qsizetype i = 0; i < hits.size(); ++i) {
                if (hits.at(i).person.reference == expected) {
                    rank = i;
                    break;
                }
            }
            for (Tally *t : {&all, &byCategory[cols.at(2)]}) {
                ++t->queries;
                t->top1 += rank == 0 ? 1 : 0;
                t->top5 += rank >= 0 && rank < 5 ? 1 : 0;
            }
            if (rank != 0) {
                const QString first = hits.isEmpty() ? u"nothing"_qs
                                                     : hits.at(0).person.displayName() + u" " +
                                                           hits.at(0).person.reference + u" (" +
                                                           matchTierName(hits.at(0).tier) + u": " +
                                                           hits.at(0).reason + u")";
                misses << u"  [%1] \"%2\" expected %3 at rank %4; first: %5"_qs.arg(
                    cols.at(2), query, expected, QString::number(rank + 1), first);
            }
        }

        QStringList report;
        report << u"citizen search quality: %1 labelled queries, %2 generated + %3 hand-made "
                  "residents"_qs.arg(all.queries)
                      .arg(kGenerated)
                      .arg(std::size(kHandMade));
        report << u"| category | queries | recall@5 | top-1 |"_qs << u"|---|---:|---:|---:|"_qs;
        for (auto it = byCategory.cbegin(); it != byCategory.cend(); ++it) {
            report << u"| %1 | %2 | %3 | %4 |"_qs.arg(it.key())
                          .arg(it->queries)
                          .arg(percent(it->top5, it->queries), percent(it->top1, it->queries));
        }
        report << u"| **all** | %1 | %2 | %3 |"_qs.arg(all.queries)
                      .arg(percent(all.top5, all.queries), percent(all.top1, all.queries));
        report << u"not first (%1):"_qs.arg(misses.size());
        report += misses;
        const QString text = report.join(u'\n') + u'\n';
        QTextStream(stdout) << text;
        QString reportPath = qEnvironmentVariable("FIRSTSTOP_QUALITY_REPORT");
        if (reportPath.isEmpty()) {
            reportPath = qEnvironmentVariable("FIRSTSTOP_BINARY_DIR") + u"/search-quality.txt"_qs;
        }
        QFile out(reportPath);
        if (out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            out.write(text.toUtf8());
        }

        QVERIFY2(all.queries >= 300, "the labelled set must have at least 300 queries");
        QVERIFY2(
            all.top5 >= kRecallAim * all.queries,
            qPrintable(u"recall@5 %1 is under the aim"_qs.arg(percent(all.top5, all.queries))));
        QVERIFY2(all.top1 >= kTop1Aim * all.queries,
                 qPrintable(u"top-1 %1 is under the aim"_qs.arg(percent(all.top1, all.queries))));
    }
};

QTEST_GUILESS_MAIN(TestSearchQuality)
#include "tst_searchquality.moc"
