#include "models/Person.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QRegularExpression>

namespace FirstStop {

namespace {
constexpr auto kDateFormat = Qt::ISODate;
}

const QStringList &Person::fieldNames()
{
    static const QStringList names = {
        QStringLiteral("reference"),     QStringLiteral("given_name"),
        QStringLiteral("family_name"),   QStringLiteral("preferred_name"),
        QStringLiteral("date_of_birth"), QStringLiteral("address"),
        QStringLiteral("postcode"),      QStringLiteral("phone"),
        QStringLiteral("email"),
    };
    return names;
}

QString Person::fieldLabel(const QString &name)
{
    static const char *const labels[][2] = {
        {"reference", QT_TRANSLATE_NOOP("Person", "Reference")},
        {"given_name", QT_TRANSLATE_NOOP("Person", "Given name")},
        {"family_name", QT_TRANSLATE_NOOP("Person", "Family name")},
        {"preferred_name", QT_TRANSLATE_NOOP("Person", "Known as")},
        {"date_of_birth", QT_TRANSLATE_NOOP("Person", "Date of birth")},
        {"address", QT_TRANSLATE_NOOP("Person", "Address")},
        {"postcode", QT_TRANSLATE_NOOP("Person", "Postcode")},
        {"phone", QT_TRANSLATE_NOOP("Person", "Phone")},
        {"email", QT_TRANSLATE_NOOP("Person", "E-mail")},
    };
    for (const auto &label : labels) {
        if (name == QLatin1String(label[0])) {
            return QCoreApplication::translate("Person", label[1]);
        }
    }
    return name;
}

QJsonValue Person::field(const QString &name) const
{
    if (name == u"reference") {
        return reference;
    }
    if (name == u"given_name") {
        return givenName;
    }
    if (name == u"family_name") {
        return familyName;
    }
    if (name == u"preferred_name") {
        return preferredName;
    }
    if (name == u"date_of_birth") {
        return dateOfBirth.isValid() ? QJsonValue(dateOfBirth.toString(kDateFormat))
                                     : QJsonValue(QJsonValue::Null);
    }
    if (name == u"address") {
        return address;
    }
    if (name == u"postcode") {
        return postcode;
    }
    if (name == u"phone") {
        return phone;
    }
    if (name == u"email") {
        return email;
    }
    return QJsonValue(QJsonValue::Undefined);
}

bool Person::setField(const QString &name, const QJsonValue &value)
{
    if (name == u"date_of_birth") {
        if (value.isNull()) {
            dateOfBirth = QDate();
            return true;
        }
        if (!value.isString()) {
            return false;
        }
        const QDate date = QDate::fromString(value.toString(), kDateFormat);
        if (!date.isValid()) {
            return false;
        }
        dateOfBirth = date;
        return true;
    }
    QString *target = nullptr;
    if (name == u"reference") {
        target = &reference;
    } else if (name == u"given_name") {
        target = &givenName;
    } else if (name == u"family_name") {
        target = &familyName;
    } else if (name == u"preferred_name") {
        target = &preferredName;
    } else if (name == u"address") {
        target = &address;
    } else if (name == u"postcode") {
        target = &postcode;
    } else if (name == u"phone") {
        target = &phone;
    } else if (name == u"email") {
        target = &email;
    }
    if (!target) {
        return false;
    }
    if (value.isNull()) {
        target->clear();
        return true;
    }
    if (!value.isString()) {
        return false;
    }
    *target = value.toString();
    return true;
}

QString Person::displayName() const
{
    const QString given = preferredName.isEmpty() ? givenName : preferredName;
    if (given.isEmpty()) {
        return familyName;
    }
    if (familyName.isEmpty()) {
        return given;
    }
    return given + u' ' + familyName;
}

QString makePersonReference(const QUuid &id)
{
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 symbols
    const QByteArray bytes = id.toRfc4122();
    quint64 value = 0;
    for (int i = 0; i < 8; ++i) {
        value = (value << 8) | static_cast<quint8>(bytes.at(i));
    }
    // The first 8 characters are the 8 of the former form, so an old reference is the start of
    // the new one for the same record.
    QString out = QStringLiteral("FS-");
    for (int i = 0; i < 10; ++i) {
        if (i == 5) {
            out += u'-';
        }
        out += QLatin1Char(kAlphabet[value % 31]);
        value /= 31;
    }
    return out;
}

QString personReferenceKey(QStringView reference)
{
    QString key = reference.trimmed().toString().toUpper();
    if (key.startsWith(u"FS")) {
        key.remove(0, 2);
    }
    key.remove(u'-');
    return key;
}

QDate parseDateOfBirth(QStringView text, const QDate &today)
{
    static const QRegularExpression iso(QStringLiteral(R"(^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$)"));
    static const QRegularExpression dayFirst(
        QStringLiteral(R"(^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})\s*$)"));
    int year = 0;
    int month = 0;
    int day = 0;
    if (const auto m = iso.match(text); m.hasMatch()) {
        year = m.capturedView(1).toInt();
        month = m.capturedView(2).toInt();
        day = m.capturedView(3).toInt();
    } else if (const auto d = dayFirst.match(text); d.hasMatch()) {
        day = d.capturedView(1).toInt();
        month = d.capturedView(2).toInt();
        year = d.capturedView(3).toInt();
        if (d.capturedView(3).size() == 2) {
            const int century = today.year() / 100 * 100;
            year += century;
            if (year > today.year()) {
                year -= 100;
            }
        }
    } else {
        return {};
    }
    const QDate date(year, month, day);
    if (!date.isValid() || date > today || date.year() < 1880) {
        return {};
    }
    return date;
}

} // namespace FirstStop
