#include "models/SearchQuery.h"

#include "models/NameFolding.h"
#include "models/NameVariants.h"

#include <QRegularExpression>

namespace FirstStop {

namespace {

// The reference alphabet of makePersonReference (no 0/O, 1/I/L).
bool isReferenceChar(QChar c)
{
    return QStringView(u"23456789ABCDEFGHJKMNPQRSTUVWXYZ").contains(c);
}

const QRegularExpression &ukFull()
{
    static const QRegularExpression re(u"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"_qs);
    return re;
}
const QRegularExpression &eircodeFull()
{
    static const QRegularExpression re(
        u"^(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W)[0-9AC-FHKNPRTV-Y]{4}$"_qs);
    return re;
}
const QRegularExpression &outwardCode()
{
    // UK outward code or Eircode routing key (D6W included).
    static const QRegularExpression re(u"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|D6W)$"_qs);
    return re;
}

bool isDigits(QStringView s)
{
    if (s.isEmpty()) {
        return false;
    }
    for (const QChar c : s) {
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

bool isNumberToken(QStringView s)
{
    bool digit = false;
    for (const QChar c : s) {
        if (c >= u'0' && c <= u'9') {
            digit = true;
        } else if (c != u'+' && c != u'(' && c != u')') {
            return false;
        }
    }
    return digit;
}

int twoDigitYear(int yy, const QDate &today)
{
    int year = today.year() / 100 * 100 + yy;
    if (year > today.year()) {
        year -= 100;
    }
    return year;
}

bool plausibleYear(int year, const QDate &today)
{
    return year >= 1880 && year <= today.year();
}

enum class DateShape
{
    NotADate,   // not shaped like a date at all
    Date,       // a date or a usable part of one
    Incomplete, // shaped like a date but saying nothing yet ("12/"): ignored while typing
    Impossible, // shaped like a date no calendar has (31/02/1990): searched as text
};

// "12/03/1985", "12.3.85", "1985-03-12", "03/1985", "3/85", "12/3", "12/3/19" (year being typed).
DateShape parseDate(QStringView token, const QDate &today, DateTerm *out)
{
    static const QRegularExpression shape(u"^[0-9]{1,4}(?:[/.\\-][0-9]{0,4}){1,2}$"_qs);
    const QString t = token.toString();
    if (!shape.match(t).hasMatch()) {
        return DateShape::NotADate;
    }
    static const QRegularExpression separators(u"[/.\\-]"_qs);
    QStringList parts = t.split(separators);
    while (!parts.isEmpty() && parts.last().isEmpty()) {
        parts.removeLast();
    }
    if (parts.isEmpty() || parts.contains(QString())) {
        return DateShape::NotADate;
    }
    DateTerm d;
    d.typed = t;
    bool dayFirst = false;
    if (parts.first().size() == 4) { // ISO: year first
        d.year = parts.at(0).toInt();
        if (parts.size() >= 2) {
            d.month = parts.at(1).toInt();
        }
        if (parts.size() >= 3) {
            d.day = parts.at(2).toInt();
        }
        if ((parts.size() >= 2 && parts.at(1).size() > 2) ||
            (parts.size() >= 3 && parts.at(2).size() > 2)) {
            return DateShape::Impossible;
        }
    } else if (parts.size() == 2 &&
               (parts.at(1).size() == 4 || (parts.at(1).size() == 2 && parts.at(1).toInt() > 12))) {
        d.month = parts.at(0).toInt(); // month/year: 03/1985, 3/85
        d.year = parts.at(1).size() == 4 ? parts.at(1).toInt()
                                         : twoDigitYear(parts.at(1).toInt(), today);
    } else if (parts.first().size() <= 2) { // day first
        dayFirst = true;
        d.day = parts.at(0).toInt();
        if (parts.size() >= 2) {
            if (parts.at(1).size() > 2) {
                return parts.at(1).size() < 4 ? DateShape::Incomplete : DateShape::Impossible;
            }
            d.month = parts.at(1).toInt();
        }
        if (parts.size() >= 3) {
            const QString &y = parts.at(2);
            if (y.size() == 2) {
                d.year = twoDigitYear(y.toInt(), today);
            } else if (y.size() == 4) {
                d.year = y.toInt();
            } // 1 or 3 digits: the year is still being typed
        }
    } else {
        return DateShape::NotADate;
    }
    if ((d.year != 0 && !plausibleYear(d.year, today)) || d.month > 12 || d.day > 31) {
        return DateShape::Impossible;
    }
    if ((parts.size() >= 2 && d.month == 0) || (dayFirst && d.day == 0)) {
        return DateShape::Impossible; // 0/3/1985, 12/0/1985
    }
    if (d.month == 0 && d.year == 0) {
        return DateShape::Incomplete; // only a day so far
    }
    if (d.day > 0 && d.month > 0) {
        // 29/02 needs a leap year when the year is known; 31/04 never exists.
        const QDate check(d.year > 0 ? d.year : 2000, d.month, d.day);
        if (!check.isValid() || (d.isFull() && check > today)) {
            return DateShape::Impossible;
        }
    }
    *out = d;
    return DateShape::Date;
}

// A run of number groups ("+44 29 2087 1234", "12 3 1985", "1985", "029") read as one thing.
struct NumberReading
{
    QString phone;
    std::optional<DateTerm> date;
};

NumberReading readNumbers(const QStringList &group, const QDate &today)
{
    NumberReading r;
    const QString joined = group.join(QString());
    const QString digits = NameFolding::digits(joined);
    if (group.size() == 3 && !joined.startsWith(u'+') && isDigits(group.at(0)) &&
        isDigits(group.at(1)) && isDigits(group.at(2)) && group.at(0).size() <= 2 &&
        group.at(1).size() <= 2 && (group.at(2).size() == 2 || group.at(2).size() == 4)) {
        DateTerm d;
        if (parseDate(group.join(u'/'), today, &d) == DateShape::Date && d.isFull()) {
            d.typed = group.join(u' ');
            r.date = d;
            return r;
        }
    }
    const bool international = joined.startsWith(u'+') || joined.startsWith(u"00");
    if (group.size() == 1 && digits.size() == 4 && !digits.startsWith(u'0') &&
        plausibleYear(digits.toInt(), today)) {
        DateTerm d;
        d.year = digits.toInt();
        d.typed = group.first();
        r.date = d;
        return r;
    }
    if (international || digits.startsWith(u'0') ? digits.size() >= 3 : digits.size() >= 6) {
        r.phone = phoneKey(joined);
    }
    return r; // short numbers (a house number, a date half typed) say nothing yet
}

// Name words in order; a particle typed as a word joins the word after it.
QList<NameTerm> nameTerms(const QStringList &rawWords)
{
    QList<NameTerm> out;
    QList<QPair<QString, QStringList>> words; // typed, folded words
    for (const QString &raw : rawWords) {
        // Split glued particles the way stored names are (O'Brien → O Brien, McCarthy → Mc Carthy).
        for (const NameForm &f : NameKeys::analyse(raw)) {
            for (const QString &w : f.words) {
                words.append({raw, {w}});
            }
        }
    }
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &w = words.at(i).second.first();
        NameTerm t;
        t.typed = words.at(i).first;
        const QString particle = NameKeys::canonicalParticle(w);
        if (!particle.isEmpty() && i + 1 < words.size()) {
            // Particle, optional article, name: "mac an bhaird", "o sullivan", "ni bhriain".
            QStringList rest;
            qsizetype j = i + 1;
            while (j + 1 < words.size() &&
                   (words.at(j).second.first() == u"an" || words.at(j).second.first() == u"t")) {
                rest << words.at(j).second.first();
                ++j;
            }
            const QString &name = words.at(j).second.first();
            t.particle = particle;
            t.text = w + rest.join(QString()) + name;
            t.stems << NameKeys::delenite(name);
            if (t.stems.first() != name) {
                t.stems << name;
            }
            if (words.at(j).first != t.typed) {
                t.typed += u' ' + words.at(j).first;
            }
            i = j;
        } else {
            t.text = w;
            t.stems = NameKeys::speculativeStems(w);
        }
        out.append(t);
    }
    return out;
}

} // namespace

bool SearchQuery::isEmpty() const
{
    return names.isEmpty() && !dateOfBirth && !postcode && phone.isEmpty() && email.isEmpty() &&
           reference.isEmpty();
}

QString phoneKey(QStringView text)
{
    QString digits = NameFolding::digits(text);
    const QString trimmed = text.trimmed().toString();
    bool international = trimmed.startsWith(u'+');
    if (!international && digits.startsWith(u"00")) {
        digits.remove(0, 2);
        international = true;
    }
    if (international) {
        if (digits.startsWith(u"44")) {
            digits.remove(0, 2);
        } else if (digits.startsWith(u"353")) {
            digits.remove(0, 3);
        }
    }
    if (digits.startsWith(u'0')) {
        digits.remove(0, 1); // the trunk prefix, also "(0)" after a country code
    }
    return digits;
}

PostcodeKey postcodeKey(QStringView text)
{
    PostcodeKey k;
    k.key = NameFolding::postcodeKey(text);
    if (ukFull().match(k.key).hasMatch()) {
        k.outward = k.key.left(k.key.size() - 3);
    } else if (eircodeFull().match(k.key).hasMatch()) {
        k.outward = k.key.left(3);
    }
    return k;
}

bool isOutwardCode(QStringView text)
{
    return outwardCode().match(text.toString()).hasMatch();
}

QString emailKey(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z')) {
            out += c;
        } else if (c >= u'A' && c <= u'Z') {
            out += c.toLower();
        }
    }
    return out;
}

