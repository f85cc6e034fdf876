#include "models/EntityType.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>

namespace FirstStop {

namespace {

const QStringList kAllRoles = {QStringLiteral("counter"), QStringLiteral("library"),
                               QStringLiteral("team_lead"), QStringLiteral("admin")};
const QStringList kLeads = {QStringLiteral("team_lead"), QStringLiteral("admin")};

bool isEmptyValue(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
}

FieldSpec text(const QString &name, bool required = false, qsizetype maxLength = 2000)
{
    FieldSpec f;
    f.name = name;
    f.required = required;
    f.maxLength = maxLength;
    return f;
}

FieldSpec ofType(const QString &name, FieldType type, bool required = false)
{
    FieldSpec f;
    f.name = name;
    f.type = type;
    f.required = required;
    return f;
}

FieldSpec choice(const QString &name, const QStringList &choices, bool required = false)
{
    FieldSpec f = ofType(name, FieldType::Choice, required);
    f.choices = choices;
    return f;
}

FieldSpec fixed(FieldSpec f)
{
    f.immutable = true;
    return f;
}

// The enquiry as issue 5 describes it. Anonymous enquiries (a library user at a self-serve PC)
// have no person_id. The wire values are stable identifiers; the screens translate them.
EntityType enquiryType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeEnquiry);
    t.fields = {
        ofType(QStringLiteral("person_id"), FieldType::Uuid),
        fixed(text(QStringLiteral("office"), true, 200)),
        choice(QStringLiteral("channel"),
               {QStringLiteral("face_to_face"), QStringLiteral("phone"), QStringLiteral("email"),
                QStringLiteral("web_form"), QStringLiteral("letter"),
                QStringLiteral("assisted_self_serve"), QStringLiteral("social_media")},
               true),
        text(QStringLiteral("category"), false, 200), // a service from the catalogue (LGSL id)
        text(QStringLiteral("summary"), true),
        choice(QStringLiteral("outcome"),
               {QStringLiteral("resolved_first_contact"), QStringLiteral("signposted"),
                QStringLiteral("self_serve"), QStringLiteral("appointment_booked"),
                QStringLiteral("passed_to_back_office"), QStringLiteral("withdrawn")}),
        choice(QStringLiteral("status"),
               {QStringLiteral("open"), QStringLiteral("in_progress"), QStringLiteral("waiting"),
                QStringLiteral("resolved"), QStringLiteral("closed")},
               true),
        choice(QStringLiteral("priority"),
               {QStringLiteral("normal"), QStringLiteral("high"), QStringLiteral("urgent")}),
        text(QStringLiteral("handled_by"), false, 200),
        ofType(QStringLiteral("follow_up_on"), FieldType::Date),
        fixed(ofType(QStringLiteral("created_at"), FieldType::DateTime, true)),
        fixed(text(QStringLiteral("created_by"), false, 200)),
        ofType(QStringLiteral("closed_at"), FieldType::DateTime),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kAllRoles;
    t.deleteRoles = kLeads; // what happened at the desk is a record; only a lead removes one
    t.scopeField = QStringLiteral("office");
    t.personField = QStringLiteral("person_id");
    t.authorField = QStringLiteral("created_by");
    t.titleField = QStringLiteral("summary");
    t.validate = [](const QJsonObject &r) -> QString {
        const QString status = r.value(u"status").toString();
        if ((status == u"resolved" || status == u"closed") && isEmptyValue(r.value(u"outcome"))) {
            return QStringLiteral("a resolved or closed enquiry needs an outcome");
        }
        return {};
    };
    return t;
}

// A note on an enquiry: its own record, written once. Two desks adding notes to the same enquiry
// offline make two records with two ids, so they can never conflict and both are kept; no list
// inside the enquiry has to be merged.
EntityType enquiryNoteType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeEnquiryNote);
    t.fields = {
        fixed(ofType(QStringLiteral("enquiry_id"), FieldType::Uuid, true)),
        fixed(ofType(QStringLiteral("person_id"), FieldType::Uuid)),
        fixed(text(QStringLiteral("office"), true, 200)),
        fixed(text(QStringLiteral("text"), true, 10000)),
        fixed(ofType(QStringLiteral("created_at"), FieldType::DateTime, true)),
        fixed(text(QStringLiteral("created_by"), false, 200)),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kAllRoles;
    t.deleteRoles = kLeads;
    t.appendOnly = true;
    t.scopeField = QStringLiteral("office");
    t.personField = QStringLiteral("person_id");
    t.authorField = QStringLiteral("created_by");
    t.titleField = QStringLiteral("text");
    return t;
}

// The service catalogue (reference data, from the Local Government Service List): every desk
// reads it, only team leads and admins change it.
EntityType serviceCategoryType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeServiceCategory);
    t.fields = {
        text(QStringLiteral("code"), true, 64), // the LGSL identifier, or a local one
        text(QStringLiteral("label"), true, 300),
        text(QStringLiteral("group"), false, 300),
        ofType(QStringLiteral("active"), FieldType::Boolean),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kLeads;
    t.deleteRoles = kLeads;
    t.titleField = QStringLiteral("label");
    return t;
}

