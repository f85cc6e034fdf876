#include "models/NameVariants.h"

#include "models/Logging.h"
#include "models/NameFolding.h"

#include <QFile>
#include <QMutex>
#include <QSet>

#include <map>

namespace FirstStop {

namespace {

bool isApostrophe(QChar c)
{
    return c == u'\'' || c == u'\u2019' || c == u'\u2018' || c == u'`' || c == u'\u00B4' ||
           c == u'\u02BC';
}

bool isVowel(QChar c)
{
    return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u' || c == u'y';
}

bool isSeparator(QChar c)
{
    return c.isSpace() || c == u'-';
}

// Splits a particle glued to its name so the folded words show it: "O'Brien" → "O Brien",
// "M'Donald" → "M Donald", "McCarthy" → "Mc Carthy", "MacDonald" → "Mac Donald". "Mac" is only
// split before a capital, so Mackintosh and Macey stay whole.
QString splitGluedParticles(QStringView name)
{
    QString out;
    out.reserve(name.size() + 4);
    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n; ++i) {
        const bool wordStart = i == 0 || isSeparator(name.at(i - 1));
        if (wordStart && i + 2 < n) {
            const QChar c = name.at(i);
            const QChar lower = c.toLower();
            if ((lower == u'o' || lower == u'\u00F3' || lower == u'm') &&
                isApostrophe(name.at(i + 1)) && name.at(i + 2).isLetter()) {
                out += c;
                out += u' ';
                ++i; // the apostrophe
                continue;
            }
            if (lower == u'm' && name.at(i + 1).toLower() == u'c' && name.at(i + 2).isLetter()) {
                out += name.mid(i, 2);
                out += u' ';
                ++i;
                continue;
            }
            if (c == u'M' && i + 3 < n && name.at(i + 1) == u'a' && name.at(i + 2) == u'c' &&
                name.at(i + 3).isUpper()) {
                out += name.mid(i, 3);
                out += u' ';
                i += 2;
                continue;
            }
        }
        out += name.at(i);
    }
    return out;
}

// Double-barrelled names split at hyphens, except the Irish t-/n- before a noun (Mac an t-Saoir).
QStringList barrels(const QString &name)
{
    QStringList out;
    for (const QString &piece : name.split(u'-')) {
        const QString trimmed = piece.trimmed();
        if (!out.isEmpty()) {
            const QString &previous = out.last();
            const bool article =
                previous.size() >= 1 && (previous.endsWith(u" t"_qs, Qt::CaseInsensitive) ||
                                         previous.endsWith(u" n"_qs, Qt::CaseInsensitive) ||
                                         previous.compare(u"t"_qs, Qt::CaseInsensitive) == 0);
            if (article) {
                out.last() += u' ' + trimmed;
                continue;
            }
        }
        out.append(trimmed);
    }
    out.removeAll(QString());
    return out;
}

bool isGaelicParticle(const QString &particle)
{
    return particle == u"o" || particle == u"ni" || particle == u"ui" || particle == u"mac" ||
           particle == u"nic" || particle == u"mhic";
}

bool isArticle(const QString &word)
{
    return word == u"an" || word == u"a" || word == u"t" || word == u"na" || word == u"n";
}

NameForm analyseBarrel(const QString &barrel)
{
    NameForm form;
    form.words = NameFolding::tokens(barrel);
    if (form.words.isEmpty()) {
        return form;
    }
    form.joined = form.words.join(QString());
    form.stem = form.joined;
    if (form.words.size() >= 2) {
        const QString particle = NameKeys::canonicalParticle(form.words.first());
        if (!particle.isEmpty()) {
            QStringList rest = form.words.mid(1);
            while (rest.size() >= 2 && isArticle(rest.first())) {
                rest.removeFirst();
            }
            if (isGaelicParticle(particle)) {
                rest.first() = NameKeys::delenite(rest.first());
            }
            form.particle = particle;
            form.stem = rest.join(QString());
        }
    }
    return form;
}

void appendUnique(QStringList &list, const QString &s)
{
    if (!s.isEmpty() && !list.contains(s)) {
        list.append(s);
    }
}

} // namespace

