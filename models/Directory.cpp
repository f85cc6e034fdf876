#include "models/Directory.h"

#include "models/NameFolding.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <numbers>

namespace FirstStop {

namespace {

QString str(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

void put(QJsonObject &o, QLatin1StringView key, const QString &value)
{
    if (!value.isEmpty()) {
        o.insert(key, value);
    }
}

void putList(QJsonObject &o, QLatin1StringView key, const QStringList &values)
{
    if (!values.isEmpty()) {
        o.insert(key, QJsonArray::fromStringList(values));
    }
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (e.isString()) {
            out.append(e.toString());
        }
    }
    return out;
}

template <typename T>
QJsonArray toArray(const QList<T> &items)
{
    QJsonArray a;
    for (const T &item : items) {
        a.append(item.toJson());
    }
    return a;
}

template <typename T>
QList<T> fromArray(const QJsonValue &v)
{
    QList<T> out;
    for (const QJsonValue &e : v.toArray()) {
        if (e.isObject()) {
            out.append(T::fromJson(e.toObject()));
        }
    }
    return out;
}

constexpr const char *kDayShort[] = {QT_TRANSLATE_NOOP("FirstStop::Directory", "Mon"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Tue"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Wed"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Thu"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Fri"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Sat"),
                                     QT_TRANSLATE_NOOP("FirstStop::Directory", "Sun")};

QString dayName(int day)
{
    return QCoreApplication::translate("FirstStop::Directory", kDayShort[day - 1]);
}

QString timeText(const QTime &t)
{
    return t.toString(u"H:mm"_qs);
}

struct ReferralField
{
    const char16_t *name;
    const char *label;
};
constexpr ReferralField kReferralFields[] = {
    {u"name", QT_TRANSLATE_NOOP("FirstStop::Directory", "Name")},
    {u"date_of_birth", QT_TRANSLATE_NOOP("FirstStop::Directory", "Date of birth")},
    {u"address", QT_TRANSLATE_NOOP("FirstStop::Directory", "Address")},
    {u"phone", QT_TRANSLATE_NOOP("FirstStop::Directory", "Phone")},
    {u"email", QT_TRANSLATE_NOOP("FirstStop::Directory", "Email")},
    {u"preferred_language", QT_TRANSLATE_NOOP("FirstStop::Directory", "Preferred language")},
    {u"accessibility", QT_TRANSLATE_NOOP("FirstStop::Directory", "Access needs")},
    {u"reason", QT_TRANSLATE_NOOP("FirstStop::Directory", "Reason for the referral")},
};

// Where a postcode key sits: its prefixes from the most to the least precise ("CF101AB" →
// "CF101AB", "CF10 1", "CF10", "CF"; an Eircode "D02X285" → itself and its routing key "D02").
QStringList postcodePrefixes(const QString &raw)
{
    const QString key = NameFolding::postcodeKey(raw);
    if (key.isEmpty()) {
        return {};
    }
    QStringList out;
    auto area = [](const QString &outward) {
        qsizetype n = 0;
        while (n < outward.size() && outward.at(n).isLetter()) {
            ++n;
        }
        return outward.left(n);
    };
    const bool ukInward = key.size() >= 5 && key.at(key.size() - 3).isDigit() &&
                          key.at(key.size() - 2).isLetter() && key.at(key.size() - 1).isLetter();
    if (ukInward) {
        const QString outward = key.left(key.size() - 3);
        out << key << (outward + u' ' + key.at(key.size() - 3)) << outward << area(outward);
    } else if (key.size() == 7 && key.at(1).isDigit()) { // an Eircode
        out << key << key.left(3);
    } else { // an outward code alone ("CF10") or an area ("CF")
        out << key;
        if (area(key) != key) {
            out << area(key);
        }
    }
    out.removeAll(QString());
    out.removeDuplicates();
    return out;
}

bool allPrefixed(const QStringList &wanted, const QStringList &words)
{
    for (const QString &w : wanted) {
        const bool found = std::any_of(words.cbegin(), words.cend(),
                                       [&](const QString &have) { return have.startsWith(w); });
        if (!found) {
            return false;
        }
    }
    return true;
}

} // namespace

// ---------------------------------------------------------------------------------------------

bool DirectoryOpening::coversAt(const QDateTime &local) const
{
    if (!isStructured()) {
        return false;
    }
    const QDate d = local.date();
    if ((validFrom.isValid() && d < validFrom) || (validTo.isValid() && d > validTo)) {
        return false;
    }
    if (!days.contains(d.dayOfWeek())) {
        return false;
    }
    const QTime t = local.time();
    return closes > opens ? (t >= opens && t < closes) : (t >= opens || t < closes);
}

QString DirectoryOpening::text() const
{
    if (!isStructured()) {
        return note;
    }
    QList<int> sorted = days;
    std::sort(sorted.begin(), sorted.end());
    QStringList runs;
    for (qsizetype i = 0; i < sorted.size();) {
        qsizetype j = i;
        while (j + 1 < sorted.size() && sorted.at(j + 1) == sorted.at(j) + 1) {
            ++j;
        }
        if (j - i >= 2) {
            runs << dayName(sorted.at(i)) + u'–' + dayName(sorted.at(j));
        } else {
            for (qsizetype k = i; k <= j; ++k) {
                runs << dayName(sorted.at(k));
            }
        }
        i = j + 1;
    }
    QString out = runs.join(u", "_qs) + u' ' + timeText(opens) + u'–' + timeText(closes);
    if (!note.isEmpty()) {
        out += u" (" + note + u')';
    }
    return out;
}

QJsonObject DirectoryOpening::toJson() const
{
    QJsonObject o;
    if (!days.isEmpty()) {
        QJsonArray a;
        for (int d : days) {
            a.append(d);
        }
        o.insert(QLatin1StringView("days"), a);
    }
    if (opens.isValid()) {
        o.insert(QLatin1StringView("opens"), opens.toString(u"HH:mm"_qs));
    }
    if (closes.isValid()) {
        o.insert(QLatin1StringView("closes"), closes.toString(u"HH:mm"_qs));
    }
    if (validFrom.isValid()) {
        o.insert(QLatin1StringView("valid_from"), validFrom.toString(Qt::ISODate));
    }
    if (validTo.isValid()) {
        o.insert(QLatin1StringView("valid_to"), validTo.toString(Qt::ISODate));
    }
    put(o, QLatin1StringView("note"), note);
    return o;
}

DirectoryOpening DirectoryOpening::fromJson(const QJsonObject &o)
{
    DirectoryOpening r;
    for (const QJsonValue &d : o.value(QLatin1StringView("days")).toArray()) {
        const int day = d.toInt();
        if (day >= 1 && day <= 7 && !r.days.contains(day)) {
            r.days.append(day);
        }
    }
    r.opens = QTime::fromString(str(o, QLatin1StringView("opens")), u"HH:mm"_qs);
    r.closes = QTime::fromString(str(o, QLatin1StringView("closes")), u"HH:mm"_qs);
    r.validFrom = QDate::fromString(str(o, QLatin1StringView("valid_from")), Qt::ISODate);
    r.validTo = QDate::fromString(str(o, QLatin1StringView("valid_to")), Qt::ISODate);
    r.note = str(o, QLatin1StringView("note"));
    return r;
}

QString DirectoryPhone::text() const
{
    if (extension.isEmpty()) {
        return number;
    }
    return QCoreApplication::translate("FirstStop::Directory", "%1 ext. %2").arg(number, extension);
}

QJsonObject DirectoryPhone::toJson() const
{
    QJsonObject o;
    put(o, QLatin1StringView("number"), number);
    put(o, QLatin1StringView("extension"), extension);
    put(o, QLatin1StringView("type"), type);
    put(o, QLatin1StringView("description"), description);
    return o;
}

DirectoryPhone DirectoryPhone::fromJson(const QJsonObject &o)
{
    return {str(o, QLatin1StringView("number")), str(o, QLatin1StringView("extension")),
            str(o, QLatin1StringView("type")), str(o, QLatin1StringView("description"))};
}

QJsonObject DirectoryLocation::toJson() const
{
    QJsonObject o;
    put(o, QLatin1StringView("id"), id);
    put(o, QLatin1StringView("name"), name);
    put(o, QLatin1StringView("address"), address);
    put(o, QLatin1StringView("postcode"), postcode);
    if (hasCoordinates()) {
        o.insert(QLatin1StringView("latitude"), latitude);
        o.insert(QLatin1StringView("longitude"), longitude);
    }
    put(o, QLatin1StringView("transport"), transport);
    putList(o, QLatin1StringView("accessibility"), accessibility);
    if (!phones.isEmpty()) {
        o.insert(QLatin1StringView("phones"), toArray(phones));
    }
    if (!openings.isEmpty()) {
        o.insert(QLatin1StringView("openings"), toArray(openings));
    }
    return o;
}

DirectoryLocation DirectoryLocation::fromJson(const QJsonObject &o)
{
    DirectoryLocation r;
    r.id = str(o, QLatin1StringView("id"));
    r.name = str(o, QLatin1StringView("name"));
    r.address = str(o, QLatin1StringView("address"));
    r.postcode = str(o, QLatin1StringView("postcode"));
    const QJsonValue lat = o.value(QLatin1StringView("latitude"));
    const QJsonValue lon = o.value(QLatin1StringView("longitude"));
    if (lat.isDouble() && lon.isDouble()) {
        r.latitude = lat.toDouble();
        r.longitude = lon.toDouble();
    }
    r.transport = str(o, QLatin1StringView("transport"));
    r.accessibility = strings(o.value(QLatin1StringView("accessibility")));
    r.phones = fromArray<DirectoryPhone>(o.value(QLatin1StringView("phones")));
    r.openings = fromArray<DirectoryOpening>(o.value(QLatin1StringView("openings")));
    return r;
}

QJsonObject DirectoryTerm::toJson() const
{
    QJsonObject o;
    put(o, QLatin1StringView("taxonomy"), taxonomy);
    put(o, QLatin1StringView("code"), code);
    put(o, QLatin1StringView("name"), name);
    return o;
}

DirectoryTerm DirectoryTerm::fromJson(const QJsonObject &o)
{
    return {str(o, QLatin1StringView("taxonomy")), str(o, QLatin1StringView("code")),
            str(o, QLatin1StringView("name"))};
}

QStringList referralFieldNames()
{
    QStringList out;
    for (const ReferralField &f : kReferralFields) {
        out.append(QString::fromUtf16(f.name));
    }
    return out;
}

QString referralFieldLabel(const QString &name)
{
    for (const ReferralField &f : kReferralFields) {
        if (name == QStringView(f.name)) {
            return QCoreApplication::translate("FirstStop::Directory", f.label);
        }
    }
    return name;
}

// ---------------------------------------------------------------------------------------------

std::optional<bool> DirectoryService::isOpenAt(const QDateTime &local) const
{
    bool any = false;
    auto check = [&](const QList<DirectoryOpening> &list) {
        for (const DirectoryOpening &o : list) {
            if (o.isStructured()) {
                any = true;
                if (o.coversAt(local)) {
                    return true;
                }
            }
        }
        return false;
    };
    if (check(openings)) {
        return true;
    }
    for (const DirectoryLocation &l : locations) {
        if (check(l.openings)) {
            return true;
        }
    }
    return any ? std::optional<bool>(false) : std::nullopt;
}

QList<DirectoryPhone> DirectoryService::allPhones() const
{
    QList<DirectoryPhone> out;
    QStringList seen;
    auto add = [&](const QList<DirectoryPhone> &phonesHere) {
        for (const DirectoryPhone &p : phonesHere) {
            const QString key = NameFolding::digits(p.number) + u'/' + p.extension;
            if (!p.number.isEmpty() && !seen.contains(key)) {
                seen.append(key);
                out.append(p);
            }
        }
    };
    add(phones);
    for (const DirectoryLocation &l : locations) {
        add(l.phones);
    }
    return out;
}

QJsonObject DirectoryService::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1StringView("v"), 1);
    put(o, QLatin1StringView("hsds_id"), hsdsId);
    put(o, QLatin1StringView("name"), name);
    put(o, QLatin1StringView("alternate_name"), alternateName);
    put(o, QLatin1StringView("organization"), organization);
    put(o, QLatin1StringView("organization_url"), organizationUrl);
    put(o, QLatin1StringView("description"), description);
    put(o, QLatin1StringView("url"), url);
    put(o, QLatin1StringView("email"), email);
    put(o, QLatin1StringView("status"), status);
    put(o, QLatin1StringView("eligibility"), eligibility);
    if (minimumAge >= 0) {
        o.insert(QLatin1StringView("minimum_age"), minimumAge);
    }
    if (maximumAge >= 0) {
        o.insert(QLatin1StringView("maximum_age"), maximumAge);
    }
    put(o, QLatin1StringView("fees"), fees);
    if (free) {
        o.insert(QLatin1StringView("free"), true);
    }
    put(o, QLatin1StringView("application_process"), applicationProcess);
    put(o, QLatin1StringView("alert"), alert);
    putList(o, QLatin1StringView("languages"), languages);
    putList(o, QLatin1StringView("areas"), areas);
    if (!phones.isEmpty()) {
        o.insert(QLatin1StringView("phones"), toArray(phones));
    }
    if (!openings.isEmpty()) {
        o.insert(QLatin1StringView("openings"), toArray(openings));
    }
    if (!locations.isEmpty()) {
        o.insert(QLatin1StringView("locations"), toArray(locations));
    }
    if (!terms.isEmpty()) {
        o.insert(QLatin1StringView("terms"), toArray(terms));
    }
    putList(o, QLatin1StringView("categories"), categories);
    putList(o, QLatin1StringView("referral_fields"), referralFields);
    put(o, QLatin1StringView("source"), source);
    put(o, QLatin1StringView("last_modified"), lastModified);
    return o;
}

