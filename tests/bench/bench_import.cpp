// bench_import: how long `firststop-server import-people` takes for a council-sized CSV file.
//
//   bench_import [--rows N] [--batch-size B] [--csv FILE] [--backend sqlite|postgresql|both]
//
// Writes N generated residents (DemoDataGenerator: odd names, multi-line addresses, UK and Irish
// postcodes and phones, some near-duplicates, 1 % impossible dates) as a CSV export with a
// legacy_reference column, then runs the real firststop-server import-people on it into a fresh
// database of each backend (PostgreSQL: a throw-away database on the cluster named by
// FIRSTSTOP_TEST_PG), twice: the first run imports, the second must import nothing. Prints wall
// time and the import process's CPU time (user + system, from getrusage of the finished child; on
// PostgreSQL the database server's own CPU is not included) and the import's own summary line.
#include "models/Csv.h"
#include "models/DemoDataGenerator.h"
#include "tests/support/PgTestDatabase.h"
#include "tests/support/ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>
#include <sys/resource.h>

using namespace FirstStop;

namespace {

double childCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

bool writeCsv(const QString &path, qint64 rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    file.write("\xEF\xBB\xBF");
    file.write(Csv::line({u"legacy_reference"_qs, u"given_name"_qs, u"family_name"_qs,
                          u"preferred_name"_qs, u"date_of_birth"_qs, u"address"_qs, u"postcode"_qs,
                          u"phone"_qs, u"email"_qs}));
    const DemoDataGenerator generator;
    constexpr qint64 kSlice = 10'000;
    for (qint64 first = 0; first < rows; first += kSlice) {
        const QList<Person> people = generator.people(first, std::min(kSlice, rows - first));
        QByteArray chunk;
        for (qsizetype i = 0; i < people.size(); ++i) {
            const Person &p = people.at(i);
            QString dob = p.dateOfBirth.isValid()
                              ? p.dateOfBirth.toString(QStringLiteral("dd/MM/yyyy"))
                              : QString();
            if ((first + i) % 100 == 37) {
                dob = QStringLiteral("31/02/1980"); // 1 % of rows as an old system has them
            }
            chunk += Csv::line({QStringLiteral("OLD-%1").arg(first + i, 7, 10, QLatin1Char('0')),
                                p.givenName, p.familyName, p.preferredName, dob, p.address,
                                p.postcode, p.phone, p.email});
        }
        file.write(chunk);
    }
    return file.flush();
}

struct Timed
{
    double wallS = 0;
    double cpuS = 0;
    QString summary;
    bool ok = false;
};

Timed runImport(const QString &database, const QString &csv, int batchSize)
{
    Timed t;
    const double cpuBefore = childCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    const Test::ServerProcess::Run run =
        Test::ServerProcess::runToEnd({u"import-people"_qs, u"--database"_qs, database,
                                       u"--batch-size"_qs, QString::number(batchSize), csv},
                                      3'600'000);
    t.wallS = static_cast<double>(wall.elapsed()) / 1000.0;
    t.cpuS = childCpuSeconds() - cpuBefore;
    t.summary = run.out.section(u'\n', 0, 0);
    t.ok = run.exitCode == 0 || run.exitCode == 3;
    if (!t.ok) {
        std::fprintf(stderr, "import failed: %s\n", qPrintable(run.err));
    }
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rows(u"rows"_qs, u"Residents in the file (default 100000)."_qs,
                                  u"N"_qs, u"100000"_qs);
    const QCommandLineOption batch(u"batch-size"_qs, u"People per transaction (default 1000)."_qs,
                                   u"B"_qs, u"1000"_qs);
    const QCommandLineOption csvOption(u"csv"_qs, u"Keep the generated file here."_qs, u"file"_qs);
    const QCommandLineOption backendOption(
        u"backend"_qs,
        u"sqlite, postgresql or both (default both when FIRSTSTOP_TEST_PG is set)."_qs, u"name"_qs,
        u"both"_qs);
    parser.addOptions({rows, batch, csvOption, backendOption});
    parser.process(app);

    QTemporaryDir dir;
    const QString csv =
        parser.isSet(csvOption) ? parser.value(csvOption) : dir.filePath(u"people.csv"_qs);
    const qint64 n = parser.value(rows).toLongLong();
    QElapsedTimer generate;
    generate.start();
    if (n <= 0 || !writeCsv(csv, n)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(csv));
        return 1;
    }
    std::printf("generated %lld rows (%lld bytes) in %.1f s: %s\n", static_cast<long long>(n),
                static_cast<long long>(QFile(csv).size()),
                static_cast<double>(generate.elapsed()) / 1000.0, qPrintable(csv));

    const QString backend = parser.value(backendOption);
    QStringList backends;
    if (backend != u"postgresql") {
        backends.append(u"sqlite"_qs);
    }
    if (backend != u"sqlite" && Test::PgTestDatabase::available()) {
        backends.append(u"postgresql"_qs);
    }
    const int batchSize = parser.value(batch).toInt();
    bool ok = true;
    for (const QString &b : std::as_const(backends)) {
        std::unique_ptr<Test::PgTestDatabase> pg;
        QString database = u"sqlite:"_qs + dir.filePath(u"centre.db"_qs);
        if (b == u"postgresql") {
            pg = std::make_unique<Test::PgTestDatabase>();
            if (!pg->isValid()) {
                std::fprintf(stderr, "%s\n", qPrintable(pg->error()));
                return 1;
            }
            database = pg->databaseUrl();
        }
        for (const char *run : {"first import", "same file again"}) {
            const Timed t = runImport(database, csv, batchSize);
            ok = ok && t.ok;
            std::printf("%-10s %-16s wall %7.2f s  cpu %7.2f s  (%.0f rows/s)\n  %s\n",
                        qPrintable(b), run, t.wallS, t.cpuS, static_cast<double>(n) / t.wallS,
                        qPrintable(t.summary));
            std::fflush(stdout);
        }
    }
    return ok ? 0 : 1;
}