namespace NameKeys {

QList<NameForm> analyse(QStringView name)
{
    QList<NameForm> out;
    for (const QString &barrel : barrels(splitGluedParticles(name))) {
        NameForm form = analyseBarrel(barrel);
        if (!form.joined.isEmpty()) {
            out.append(std::move(form));
        }
    }
    return out;
}

QStringList exactKeys(const QList<NameForm> &forms)
{
    QStringList keys;
    QString whole;
    for (const NameForm &f : forms) {
        for (const QString &w : f.words) {
            appendUnique(keys, w);
        }
        appendUnique(keys, f.joined);
        appendUnique(keys, f.stem);
        whole += f.joined;
    }
    appendUnique(keys, whole);
    return keys;
}

QString canonicalParticle(QStringView w)
{
    if (w == u"o" || w == u"ua") {
        return u"o"_qs;
    }
    if (w == u"mac" || w == u"mc" || w == u"m") {
        return u"mac"_qs;
    }
    if (w == u"ni" || w == u"nic" || w == u"ui" || w == u"mhic" || w == u"de") {
        return w.toString();
    }
    if (w == u"ap" || w == u"ab") {
        return u"ap"_qs;
    }
    if (w == u"ferch" || w == u"verch") {
        return u"ferch"_qs;
    }
    return {};
}

QString delenite(const QString &w)
{
    if (w.size() > 2 && w.at(1) == u'h' && QStringView(u"bcdfgmpst").contains(w.at(0))) {
        return w.at(0) + w.mid(2);
    }
    if (w.size() > 2 && w.at(0) == u'h' && isVowel(w.at(1))) {
        return w.mid(1);
    }
    return w;
}

QStringList speculativeStems(QStringView w)
{
    QStringList out;
    if (w.startsWith(u"mc") && w.size() >= 5) {
        appendUnique(out, w.mid(2).toString());
    }
    if (w.startsWith(u"mac") && w.size() >= 6) {
        appendUnique(out, w.mid(3).toString());
    }
    if (w.startsWith(u"o") && w.size() >= 5) {
        appendUnique(out, w.mid(1).toString());
        appendUnique(out, delenite(w.mid(1).toString()));
    }
    if (w.startsWith(u"ap") && w.size() >= 5) {
        appendUnique(out, w.mid(2).toString());
    }
    return out;
}

QString phonetic(QStringView w)
{
    QString out;
    const qsizetype n = w.size();
    qsizetype i = 0;
    // Silent first letters (Knight, Wright, Psmith) and a leading h (Hannah ~ Anna).
    if (n >= 2 && ((w.at(0) == u'k' && w.at(1) == u'n') || (w.at(0) == u'g' && w.at(1) == u'n') ||
                   (w.at(0) == u'w' && w.at(1) == u'r') || (w.at(0) == u'p' && w.at(1) == u's'))) {
        i = 1;
    }
    if (i < n && w.at(i) == u'h' && i + 1 < n && isVowel(w.at(i + 1))) {
        ++i;
    }
    int letters = 0;
    QChar last;
    for (; i < n; ++i) {
        const QChar c = w.at(i);
        const QChar next = i + 1 < n ? w.at(i + 1) : QChar();
        const QChar prev = i > 0 ? w.at(i - 1) : QChar();
        if (!c.isLetter()) {
            continue;
        }
        ++letters;
        if (isVowel(c)) {
            if (out.isEmpty()) {
                out += u'A'; // a name starting with a vowel: Aoife ~ Eefa
            }
            last = QChar(); // a vowel separates repeated consonants (Nana ≠ Nan)
            continue;
        }
        QString code;
        switch (c.unicode()) {
        case u'b':
            if (next == u'h') {
                code = u"F"_qs; // Irish bh = v
                ++i;
            } else if (prev == u'm' && i + 1 == n) {
                code = QString(); // Lamb
            } else {
                code = u"B"_qs;
            }
            break;
        case u'c':
        case u'k':
        case u'q':
            if (next == u'h' || next == u'k') {
                ++i;
            }
            code = u"K"_qs;
            break;
        case u'd':
            if (next == u'h') {
                ++i; // Irish dh, silent or a glide (Tadhg ~ Taig)
            } else {
                code = u"D"_qs;
            }
            break;
        case u'g':
            if (next == u'h') {
                ++i; // gh: Vaughan, Gallagher
            } else {
                code = u"G"_qs;
            }
            break;
        case u'm':
            if (next == u'h') {
                code = u"F"_qs; // Irish mh = v (Niamh ~ Neve)
                ++i;
            } else {
                code = u"M"_qs;
            }
            break;
        case u'p':
            if (next == u'h') {
                code = u"F"_qs;
                ++i;
            } else if (prev == u'm' && next == u's') {
                code = QString(); // Thompson ~ Thomson
            } else {
                code = u"P"_qs;
            }
            break;
        case u's':
        case u'z':
            if (next == u'h') {
                ++i;
            }
            code = u"S"_qs;
            break;
        case u't':
            if (next == u'h') {
                ++i;
            }
            code = u"T"_qs;
            break;
        case u'f':
        case u'v':
            code = u"F"_qs;
            break;
        case u'w':
            code = isVowel(next) ? u"W"_qs : QString(); // Shawn ~ Sean, but Owen keeps its w
            break;
        case u'x':
            code = u"KS"_qs;
            break;
        case u'h':
            break; // silent on its own
        default:
            code = QString(c.toUpper());
            break;
        }
        if (code.isEmpty()) {
            continue;
        }
        if (!last.isNull() && code.front() == last) {
            code.remove(0, 1); // Sullivan: one L
        }
        out += code;
        if (!code.isEmpty()) {
            last = code.back();
        }
    }
    return letters >= 2 ? out : QString();
}

bool withinOneEdit(QStringView a, QStringView b)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    if (la == lb) {
        qsizetype first = -1;
        int mismatches = 0;
        for (qsizetype i = 0; i < la; ++i) {
            if (a.at(i) != b.at(i)) {
                if (++mismatches == 1) {
                    first = i;
                } else if (mismatches > 2) {
                    return false;
                }
            }
        }
        if (mismatches <= 1) {
            return true;
        }
        // Two neighbours swapped: "smiht" / "smith".
        return first + 1 < la && a.at(first) == b.at(first + 1) && a.at(first + 1) == b.at(first) &&
               a.mid(first + 2) == b.mid(first + 2);
    }
    if (la + 1 == lb) {
        return withinOneEdit(b, a);
    }
    if (la != lb + 1) {
        return false;
    }
    // a is one longer: skip one character of a.
    qsizetype i = 0;
    while (i < lb && a.at(i) == b.at(i)) {
        ++i;
    }
    return a.mid(i + 1) == b.mid(i);
}

