#include "models/ServiceCatalogue.h"

#include "models/Csv.h"
#include "models/NameFolding.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ServiceCatalogue", text);
}

bool anyStartsWith(const QStringList &words, const QString &prefix)
{
    return std::any_of(words.cbegin(), words.cend(),
                       [&](const QString &w) { return w.startsWith(prefix); });
}

} // namespace

QJsonObject ServiceCategory::toFields() const
{
    QJsonObject o{{u"key"_qs, key},
                  {u"label"_qs, label},
                  {u"group"_qs, group},
                  {u"description"_qs, description},
                  {u"hidden"_qs, hidden}};
    if (lgslId > 0) {
        o.insert(u"lgsl_id"_qs, lgslId);
    }
    return o;
}

ServiceCategory ServiceCategory::fromFields(const QJsonObject &fields)
{
    ServiceCategory c;
    c.key = fields.value(u"key").toString();
    c.lgslId = fields.value(u"lgsl_id").toInt();
    c.label = fields.value(u"label").toString();
    c.group = fields.value(u"group").toString();
    c.description = fields.value(u"description").toString();
    c.hidden = fields.value(u"hidden").toBool();
    return c;
}

QList<ServiceCategory> ServiceCatalogue::parseLgsl(const QByteArray &csv, QString *error,
                                                   int *skipped)
{
    const auto records = Csv::read(csv, error);
    if (!records) {
        return {};
    }
    QList<QStringList> rows;
    rows.reserve(records->size());
    for (const Csv::Record &record : *records) {
        rows.append(record.fields);
    }
    if (rows.isEmpty()) {
        *error = tr("The file is empty.");
        return {};
    }
    const QStringList header = rows.first();
    const auto column = [&](QStringView name) {
        for (qsizetype i = 0; i < header.size(); ++i) {
            if (header.at(i).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
                return i;
            }
        }
        return qsizetype(-1);
    };
    const qsizetype idCol = column(u"Identifier");
    const qsizetype labelCol = column(u"Label");
    const qsizetype statusCol = column(u"Status");
    const qsizetype descCol = column(u"Description");
    if (idCol < 0 || labelCol < 0) {
        *error = tr("This is not a Local Government Service List export: it needs the columns "
                    "Identifier and Label.");
        return {};
    }
    int bad = 0;
    QList<ServiceCategory> out;
    out.reserve(rows.size());
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        const auto cell = [&](qsizetype col) {
            return col >= 0 && col < row.size() ? row.at(col).trimmed() : QString();
        };
        if (statusCol >= 0 && cell(statusCol).compare(u"Live", Qt::CaseInsensitive) != 0) {
            continue;
        }
        bool ok = false;
        const int id = cell(idCol).toInt(&ok);
        const QString label = cell(labelCol).simplified();
        if (!ok || id <= 0 || label.isEmpty()) {
            ++bad;
            continue;
        }
        ServiceCategory c;
        c.key = ServiceCategory::lgslKey(id);
        c.lgslId = id;
        c.label = label;
        c.description = cell(descCol).simplified();
        out.append(c);
    }
    if (skipped) {
        *skipped = bad;
    }
    return out;
}

QList<ServiceCategory> ServiceCatalogue::bundledLgsl()
{
    QFile file(u":/firststop/data/lgsl-services.csv"_qs);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QString error;
    return parseLgsl(file.readAll(), &error);
}

ServiceCatalogue::ServiceCatalogue(const QList<ServiceCategory> &categories)
    : m_categories(categories)
{
    std::stable_sort(m_categories.begin(), m_categories.end(),
                     [](const ServiceCategory &a, const ServiceCategory &b) {
                         return a.label.localeAwareCompare(b.label) < 0;
                     });
    m_folded.reserve(m_categories.size());
    for (qsizetype i = 0; i < m_categories.size(); ++i) {
        const ServiceCategory &c = m_categories.at(i);
        Folded f;
        f.label = NameFolding::fold(c.label);
        f.labelWords = NameFolding::tokens(c.label) + NameFolding::tokens(c.group);
        f.allWords = f.labelWords + NameFolding::tokens(c.description);
        m_folded.append(f);
        m_byKey.insert(c.key, i);
    }
}

QList<ServiceCategory> ServiceCatalogue::withChanges(const QList<ServiceCategory> &base,
                                                     const QList<ServiceCategory> &changes)
{
    QList<ServiceCategory> out = base;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < out.size(); ++i) {
        index.insert(out.at(i).key, i);
    }
    for (const ServiceCategory &c : changes) {
        const auto it = index.constFind(c.key);
        if (it != index.cend()) {
            out[*it] = c;
        } else {
            index.insert(c.key, out.size());
            out.append(c);
        }
    }
    return out;
}

const ServiceCategory *ServiceCatalogue::byKey(const QString &key) const
{
    const auto it = m_byKey.constFind(key);
    return it == m_byKey.cend() ? nullptr : &m_categories.at(*it);
}

QList<ServiceCategory> ServiceCatalogue::find(const QString &typed, int limit) const
{
    const QString query = NameFolding::fold(typed);
    const QStringList words = NameFolding::tokens(typed);
    if (words.isEmpty() || limit <= 0) {
        return {};
    }
    bool isNumber = false;
    const int number = typed.trimmed().toInt(&isNumber);
    QList<QPair<int, qsizetype>> scored;
    for (qsizetype i = 0; i < m_categories.size(); ++i) {
        const ServiceCategory &c = m_categories.at(i);
        if (c.hidden) {
            continue;
        }
        const Folded &f = m_folded.at(i);
        int score = -1;
        if ((isNumber && c.lgslId == number) || f.label == query) {
            score = 0;
        } else if (f.label.startsWith(query)) {
            score = 1;
        } else if (std::all_of(words.cbegin(), words.cend(),
                               [&](const QString &w) { return anyStartsWith(f.labelWords, w); })) {
            score = 2;
        } else if (std::all_of(words.cbegin(), words.cend(),
                               [&](const QString &w) { return anyStartsWith(f.allWords, w); })) {
            score = 3;
        }
        if (score >= 0) {
            scored.append({score, i});
        }
    }
    // The list is in label order already, so a stable sort by score keeps labels in order.
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<ServiceCategory> out;
    for (qsizetype i = 0; i < scored.size() && i < limit; ++i) {
        out.append(m_categories.at(scored.at(i).second));
    }
    return out;
}

void RecentCategories::use(const QString &key)
{
    if (key.isEmpty()) {
        return;
    }
    m_keys.removeAll(key);
    m_keys.prepend(key);
    while (m_keys.size() > m_capacity) {
        m_keys.removeLast();
    }
}

void RecentCategories::setKeys(const QStringList &keys)
{
    m_keys.clear();
    for (auto it = keys.crbegin(); it != keys.crend(); ++it) {
        use(*it);
    }
}

} // namespace FirstStop
