#include "models/PersonSearch.h"

#include "models/NameFolding.h"

#include <QLocale>
#include <QObject>

namespace FirstStop {

QString matchTierName(MatchTier tier)
{
    switch (tier) {
    case MatchTier::Exact:
        return u"exact"_qs;
    case MatchTier::Prefix:
        return u"prefix"_qs;
    case MatchTier::Variant:
        return u"variant"_qs;
    case MatchTier::SoundAlike:
        return u"sound-alike"_qs;
    case MatchTier::Typo:
        return u"typo"_qs;
    }
    return {};
}

namespace PersonSearch {

namespace {

// Within a tier, how good one part of a match is.
constexpr int kQualityWhole = 30;   // the typed name is a whole key
constexpr int kQualityStem = 27;    // the same name without its particle (Sullivan / O'Sullivan)
constexpr int kQualityPrefix = 20;  // the start of a key
constexpr int kQualityVariant = 15; // a variant from the tables
constexpr int kQualityIrishForm = 16;
constexpr int kQualitySound = 10;
constexpr int kQualityTypo = 8;
constexpr int kConstraintExact = 6;
constexpr int kConstraintPrefix = 3;
constexpr int kNameOrderBonus = 3; // "sean murphy": given name first, family name last

QString fieldLabel(NameField f)
{
    switch (f) {
    case NameField::Given:
        return QObject::tr("given name");
    case NameField::Family:
        return QObject::tr("family name");
    case NameField::Preferred:
        return QObject::tr("known as");
    case NameField::Previous:
        return QObject::tr("previous name");
    }
    return {};
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

QString referenceKey(const QString &reference)
{
    return personReferenceKey(reference);
}

struct NamePart
{
    NameField field;
    QString name; // as stored
    QList<NameForm> forms;
    QStringList keys;
    QStringList phonetics;
};

struct TermHit
{
    MatchTier tier = MatchTier::Typo;
    int quality = -1;
    const NamePart *part = nullptr;
    bool irishForm = false;
    NameVariants::Kind variantKind = NameVariants::Kind::GivenName;
};

bool better(const TermHit &a, const TermHit &b)
{
    return b.quality < 0 || a.tier < b.tier || (a.tier == b.tier && a.quality > b.quality);
}

bool isDigitsOnly(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.isDigit(); });
}

} // namespace

QList<SearchableName> searchableNames(const Person &p)
{
    QList<SearchableName> out;
    if (!p.givenName.isEmpty()) {
        out.append({NameField::Given, p.givenName});
    }
    if (!p.familyName.isEmpty()) {
        out.append({NameField::Family, p.familyName});
    }
    if (!p.preferredName.isEmpty()) {
        out.append({NameField::Preferred, p.preferredName});
    }
    for (const QString &previous : p.previousNames) {
        out.append({NameField::Previous, previous});
    }
    return out;
}

QString indexText(const Person &p)
{
    QStringList tokens;
    const auto add = [&tokens](const QString &t) {
        if (!t.isEmpty() && !tokens.contains(t)) {
            tokens.append(t);
        }
    };
    for (const SearchableName &n : searchableNames(p)) {
        for (const QString &key : NameKeys::exactKeys(NameKeys::analyse(n.name))) {
            add(key);
            const QString sound = NameKeys::phonetic(key);
            if (!sound.isEmpty()) {
                add(u"0p"_qs + sound.toLower());
            }
        }
    }
    if (p.dateOfBirth.isValid()) {
        add(u"0d"_qs + p.dateOfBirth.toString(u"yyyyMMdd"_qs));
        add(u"0y"_qs + QString::number(p.dateOfBirth.year()));
        add(u"0m"_qs + p.dateOfBirth.toString(u"MMdd"_qs));
    }
    const PostcodeKey postcode = postcodeKey(p.postcode);
    if (!postcode.key.isEmpty()) {
        add(u"0c"_qs + postcode.key.toLower());
    }
    if (!postcode.outward.isEmpty()) {
        add(u"0o"_qs + postcode.outward.toLower());
    }
    if (const QString phone = phoneKey(p.phone); phone.size() >= 3) {
        add(u"0t"_qs + phone);
    }
    if (const QString email = emailKey(p.email); !email.isEmpty()) {
        add(u"0e"_qs + email);
    }
    if (const QString ref = emailKey(referenceKey(p.reference)); !ref.isEmpty()) {
        add(u"0r"_qs + ref);
    }
    return tokens.join(u' ');
}

QStringList vocabulary(const Person &p)
{
    QStringList out;
    for (const SearchableName &n : searchableNames(p)) {
        for (const QString &key : NameKeys::exactKeys(NameKeys::analyse(n.name))) {
            if (key.size() >= 3 && !out.contains(key) && !isDigitsOnly(key)) {
                out.append(key);
            }
        }
    }
    if (const PostcodeKey postcode = postcodeKey(p.postcode); !postcode.outward.isEmpty()) {
        out.append(u"0o"_qs + postcode.outward.toLower());
    }
    return out;
}

Matcher::Matcher(SearchQuery query, const NameVariants &variants)
    : m_query(std::move(query))
    , m_variants(variants)
{
    for (const NameTerm &n : m_query.names) {
        Term t;
        t.name = n;
        QStringList sources{n.text};
        sources += n.stems;
        for (const QString &s : sources) {
            for (const QString &v : variants.variantsOf(s)) {
                if (!t.variants.contains(v) && !sources.contains(v)) {
                    t.variants.append(v);
                }
            }
            const QString sound = NameKeys::phonetic(s);
            if (!sound.isEmpty() && !t.phonetics.contains(sound)) {
                t.phonetics.append(sound);
            }
        }
        m_terms.append(t);
    }
}

QStringList Matcher::typoCandidates() const
{
    QStringList out;
    for (const Term &t : m_terms) {
        QStringList sources{t.name.text};
        sources += t.name.stems;
        for (const QString &s : sources) {
            if (s.size() >= 4 && !isDigitsOnly(s)) {
                out += NameKeys::oneEditCandidates(s);
            }
        }
    }
    return out;
}

void Matcher::setKnownTypoWords(const QSet<QString> &words)
{
    for (Term &t : m_terms) {
        t.typoWords.clear();
        QStringList sources{t.name.text};
        sources += t.name.stems;
        for (const QString &w : words) {
            for (const QString &s : sources) {
                if (s.size() >= 4 && w != s && NameKeys::withinOneEdit(s, w)) {
                    t.typoWords.append(w);
                    break;
                }
            }
        }
        t.typoWords.sort();
    }
}

QString Matcher::expression(int level) const
{
    QStringList groups;
    for (const Term &t : m_terms) {
        QStringList alternatives;
        const auto add = [&alternatives](const QString &token) {
            if (!token.isEmpty() && !alternatives.contains(token)) {
                alternatives.append(token);
            }
        };
        add(quoted(t.name.text));
        for (const QString &s : t.name.stems) {
            add(quoted(s));
        }
        const bool digits = isDigitsOnly(t.name.text);
        if (level >= 1 && !digits) {
            add(quoted(t.name.text) + u'*');
            for (const QString &s : t.name.stems) {
                add(quoted(s) + u'*');
            }
        }
        if (level >= 2) {
            for (const QString &v : t.variants) {
                add(quoted(v));
            }
        }
        if (level >= 3 && !digits) {
            for (const QString &p : t.phonetics) {
                add(quoted(u"0p"_qs + p.toLower()));
            }
            for (const QString &w : t.typoWords) {
                add(quoted(w));
            }
        }
        groups.append(alternatives.size() == 1 ? alternatives.first()
                                               : u'(' + alternatives.join(u" OR "_qs) + u')');
    }
    if (const auto &d = m_query.dateOfBirth) {
        if (d->isFull()) {
            groups.append(
                quoted(u"0d"_qs + QDate(d->year, d->month, d->day).toString(u"yyyyMMdd"_qs)));
        } else if (d->year > 0 && d->month > 0) {
            groups.append(quoted(u"0d"_qs + QString::number(d->year) +
                                 QString::number(d->month).rightJustified(2, u'0')) +
                          u'*');
        } else if (d->year > 0) {
            groups.append(quoted(u"0y"_qs + QString::number(d->year)));
        } else if (d->day > 0 && d->month > 0) {
            groups.append(quoted(u"0m"_qs + QString::number(d->month).rightJustified(2, u'0') +
                                 QString::number(d->day).rightJustified(2, u'0')));
        }
    }
    if (const auto &pc = m_query.postcode) {
        const QString key = pc->key.toLower();
        const QString outward = pc->outward.toLower();
        if (pc->complete) {
            groups.append(quoted(u"0c"_qs + key));
        } else if (!outward.isEmpty() && key == outward) {
            // "CF1" is also how CF10 and CF11 start. Those are found by their outward codes (a few
            // index words): every whole code starting "CF1" (a hundred thousand words in a big
            // cache) would be merged before ranking. Only when the typed code can also be a shorter
            // outward and the start of the inward part ("PL14": PL1 4AB) are whole codes needed.
            // When the areas on record are known (the word table), the shorter outward must be
            // one of them, and the longer ones are named: FTS5 then steps through each area's
            // entries alongside the names instead of merging all of them first.
            const bool alsoSplit = key.size() >= 3 && key.back().isDigit() &&
                                   isOutwardCode(pc->key.chopped(1)) &&
                                   (!m_knownOutwards || m_knownOutwards->contains(key.chopped(1)));
            QStringList areas;
            if (m_knownOutwards) {
                for (const QString &code : *m_knownOutwards) {
                    if (code.startsWith(key)) {
                        areas.append(quoted(u"0o"_qs + code));
                    }
                }
            }
            if (alsoSplit) {
                areas.append(quoted(u"0c"_qs + key) + u'*');
            }
            if (level == 0) {
                groups.append(quoted(u"0o"_qs + outward));
            } else if (m_knownOutwards && areas.size() == 1) {
                groups.append(areas.first());
            } else if (m_knownOutwards && !areas.isEmpty()) {
                groups.append(u'(' + areas.join(u" OR "_qs) + u')');
            } else if (alsoSplit) {
                groups.append(u"("_qs + quoted(u"0o"_qs + outward) + u" OR "_qs +
                              quoted(u"0c"_qs + key) + u"*)"_qs);
            } else {
                groups.append(quoted(u"0o"_qs + outward) + u'*');
            }
        } else {
            groups.append(quoted(u"0c"_qs + key) + u'*');
            if (!outward.isEmpty()) {
                groups.append(quoted(u"0o"_qs + outward));
            }
        }
    }
    const auto exactOrStart = [&groups, level](const QString &token, bool whole) {
        groups.append(whole || level == 0 ? quoted(token) : quoted(token) + u'*');
    };
    if (!m_query.phone.isEmpty()) {
        // A phone number is looked for by its start only once it is selective: "077" starts a
        // third of all mobiles, and all of them would be ranked on every keystroke.
        exactOrStart(u"0t"_qs + m_query.phone, m_query.phone.size() < kPhonePrefixDigits);
    }
    if (!m_query.email.isEmpty()) {
        exactOrStart(u"0e"_qs + m_query.email, false);
    }
    if (!m_query.reference.isEmpty()) {
        // Ten characters are a whole reference; eight are a whole former one and the start of
        // today's, so both are looked for.
        const bool whole = m_query.reference.size() == 10;
        groups.append(quoted(u"0r"_qs + m_query.reference.toLower()) + (whole ? u""_qs : u"*"_qs));
    }
    return groups.join(u" AND "_qs);
}

QString Matcher::outwardLookupPrefix() const
{
    const auto &pc = m_query.postcode;
    if (!pc || pc->complete || pc->outward.isEmpty() || pc->key != pc->outward) {
        return {};
    }
    // One letter shorter, so the lookup also says whether "CF1" of "CF14" is an area itself.
    const QString key = pc->key.toLower();
    return key.size() >= 3 ? key.chopped(1) : key;
}

void Matcher::setKnownOutwards(const QStringList &codes)
{
    m_knownOutwards = codes;
}

QString Matcher::matchExpression(int level) const
{
    if (m_query.isEmpty() || level < 0 || level >= kLevels) {
        return {};
    }
    const QString current = expression(level);
    if (level > 0 && current == expression(level - 1)) {
        return {};
    }
    return current;
}

std::optional<Evaluation> Matcher::evaluate(const Person &p) const
{
    Evaluation e;
    QStringList reasons;
    const auto worsen = [&e](MatchTier t) {
        if (t > e.tier) {
            e.tier = t;
        }
    };

    // Names.
    QList<NamePart> parts;
    if (!m_terms.isEmpty()) {
        for (const SearchableName &n : searchableNames(p)) {
            NamePart part{n.field, n.name, NameKeys::analyse(n.name), {}, {}};
            part.keys = NameKeys::exactKeys(part.forms);
            for (const QString &k : part.keys) {
                part.phonetics.append(NameKeys::phonetic(k));
            }
            parts.append(std::move(part));
        }
    }
    QList<const NamePart *> used;
    for (qsizetype ti = 0; ti < m_terms.size(); ++ti) {
        const Term &t = m_terms.at(ti);
        TermHit best;
        const bool digits = isDigitsOnly(t.name.text);
        for (const NamePart &part : parts) {
            TermHit hit;
            hit.part = &part;
            if (part.keys.contains(t.name.text)) {
                hit.tier = MatchTier::Exact;
                hit.quality = kQualityWhole;
            }
            for (const QString &stem : t.name.stems) {
                if (hit.quality >= 0 || !part.keys.contains(stem)) {
                    continue;
                }
                QString storedParticle;
                for (const NameForm &f : part.forms) {
                    if (f.stem == stem) {
                        storedParticle = f.particle;
                    }
                }
                if (!t.name.particle.isEmpty() && !storedParticle.isEmpty() &&
                    storedParticle != t.name.particle) {
                    hit.tier = MatchTier::Variant; // Ó/Ní/Uí, Mac/Nic/Mhic: another form
                    hit.quality = kQualityIrishForm;
                    hit.irishForm = true;
                } else {
                    hit.tier = MatchTier::Exact;
                    hit.quality = kQualityStem;
                }
            }
            if (hit.quality < 0 && !digits) {
                for (const QString &k : part.keys) {
                    if (k.startsWith(t.name.text) ||
                        std::any_of(t.name.stems.begin(), t.name.stems.end(),
                                    [&k](const QString &s) { return k.startsWith(s); })) {
                        hit.tier = MatchTier::Prefix;
                        // A longer typed start says more.
                        hit.quality =
                            kQualityPrefix -
                            static_cast<int>(std::min<qsizetype>(5, k.size() - t.name.text.size()));
                        break;
                    }
                }
            }
            if (hit.quality < 0) {
                for (const QString &v : t.variants) {
                    if (part.keys.contains(v)) {
                        hit.tier = MatchTier::Variant;
                        hit.quality = kQualityVariant;
                        QStringList sources{t.name.text};
                        sources += t.name.stems;
                        for (const QString &s : sources) {
                            if (m_variants.related(s, v, &hit.variantKind)) {
                                break;
                            }
                        }
                        break;
                    }
                }
            }
            if (hit.quality < 0 && !digits) {
                for (const QString &sound : t.phonetics) {
                    if (part.phonetics.contains(sound)) {
                        hit.tier = MatchTier::SoundAlike;
                        hit.quality = kQualitySound;
                        break;
                    }
                }
            }
            if (hit.quality < 0 && !digits) {
                QStringList sources{t.name.text};
                sources += t.name.stems;
                for (const QString &k : part.keys) {
                    if (k.size() < 3) {
                        continue;
                    }
                    if (std::any_of(sources.begin(), sources.end(), [&k](const QString &s) {
                            return s.size() >= 4 && NameKeys::withinOneEdit(s, k);
                        })) {
                        hit.tier = MatchTier::Typo;
                        hit.quality = kQualityTypo;
                        break;
                    }
                }
            }
            if (hit.quality >= 0 && better(hit, best)) {
                best = hit;
            }
        }
        if (best.quality < 0) {
            return std::nullopt;
        }
        worsen(best.tier);
        e.score += best.quality;
        used.append(best.part);
        const QString label = fieldLabel(best.part->field);
        const QString &stored = best.part->name;
        const QString &typed = t.name.typed;
        switch (best.tier) {
        case MatchTier::Exact:
            reasons << QObject::tr("%1 %2").arg(label, stored);
            break;
        case MatchTier::Prefix:
            reasons << QObject::tr("%1 %2 starts with “%3”").arg(label, stored, typed);
            break;
        case MatchTier::Variant:
            if (best.irishForm) {
                reasons
                    << QObject::tr("%1 %2 is the Irish form for “%3”").arg(label, stored, typed);
            } else if (best.variantKind == NameVariants::Kind::Surname) {
                reasons
                    << QObject::tr("%1 %2 is a form of the surname “%3”").arg(label, stored, typed);
            } else {
                reasons << QObject::tr("%1 %2 is a form of “%3”").arg(label, stored, typed);
            }
            break;
        case MatchTier::SoundAlike:
            reasons << QObject::tr("%1 %2 sounds like “%3”").arg(label, stored, typed);
            break;
        case MatchTier::Typo:
            reasons << QObject::tr("%1 %2 is one letter from “%3”").arg(label, stored, typed);
            break;
        }
    }
    if (m_terms.size() >= 2 && used.first()->field != NameField::Family &&
        used.last()->field == NameField::Family) {
        e.score += kNameOrderBonus;
    }

    // Date of birth.
    if (const auto &d = m_query.dateOfBirth) {
        const QDate dob = p.dateOfBirth;
        if (!dob.isValid() || (d->year > 0 && dob.year() != d->year) ||
            (d->month > 0 && dob.month() != d->month) || (d->day > 0 && dob.day() != d->day)) {
            return std::nullopt;
        }
        e.score += kConstraintExact;
        reasons << (d->isFull()
                        ? QObject::tr("born %1").arg(QLocale().toString(dob, QLocale::ShortFormat))
                        : QObject::tr("born %1 (%2)")
                              .arg(QLocale().toString(dob, QLocale::ShortFormat), d->typed));
    }
    // Postcode or Eircode.
    if (const auto &pc = m_query.postcode) {
        const PostcodeKey stored = postcodeKey(p.postcode);
        if (pc->complete) {
            if (stored.key != pc->key) {
                return std::nullopt;
            }
            e.score += kConstraintExact + 2;
            reasons << QObject::tr("postcode %1").arg(p.postcode);
        } else if (!pc->outward.isEmpty() && pc->key == pc->outward &&
                   stored.outward == pc->outward) {
            e.score += kConstraintExact;
            reasons << QObject::tr("postcode area %1").arg(pc->outward);
        } else if (stored.key.startsWith(pc->key) &&
                   (pc->outward.isEmpty() || pc->key == pc->outward ||
                    stored.outward == pc->outward)) {
            worsen(MatchTier::Prefix);
            e.score += kConstraintPrefix;
            reasons << QObject::tr("postcode %1 starts with “%2”").arg(p.postcode, pc->typed);
        } else {
            return std::nullopt;
        }
    }
    const auto constraint = [&](const QString &stored, const QString &typed,
                                const QString &exactReason, const QString &prefixReason) {
        if (stored == typed) {
            e.score += kConstraintExact;
            reasons << exactReason;
            return true;
        }
        if (stored.startsWith(typed)) {
            worsen(MatchTier::Prefix);
            e.score += kConstraintPrefix;
            reasons << prefixReason;
            return true;
        }
        return false;
    };
    if (!m_query.phone.isEmpty() &&
        !constraint(phoneKey(p.phone), m_query.phone, QObject::tr("phone %1").arg(p.phone),
                    QObject::tr("phone %1 starts with the digits typed").arg(p.phone))) {
        return std::nullopt;
    }
    if (!m_query.email.isEmpty() &&
        !constraint(emailKey(p.email), m_query.email, QObject::tr("e-mail %1").arg(p.email),
                    QObject::tr("e-mail %1 starts with what was typed").arg(p.email))) {
        return std::nullopt;
    }
    if (!m_query.reference.isEmpty() &&
        !constraint(referenceKey(p.reference), m_query.reference,
                    QObject::tr("reference %1").arg(p.reference),
                    QObject::tr("reference %1 starts with what was typed").arg(p.reference))) {
        return std::nullopt;
    }
    e.reason = reasons.join(u"; "_qs);
    return e;
}

namespace {

// Only the names of a parsed query: a name is never read as a postcode or a date.
QList<NameTerm> nameTerms(const QString &text)
{
    return SearchQuery::parse(text, QDate::currentDate()).names;
}

} // namespace

QList<DuplicateProbe> duplicateProbes(const Person &candidate)
{
    QList<DuplicateProbe> out;
    const QList<NameTerm> given = nameTerms(candidate.givenName);
    const QList<NameTerm> family = nameTerms(candidate.familyName);
    const QList<NameTerm> all = given + family;
    const QDate dob = candidate.dateOfBirth;
    const auto withBirth = [&dob](QList<NameTerm> names) {
        SearchQuery q;
        q.names = std::move(names);
        q.dateOfBirth = DateTerm{dob.year(), dob.month(), dob.day(), dob.toString(Qt::ISODate)};
        return q;
    };
    if (dob.isValid() && !all.isEmpty()) {
        out.append({DuplicateKind::NameAndDateOfBirth, withBirth(all)});
    }
    const PostcodeKey postcode = postcodeKey(candidate.postcode);
    if (!postcode.key.isEmpty() && !postcode.outward.isEmpty() && !all.isEmpty()) {
        SearchQuery q;
        q.names = all;
        q.postcode = PostcodeTerm{postcode.outward, postcode.key, true, candidate.postcode};
        out.append({DuplicateKind::NameAndPostcode, q});
    }
    if (const QString phone = phoneKey(candidate.phone); phone.size() >= 7) {
        SearchQuery q;
        q.phone = phone;
        out.append({DuplicateKind::Phone, q, true});
    }
    if (const QString email = emailKey(candidate.email); !email.isEmpty()) {
        SearchQuery q;
        q.email = email;
        out.append({DuplicateKind::Email, q, true});
    }
    if (dob.isValid() && !given.isEmpty() && !family.isEmpty()) {
        out.append({DuplicateKind::GivenNameAndBirth, withBirth(given)});
        out.append({DuplicateKind::FamilyNameAndBirth, withBirth(family)});
    }
    return out;
}

QString duplicateKindText(DuplicateKind kind)
{
    switch (kind) {
    case DuplicateKind::NameAndDateOfBirth:
        return QObject::tr("Same date of birth and a similar name");
    case DuplicateKind::NameAndPostcode:
        return QObject::tr("Same postcode and a similar name");
    case DuplicateKind::Phone:
        return QObject::tr("Same phone number");
    case DuplicateKind::Email:
        return QObject::tr("Same e-mail address");
    case DuplicateKind::GivenNameAndBirth:
        return QObject::tr("Same date of birth and a similar given name");
    case DuplicateKind::FamilyNameAndBirth:
        return QObject::tr("Same date of birth and a similar family name");
    }
    return {};
}

} // namespace PersonSearch

} // namespace FirstStop
