#include "server/PersonImport.h"

#include "models/Csv.h"
#include "models/NameFolding.h"
#include "models/Person.h"
#include "models/Validation.h"
#include "server/Database.h"
#include "server/Logging.h"
#include "server/SyncService.h"

#include <QHash>
#include <QSet>
#include <QUuid>

#include <memory>

namespace FirstStop::Server {

namespace {

enum Column
{
    LegacyReference,
    GivenName,
    FamilyName,
    PreferredName,
    DateOfBirth,
    Address,
    AddressLine1,
    AddressLine2,
    AddressLine3,
    AddressLine4,
    Town,
    Postcode,
    Phone,
    Email,
    ColumnCount
};

constexpr qsizetype kMaxLegacyReferenceLength = 200;
constexpr qsizetype kPgRowsPerInsert = 200;

// Ids of imported people are name-based UUIDs (version 5) in this namespace, from the former
// system's name and reference: the same row always gives the same person.
const QUuid kImportNamespace(QStringLiteral("{6d1f3c2a-8e4b-5f70-9a61-0c2b7e5d4f13}"));

// "Given name", "GIVEN_NAME" and "given-name" are one column.
QString headerKey(QStringView name)
{
    QString key;
    for (const QChar c : name) {
        if (c.isLetterOrNumber()) {
            key += c.toLower();
        }
    }
    return key;
}

int columnOf(const QString &header)
{
    const QString key = headerKey(header);
    if (key == u"eircode") {
        return Postcode;
    }
    const QStringList &names = PersonImport::columns();
    for (int c = 0; c < ColumnCount; ++c) {
        if (headerKey(names.at(c)) == key) {
            return c;
        }
    }
    return -1;
}

// The key two rows (or a row and a person at the centre) share when they are the same resident:
// folded names with the date of birth, or with the postcode when the date is not known. Empty
// when neither is known: such a row is not compared.
QString personKey(const QString &given, const QString &family, const QDate &dob,
                  const QString &postcode)
{
    QString names = NameFolding::fold(given) + u'|' + NameFolding::fold(family);
    if (dob.isValid()) {
        return names + u"|d" + dob.toString(Qt::ISODate);
    }
    const QString pc = NameFolding::postcodeKey(postcode);
    return pc.isEmpty() ? QString() : names + u"|p" + pc;
}

// A row that passed the checks, before the duplicate checks.
struct Candidate
{
    int row = 0;
    Person person;
    QString legacyReference;
    QString key;
};

// What the centre already holds: every id, and the key of every live person.
struct Centre
{
    QSet<QUuid> ids;
    QHash<size_t, QUuid> keys; // hash of personKey → one person with it (checked on a hit)
};

std::optional<Centre> loadCentre(Database &db, QString *error)
{
    Centre centre;
    Sql q(db, QStringLiteral("SELECT id, deleted, given_name, family_name, date_of_birth, postcode"
                             " FROM person"));
    q.query().setForwardOnly(true);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    while (q.next()) {
        const QUuid id = QUuid::fromString(q.value(0).toString());
        centre.ids.insert(id);
        if (q.value(1).toInt() != 0) {
            continue;
        }
        const QString key =
            personKey(q.value(2).toString(), q.value(3).toString(),
                      QDate::fromString(q.value(4).toString(), Qt::ISODate), q.value(5).toString());
        if (!key.isEmpty()) {
            centre.keys.insert(qHash(key), id);
        }
    }
    return centre;
}

// The reference of the live person at the centre with this key (a hash hit, confirmed), or empty.
// A record merged into another (a team lead's merge keeps it as a redirect) names its survivor.
std::optional<QString> centreDuplicate(Database &db, const Centre &centre, const QString &key,
                                       QString *error)
{
    const auto hit = centre.keys.constFind(qHash(key));
    if (hit == centre.keys.cend()) {
        return QString();
    }
    Sql q(db, QStringLiteral("SELECT reference, given_name, family_name, date_of_birth, postcode,"
                             " merged_into FROM person WHERE id = :id AND deleted = 0"));
    q.bind(QStringLiteral(":id"), hit->toString(QUuid::WithoutBraces));
    if (!q.exec(error)) {
        return std::nullopt;
    }
    if (!q.next() || personKey(q.value(1).toString(), q.value(2).toString(),
                               QDate::fromString(q.value(3).toString(), Qt::ISODate),
                               q.value(4).toString()) != key) {
        return QString();
    }
    QString reference = q.value(0).toString();
    QString next = q.value(5).toString();
    for (int hop = 0; hop < 16 && !next.isEmpty(); ++hop) {
        Sql survivor(db,
                     QStringLiteral("SELECT reference, merged_into FROM person WHERE id = :id"));
        survivor.bind(QStringLiteral(":id"), next);
        if (!survivor.exec(error)) {
            return std::nullopt;
        }
        if (!survivor.next()) {
            break;
        }
        next = survivor.value(1).toString();
        if (next.isEmpty()) {
            reference += QStringLiteral(" (merged into %1)").arg(survivor.value(0).toString());
        }
    }
    return reference;
}

bool insertExternalRefs(Database &db, const QString &source,
                        const QList<std::pair<QString, QUuid>> &refs, QString *error)
{
    const qsizetype rowsPerInsert = db.backend() == Backend::Postgres ? kPgRowsPerInsert : 1;
    const QString now = utcNowIso();
    std::unique_ptr<Sql> insert;
    qsizetype preparedRows = 0;
    for (qsizetype start = 0; start < refs.size(); start += rowsPerInsert) {
        const qsizetype count = std::min(rowsPerInsert, refs.size() - start);
        if (count != preparedRows) {
            QStringList rows(count, QStringLiteral("(?,?,?,?)"));
            insert = std::make_unique<Sql>(
                db, QStringLiteral("INSERT INTO person_external_ref (source, external_ref,"
                                   " person_id, imported_at) VALUES ") +
                        rows.join(u','));
            preparedRows = count;
        }
        QSqlQuery &q = insert->query();
        for (qsizetype i = 0; i < count; ++i) {
            const auto &[ref, id] = refs.at(start + i);
            q.addBindValue(source);
            q.addBindValue(ref);
            q.addBindValue(id.toString(QUuid::WithoutBraces));
            q.addBindValue(now);
        }
        if (!insert->exec(error)) {
            return false;
        }
    }
    return true;
}

} // namespace

qint64 PersonImport::Summary::count(Outcome outcome) const
{
    return std::count_if(problems.cbegin(), problems.cend(),
                         [outcome](const Problem &p) { return p.outcome == outcome; });
}

PersonImport::PersonImport(Database &db, SyncService &sync)
    : m_db(db)
    , m_sync(sync)
{}

const QStringList &PersonImport::columns()
{
    static const QStringList names = {
        QStringLiteral("legacy_reference"),
        QStringLiteral("given_name"),
        QStringLiteral("family_name"),
        QStringLiteral("preferred_name"),
        QStringLiteral("date_of_birth"),
        QStringLiteral("address"),
        QStringLiteral("address_line_1"),
        QStringLiteral("address_line_2"),
        QStringLiteral("address_line_3"),
        QStringLiteral("address_line_4"),
        QStringLiteral("town"),
        QStringLiteral("postcode"),
        QStringLiteral("phone"),
        QStringLiteral("email"),
    };
    return names;
}

std::optional<PersonImport::Summary> PersonImport::run(const QByteArray &csv,
                                                       const Options &options, QString *error)
{
    const auto records = Csv::read(csv, error);
    if (!records) {
        return std::nullopt;
    }
    if (records->isEmpty()) {
        *error = QStringLiteral("the file is empty: it needs a header row naming its columns");
        return std::nullopt;
    }

    // The header: every column known, none twice, the names there.
    const QStringList &header = records->constFirst().fields;
    QList<int> columnAt(header.size(), -1);
    QList<qsizetype> indexOf(ColumnCount, -1);
    QStringList unknown;
    QStringList repeated;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const int c = columnOf(header.at(i));
        if (c < 0) {
            unknown.append(QStringLiteral("\"%1\" (column %2)").arg(header.at(i)).arg(i + 1));
        } else if (indexOf.at(c) >= 0) {
            repeated.append(QStringLiteral("\"%1\"").arg(header.at(i)));
        } else {
            indexOf[c] = i;
            columnAt[i] = c;
        }
    }
    QStringList headerProblems;
    if (!unknown.isEmpty()) {
        headerProblems.append(QStringLiteral("unknown column %1").arg(unknown.join(u", ")));
    }
    if (!repeated.isEmpty()) {
        headerProblems.append(QStringLiteral("column %1 given twice").arg(repeated.join(u", ")));
    }
    if (indexOf.at(GivenName) < 0 || indexOf.at(FamilyName) < 0) {
        headerProblems.append(QStringLiteral("the columns given_name and family_name are needed"));
    }
    bool addressLines = false;
    for (const Column c : {AddressLine1, AddressLine2, AddressLine3, AddressLine4, Town}) {
        addressLines = addressLines || indexOf.at(c) >= 0;
    }
    if (indexOf.at(Address) >= 0 && addressLines) {
        headerProblems.append(
            QStringLiteral("give the address either as one address column or as address_line_1…4 "
                           "and town, not both"));
    }
    if (!headerProblems.isEmpty()) {
        *error = QStringLiteral("the header row (line %1) is not one this import reads: %2. The "
                                "columns it reads are: %3")
                     .arg(records->constFirst().line)
                     .arg(headerProblems.join(QStringLiteral("; ")), columns().join(u", "));
        return std::nullopt;
    }

