#pragma once

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QUuid>

#include <cmath>
#include <limits>
#include <optional>

namespace FirstStop {

// The directory of other agencies' services that a desk sign-posts residents to (issue 7). The
// centre imports it from Open Referral HSDS 3.0 / Open Referral UK JSON (server/DirectoryImport)
// and keeps each service as one `directory_service` record whose `document` is the service in the
// plain form below: what a counter clerk needs to find it, tell a resident about it and print it,
// with the organisation, locations, phones, opening times and taxonomy terms folded in (HSDS
// spreads them over a dozen linked tables). Every desk caches the whole directory and searches it
// offline (DirectoryIndex). docs/architecture.md, "Sign-posting and the directory".

// A weekly opening: the days (1 = Monday … 7 = Sunday, as QDate::dayOfWeek), from `opens` to
// `closes` local time, between validFrom and validTo when they are set. A schedule HSDS gives only
// in words keeps its text in `note` and no days.
struct DirectoryOpening
{
    QList<int> days;
    QTime opens;
    QTime closes;
    QDate validFrom;
    QDate validTo;
    QString note;

    bool isStructured() const { return !days.isEmpty() && opens.isValid() && closes.isValid(); }
    bool coversAt(const QDateTime &local) const;
    // "Mon–Fri 9:00–17:00" (translated day names), or the note.
    QString text() const;
    QJsonObject toJson() const;
    static DirectoryOpening fromJson(const QJsonObject &o);
    friend bool operator==(const DirectoryOpening &, const DirectoryOpening &) = default;
};

struct DirectoryPhone
{
    QString number;
    QString extension;
    QString type; // HSDS: voice, text, fax, cell, video, pager, textphone
    QString description;

    QString text() const; // "029 2018 0000 ext. 100"
    QJsonObject toJson() const;
    static DirectoryPhone fromJson(const QJsonObject &o);
    friend bool operator==(const DirectoryPhone &, const DirectoryPhone &) = default;
};

struct DirectoryLocation
{
    QString id;
    QString name;
    QString address; // lines joined by '\n', without the postcode
    QString postcode;
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();
    QString transport;            // how to get there
    QStringList accessibility;    // "Step-free entrance", "Hearing loop"
    QList<DirectoryPhone> phones; // at this location (may be empty)
    QList<DirectoryOpening> openings;

    bool hasCoordinates() const { return !std::isnan(latitude) && !std::isnan(longitude); }
    QJsonObject toJson() const;
    static DirectoryLocation fromJson(const QJsonObject &o);
    friend bool operator==(const DirectoryLocation &a, const DirectoryLocation &b)
    {
        auto same = [](double x, double y) {
            return (std::isnan(x) && std::isnan(y)) || x == y;
        };
        return a.id == b.id && a.name == b.name && a.address == b.address &&
               a.postcode == b.postcode && same(a.latitude, b.latitude) &&
               same(a.longitude, b.longitude) && a.transport == b.transport &&
               a.accessibility == b.accessibility && a.phones == b.phones &&
               a.openings == b.openings;
    }
};

struct DirectoryTerm
{
    QString taxonomy; // e.g. "OpenReferral UK", "LGA/ESD needs"; may be empty
    QString code;
    QString name;

    QJsonObject toJson() const;
    static DirectoryTerm fromJson(const QJsonObject &o);
    friend bool operator==(const DirectoryTerm &, const DirectoryTerm &) = default;
};

// What a referral may carry about a resident, by wire name. A referral shares the fields a
// service needs (DirectoryService::referralFields), no more, and only with the resident's consent
// to exactly those (models/Signposting).
QStringList referralFieldNames();
QString referralFieldLabel(const QString &name);

struct DirectoryService
{
    QUuid id;       // the record's id: the HSDS id when it is a UUID, else derived from it
    QString hsdsId; // as the directory gives it
    QString name;
    QString alternateName;
    QString organization;
    QString organizationUrl;
    QString description; // plain text (HTML removed at import)
    QString url;
    QString email;
    QString status; // active, inactive, defunct, temporarily closed
    QString eligibility;
    int minimumAge = -1; // -1: none given
    int maximumAge = -1;
    QString fees; // cost in words; empty: not said
    bool free = false;
    QString applicationProcess; // how to get it ("Ring us", "Ask your GP to refer you")
    QString alert;              // e.g. temporarily moved online
    QStringList languages;      // language names
    QStringList areas;          // service areas in words
    QList<DirectoryPhone> phones;
    QList<DirectoryOpening> openings; // of the service itself (all its locations)
    QList<DirectoryLocation> locations;
    QList<DirectoryTerm> terms;
    // The council's own service categories (ServiceCategory::key) this service answers, mapped at
    // import, so a clerk looking at a council tax enquiry finds debt advice.
    QStringList categories;
    // What a referral to the service needs (referralFieldNames()); "name" and "phone" when the
    // directory does not say.
    QStringList referralFields;
    QString source;       // which import it came from (a directory's name or file)
    QString lastModified; // as the directory gives it