QStringList oneEditCandidates(QStringView w)
{
    QSet<QString> out;
    const QString word = w.toString();
    const qsizetype n = word.size();
    for (qsizetype i = 0; i < n; ++i) {
        out.insert(QString(word).remove(i, 1));
        if (i + 1 < n) {
            QString swapped = word;
            std::swap(swapped[i], swapped[i + 1]);
            out.insert(swapped);
        }
        for (char16_t c = u'a'; c <= u'z'; ++c) {
            QString sub = word;
            sub[i] = QChar(c);
            out.insert(sub);
        }
    }
    for (qsizetype i = 0; i <= n; ++i) {
        for (char16_t c = u'a'; c <= u'z'; ++c) {
            out.insert(QString(word).insert(i, QChar(c)));
        }
    }
    out.remove(word);
    out.remove(QString());
    return QStringList(out.begin(), out.end());
}

} // namespace NameKeys

int NameVariants::addGroups(QStringView tsv, Kind kind, bool skipTitle)
{
    int added = 0;
    for (QStringView line : tsv.split(u'\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'#')) {
            continue;
        }
        QStringList keys;
        const QList<QStringView> names = line.split(u'\t');
        for (qsizetype i = skipTitle ? 1 : 0; i < names.size(); ++i) {
            const QList<NameForm> forms = NameKeys::analyse(names.at(i));
            QString whole;
            for (const NameForm &f : forms) {
                // Particles alone ("o", "ni") would link every cluster: only whole forms count.
                if (f.joined.size() >= 2) {
                    appendUnique(keys, f.joined);
                }
                if (f.stem.size() >= 2) {
                    appendUnique(keys, f.stem);
                }
                whole += f.joined;
            }
            if (whole.size() >= 2) {
                appendUnique(keys, whole);
            }
        }
        if (keys.size() < 2) {
            continue;
        }
        const int id = static_cast<int>(m_groups.size());
        for (const QString &k : keys) {
            m_groupsOfKey[k].append(id);
        }
        m_groups.append({keys, kind});
        ++added;
    }
    return added;
}