    // Every row checked with the desk's rules; all its problems named.
    const QDate today = options.today.isValid() ? options.today : QDate::currentDate();
    Summary summary;
    QList<Candidate> candidates;
    candidates.reserve(records->size() - 1);
    QHash<QString, int> legacyRows; // legacy reference → the first row with it
    const auto keyFields = [&](const QStringList &fields, Problem &p) {
        const auto raw = [&](Column c) {
            const qsizetype i = indexOf.at(c);
            return i >= 0 && i < fields.size() ? fields.at(i) : QString();
        };
        p.legacyReference = raw(LegacyReference);
        p.givenName = raw(GivenName);
        p.familyName = raw(FamilyName);
        p.dateOfBirth = raw(DateOfBirth);
        p.postcode = raw(Postcode);
    };
    for (qsizetype r = 1; r < records->size(); ++r) {
        const Csv::Record &record = records->at(r);
        const int row = static_cast<int>(r) + 1;
        ++summary.rows;
        Problem problem;
        problem.row = row;
        problem.line = record.line;
        keyFields(record.fields, problem);
        const QString legacy = problem.legacyReference.trimmed();
        if (!legacy.isEmpty()) {
            const auto first = legacyRows.constFind(legacy);
            if (first != legacyRows.cend()) {
                problem.outcome = Outcome::Duplicate;
                problem.reasons.append(QStringLiteral("the legacy reference %1 is also on row %2")
                                           .arg(legacy)
                                           .arg(*first));
            } else {
                legacyRows.insert(legacy, row);
            }
        }
        if (record.fields.size() != header.size()) {
            problem.outcome = Outcome::Rejected;
            problem.reasons.append(
                QStringLiteral("the row has %1 fields where the header has %2 (a comma in a "
                               "field that is not in quotes?)")
                    .arg(record.fields.size())
                    .arg(header.size()));
            summary.problems.append(std::move(problem));
            continue;
        }
        QStringList reasons;
        const auto value = [&](Column c) {
            const qsizetype i = indexOf.at(c);
            return i >= 0 ? record.fields.at(i).trimmed() : QString();
        };
        for (qsizetype i = 0; i < header.size(); ++i) {
            const int c = columnAt.at(i);
            const QString &v = record.fields.at(i);
            const qsizetype limit =
                c == LegacyReference ? kMaxLegacyReferenceLength : SyncService::kMaxFieldLength;
            if (v.size() > limit) {
                reasons.append(QStringLiteral("%1 is longer than %2 characters")
                                   .arg(columns().at(c))
                                   .arg(limit));
            }
            if ((c < Address || c > Town) && v.trimmed().contains(u'\n')) {
                reasons.append(QStringLiteral("%1 has a line break in it").arg(columns().at(c)));
            }
        }
        Person p;
        p.givenName = value(GivenName);
        p.familyName = value(FamilyName);
        p.preferredName = value(PreferredName);
        if (p.givenName.isEmpty() && p.familyName.isEmpty()) {
            reasons.append(QStringLiteral("a person needs a given name or a family name"));
        }
        if (const QString dob = value(DateOfBirth); !dob.isEmpty()) {
            p.dateOfBirth = parseDateOfBirth(dob, today);
            if (!p.dateOfBirth.isValid()) {
                reasons.append(
                    QStringLiteral("date_of_birth \"%1\" is not a possible date of birth "
                                   "(day/month/year as 12/03/1985, or 1985-03-12)")
                        .arg(dob));
            }
        }
        QStringList lines;
        if (indexOf.at(Address) >= 0) {
            lines = value(Address).split(u'\n');
        } else {
            for (const Column c : {AddressLine1, AddressLine2, AddressLine3, AddressLine4, Town}) {
                lines.append(value(c));
            }
        }
        for (QString &l : lines) {
            l = l.trimmed();
        }
        lines.removeAll(QString());
        p.address = lines.join(u'\n');
        if (p.address.size() > SyncService::kMaxFieldLength) {
            reasons.append(QStringLiteral("the address is longer than %1 characters")
                               .arg(SyncService::kMaxFieldLength));
        }
        if (const QString postcode = value(Postcode).simplified(); !postcode.isEmpty()) {
            const auto check = Validation::checkPostcode(postcode);
            if (check.kind == Validation::PostcodeKind::Invalid) {
                reasons.append(
                    QStringLiteral("postcode \"%1\" is not a full UK postcode (CF10 1AB) "
                                   "or Eircode (D02 X285)")
                        .arg(postcode));
            }
            p.postcode = check.normalised;
        }
        p.phone = value(Phone).simplified();
        if (!p.phone.isEmpty() && !Validation::checkPhone(p.phone).ok) {
            reasons.append(QStringLiteral("phone \"%1\" is not a UK or Irish number with its area "
                                          "code (029 2087 1234, +353 87 123 4567)")
                               .arg(p.phone));
        }
        p.email = value(Email);
        if (!p.email.isEmpty() && !Validation::isPlausibleEmail(p.email)) {
            reasons.append(QStringLiteral("email \"%1\" is not an e-mail address").arg(p.email));
        }
        if (!reasons.isEmpty()) {
            problem.outcome = Outcome::Rejected;
            problem.reasons += reasons;
        }
        if (!problem.reasons.isEmpty()) {
            summary.problems.append(std::move(problem));
            continue;
        }
        Candidate c;
        c.row = row;
        c.legacyReference = legacy;
        c.key = personKey(p.givenName, p.familyName, p.dateOfBirth, p.postcode);
        p.id = !legacy.isEmpty()
                   ? QUuid::createUuidV5(kImportNamespace, options.source + u'\x1f' + legacy)
                   : QUuid::createUuidV5(kImportNamespace, u"row\x1f"_qs + c.key + u'\x1f' +
                                                               p.givenName + u'\x1f' +
                                                               p.familyName + u'\x1f' + p.address);
        c.person = std::move(p);
        candidates.append(std::move(c));
    }

