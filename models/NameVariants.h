#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>

// How names are matched as people say and write them, beyond folding case and accents
// (NameFolding): Irish, Scottish and Welsh particles and the lenition they bring, a phonetic key
// for sound-alikes, one-letter typos, and the variant tables (given-name nicknames and forms, Irish
// surname clusters). Pure functions and read-only tables: safe to share between threads.
namespace FirstStop {

// One name (or one barrel of a double-barrelled name) as the search sees it.
struct NameForm
{
    QStringList words; // folded words, a glued particle split off: "O'Brien" → "o", "brien"
    QString joined;    // the words run together: "obrien"
    // The joined words without a leading particle (Ó, O', Ua, Mac, Mc, M', Ní, Nic, Uí, Mhic, ap,
    // ab, ferch, de), the article after it (an, t) and the lenition or h- it brings:
    // "Ní Shúilleabháin" → "suilleabhain", "Ó hAodha" → "aodha". Equal to joined without a
    // particle.
    QString stem;
    // The particle in canonical form ("o" for Ó/O'/Ua, "mac" for Mac/Mc/M', "ni", "nic", "ui",
    // "mhic", "ap" for ap/ab, "ferch", "de"); empty when there is none.
    QString particle;
};

namespace NameKeys {

// The barrels of a name ("O'Brien-Nwosu" → O'Brien, Nwosu; "Mac an t-Saoir" stays one), each
// analysed. Empty for a name with no letters or digits.
QList<NameForm> analyse(QStringView name);

// Every key a name can be found by exactly: its words, each barrel joined and stemmed, and the
// whole name joined ("O'Brien-Nwosu" → o, brien, nwosu, obrien, obriennwosu). No duplicates.
QStringList exactKeys(const QList<NameForm> &forms);

// The canonical particle for a folded word ("mc" → "mac", "ua" → "o"), or empty.
QString canonicalParticle(QStringView foldedWord);

// Removes lenition or a prefixed h from the first word after a particle ("shuilleabhain" →
// "suilleabhain", "haodha" → "aodha").
QString delenite(const QString &foldedWord);

// A word typed in one piece may hide a particle: "osullivan" → "sullivan", "mccarthy" → "carthy".
QStringList speculativeStems(QStringView foldedWord);

// A consonant skeleton of how a folded name sounds, tuned for Irish, Welsh and English spelling
// (bh/mh/v/ph/f alike, th = t, sh = s, c = k, silent dh/gh, vowels dropped after the first):
// "siobhan" and "shivaun" → "SFN", "stephen" and "steven" → "STFN", "thompson" and "thomson" →
// "TMSN". Empty for fewer than two letters.
QString phonetic(QStringView folded);

// True when a and b differ by at most one insertion, deletion, substitution or swap of two
// neighbouring letters (Damerau–Levenshtein distance ≤ 1).
bool withinOneEdit(QStringView a, QStringView b);

// Every string one edit (as above) from a folded word, over the letters a–z; without the word.
QStringList oneEditCandidates(QStringView folded);

} // namespace NameKeys

// The variant tables: given-name groups (nicknames and forms in other languages) and Irish surname
// clusters (the Irish and English forms of one family name, with women's forms). Loaded once and
// then only read.
class NameVariants final
{
public:
    enum class Kind
    {
        GivenName,
        Surname,
    };

    NameVariants() = default;

    // The tables compiled into the application (resources/data), plus, when it exists, an
    // administrator's extra given-name table in the same format.
    static std::shared_ptr<const NameVariants> load(const QString &extraGivenNamesPath = {});

    // One group per line, tab-separated names; '#' starts a comment line. Returns the number of
    // groups added.
    int addGivenNames(QStringView tsv);
    // One cluster per line: a title, then the forms, tab-separated. Returns the clusters added.
    int addSurnameClusters(QStringView tsv);

    // The keys (exactKeys of every form) that share a group or cluster with key, without key.
    QStringList variantsOf(const QString &key) const;
    // Whether two keys share a group or cluster, and which kind of table links them.
    bool related(const QString &a, const QString &b, Kind *kind = nullptr) const;

    int givenNameGroups() const { return m_givenGroups; }
    int surnameClusters() const { return m_surnameClusters; }

private:
    int addGroups(QStringView tsv, Kind kind, bool skipTitle);

    struct Group
    {
        QStringList keys;
        Kind kind;
    };
    QList<Group> m_groups;
    QHash<QString, QList<int>> m_groupsOfKey;
    int m_givenGroups = 0;
    int m_surnameClusters = 0;
};

} // namespace FirstStop
