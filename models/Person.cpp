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
        QStringLiteral("reference"),
        QStringLiteral("given_name"),
        QStringLiteral("family_name"),
        QStringLiteral("preferred_name"),
        QStringLiteral("date_of_birth"),
        QStringLiteral("address"),
        QStringLiteral("postcode"),
        QStringLiteral("phone"),
        QStringLiteral("email"),
        // Stored in the details column (detailFieldNames).
        QStringLiteral("previous_names"),
        QStringLiteral("previous_addresses"),
        QStringLiteral("contact_channel"),
        QStringLiteral("ok_to_text"),
        QStringLiteral("ok_to_email"),
        QStringLiteral("ok_to_post"),
        QStringLiteral("preferred_language"),
        QStringLiteral("interpreter_needed"),
        QStringLiteral("accessibility_flags"),
        QStringLiteral("accessibility_notes"),
    };
    return names;
}

const QStringList &Person::detailFieldNames()
{
    static const QStringList names = fieldNames().mid(fieldNames().indexOf(u"previous_names"_qs));
    return names;
}

bool Person::isListField(const QString &name)
{
    return name == u"previous_names" || name == u"previous_addresses" ||
           name == u"accessibility_flags";
}

QJsonArray Person::mergeLists(const QJsonArray &a, const QJsonArray &b)
{
    QJsonArray out = a;
    for (const QJsonValue &v : b) {
        if (!out.contains(v)) {
            out.append(v);
        }
    }
    return out;
}

QJsonObject Person::details() const
{
    QJsonObject out;
    for (const QString &name : detailFieldNames()) {
        const QJsonValue v = field(name);
        const bool empty = (v.isString() && v.toString().isEmpty()) ||
                           (v.isArray() && v.toArray().isEmpty()) || (v.isBool() && !v.toBool());
        if (!empty) {
            out.insert(name, v);
        }
    }
    return out;
}

void Person::setDetails(const QJsonObject &details)
{
    for (const QString &name : detailFieldNames()) {
        const QJsonValue v = details.value(name);
        if (v.isUndefined() || !setField(name, v)) {
            setField(name, QJsonValue::Null);
        }
    }
}

void Person::keepHistoryFrom(const Person &before)
{
    const auto remember = [](QStringList &history, const QString &old, const QString &now) {
        if (old.trimmed().isEmpty() || old == now) {
            return;
        }
        history.removeAll(old);
        history.prepend(old);
        history.removeAll(now); // back to an earlier one: it is current again, not history
    };
    const auto fullName = [](const Person &p) {
        return QString(p.givenName + u' ' + p.familyName).trimmed();
    };
    const auto fullAddress = [](const Person &p) {
        return p.postcode.isEmpty() ? p.address.trimmed()
                                    : QString(p.address.trimmed() + u'\n' + p.postcode).trimmed();
    };
    remember(previousNames, fullName(before), fullName(*this));
    remember(previousAddresses, fullAddress(before), fullAddress(*this));
}

const QStringList &Person::contactChannels()
{
    static const QStringList channels = {QString(), u"phone"_qs, u"text"_qs, u"email"_qs,
                                         u"post"_qs};
    return channels;
}

QString Person::contactChannelLabel(const QString &channel)
{
    if (channel == u"phone") {
        return QCoreApplication::translate("Person", "Phone call");
    }
    if (channel == u"text") {
        return QCoreApplication::translate("Person", "Text message");
    }
    if (channel == u"email") {
        return QCoreApplication::translate("Person", "E-mail");
    }
    if (channel == u"post") {
        return QCoreApplication::translate("Person", "Letter");
    }
    return QCoreApplication::translate("Person", "No preference");
}

const QStringList &Person::accessibilityFlagNames()
{
    static const QStringList flags = {
        u"step_free_access"_qs, u"hearing_loop"_qs, u"bsl_interpreter"_qs, u"large_print"_qs,
        u"easy_read"_qs,        u"quiet_space"_qs,  u"extra_time"_qs,      u"someone_with_them"_qs};
    return flags;
}

QString Person::accessibilityFlagLabel(const QString &flag)
{
    static const char *const labels[][2] = {
        {"step_free_access", QT_TRANSLATE_NOOP("Person", "Step-free access")},
        {"hearing_loop", QT_TRANSLATE_NOOP("Person", "Hearing loop")},
        {"bsl_interpreter", QT_TRANSLATE_NOOP("Person", "BSL interpreter")},
        {"large_print", QT_TRANSLATE_NOOP("Person", "Large print")},
        {"easy_read", QT_TRANSLATE_NOOP("Person", "Easy read")},
        {"quiet_space", QT_TRANSLATE_NOOP("Person", "Quiet space to talk")},
        {"extra_time", QT_TRANSLATE_NOOP("Person", "Extra time")},
        {"someone_with_them", QT_TRANSLATE_NOOP("Person", "Someone with them (carer, advocate)")},
    };
    for (const auto &label : labels) {
        if (flag == QLatin1String(label[0])) {
            return QCoreApplication::translate("Person", label[1]);
        }
    }
    return flag;
}

