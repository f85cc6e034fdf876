// bench_search: per-keystroke citizen search latency on a cache of generated residents, side by
// side with a naive LIKE '%…%' scan of the same table, plus memory and cold start.
//
//   bench_search [--people N] [--cache FILE] [--queries N] [--baseline-queries N]
//   bench_search --dump N --out FILE     (the generated people as TSV, for building query sets)
//
// A cache FILE that exists is reused as it is (so RSS and cold start are measured without the
// build); otherwise it is built from DemoDataGenerator through LocalStore::applyChangePage in
// pages, the way a desk is filled by its first sync. See docs/benchmarks.md.
#include "models/DemoDataGenerator.h"
#include "models/LocalStore.h"
#include "models/NameFolding.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace FirstStop;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

// Kilobytes from /proc/self/status ("VmRSS", "VmHWM").
qint64 procStatusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key)) {
            return line.mid(key.size()).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

struct Percentiles
{
    double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
    qsizetype count = 0;
};

Percentiles percentiles(QList<double> ms)
{
    Percentiles p;
    if (ms.isEmpty()) {
        return p;
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&ms](double q) {
        const qsizetype i =
            std::min<qsizetype>(ms.size() - 1, static_cast<qsizetype>(q * ms.size()));
        return ms.at(i);
    };
    p.p50 = at(0.50);
    p.p90 = at(0.90);
    p.p99 = at(0.99);
    p.max = ms.last();
    double sum = 0;
    for (const double v : ms) {
        sum += v;
    }
    p.mean = sum / static_cast<double>(ms.size());
    p.count = ms.size();
    return p;
}

void printPercentiles(const char *name, const Percentiles &p)
{
    out() << name << ": keystrokes " << p.count << ", p50 " << QString::number(p.p50, 'f', 2)
          << " ms, p90 " << QString::number(p.p90, 'f', 2) << " ms, p99 "
          << QString::number(p.p99, 'f', 2) << " ms, max " << QString::number(p.max, 'f', 2)
          << " ms, mean " << QString::number(p.mean, 'f', 2) << " ms\n";
}

QString withoutAccents(const QString &s)
{
    QString d = s.normalized(QString::NormalizationForm_D);
    QString r;
    for (const QChar c : d) {
        if (c.category() != QChar::Mark_NonSpacing) {
            r += c;
        }
    }
    return r;
}

// A clerk's query for a resident, in one of the forms counters use. Deterministic per index.
QString queryFor(const Person &p, int kind)
{
    const QString given = p.preferredName.isEmpty() || kind % 2 ? p.givenName : p.preferredName;
    const QDate d = p.dateOfBirth;
    switch (kind % 10) {
    case 0:
        return withoutAccents(given + u' ' + p.familyName).toLower();
    case 1:
        return p.familyName + u' ' + d.toString(u"dd/MM/yyyy"_qs);
    case 2:
        return withoutAccents(given).toLower() + u' ' + d.toString(u"d.M.yy"_qs);
    case 3:
        return p.familyName + u' ' + p.postcode;
    case 4:
        return given + u' ' + p.familyName + u' ' + p.postcode.section(u' ', 0, 0);
    case 5:
        return p.phone.isEmpty() ? p.familyName : p.phone;
    case 6:
        return p.reference;
    case 7: { // one letter dropped from the family name
        QString f = withoutAccents(p.familyName).toLower();
        if (f.size() > 4) {
            f.remove(f.size() / 2, 1);
        }
        return given.toLower() + u' ' + f;
    }
    case 8:
        return p.email.isEmpty() ? p.familyName + u' ' + d.toString(u"yyyy"_qs) : p.email;
    default:
        return withoutAccents(p.familyName).toLower() + u' ' + d.toString(u"yyyy-MM-dd"_qs);
    }
}

// The naive search a first version would write: every word somewhere in the row.
class LikeBaseline final
{
public:
    explicit LikeBaseline(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"baseline"_qs);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_qs);
        db.open();
    }
    ~LikeBaseline() { QSqlDatabase::removeDatabase(u"baseline"_qs); }
    int search(const QString &text, int limit)
    {
        const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty()) {
            return 0;
        }
        QStringList where;
        for (qsizetype i = 0; i < words.size(); ++i) {
            where << u"(ifnull(given_name,'') || ' ' || ifnull(family_name,'') || ' ' ||"
                     " ifnull(preferred_name,'') || ' ' || ifnull(postcode,'') || ' ' ||"
                     " ifnull(phone,'') || ' ' || ifnull(email,'') || ' ' || reference || ' ' ||"
                     " ifnull(date_of_birth,'')) LIKE ?"_qs;
        }
        QSqlQuery q(QSqlDatabase::database(u"baseline"_qs, false));
        q.setForwardOnly(true);
        q.prepare(u"SELECT id, reference, given_name, family_name, date_of_birth, postcode FROM"
                  " person WHERE "_qs +
                  where.join(u" AND "_qs) + u" LIMIT ?"_qs);
        for (const QString &w : words) {
            q.addBindValue(QString(u'%' + w + u'%'));
        }
        q.addBindValue(limit);
        q.exec();
        int n = 0;
        while (q.next()) {
            ++n;
        }
        return n;
    }
};