SearchQuery SearchQuery::parse(QStringView text, const QDate &today)
{
    SearchQuery q;
    QString cleaned = text.toString();
    cleaned.replace(u',', u' ').replace(u';', u' ');
    const QStringList tokens = cleaned.split(u' ', Qt::SkipEmptyParts);
    QStringList nameWords;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString &token = tokens.at(i);
        // E-mail.
        if (token.contains(u'@')) {
            if (q.email.isEmpty()) {
                q.email = emailKey(token);
            }
            continue;
        }
        // The organisation's reference: FS-XXXXX-XXXXX (or a former FS-XXXXXXXX), with or without
        // the hyphens, or its start.
        {
            QString up = token.toUpper();
            const bool hyphen = up.startsWith(u"FS-");
            up.remove(u'-');
            if (up.startsWith(u"FS") && (hyphen || up.size() >= 6)) {
                const QString rest = up.mid(2);
                if (rest.size() <= 10 && std::all_of(rest.begin(), rest.end(), isReferenceChar)) {
                    if (q.reference.isEmpty() && !rest.isEmpty()) {
                        q.reference = rest;
                    }
                    continue;
                }
            }
        }
        // Dates with separators.
        {
            DateTerm d;
            switch (parseDate(token, today, &d)) {
            case DateShape::Date:
                if (!q.dateOfBirth) {
                    q.dateOfBirth = d;
                }
                continue;
            case DateShape::Incomplete:
                continue;
            case DateShape::Impossible:
                nameWords << token; // searched as text: nobody's name, so nobody is wrongly shown
                continue;
            case DateShape::NotADate:
                break;
            }
        }
        // Numbers: a phone number in groups, a year, a date with spaces.
        if (isNumberToken(token)) {
            QStringList group{token};
            while (i + 1 < tokens.size() && isNumberToken(tokens.at(i + 1))) {
                group << tokens.at(++i);
            }
            const NumberReading r = readNumbers(group, today);
            if (r.date && !q.dateOfBirth) {
                q.dateOfBirth = r.date;
            } else if (!r.phone.isEmpty() && q.phone.isEmpty()) {
                q.phone = r.phone;
            }
            continue;
        }
        // Postcodes and Eircodes: letters and digits, starting with a letter.
        const QString key = NameFolding::postcodeKey(token);
        const bool hasDigit =
            std::any_of(key.begin(), key.end(), [](QChar c) { return c.isDigit(); });
        if (hasDigit && key.size() >= 2 && key.front().isLetter() && !q.postcode) {
            PostcodeTerm p;
            p.typed = token;
            const PostcodeKey full = postcodeKey(key);
            if (!full.outward.isEmpty()) {
                p.outward = full.outward;
                p.key = full.key;
                p.complete = true;
            } else if (outwardCode().match(key).hasMatch()) {
                p.outward = key;
                p.key = key;
                // "PL1 4", "PL1 4AB", "D02 X285": the inward part (or the start of it) follows.
                static const QRegularExpression inward(u"^[0-9A-Z]{1,4}$"_qs);
                if (i + 1 < tokens.size()) {
                    const QString next = NameFolding::postcodeKey(tokens.at(i + 1));
                    const bool nextIsName =
                        std::none_of(next.begin(), next.end(), [](QChar c) { return c.isDigit(); });
                    if (!nextIsName && inward.match(next).hasMatch() &&
                        tokens.at(i + 1).size() == next.size()) {
                        p.key = key + next;
                        p.typed += u' ' + tokens.at(++i);
                        const PostcodeKey whole = postcodeKey(p.key);
                        p.complete = !whole.outward.isEmpty();
                        if (p.complete) {
                            p.outward = whole.outward;
                        }
                    }
                }
            } else {
                // Not shaped like a code: perhaps one being typed oddly; match it as a start.
                p.key = key;
            }
            q.postcode = p;
            continue;
        }
        nameWords << token;
    }
    q.names = nameTerms(nameWords);
    return q;
}

} // namespace FirstStop