QByteArray DirectoryService::toDocument() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<DirectoryService> DirectoryService::fromDocument(const QByteArray &document,
                                                               QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &parseError);
    if (!doc.isObject()) {
        if (error) {
            *error = parseError.error != QJsonParseError::NoError
                         ? parseError.errorString()
                         : QStringLiteral("a directory service is a JSON object");
        }
        return std::nullopt;
    }
    return fromJson(doc.object(), error);
}

std::optional<DirectoryService> DirectoryService::fromJson(const QJsonObject &o, QString *error)
{
    DirectoryService s;
    s.hsdsId = str(o, QLatin1StringView("hsds_id"));
    s.name = str(o, QLatin1StringView("name")).trimmed();
    if (s.name.isEmpty()) {
        if (error) {
            *error = QStringLiteral("a directory service needs a name");
        }
        return std::nullopt;
    }
    const int version = o.value(QLatin1StringView("v")).toInt(1);
    if (version != 1) {
        if (error) {
            *error = QStringLiteral("directory document version %1 is not known here").arg(version);
        }
        return std::nullopt;
    }
    s.id = directoryServiceId(s.hsdsId);
    s.alternateName = str(o, QLatin1StringView("alternate_name"));
    s.organization = str(o, QLatin1StringView("organization"));
    s.organizationUrl = str(o, QLatin1StringView("organization_url"));
    s.description = str(o, QLatin1StringView("description"));
    s.url = str(o, QLatin1StringView("url"));
    s.email = str(o, QLatin1StringView("email"));
    s.status = str(o, QLatin1StringView("status"));
    s.eligibility = str(o, QLatin1StringView("eligibility"));
    s.minimumAge = o.value(QLatin1StringView("minimum_age")).toInt(-1);
    s.maximumAge = o.value(QLatin1StringView("maximum_age")).toInt(-1);
    s.fees = str(o, QLatin1StringView("fees"));
    s.free = o.value(QLatin1StringView("free")).toBool();
    s.applicationProcess = str(o, QLatin1StringView("application_process"));
    s.alert = str(o, QLatin1StringView("alert"));
    s.languages = strings(o.value(QLatin1StringView("languages")));
    s.areas = strings(o.value(QLatin1StringView("areas")));
    s.phones = fromArray<DirectoryPhone>(o.value(QLatin1StringView("phones")));
    s.openings = fromArray<DirectoryOpening>(o.value(QLatin1StringView("openings")));
    s.locations = fromArray<DirectoryLocation>(o.value(QLatin1StringView("locations")));
    s.terms = fromArray<DirectoryTerm>(o.value(QLatin1StringView("terms")));
    s.categories = strings(o.value(QLatin1StringView("categories")));
    s.referralFields = strings(o.value(QLatin1StringView("referral_fields")));
    const QStringList known = referralFieldNames();
    s.referralFields.removeIf([&](const QString &f) { return !known.contains(f); });
    if (s.referralFields.isEmpty()) {
        s.referralFields = {QStringLiteral("name"), QStringLiteral("phone")};
    }
    s.source = str(o, QLatin1StringView("source"));
    s.lastModified = str(o, QLatin1StringView("last_modified"));
    return s;
}