    // Duplicates: another row of the file first (so a re-run reports the same rows), then the
    // person already imported (skipped quietly), then someone else at the centre.
    const auto centre = loadCentre(m_db, error);
    if (!centre) {
        return std::nullopt;
    }
    QHash<QString, int> keyRows;
    QList<Candidate> toImport;
    QList<Problem> duplicates;
    for (Candidate &c : candidates) {
        Problem problem;
        problem.row = c.row;
        problem.line = records->at(c.row - 1).line;
        problem.outcome = Outcome::Duplicate;
        keyFields(records->at(c.row - 1).fields, problem);
        const QString sameAs = c.person.dateOfBirth.isValid()
                                   ? QStringLiteral("the same name and date of birth")
                                   : QStringLiteral("the same name and postcode");
        if (!c.key.isEmpty()) {
            const auto first = keyRows.constFind(c.key);
            if (first != keyRows.cend()) {
                problem.reasons.append(QStringLiteral("%1 as row %2").arg(sameAs).arg(*first));
                duplicates.append(std::move(problem));
                continue;
            }
            keyRows.insert(c.key, c.row);
        }
        if (centre->ids.contains(c.person.id)) {
            ++summary.alreadyImported;
            continue;
        }
        if (!c.key.isEmpty()) {
            const auto reference = centreDuplicate(m_db, *centre, c.key, error);
            if (!reference) {
                return std::nullopt;
            }
            if (!reference->isEmpty()) {
                problem.reasons.append(
                    QStringLiteral("%1 as %2, already at the centre").arg(sameAs, *reference));
                duplicates.append(std::move(problem));
                continue;
            }
        }
        toImport.append(std::move(c));
    }
    summary.problems += duplicates;
    std::sort(summary.problems.begin(), summary.problems.end(),
              [](const Problem &a, const Problem &b) { return a.row < b.row; });

