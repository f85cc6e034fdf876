#include "models/Signposting.h"

#include "models/Directory.h"
#include "models/Person.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace FirstStop {

namespace {

constexpr auto kInformation = u"information";
constexpr auto kReferral = u"referral";

QString value(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

QString personValue(const Person &p, const QString &field, const QString &reason)
{
    if (field == u"name") {
        return p.displayName();
    }
    if (field == u"date_of_birth") {
        return p.dateOfBirth.isValid() ? p.dateOfBirth.toString(Qt::ISODate) : QString();
    }
    if (field == u"address") {
        QString a = p.address.trimmed();
        a.replace(u'\n', u", "_qs);
        if (!p.postcode.trimmed().isEmpty()) {
            a += (a.isEmpty() ? QString() : u", "_qs) + p.postcode.trimmed();
        }
        return a;
    }
    if (field == u"phone") {
        return p.phone.trimmed();
    }
    if (field == u"email") {
        return p.email.trimmed();
    }
    if (field == u"preferred_language") {
        return p.preferredLanguage.trimmed() +
               (p.interpreterNeeded ? QCoreApplication::translate("FirstStop::Signposting",
                                                                  " (needs an interpreter)")
                                    : QString());
    }
    if (field == u"accessibility") {
        QStringList needs;
        for (const QString &flag : p.accessibilityFlags) {
            needs << Person::accessibilityFlagLabel(flag);
        }
        if (!p.accessibilityNotes.trimmed().isEmpty()) {
            needs << p.accessibilityNotes.trimmed();
        }
        return needs.join(u"; "_qs);
    }
    if (field == u"reason") {
        return reason.trimmed();
    }
    return {};
}

// "name, phone and address" (the locale's list words are not used: the C locale has none).
QString listText(const QStringList &items)
{
    if (items.size() < 2) {
        return items.join(QString());
    }
    return QCoreApplication::translate("FirstStop::Signposting", "%1 and %2")
        .arg(items.mid(0, items.size() - 1).join(u", "_qs), items.last());
}

} // namespace

QString Signposting::modeName(Mode m)
{
    return QString::fromUtf16(m == Mode::Referral ? kReferral : kInformation);
}

bool Signposting::modeFromName(const QString &name, Mode *out)
{
    if (name == QStringView(kInformation)) {
        *out = Mode::Information;
        return true;
    }
    if (name == QStringView(kReferral)) {
        *out = Mode::Referral;
        return true;
    }
    return false;
}

QStringList Signposting::modeNames()
{
    return {QString::fromUtf16(kInformation), QString::fromUtf16(kReferral)};
}

QJsonObject Signposting::toFields() const
{
    QJsonObject o;
    o.insert(QLatin1StringView("enquiry_id"), enquiryId.toString(QUuid::WithoutBraces));
    if (!personId.isNull()) {
        o.insert(QLatin1StringView("person_id"), personId.toString(QUuid::WithoutBraces));
    }
    o.insert(QLatin1StringView("office"), office);
    o.insert(QLatin1StringView("service_id"), serviceId.toString(QUuid::WithoutBraces));
    o.insert(QLatin1StringView("service_name"), serviceName);
    if (!organization.isEmpty()) {
        o.insert(QLatin1StringView("organization"), organization);
    }
    o.insert(QLatin1StringView("mode"), modeName(mode));
    if (!told.isEmpty()) {
        o.insert(QLatin1StringView("told"), told);
    }
    if (!sharedFields.isEmpty()) {
        o.insert(QLatin1StringView("shared_fields"), sharedFields.join(u','));
    }
    if (!sharedData.isEmpty()) {
        o.insert(QLatin1StringView("shared_data"), sharedData);
    }
    if (consent) {
        o.insert(QLatin1StringView("consent"), true);
    }
    if (!consentStatement.isEmpty()) {
        o.insert(QLatin1StringView("consent_statement"), consentStatement);
    }
    if (consentAt.isValid()) {
        o.insert(QLatin1StringView("consent_at"), consentAt.toUTC().toString(Qt::ISODateWithMs));
    }
    o.insert(QLatin1StringView("created_at"), createdAt.toUTC().toString(Qt::ISODateWithMs));
    if (!createdBy.isEmpty()) {
        o.insert(QLatin1StringView("created_by"), createdBy);
    }
    return o;
}

Signposting Signposting::fromFields(const QUuid &id, const QJsonObject &f)
{
    Signposting s;
    s.id = id;
    s.enquiryId = QUuid(value(f, QLatin1StringView("enquiry_id")));
    s.personId = QUuid(value(f, QLatin1StringView("person_id")));
    s.office = value(f, QLatin1StringView("office"));
    s.serviceId = QUuid(value(f, QLatin1StringView("service_id")));
    s.serviceName = value(f, QLatin1StringView("service_name"));
    s.organization = value(f, QLatin1StringView("organization"));
    modeFromName(value(f, QLatin1StringView("mode")), &s.mode);
    s.told = value(f, QLatin1StringView("told"));
    const QString shared = value(f, QLatin1StringView("shared_fields"));
    s.sharedFields = shared.isEmpty() ? QStringList() : shared.split(u',');
    s.sharedData = value(f, QLatin1StringView("shared_data"));
    s.consent = f.value(QLatin1StringView("consent")).toBool();
    s.consentStatement = value(f, QLatin1StringView("consent_statement"));
    s.consentAt = QDateTime::fromString(value(f, QLatin1StringView("consent_at")), Qt::ISODate);
    s.createdAt = QDateTime::fromString(value(f, QLatin1StringView("created_at")), Qt::ISODate);
    s.createdBy = value(f, QLatin1StringView("created_by"));
    return s;
}

QString Signposting::sharedDataFor(const Person &person, const QStringList &fields,
                                   const QString &reason)
{
    QJsonObject o;
    for (const QString &field : fields) {
        const QString v = personValue(person, field, reason);
        if (!v.isEmpty()) {
            o.insert(field, v);
        }
    }
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString Signposting::consentStatementFor(const QStringList &fields, const QString &organization,
                                         const QString &serviceName)
{
    QStringList labels;
    for (const QString &f : fields) {
        labels << referralFieldLabel(f).toLower();
    }
    return QCoreApplication::translate(
               "FirstStop::Signposting",
               "I agree that the council may share my %1 with %2, and nothing else, so that "
               "they can contact me about %3.")
        .arg(listText(labels), organization, serviceName);
}

QString Signposting::problem(const QJsonObject &f)
{
    Mode mode = Mode::Information;
    if (!modeFromName(value(f, QLatin1StringView("mode")), &mode)) {
        return QStringLiteral("mode: must be information or referral");
    }
    const QString sharedText = value(f, QLatin1StringView("shared_fields"));
    const QStringList shared = sharedText.isEmpty() ? QStringList() : sharedText.split(u',');
    const QString data = value(f, QLatin1StringView("shared_data"));
    const bool consent = f.value(QLatin1StringView("consent")).toBool();
    if (mode == Mode::Information) {
        if (!shared.isEmpty() || !data.isEmpty()) {
            return QStringLiteral("shared_fields: information only shares no personal data");
        }
        return {};
    }
    if (QUuid(value(f, QLatin1StringView("person_id"))).isNull()) {
        return QStringLiteral("person_id: a referral is about a known resident");
    }
    if (value(f, QLatin1StringView("organization")).trimmed().isEmpty()) {
        return QStringLiteral("organization: a referral names whom the data goes to");
    }
    if (!consent || value(f, QLatin1StringView("consent_statement")).trimmed().isEmpty() ||
        !QDateTime::fromString(value(f, QLatin1StringView("consent_at")), Qt::ISODate).isValid()) {
        return QStringLiteral(
            "consent: a referral needs the resident's consent, in words, with its time");
    }
    if (shared.isEmpty()) {
        return QStringLiteral("shared_fields: a referral shares at least one field");
    }
    const QStringList known = referralFieldNames();
    for (const QString &field : shared) {
        if (!known.contains(field)) {
            return QStringLiteral("shared_fields: %1 is not something a referral may share")
                .arg(field);
        }
        if (shared.count(field) > 1) {
            return QStringLiteral("shared_fields: %1 is named twice").arg(field);
        }
    }
    const QJsonDocument doc = QJsonDocument::fromJson(data.toUtf8());
    if (!doc.isObject()) {
        return QStringLiteral("shared_data: the data shared, as a JSON object by field");
    }
    const QJsonObject sent = doc.object();
    for (auto it = sent.begin(); it != sent.end(); ++it) {
        if (!shared.contains(it.key())) {
            return QStringLiteral("shared_data: %1 was shared without the resident's consent to it")
                .arg(it.key());
        }
    }
    return {};
}

} // namespace FirstStop