SelfServeGuide SelfServeGuide::fromFields(const QUuid &id, const QJsonObject &f)
{
    SelfServeGuide g;
    g.id = id;
    g.title = str(f, QLatin1StringView("title")).trimmed();
    for (const QString &key : str(f, QLatin1StringView("services")).split(u',')) {
        if (!key.trimmed().isEmpty()) {
            g.services.append(key.trimmed());
        }
    }
    g.url = str(f, QLatin1StringView("url")).trimmed();
    for (const QString &line : str(f, QLatin1StringView("steps")).split(u'\n')) {
        if (!line.trimmed().isEmpty()) {
            g.steps.append(line.trimmed());
        }
    }
    g.language = str(f, QLatin1StringView("language"));
    return g;
}

QJsonObject SelfServeGuide::toFields() const
{
    QJsonObject o;
    o.insert(QLatin1StringView("title"), title);
    put(o, QLatin1StringView("services"), services.join(u','));
    put(o, QLatin1StringView("url"), url);
    o.insert(QLatin1StringView("steps"), steps.join(u'\n'));
    put(o, QLatin1StringView("language"), language);
    return o;
}

QUuid directoryServiceId(const QString &hsdsId)
{
    const QUuid direct(hsdsId);
    if (!direct.isNull()) {
        return direct;
    }
    // A fixed namespace for FirstStop's directory (itself a v5 of the project's address).
    static const QUuid ns(QStringLiteral("{6c1f8a2e-9d3b-5e47-8a10-3f2b7c9d4e51}"));
    return QUuid::createUuidV5(ns, hsdsId.trimmed());
}

double distanceKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kEarthKm = 6371.0088;
    constexpr double rad = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * rad;
    const double dLon = (lon2 - lon1) * rad;
    const double a =
        std::sin(dLat / 2) * std::sin(dLat / 2) +
        std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// ---------------------------------------------------------------------------------------------

DirectoryIndex::DirectoryIndex(QList<DirectoryService> services)
    : m_services(std::move(services))
{
    std::sort(m_services.begin(), m_services.end(),
              [](const DirectoryService &a, const DirectoryService &b) {
                  return QString::localeAwareCompare(a.name, b.name) < 0;
              });
    QHash<QString, std::pair<std::pair<double, double>, int>> sums;
    m_entries.reserve(m_services.size());
    for (qsizetype i = 0; i < m_services.size(); ++i) {
        const DirectoryService &s = m_services.at(i);
        m_byId.insert(s.id, i);
        Entry e;
        QString termText;
        for (const DirectoryTerm &t : s.terms) {
            termText += u' ' + t.name;
        }
        e.words = NameFolding::tokens(
            QString(s.name + u' ' + s.alternateName + u' ' + s.organization + termText));
        e.detailWords =
            NameFolding::tokens(QString(s.description + u' ' + s.eligibility + u' ' +
                                        s.areas.join(u' ') + u' ' + s.languages.join(u' ')));
        e.eligibility = NameFolding::tokens(QString(s.eligibility + termText));
        m_entries.append(e);
        for (const DirectoryLocation &l : s.locations) {
            if (!l.hasCoordinates()) {
                continue;
            }
            for (const QString &prefix : postcodePrefixes(l.postcode)) {
                auto &sum = sums[prefix];
                sum.first.first += l.latitude;
                sum.first.second += l.longitude;
                sum.second += 1;
            }
        }
    }
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        const int n = it.value().second;
        m_places.insert(it.key(), {it.value().first.first / n, it.value().first.second / n});
    }
}