bool buildCache(const QString &path, qint64 people)
{
    LocalStore store;
    QString error;
    if (!store.open(path, &error)) {
        out() << "cannot open " << path << ": " << error << '\n';
        return false;
    }
    const DemoDataGenerator generator;
    QElapsedTimer timer;
    timer.start();
    constexpr qint64 kPage = 5000;
    for (qint64 first = 0; first < people; first += kPage) {
        Wire::ChangePage page;
        const qint64 count = std::min(kPage, people - first);
        for (qint64 i = 0; i < count; ++i) {
            const Person p = generator.person(first + i);
            page.changes.append({first + i + 1, u"person"_qs, p.id, false, Wire::personToJson(p)});
        }
        page.cursor = first + count;
        page.more = first + count < people;
        if (!store.applyChangePage(page, &error)) {
            out() << "page at " << first << " failed: " << error << '\n';
            return false;
        }
    }
    // Contact history for the results' "last contact": two enquiries for every third resident
    // (what a desk holds after a while), written straight into the record table.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"history"_qs);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            for (const char *day : {"2026-03-02T10:00:00.000Z", "2026-10-20T14:30:00.000Z"}) {
                q.exec(u"INSERT INTO record(id, entity_type, person_id, created_at, version, data)"
                       " SELECT lower(hex(randomblob(16))), 'enquiry', id, '"_qs +
                       QString::fromLatin1(day) + u"', 1, '{}' FROM person WHERE rowid % 3 = 0"_qs);
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"history"_qs);
    out() << "built: " << people << " people in "
          << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s ("
          << QString::number(people * 1000.0 / std::max<qint64>(1, timer.elapsed()), 'f', 0)
          << " people/s through applyChangePage), file "
          << QString::number(QFileInfo(path).size() / 1048576.0, 'f', 0) << " MiB\n";
    out().flush();
    return true;
}

