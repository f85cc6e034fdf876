#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace FirstStop {

// One service category an enquiry is logged under. The catalogue starts from the Local
// Government Service List (LGSL, the standard list of council services in England and Wales,
// http://id.esd.org.uk/service/<n>); an administrator trims it (hidden), renames, groups and
// extends it.
struct ServiceCategory
{
    // Stable identity: "lgsl:<n>" for an entry of the list, anything else ("local:<uuid>") for one
    // an administrator added.
    QString key;
    int lgslId = 0; // 0 when not from the list
    QString label;
    QString group;
    QString description;
    // Trimmed by an administrator: no longer offered, still named on enquiries logged under it.
    bool hidden = false;

    static QString lgslKey(int lgslId) { return u"lgsl:"_qs + QString::number(lgslId); }
    // As the `service_category` record carries it (models/EntityType), and back.
    QJsonObject toFields() const;
    static ServiceCategory fromFields(const QJsonObject &fields);
    bool operator==(const ServiceCategory &) const = default;
};

// The categories, found by typing.
class ServiceCatalogue
{
public:
    // The live rows of an LGSL CSV export (columns Identifier, Label, Status, Description, …, in
    // any order). Discontinued rows are left out; rows without an identifier or label are skipped
    // and counted in *skipped. A file without the columns is refused with a reason.
    static QList<ServiceCategory> parseLgsl(const QByteArray &csv, QString *error,
                                            int *skipped = nullptr);
    // The LGSL copy compiled into the program (resources/data/lgsl-services.csv).
    static QList<ServiceCategory> bundledLgsl();

    ServiceCatalogue() = default;
    explicit ServiceCatalogue(const QList<ServiceCategory> &categories);

    // An administrator's changes over a base list: an entry with the key of a base entry replaces
    // it (rename, regroup, hide); any other key is a new category.
    static QList<ServiceCategory> withChanges(const QList<ServiceCategory> &base,
                                              const QList<ServiceCategory> &changes);

    const QList<ServiceCategory> &categories() const { return m_categories; }
    const ServiceCategory *byKey(const QString &key) const;
    qsizetype size() const { return m_categories.size(); }

    // What the clerk typed, best first: the LGSL number; the label itself; the label starting
    // with it; every typed word starting a word of the label or group; then of the description.
    // Accents and case do not matter ("cou tax" finds "Council Tax – …"). Hidden categories are
    // never offered. An empty text finds nothing (the desk shows the recent ones instead).
    QList<ServiceCategory> find(const QString &typed, int limit = 20) const;

private:
    struct Folded
    {
        QString label;
        QStringList labelWords; // label and group
        QStringList allWords;   // and the description
    };
    QList<ServiceCategory> m_categories;
    QList<Folded> m_folded;
    QHash<QString, qsizetype> m_byKey;
};

// The categories a clerk used last, most recent first, so a common enquiry is one key away.
class RecentCategories
{
public:
    explicit RecentCategories(int capacity = 9)
        : m_capacity(capacity)
    {}
    void use(const QString &key);
    QStringList keys() const { return m_keys; }
    void setKeys(const QStringList &keys);

private:
    int m_capacity;
    QStringList m_keys;
};

} // namespace FirstStop