const DirectoryService *DirectoryIndex::byId(const QUuid &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.cend() ? nullptr : &m_services.at(it.value());
}

QList<DirectoryTerm> DirectoryIndex::terms() const
{
    QList<DirectoryTerm> out;
    QStringList seen;
    for (const DirectoryService &s : m_services) {
        for (const DirectoryTerm &t : s.terms) {
            const QString key = t.code.isEmpty() ? t.name : t.code;
            if (!key.isEmpty() && !seen.contains(key)) {
                seen.append(key);
                out.append(t);
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const DirectoryTerm &a, const DirectoryTerm &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return out;
}

std::optional<std::pair<double, double>>
DirectoryIndex::placePostcode(const QString &postcode) const
{
    for (const QString &prefix : postcodePrefixes(postcode)) {
        const auto it = m_places.constFind(prefix);
        if (it != m_places.cend()) {
            return it.value();
        }
    }
    return std::nullopt;
}

QList<DirectoryIndex::Hit> DirectoryIndex::find(const Query &query) const
{
    const QStringList wanted = NameFolding::tokens(query.text);
    const QStringList forWhom = NameFolding::tokens(query.forWhom);
    const auto origin =
        query.postcode.trimmed().isEmpty() ? std::nullopt : placePostcode(query.postcode);
    QList<Hit> hits;
    for (qsizetype i = 0; i < m_services.size(); ++i) {
        const DirectoryService &s = m_services.at(i);
        const Entry &e = m_entries.at(i);
        if (!query.includeInactive && !s.isActive()) {
            continue;
        }
        if (!query.category.isEmpty() && !s.categories.contains(query.category)) {
            continue;
        }
        if (!query.termCode.isEmpty() &&
            std::none_of(s.terms.cbegin(), s.terms.cend(), [&](const DirectoryTerm &t) {
                return t.code == query.termCode || t.name == query.termCode;
            })) {
            continue;
        }
        if (query.age >= 0 && ((s.minimumAge >= 0 && query.age < s.minimumAge) ||
                               (s.maximumAge >= 0 && query.age > s.maximumAge))) {
            continue;
        }
        if (!forWhom.isEmpty() && !allPrefixed(forWhom, e.eligibility)) {
            continue;
        }
        if (query.openAt.isValid() && s.isOpenAt(query.openAt) != std::optional<bool>(true)) {
            continue;
        }
        Hit hit;
        hit.service = &s;
        if (!wanted.isEmpty()) {
            if (allPrefixed(wanted, e.words)) {
                hit.score = 2;
                for (const QString &w : wanted) {
                    if (e.words.contains(w)) {
                        ++hit.score;
                    }
                }
            } else if (allPrefixed(wanted, e.words + e.detailWords)) {
                hit.score = 1;
            } else {
                continue;
            }
        }
        if (origin) {
            for (const DirectoryLocation &l : s.locations) {
                if (!l.hasCoordinates()) {
                    continue;
                }
                const double d = distanceKm(origin->first, origin->second, l.latitude, l.longitude);
                if (hit.distanceKm < 0 || d < hit.distanceKm) {
                    hit.distanceKm = d;
                    hit.nearest = &l;
                }
            }
        }
        hits.append(hit);
    }
    // Best match first; among equals the nearest (services with no known place after the
    // located ones), then by name (the services are kept in name order).
    std::stable_sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        if ((a.distanceKm >= 0) != (b.distanceKm >= 0)) {
            return a.distanceKm >= 0;
        }
        return a.distanceKm < b.distanceKm;
    });
    if (query.limit > 0 && hits.size() > query.limit) {
        hits.resize(query.limit);
    }
    return hits;
}

} // namespace FirstStop