QString Person::contactProblem() const
{
    if ((contactChannel == u"text" || okToText) && phone.trimmed().isEmpty()) {
        return QCoreApplication::translate("Person",
                                           "Add a phone number to contact them by text message.");
    }
    if (contactChannel == u"phone" && phone.trimmed().isEmpty()) {
        return QCoreApplication::translate("Person",
                                           "Add a phone number to contact them by phone.");
    }
    if ((contactChannel == u"email" || okToEmail) && email.trimmed().isEmpty()) {
        return QCoreApplication::translate("Person",
                                           "Add an e-mail address to contact them by e-mail.");
    }
    if ((contactChannel == u"post" || okToPost) && address.trimmed().isEmpty()) {
        return QCoreApplication::translate("Person", "Add an address to contact them by letter.");
    }
    if (!contactChannels().contains(contactChannel)) {
        return QCoreApplication::translate("Person", "“%1” is not a way this desk can contact "
                                                     "anyone.")
            .arg(contactChannel);
    }
    return {};
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
        {"previous_names", QT_TRANSLATE_NOOP("Person", "Previous names")},
        {"previous_addresses", QT_TRANSLATE_NOOP("Person", "Previous addresses")},
        {"contact_channel", QT_TRANSLATE_NOOP("Person", "Contact by")},
        {"ok_to_text", QT_TRANSLATE_NOOP("Person", "Texts are OK")},
        {"ok_to_email", QT_TRANSLATE_NOOP("Person", "E-mails are OK")},
        {"ok_to_post", QT_TRANSLATE_NOOP("Person", "Letters are OK")},
        {"preferred_language", QT_TRANSLATE_NOOP("Person", "Preferred language")},
        {"interpreter_needed", QT_TRANSLATE_NOOP("Person", "Interpreter needed")},
        {"accessibility_flags", QT_TRANSLATE_NOOP("Person", "Adjustments")},
        {"accessibility_notes", QT_TRANSLATE_NOOP("Person", "Accessibility needs")},
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
    if (name == u"previous_names") {
        return QJsonArray::fromStringList(previousNames);
    }
    if (name == u"previous_addresses") {
        return QJsonArray::fromStringList(previousAddresses);
    }
    if (name == u"accessibility_flags") {
        return QJsonArray::fromStringList(accessibilityFlags);
    }
    if (name == u"contact_channel") {
        return contactChannel;
    }
    if (name == u"preferred_language") {
        return preferredLanguage;
    }
    if (name == u"accessibility_notes") {
        return accessibilityNotes;
    }
    if (name == u"ok_to_text") {
        return okToText;
    }
    if (name == u"ok_to_email") {
        return okToEmail;
    }
    if (name == u"ok_to_post") {
        return okToPost;
    }
    if (name == u"interpreter_needed") {
        return interpreterNeeded;
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
    if (isListField(name)) {
        QStringList *list = name == u"previous_names"       ? &previousNames
                            : name == u"previous_addresses" ? &previousAddresses
                                                            : &accessibilityFlags;
        if (value.isNull()) {
            list->clear();
            return true;
        }
        if (!value.isArray()) {
            return false;
        }
        QStringList out;
        for (const QJsonValue &v : value.toArray()) {
            if (!v.isString()) {
                return false;
            }
            if (!v.toString().trimmed().isEmpty() && !out.contains(v.toString())) {
                out.append(v.toString());
            }
        }
        *list = out;
        return true;
    }
    bool *flag = name == u"ok_to_text"           ? &okToText
                 : name == u"ok_to_email"        ? &okToEmail
                 : name == u"ok_to_post"         ? &okToPost
                 : name == u"interpreter_needed" ? &interpreterNeeded
                                                 : nullptr;
    if (flag) {
        // A conflict kept on the desk comes back as text ("true"/"1"); both forms are read.
        if (value.isNull()) {
            *flag = false;
        } else if (value.isBool()) {
            *flag = value.toBool();
        } else if (value.isString() && (value.toString() == u"true" || value.toString() == u"1")) {
            *flag = true;
        } else if (value.isString() && (value.toString() == u"false" || value.toString() == u"0")) {
            *flag = false;
        } else {
            return false;
        }
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
    } else if (name == u"contact_channel") {
        target = &contactChannel;
    } else if (name == u"preferred_language") {
        target = &preferredLanguage;
    } else if (name == u"accessibility_notes") {
        target = &accessibilityNotes;
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
    if (name == u"contact_channel" && !contactChannels().contains(value.toString())) {
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

PersonListAccess PersonListAccess::forRole(QStringView role)
{
    if (role == u"library") {
        return {false, false};
    }
    return {};
}

} // namespace FirstStop