int dump(qint64 count, const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return 1;
    }
    QTextStream s(&f);
    s << "index\treference\tgiven\tfamily\tpreferred\tdob\tpostcode\tphone\temail\n";
    const DemoDataGenerator generator;
    for (qint64 i = 0; i < count; ++i) {
        const Person p = generator.person(i);
        s << i << '\t' << p.reference << '\t' << p.givenName << '\t' << p.familyName << '\t'
          << p.preferredName << '\t' << p.dateOfBirth.toString(Qt::ISODate) << '\t' << p.postcode
          << '\t' << p.phone << '\t' << p.email << '\n';
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Citizen search benchmark"_qs);
    parser.addHelpOption();
    const QCommandLineOption peopleOption(u"people"_qs, u"Residents in a new cache."_qs, u"n"_qs,
                                          u"20000"_qs);
    const QCommandLineOption cacheOption(u"cache"_qs, u"Cache file (reused if it exists)."_qs,
                                         u"file"_qs);
    const QCommandLineOption queriesOption(u"queries"_qs, u"Queries typed, each key by key."_qs,
                                           u"n"_qs, u"200"_qs);
    const QCommandLineOption baselineOption(u"baseline-queries"_qs,
                                            u"How many of those the LIKE baseline also types."_qs,
                                            u"n"_qs, u"20"_qs);
    const QCommandLineOption dumpOption(u"dump"_qs, u"Write N generated people as TSV."_qs,
                                        u"n"_qs);
    const QCommandLineOption outOption(u"out"_qs, u"File for --dump."_qs, u"file"_qs);
    const QCommandLineOption typeOption(
        u"type"_qs,
        u"Only type this query key by key and print each keystroke's time (with"
        " QT_LOGGING_RULES=firststop.models.search.debug=true, each level's expression)."_qs,
        u"text"_qs);
    parser.addOptions({peopleOption, cacheOption, queriesOption, baselineOption, dumpOption,
                       outOption, typeOption});
    parser.process(app);

    if (parser.isSet(dumpOption)) {
        return dump(parser.value(dumpOption).toLongLong(), parser.value(outOption));
    }

    QTemporaryDir temp;
    const QString path =
        parser.isSet(cacheOption) ? parser.value(cacheOption) : temp.filePath(u"bench.sqlite"_qs);
    const bool reused = QFileInfo::exists(path);
    if (!reused && !buildCache(path, parser.value(peopleOption).toLongLong())) {
        return 1;
    }

    // Cold start: a fresh connection to the cache and the search ready to answer (the name tables
    // loaded, the first keystroke answered), as the desk's search thread does when it starts.
    QElapsedTimer cold;
    cold.start();
    LocalStore store;
    QString error;
    if (!store.open(path, &error)) {
        out() << "cannot open " << path << ": " << error << '\n';
        return 1;
    }
    const qint64 openedMs = cold.elapsed();
    store.prepareSearch();
    const qint64 tablesMs = cold.elapsed() - openedMs;
    store.search(u"m"_qs, 50);
    const qint64 coldMs = cold.elapsed();
    const qint64 people = store.counts().people;
    out() << "cache: " << path << (reused ? " (reused)" : " (built in this run)") << ", " << people
          << " people\n";
    out() << "cold start: " << coldMs << " ms (open " << openedMs << " ms, name tables " << tablesMs
          << " ms, first keystroke " << coldMs - openedMs - tablesMs << " ms)\n";
    out().flush();

    if (parser.isSet(typeOption)) {
        const QStringList typed = parser.values(typeOption);
        for (const QString &q : typed) {
            for (qsizetype k = 1; k <= q.size(); ++k) {
                QElapsedTimer one;
                one.start();
                const QList<PersonMatch> page = store.search(q.left(k), 50);
                out() << '"' << q.left(k) << "\" "
                      << QString::number(static_cast<double>(one.nsecsElapsed()) / 1e6, 'f', 2)
                      << " ms, " << page.size() << " shown\n";
                out().flush();
            }
        }
        return 0;
    }

    // The query mix: residents spread over the whole cache, each typed key by key.
    const DemoDataGenerator generator;
    const int queryCount = parser.value(queriesOption).toInt();
    QStringList queries;
    for (int i = 0; i < queryCount; ++i) {
        const qint64 index = (static_cast<qint64>(i) * 7919 + 13) % std::max<qint64>(1, people);
        queries << queryFor(generator.person(index), i);
    }
    QList<double> engine;
    QList<double> engineFull;
    QList<QList<double>> byKind(10);
    struct Slow
    {
        double ms;
        QString typed;
    };
    QList<Slow> slowest;
    QList<double> lastContact;
    QList<double> withLastContact;
    QElapsedTimer t;
    for (qsizetype i = 0; i < queries.size(); ++i) {
        const QString &q = queries.at(i);
        for (qsizetype k = 1; k <= q.size(); ++k) {
            t.start();
            QList<PersonMatch> page = store.search(q.left(k), 50);
            const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
            engine << ms;
            byKind[i % 10] << ms;
            slowest.append({ms, q.left(k)});
            if (k == q.size()) {
                engineFull << ms;
            }
            // What the desk's search thread adds before the page is shown (SearchService).
            t.start();
            store.fillLastContacts(page);
            const double extra = static_cast<double>(t.nsecsElapsed()) / 1e6;
            lastContact << extra;
            withLastContact << ms + extra;
        }
    }
    const Percentiles e = percentiles(engine);
    printPercentiles("engine", e);
    printPercentiles("engine (whole queries only)", percentiles(engineFull));
    // Which forms of query set the tail (the kinds of queryFor), and the slowest keystrokes.
    static const char *const kKinds[] = {
        "kind 0 given family",     "kind 1 family dd/MM/yyyy",    "kind 2 given d.M.yy",
        "kind 3 family postcode",  "kind 4 given family outward", "kind 5 phone",
        "kind 6 reference",        "kind 7 given family-typo",    "kind 8 e-mail",
        "kind 9 family yyyy-MM-dd"};
    for (int kind = 0; kind < 10; ++kind) {
        if (!byKind.at(kind).isEmpty()) {
            printPercentiles(kKinds[kind], percentiles(byKind.at(kind)));
        }
    }
    std::sort(slowest.begin(), slowest.end(),
              [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
    out() << "slowest keystrokes:";
    for (qsizetype i = 0; i < std::min<qsizetype>(12, slowest.size()); ++i) {
        out() << " \"" << slowest.at(i).typed << "\" " << QString::number(slowest.at(i).ms, 'f', 0)
              << " ms;";
    }
    out() << '\n';
    printPercentiles("last contact of the page", percentiles(lastContact));
    printPercentiles("engine + last contact", percentiles(withLastContact));
    out().flush();

    LikeBaseline baseline(path);
    QList<double> like;
    const int baselineCount =
        std::min<int>(parser.value(baselineOption).toInt(), static_cast<int>(queries.size()));
    QList<double> engineSame;
    for (int i = 0; i < baselineCount; ++i) {
        // Spread the baseline's queries over the whole mix (every kind of query).
        const QString &q = queries.at(static_cast<qsizetype>(i) * queries.size() / baselineCount);
        for (qsizetype k = 1; k <= q.size(); ++k) {
            t.start();
            baseline.search(q.left(k), 50);
            like << static_cast<double>(t.nsecsElapsed()) / 1e6;
            t.start();
            store.search(q.left(k), 50);
            engineSame << static_cast<double>(t.nsecsElapsed()) / 1e6;
        }
    }
    const Percentiles b = percentiles(like);
    const Percentiles s = percentiles(engineSame);
    printPercentiles("LIKE baseline", b);
    printPercentiles("engine (same keystrokes as the baseline)", s);
    out() << "ratio LIKE/engine on the same keystrokes: p50 "
          << QString::number(b.p50 / s.p50, 'f', 1) << "x, p99 "
          << QString::number(b.p99 / s.p99, 'f', 1) << "x, mean "
          << QString::number(b.mean / s.mean, 'f', 1) << "x\n";
    out() << "memory: VmRSS " << procStatusKb("VmRSS") / 1024 << " MiB, VmHWM "
          << procStatusKb("VmHWM") / 1024 << " MiB"
          << (reused ? "" : " (includes building the cache in this process)") << '\n';
    out().flush();
    return 0;
}
