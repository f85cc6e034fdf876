#pragma once

#include "models/NameVariants.h"
#include "models/Person.h"
#include "models/SearchQuery.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

// Citizen search without the database: what a person is indexed under, the full-text query for
// each tier, and the judgement of one candidate (does it match, how well, and why). LocalStore
// runs the SQL; everything here is pure and unit-tested.
namespace FirstStop {

// How a result matched, best first. A result's tier is its weakest part: "sean murphy" finding
// Seán Murphy is exact, finding Shaun Murphy is a variant.
enum class MatchTier : quint8
{
    Exact,      // every part as written (case, accents, apostrophes and spacing aside)
    Prefix,     // some part only by its start (typing in progress)
    Variant,    // a nickname or another form (Bill/William, O'Sullivan/Ní Shúilleabháin)
    SoundAlike, // sounds the same (Shivaun/Siobhán, Stephen/Steven, Thompson/Thomson)
    Typo,       // one letter inserted, dropped, changed or swapped
};

// Stable names for scripts and JSON: "exact", "prefix", "variant", "sound-alike", "typo".
QString matchTierName(MatchTier tier);

namespace PersonSearch {

// Bumped whenever indexText() changes, so an existing cache is re-indexed when it is opened.
constexpr int kIndexVersion = 1;

// Digits of a phone number (after the trunk 0 or country code) before it is also looked for by
// its start; fewer are matched only as a whole number. Eight of ten narrow a UK number to 100.
constexpr qsizetype kPhonePrefixDigits = 8;

enum class NameField
{
    Given,
    Family,
    Preferred,
    Previous, // previous or maiden names, when the record has them
};

struct SearchableName
{
    NameField field;
    QString name;
};

// Every name a person can be found by. Previous and maiden names slot in here once the record
// has them; the index and the matcher both read this list.
QList<SearchableName> searchableNames(const Person &p);

// The tokens the person is indexed under, space-separated: name keys (NameKeys::exactKeys) and
// their sounds, date of birth (whole, year, day and month), postcode (whole and outward), phone,
// e-mail and reference. Non-name tokens start with "0" and a letter, which no name key does.
QString indexText(const Person &p);

// The word table: name keys worth finding by one-letter typos (three letters or more), and the
// postcode area ("0o" and the outward code), so a short area typed alone is searched as the areas
// that exist.
QStringList vocabulary(const Person &p);

struct Evaluation
{
    MatchTier tier = MatchTier::Exact;
    int score = 0; // higher is better, within a tier
    QString reason;
};

// One typed query, prepared: the full-text expression for each tier and the judgement of each
// candidate the expression finds.
class Matcher final
{
public:
    // The tiers as search levels: level n finds everything of tier n or better (typos and
    // sound-alikes share the last level).
    static constexpr int kLevels = 4;

    Matcher(SearchQuery query, const NameVariants &variants);

    const SearchQuery &query() const { return m_query; }
    bool isEmpty() const { return m_query.isEmpty(); }

    // Strings one letter from a typed name (four letters or more); the caller keeps those that are
    // real name keys (the vocabulary) and hands them back.
    QStringList typoCandidates() const;
    void setKnownTypoWords(const QSet<QString> &words);

    // An outward code typed alone ("CF1") is searched as the postcode areas on record that start
    // with it. The caller looks up the areas (lower case, without the index prefix) starting with
    // outwardLookupPrefix() and hands them back; without them the index is searched by prefix.
    // Empty when the query has no such code.
    QString outwardLookupPrefix() const;
    void setKnownOutwards(const QStringList &codes);

    // The FTS5 MATCH expression for a level, or empty when the level adds nothing to the one
    // before.
    QString matchExpression(int level) const;

    // Whether the person matches, at which tier, how well and why.
    std::optional<Evaluation> evaluate(const Person &p) const;

private:
    struct Term
    {
        NameTerm name;
        QStringList variants;
        QStringList phonetics;
        QStringList typoWords;
    };
    QString expression(int level) const;

    SearchQuery m_query;
    const NameVariants &m_variants;
    QList<Term> m_terms;
    std::optional<QStringList> m_knownOutwards;
};

// The duplicate check before a new record is saved: the searches that find someone who may
// already be on record, strongest first. They are ordinary citizen searches (the same name
// variants, sound-alikes and typos), built from the new record's own fields rather than typed.
enum class DuplicateKind
{
    NameAndDateOfBirth, // every name part similar, same date of birth
    NameAndPostcode,    // every name part similar, same postcode or Eircode
    Phone,              // the same phone number, however written
    Email,              // the same e-mail address
    GivenNameAndBirth,  // same date of birth, similar given name (the family name may have changed)
    FamilyNameAndBirth, // same date of birth, similar family name
};

struct DuplicateProbe
{
    DuplicateKind kind;
    SearchQuery query;
    // Phone and e-mail must be the same, not merely start alike.
    bool exactOnly = false;
};

QList<DuplicateProbe> duplicateProbes(const Person &candidate);
// Why a likely match is listed, for the clerk ("Same date of birth and a similar name").
QString duplicateKindText(DuplicateKind kind);

} // namespace PersonSearch

} // namespace FirstStop