// The names the desk shows for kinds and fields, in one table (fields of the same name mean the
// same thing in every kind).
struct Label
{
    const char16_t *wireName;
    const char *label;
};
constexpr Label kLabels[] = {
    {u"enquiry", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Enquiry")},
    {u"enquiry_note", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Note on an enquiry")},
    {u"service_category", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"person_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Person")},
    {u"enquiry_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Enquiry")},
    {u"office", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Office")},
    {u"channel", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Channel")},
    {u"category", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"summary", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Summary")},
    {u"outcome", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Outcome")},
    {u"status", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Status")},
    {u"priority", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Priority")},
    {u"handled_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Handled by")},
    {u"follow_up_on", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Follow-up date")},
    {u"created_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Made at")},
    {u"created_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Made by")},
    {u"closed_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Closed at")},
    {u"text", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Note")},
    {u"code", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Code")},
    {u"label", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Name")},
    {u"group", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Group")},
    {u"active", QT_TRANSLATE_NOOP("FirstStop::EntityType", "In use")},
};

} // namespace

QString recordLabel(QStringView wireName)
{
    for (const Label &l : kLabels) {
        if (wireName == QStringView(l.wireName)) {
            return QCoreApplication::translate("FirstStop::EntityType", l.label);
        }
    }
    return wireName.toString();
}

const QList<EntityType> &entityTypes()
{
    static const QList<EntityType> types = {enquiryType(), enquiryNoteType(),
                                            serviceCategoryType()};
    return types;
}

const EntityType *entityType(QStringView name)
{
    for (const EntityType &t : entityTypes()) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const FieldSpec *EntityType::field(QStringView fieldName) const
{
    for (const FieldSpec &f : fields) {
        if (f.name == fieldName) {
            return &f;
        }
    }
    return nullptr;
}

QStringList EntityType::fieldNames() const
{
    QStringList names;
    for (const FieldSpec &f : fields) {
        names.append(f.name);
    }
    return names;
}

QString EntityType::fieldProblem(const QString &fieldName, const QJsonValue &value) const
{
    const FieldSpec *f = field(fieldName);
    if (!f) {
        return QStringLiteral("%1 has no field %2").arg(name, fieldName);
    }
    if (value.isNull() || value.isUndefined()) {
        return f->required ? QStringLiteral("field %1 is required").arg(fieldName) : QString();
    }
    const auto wrongType = [&](const QString &what) {
        return QStringLiteral("field %1 must be %2").arg(fieldName, what);
    };
    switch (f->type) {
    case FieldType::String:
        if (!value.isString()) {
            return wrongType(QStringLiteral("text"));
        }
        if (value.toString().size() > f->maxLength) {
            return QStringLiteral("field %1 is longer than %2 characters")
                .arg(fieldName)
                .arg(f->maxLength);
        }
        if (f->required && value.toString().trimmed().isEmpty()) {
            return QStringLiteral("field %1 cannot be empty").arg(fieldName);
        }
        return {};
    case FieldType::Choice:
        if (!value.isString() || !f->choices.contains(value.toString())) {
            return wrongType(QStringLiteral("one of ") + f->choices.join(QStringLiteral(", ")));
        }
        return {};
    case FieldType::Uuid:
        if (!value.isString() || QUuid::fromString(value.toString()).isNull()) {
            return wrongType(QStringLiteral("a UUID"));
        }
        return {};
    case FieldType::Date:
        if (!value.isString() || value.toString().size() != 10 ||
            !QDate::fromString(value.toString(), Qt::ISODate).isValid()) {
            return wrongType(QStringLiteral("a date (yyyy-mm-dd)"));
        }
        return {};
    case FieldType::DateTime:
        if (!value.isString() ||
            !QDateTime::fromString(value.toString(), Qt::ISODateWithMs).isValid()) {
            return wrongType(QStringLiteral("an ISO 8601 date and time"));
        }
        return {};
    case FieldType::Boolean:
        return value.isBool() ? QString() : wrongType(QStringLiteral("true or false"));
    }
    return {};
}

QString EntityType::typeProblem(const QJsonObject &record) const
{
    for (auto it = record.begin(); it != record.end(); ++it) {
        const FieldSpec *f = field(it.key());
        if (!f || it.value().isNull()) {
            continue; // a field a newer centre added; or a cleared value
        }
        const QString problem = fieldProblem(it.key(), it.value());
        if (!problem.isEmpty() && !problem.endsWith(QStringLiteral("cannot be empty"))) {
            return problem;
        }
    }
    return {};
}

QString EntityType::recordProblem(const QJsonObject &record) const
{
    for (auto it = record.begin(); it != record.end(); ++it) {
        const QString problem = fieldProblem(it.key(), it.value());
        if (!problem.isEmpty()) {
            return problem;
        }
    }
    for (const FieldSpec &f : fields) {
        if (f.required && isEmptyValue(record.value(f.name))) {
            return QStringLiteral("field %1 is required").arg(f.name);
        }
    }
    return validate ? validate(record) : QString();
}

QString EntityType::scopeKey(const QJsonObject &record) const
{
    return scopeField.isEmpty() ? QString() : record.value(scopeField).toString();
}

QUuid EntityType::personId(const QJsonObject &record) const
{
    return personField.isEmpty() ? QUuid()
                                 : QUuid::fromString(record.value(personField).toString());
}

} // namespace FirstStop
