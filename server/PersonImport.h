#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace FirstStop::Server {

class Database;
class SyncService;

// Loads residents from a council's former system into the centre, from a CSV file with a header
// row (columns in any order; see columns() and docs/import.md). Every row is checked with the
// desk editor's rules (models/Validation, parseDateOfBirth); a row that fails, or that repeats
// another row or a person already at the centre, is not imported but reported with every reason.
// The rest become people with change sequence numbers, so desks pull them like any other change.
//
// Running the same file again imports nothing twice: a person's id is derived from the former
// system's reference (or, for a row without one, from its names, date of birth and postcode), and
// an id the centre already holds is skipped. The former reference is kept in person_external_ref.
class PersonImport final
{
public:
    struct Options
    {
        QString source = QStringLiteral("legacy"); // names the former system
        bool dryRun = false;                       // check and report, write nothing
        int batchSize = 1000;                      // rows per transaction
        QString username = QStringLiteral("import");
        QDate today; // for dates of birth in the future; invalid = the current date
    };

    enum class Outcome
    {
        Rejected,  // a value breaks the rules, or the row cannot be read
        Duplicate, // another row of the file, or a person at the centre, is the same resident
    };

    struct Problem
    {
        int row = 0;  // as a spreadsheet numbers it: the header is row 1
        int line = 0; // the line of the file where the row begins
        Outcome outcome = Outcome::Rejected;
        // The row's key fields as the file has them, so the council can find it.
        QString legacyReference, givenName, familyName, dateOfBirth, postcode;
        QStringList reasons;
    };

    struct Summary
    {
        qint64 rows = 0;            // data rows read
        qint64 imported = 0;        // people written now (or that would be, in a dry run)
        qint64 alreadyImported = 0; // rows whose person the centre already holds
        QList<Problem> problems;    // in row order
        qint64 count(Outcome outcome) const;
    };

    PersonImport(Database &db, SyncService &sync);

    // Reads the whole file and checks every row before anything is written. nullopt, with *error
    // saying what is wrong, when the file as a whole cannot be used (not UTF-8, a quote never
    // closed, unknown, repeated or missing columns, no header): nothing is written then. The
    // people are written in batches of Options::batchSize, each one transaction; if the database
    // fails part way, the batches before stay, *error says so and a re-run adds the rest.
    std::optional<Summary> run(const QByteArray &csv, const Options &options, QString *error);

    // The columns a file may have, as written in the header (case, spaces, hyphens and
    // underscores do not matter: "Given name" is given_name).
    static const QStringList &columns();

    // The report of the rows not imported: CSV (UTF-8 with a byte-order mark, so spreadsheets
    // keep the accents) with row, line, outcome, the key fields and the reasons.
    static QByteArray report(const Summary &summary);

private:
    Database &m_db;
    SyncService &m_sync;
};

} // namespace FirstStop::Server