    if (options.dryRun) {
        summary.imported = toImport.size();
        return summary;
    }
    const qsizetype batchSize = std::max(1, options.batchSize);
    for (qsizetype start = 0; start < toImport.size(); start += batchSize) {
        const qsizetype count = std::min(batchSize, toImport.size() - start);
        QList<Person> people;
        QHash<QUuid, QString> legacyOf;
        people.reserve(count);
        for (qsizetype i = start; i < start + count; ++i) {
            const Candidate &c = toImport.at(i);
            people.append(c.person);
            if (!c.legacyReference.isEmpty()) {
                legacyOf.insert(c.person.id, c.legacyReference);
            }
        }
        WriteTransaction tx(m_db);
        QString why;
        std::optional<QList<Person>> written;
        QList<std::pair<QString, QUuid>> refs;
        if (tx.begin(&why)) {
            written = m_sync.insertNewPeople(std::move(people), options.username, &why);
        }
        if (written) {
            for (const Person &p : std::as_const(*written)) {
                if (const auto it = legacyOf.constFind(p.id); it != legacyOf.cend()) {
                    refs.append({*it, p.id});
                }
            }
        }
        if (!written || !insertExternalRefs(m_db, options.source, refs, &why) || !tx.commit(&why)) {
            *error = QStringLiteral("%1 (%2 people were imported before it; run the same file "
                                    "again to import the rest)")
                         .arg(why)
                         .arg(summary.imported);
            return std::nullopt;
        }
        summary.imported += written->size();
        summary.alreadyImported += count - written->size();
        qCDebug(lcDatabase) << "imported" << summary.imported << "of" << toImport.size();
    }
    return summary;
}

QByteArray PersonImport::report(const Summary &summary)
{
    QByteArray out = "\xEF\xBB\xBF";
    out += Csv::line({QStringLiteral("row"), QStringLiteral("line"), QStringLiteral("outcome"),
                      QStringLiteral("legacy_reference"), QStringLiteral("given_name"),
                      QStringLiteral("family_name"), QStringLiteral("date_of_birth"),
                      QStringLiteral("postcode"), QStringLiteral("reasons")});
    for (const Problem &p : summary.problems) {
        out += Csv::line({QString::number(p.row), QString::number(p.line),
                          p.outcome == Outcome::Rejected ? QStringLiteral("rejected")
                                                         : QStringLiteral("duplicate"),
                          p.legacyReference, p.givenName, p.familyName, p.dateOfBirth, p.postcode,
                          p.reasons.join(QStringLiteral("; "))});
    }
    return out;
}

} // namespace FirstStop::Server