int NameVariants::addGivenNames(QStringView tsv)
{
    const int n = addGroups(tsv, Kind::GivenName, false);
    m_givenGroups += n;
    return n;
}

int NameVariants::addSurnameClusters(QStringView tsv)
{
    const int n = addGroups(tsv, Kind::Surname, true);
    m_surnameClusters += n;
    return n;
}

QStringList NameVariants::variantsOf(const QString &key) const
{
    QStringList out;
    const auto it = m_groupsOfKey.constFind(key);
    if (it == m_groupsOfKey.constEnd()) {
        return out;
    }
    for (const int id : it.value()) {
        for (const QString &k : m_groups.at(id).keys) {
            if (k != key) {
                appendUnique(out, k);
            }
        }
    }
    return out;
}

bool NameVariants::related(const QString &a, const QString &b, Kind *kind) const
{
    const auto ia = m_groupsOfKey.constFind(a);
    const auto ib = m_groupsOfKey.constFind(b);
    if (ia == m_groupsOfKey.constEnd() || ib == m_groupsOfKey.constEnd()) {
        return false;
    }
    for (const int id : ia.value()) {
        if (ib.value().contains(id)) {
            if (kind) {
                *kind = m_groups.at(id).kind;
            }
            return true;
        }
    }
    return false;
}

std::shared_ptr<const NameVariants> NameVariants::load(const QString &extraGivenNamesPath)
{
    // One copy per extra table for the whole process: both the search thread and tests share it.
    static QMutex mutex;
    static std::map<QString, std::shared_ptr<const NameVariants>> cache;
    const QMutexLocker lock(&mutex);
    if (const auto it = cache.find(extraGivenNamesPath); it != cache.end()) {
        return it->second;
    }
    auto variants = std::make_shared<NameVariants>();
    const auto read = [](const QString &path) -> QString {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            qCWarning(lcPersonSearch).noquote()
                << "cannot read name table" << path << f.errorString();
            return {};
        }
        return QString::fromUtf8(f.readAll());
    };
    variants->addGivenNames(read(u":/firststop/data/given-name-variants.tsv"_qs));
    variants->addSurnameClusters(read(u":/firststop/data/irish-surnames.tsv"_qs));
    if (!extraGivenNamesPath.isEmpty() && QFile::exists(extraGivenNamesPath)) {
        const int n = variants->addGivenNames(read(extraGivenNamesPath));
        qCInfo(lcPersonSearch).noquote()
            << "added" << n << "given-name groups from" << extraGivenNamesPath;
    }
    cache.emplace(extraGivenNamesPath, variants);
    return variants;
}

} // namespace FirstStop