    bool isActive() const { return status.isEmpty() || status == u"active"; }
    // Open at this local time by any structured opening of the service or of a location; nullopt
    // when the directory gives no structured times for it.
    std::optional<bool> isOpenAt(const QDateTime &local) const;
    // Every phone of the service, then of its locations, without repeats.
    QList<DirectoryPhone> allPhones() const;

    QJsonObject toJson() const;
    QByteArray toDocument() const; // the record's `document`
    // nullopt with *error for a document that is not a service (no name, not JSON).
    static std::optional<DirectoryService> fromDocument(const QByteArray &document,
                                                        QString *error = nullptr);
    static std::optional<DirectoryService> fromJson(const QJsonObject &o, QString *error = nullptr);
    friend bool operator==(const DirectoryService &, const DirectoryService &) = default;
};

// A "how to do it yourself next time" guide (a `selfserve_guide` record), for the council
// service categories it names.
struct SelfServeGuide
{
    QUuid id;
    QString title;
    QStringList services; // ServiceCategory keys
    QString url;
    QStringList steps;
    QString language; // "en", "cy", "ga"; empty: English

    static SelfServeGuide fromFields(const QUuid &id, const QJsonObject &fields);
    QJsonObject toFields() const;
    friend bool operator==(const SelfServeGuide &, const SelfServeGuide &) = default;
};

// The id a service's record gets from its HSDS id: the id itself when it is a UUID, otherwise a
// name-based UUID (v5) of it, so importing the same directory again finds the same records.
QUuid directoryServiceId(const QString &hsdsId);

// Great-circle distance in kilometres.
double distanceKm(double lat1, double lon1, double lat2, double lon2);

// The whole directory on a desk, searched as the clerk types (no SQL: a directory of a few
// thousand services is searched in memory in well under a millisecond per hundred services).
class DirectoryIndex
{
public:
    struct Query
    {
        QString text;     // words in any order, accents and case ignored; prefixes match
        QString category; // a council category key (ServiceCategory::key), or empty
        QString termCode; // a taxonomy term code, or empty
        int age = -1;     // the resident's age: services whose age limits exclude it are left out
        QString forWhom;  // words that must appear in the eligibility or terms ("carers")
        QString postcode; // order by distance from it when it can be placed
        QDateTime openAt; // when valid: only services open then (local time)
        bool includeInactive = false;
        int limit = 50;
    };
    struct Hit
    {
        const DirectoryService *service = nullptr;
        double distanceKm = -1; // -1: unknown
        const DirectoryLocation *nearest = nullptr;
        int score = 0;
    };

    DirectoryIndex() = default;
    explicit DirectoryIndex(QList<DirectoryService> services);

    qsizetype size() const { return m_services.size(); }
    const QList<DirectoryService> &services() const { return m_services; }
    const DirectoryService *byId(const QUuid &id) const;
    // Every taxonomy term in use, by name (code → name), for a filter list.
    QList<DirectoryTerm> terms() const;
    // The council categories some service answers.
    QStringList categories() const;

    QList<Hit> find(const Query &query) const;
    // Where a postcode is, estimated from the located addresses in the directory that share the
    // longest part of it (the full postcode, its sector "CF10 1", its district "CF10", its area
    // "CF"): nullopt when nothing in the directory is near enough to tell.
    std::optional<std::pair<double, double>> placePostcode(const QString &postcode) const;

private:
    struct Entry
    {
        QStringList words;       // folded words of name, organisation, alternate name, terms
        QStringList detailWords; // of the description, eligibility, areas
        QStringList eligibility; // folded words of eligibility and terms
    };
    QList<DirectoryService> m_services;
    QList<Entry> m_entries;
    QHash<QUuid, qsizetype> m_byId;
    // Postcode prefixes ("CF10 1", "CF10", "CF") → mean coordinates of the located addresses.
    QHash<QString, std::pair<double, double>> m_places;
};

} // namespace FirstStop
