#include "models/EntityType.h"

#include "models/Appointment.h"
#include "models/AppointmentSetup.h"
#include "models/ComplaintPolicy.h"
#include "models/Directory.h"
#include "models/Enquiry.h"
#include "models/Signposting.h"

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

FieldSpec fixed(FieldSpec f)
{
    f.immutable = true;
    return f;
}

// A choice whose wire names are kept by models/Enquiry (EnquiryNames), not repeated here.
template <typename E>
FieldSpec named(const QString &name, const QList<E> &offered = {}, bool required = false)
{
    FieldSpec f = ofType(name, FieldType::Choice, required);
    for (const E v : offered) {
        f.choices.append(EnquiryNames::name(v));
    }
    f.accepts = [](const QString &value) {
        E out{};
        return EnquiryNames::fromName(value, &out);
    };
    return f;
}

// The enquiry (and complaint) of issue 5: the fields are those of Enquiry::toFields() (the one
// place they are defined; tst_syncrecords checks the two agree), the rules EnquiryRules::validate.
// Anonymous enquiries (a library user at a self-serve PC) have no person_id. Who did what is in
// the enquiry's history events, so the centre stamps no author here.
EntityType enquiryType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeEnquiry);
    t.fields = {
        ofType(QStringLiteral("person_id"), FieldType::Uuid),
        named<EnquiryKind>(QStringLiteral("kind")),
        text(QStringLiteral("category"), false, 200),
        named(QStringLiteral("channel"), EnquiryNames::channels(), true),
        text(QStringLiteral("summary"), true),
        named(QStringLiteral("outcome"), EnquiryNames::outcomes()),
        text(QStringLiteral("outcome_link"), false, 300),
        named<EnquiryStatus>(QStringLiteral("status"), {}, true),
        named(QStringLiteral("priority"), EnquiryNames::priorities()),
        // Not fixed: a team lead may transfer an enquiry to another office (transferRoles).
        text(QStringLiteral("office"), true, 200),
        text(QStringLiteral("handled_by"), false, 200),
        ofType(QStringLiteral("follow_up"), FieldType::Date),
        fixed(ofType(QStringLiteral("opened_at"), FieldType::DateTime, true)),
        ofType(QStringLiteral("repeat_of"), FieldType::Uuid),
        named<ComplaintStage>(QStringLiteral("stage")),
        ofType(QStringLiteral("stage_received"), FieldType::Date),
        ofType(QStringLiteral("stage_acknowledged"), FieldType::Date),
        text(QStringLiteral("stage1_handled_by"), false, 200),
        text(QStringLiteral("escalation_advice")),
        text(QStringLiteral("remedy")),
        text(QStringLiteral("extension_reason")),
        ofType(QStringLiteral("satisfaction"), FieldType::Integer),
        text(QStringLiteral("satisfaction_comment")),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kAllRoles;
    t.deleteRoles = kLeads; // what happened at the desk is a record; only a lead removes one
    t.scopeField = QStringLiteral("office");
    t.transferRoles = kLeads;
    t.personField = QStringLiteral("person_id");
    t.titleField = QStringLiteral("summary");
    t.timeField = QStringLiteral("opened_at");
    t.validate = [](const QJsonObject &r) -> QString {
        QString unknown;
        const Enquiry e = Enquiry::fromFields(QUuid(), r, &unknown);
        if (!unknown.isEmpty()) {
            return unknown;
        }
        const QList<EnquiryProblem> problems = EnquiryRules::validate(e);
        return problems.isEmpty() ? QString()
                                  : problems.first().field + u": " + problems.first().message;
    };
    return t;
}

// What a note and a history entry of an enquiry share: written once by anyone (removed only by
// a lead), linked to the enquiry, scoped and linked to the person like it, the author stamped by
// the centre. `fields` follow the enquiry, office and person links.
EntityType partOfEnquiry(const char16_t *name, const QList<FieldSpec> &fields,
                         const QString &author, const QString &title, const QString &time)
{
    EntityType t;
    t.name = QString::fromUtf16(name);
    t.fields = {
        fixed(ofType(QStringLiteral("enquiry_id"), FieldType::Uuid, true)),
        fixed(ofType(QStringLiteral("person_id"), FieldType::Uuid)),
        fixed(text(QStringLiteral("office"), true, 200)),
    };
    for (const FieldSpec &f : fields) {
        t.fields.append(fixed(f));
    }
    t.readRoles = kAllRoles;
    t.writeRoles = kAllRoles;
    t.deleteRoles = kLeads;
    t.appendOnly = true;
    t.scopeField = QStringLiteral("office");
    // Goes where its enquiry goes: transferring an enquiry moves its notes and history with it.
    t.scopeParentField = QStringLiteral("enquiry_id");
    t.scopeParentType = QString::fromUtf16(kTypeEnquiry);
    t.personField = QStringLiteral("person_id");
    t.authorField = author;
    t.titleField = title;
    t.timeField = time;
    return t;
}

// A note on an enquiry: its own record, written once. Two desks adding notes to the same enquiry
// offline make two records with two ids, so they can never conflict and both are kept; no list
// inside the enquiry has to be merged.
EntityType enquiryNoteType()
{
    return partOfEnquiry(kTypeEnquiryNote,
                         {text(QStringLiteral("text"), true, 10000),
                          ofType(QStringLiteral("created_at"), FieldType::DateTime, true),
                          text(QStringLiteral("created_by"), false, 200)},
                         QStringLiteral("created_by"), QStringLiteral("text"),
                         QStringLiteral("created_at"));
}

// One entry of an enquiry's history (models/Enquiry: EnquiryEvent): a change of status,
// outcome or stage, a reopening, a pause or resume of the handling clock. Append-only and its own
// record, like a note, so two desks working on one enquiry offline both keep their entries; the
// handling time is computed from all of them in any order. `by` is stamped by the centre.
EntityType enquiryEventType()
{
    FieldSpec type = text(QStringLiteral("type"), true, 40);
    type.type = FieldType::Choice;
    type.accepts = [](const QString &value) {
        EnquiryEvent::Type out{};
        return EnquiryEvent::typeFromName(value, &out);
    };
    return partOfEnquiry(
        kTypeEnquiryEvent,
        {type, ofType(QStringLiteral("at"), FieldType::DateTime, true),
         text(QStringLiteral("by"), false, 200), text(QStringLiteral("from"), false, 200),
         text(QStringLiteral("to"), false, 300), text(QStringLiteral("note"), false, 2000)},
        QStringLiteral("by"), QStringLiteral("type"), QStringLiteral("at"));
}

// The service catalogue (reference data; the fields of ServiceCategory, models/ServiceCatalogue):
// every desk reads it, only team leads and admins change it.
EntityType serviceCategoryType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeServiceCategory);
    t.fields = {
        fixed(text(QStringLiteral("key"), true, 64)), // "lgsl:<n>" or "local:<uuid>"
        ofType(QStringLiteral("lgsl_id"), FieldType::Integer),
        text(QStringLiteral("label"), true, 300),
        text(QStringLiteral("group"), false, 300),
        text(QStringLiteral("description")),
        ofType(QStringLiteral("hidden"), FieldType::Boolean),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kLeads;
    t.deleteRoles = kLeads;
    t.titleField = QStringLiteral("label");
    return t;
}

// A customer-charter standard (reference data; the fields of CharterStandard in
// models/ComplaintPolicy): "answered within 10 working days" for one category, or for every
// category when `category` is empty. Every desk reads them; team leads and admins set them.
EntityType charterStandardType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeCharterStandard);
    FieldSpec unit = ofType(QStringLiteral("unit"), FieldType::Choice, true);
    unit.choices = {QStringLiteral("minutes"), QStringLiteral("working_days"),
                    QStringLiteral("calendar_days")};
    t.fields = {
        text(QStringLiteral("category"), false, 64),
        text(QStringLiteral("name"), true, 300),
        unit,
        ofType(QStringLiteral("amount"), FieldType::Integer, true),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kLeads;
    t.deleteRoles = kLeads;
    t.titleField = QStringLiteral("name");
    t.validate = [](const QJsonObject &r) {
        QString error;
        CharterStandard::fromJson(r, &error);
        return error;
    };
    return t;
}

// An appointment (models/Appointment: the fields of Appointment::toFields()). Scoped by the office
// of its place, so the desks of that office hold every booking at it and find free slots from
// their own cache. The slot itself is judged by the centre (server/AppointmentClaims): a booking
// that lost its slot to another desk is kept with status "lost" and the centre's note, so the
// resident's record says so. Type and person never change; a reschedule changes the time, the
// place (within the office) and the resource, and raises the calendar sequence.
EntityType appointmentType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeAppointment);
    FieldSpec status = ofType(QStringLiteral("status"), FieldType::Choice, true);
    status.choices = Appointment::statusNames();
    t.fields = {
        fixed(ofType(QStringLiteral("person_id"), FieldType::Uuid, true)),
        ofType(QStringLiteral("enquiry_id"), FieldType::Uuid),
        fixed(text(QStringLiteral("type_id"), true, 100)),
        text(QStringLiteral("place_id"), true, 100),
        text(QStringLiteral("resource_id"), true, 100),
        fixed(text(QStringLiteral("office"), true, 200)),
        ofType(QStringLiteral("starts_at"), FieldType::DateTime, true),
        ofType(QStringLiteral("ends_at"), FieldType::DateTime, true),
        status,
        ofType(QStringLiteral("sequence"), FieldType::Integer),
        text(QStringLiteral("reason"), false, 2000),
        text(QStringLiteral("centre_note"), false, 2000),
        text(QStringLiteral("booked_by"), false, 200),
        fixed(ofType(QStringLiteral("booked_at"), FieldType::DateTime, true)),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = kAllRoles;
    t.deleteRoles = kLeads; // a booking is cancelled, not deleted
    t.scopeField = QStringLiteral("office");
    t.personField = QStringLiteral("person_id");
    t.authorField = QStringLiteral("booked_by");
    t.titleField = QStringLiteral("starts_at");
    t.timeField = QStringLiteral("booked_at");
    t.validate = [](const QJsonObject &r) -> QString {
        const QDateTime start =
            QDateTime::fromString(r.value(QStringLiteral("starts_at")).toString(), Qt::ISODate);
        const QDateTime end =
            QDateTime::fromString(r.value(QStringLiteral("ends_at")).toString(), Qt::ISODate);
        if (start.isValid() && end.isValid() && end <= start) {
            return QStringLiteral("ends_at: an appointment must end after it starts");
        }
        return {};
    };
    return t;
}

// The administrator's appointment set-up (models/AppointmentSetup: places, hours, closures,
// resources, appointment types) as one JSON document, checked whole by the same parser the desk
// uses. One record (kAppointmentSetupId) that every desk reads and only an admin writes
// (`firststop-server appointments --import setup.json`).
EntityType appointmentSetupType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeAppointmentSetup);
    t.fields = {text(QStringLiteral("document"), true, 4 * 1024 * 1024)};
    t.readRoles = kAllRoles;
    t.writeRoles = {QStringLiteral("admin")};
    t.deleteRoles = {QStringLiteral("admin")};
    t.titleField = QStringLiteral("document");
    t.validate = [](const QJsonObject &r) -> QString {
        QString error;
        if (!AppointmentSetup::fromJson(r.value(QStringLiteral("document")).toString().toUtf8(),
                                        &error)) {
            return QStringLiteral("document: ") + error;
        }
        return {};
    };
    return t;
}

// One service of the directory of other agencies (models/Directory: DirectoryService, imported by
// the centre from Open Referral HSDS, `firststop-server directory --import`). Every desk caches
// the whole directory and searches it offline; only an admin (the import) writes it.
EntityType directoryServiceType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeDirectoryService);
    t.fields = {
        text(QStringLiteral("name"), true, 500),
        text(QStringLiteral("organization"), false, 500),
        text(QStringLiteral("source"), false, 300),
        text(QStringLiteral("document"), true, 1024 * 1024),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = {QStringLiteral("admin")};
    t.deleteRoles = {QStringLiteral("admin")};
    t.titleField = QStringLiteral("name");
    t.validate = [](const QJsonObject &r) -> QString {
        QString error;
        if (!DirectoryService::fromDocument(r.value(QStringLiteral("document")).toString().toUtf8(),
                                            &error)) {
            return QStringLiteral("document: ") + error;
        }
        return {};
    };
    return t;
}

// A "how to do it yourself next time" guide (issue 7), written by an admin for one or more of
// the council's service categories (`services`: ServiceCategory keys, comma-separated) and
// printed on a resident's handout when the answer was to self-serve. `steps` is plain text, one
// step per line.
EntityType selfServeGuideType()
{
    EntityType t;
    t.name = QString::fromUtf16(kTypeSelfServeGuide);
    t.fields = {
        text(QStringLiteral("title"), true, 300),    text(QStringLiteral("services"), false, 2000),
        text(QStringLiteral("url"), false, 1000),    text(QStringLiteral("steps"), true, 8000),
        text(QStringLiteral("language"), false, 10), text(QStringLiteral("updated_by"), false, 200),
    };
    t.readRoles = kAllRoles;
    t.writeRoles = {QStringLiteral("admin")};
    t.deleteRoles = {QStringLiteral("admin")};
    t.titleField = QStringLiteral("title");
    t.authorField = QStringLiteral("updated_by");
    return t;
}

// A sign-posting from an enquiry (models/Signposting): written once, like a note, scoped and
// linked like its enquiry; the rules for a referral's consent and data are Signposting::problem,
// the same at the desk and the centre.
EntityType signpostingType()
{
    FieldSpec mode = ofType(QStringLiteral("mode"), FieldType::Choice, true);
    mode.choices = Signposting::modeNames();
    EntityType t = partOfEnquiry(kTypeSignposting,
                                 {ofType(QStringLiteral("service_id"), FieldType::Uuid, true),
                                  text(QStringLiteral("service_name"), true, 500),
                                  text(QStringLiteral("organization"), false, 500), mode,
                                  text(QStringLiteral("told"), false, 4000),
                                  text(QStringLiteral("shared_fields"), false, 500),
                                  text(QStringLiteral("shared_data"), false, 4000),
                                  ofType(QStringLiteral("consent"), FieldType::Boolean),
                                  text(QStringLiteral("consent_statement"), false, 2000),
                                  ofType(QStringLiteral("consent_at"), FieldType::DateTime),
                                  ofType(QStringLiteral("created_at"), FieldType::DateTime, true),
                                  text(QStringLiteral("created_by"), false, 200)},
                                 QStringLiteral("created_by"), QStringLiteral("service_name"),
                                 QStringLiteral("created_at"));
    t.validate = [](const QJsonObject &r) {
        return Signposting::problem(r);
    };
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
    {u"enquiry_event", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Change to an enquiry")},
    {u"at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "When")},
    {u"by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "By")},
    {u"from", QT_TRANSLATE_NOOP("FirstStop::EntityType", "From")},
    {u"to", QT_TRANSLATE_NOOP("FirstStop::EntityType", "To")},
    {u"service_category", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"charter_standard", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Charter standard")},
    {u"unit", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Unit")},
    {u"amount", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Target")},
    {u"person_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Person")},
    {u"enquiry_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Enquiry")},
    {u"office", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Office")},
    {u"kind", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Kind")},
    {u"channel", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Channel")},
    {u"category", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"summary", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Summary")},
    {u"outcome", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Outcome")},
    {u"outcome_link", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Outcome details")},
    {u"status", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Status")},
    {u"priority", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Priority")},
    {u"handled_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Handled by")},
    {u"follow_up", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Follow-up date")},
    {u"opened_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Opened at")},
    {u"repeat_of", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Repeat of")},
    {u"stage", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Complaint stage")},
    {u"stage_received", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Stage received")},
    {u"stage_acknowledged", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Stage acknowledged")},
    {u"stage1_handled_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Stage 1 handled by")},
    {u"escalation_advice", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Escalation advice")},
    {u"remedy", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Remedy")},
    {u"extension_reason", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Extension reason")},
    {u"satisfaction", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Satisfaction")},
    {u"satisfaction_comment", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Satisfaction comment")},
    {u"created_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Made at")},
    {u"created_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Made by")},
    {u"text", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Note")},
    {u"key", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Key")},
    {u"lgsl_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "LGSL number")},
    {u"label", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Name")},
    {u"group", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Group")},
    {u"description", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Description")},
    {u"hidden", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Hidden")},
    {u"appointment", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Appointment")},
    {u"appointment_setup", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Appointment set-up")},
    {u"type_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Appointment type")},
    {u"place_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Place")},
    {u"resource_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "With")},
    {u"starts_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Starts")},
    {u"ends_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Ends")},
    {u"sequence", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Version of the invitation")},
    {u"reason", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Reason")},
    {u"centre_note", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Central service's note")},
    {u"booked_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Booked by")},
    {u"booked_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Booked at")},
    {u"document", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Set-up")},
    {u"directory_service", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service of another agency")},
    {u"selfserve_guide", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Self-service guide")},
    {u"signposting", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Sign-posting")},
    {u"organization", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Organisation")},
    {u"source", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Source")},
    {u"title", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Title")},
    {u"services", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Services")},
    {u"url", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Web address")},
    {u"steps", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Steps")},
    {u"language", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Language")},
    {u"updated_by", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Updated by")},
    {u"service_id", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"service_name", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Service")},
    {u"mode", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Information or referral")},
    {u"told", QT_TRANSLATE_NOOP("FirstStop::EntityType", "What the resident was told")},
    {u"shared_fields", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Details shared")},
    {u"shared_data", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Data shared")},
    {u"consent", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Consent given")},
    {u"consent_statement", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Consent in words")},
    {u"consent_at", QT_TRANSLATE_NOOP("FirstStop::EntityType", "Consent given at")},
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
    static const QList<EntityType> types = {
        enquiryType(),         enquiryNoteType(), enquiryEventType(),     serviceCategoryType(),
        charterStandardType(), appointmentType(), appointmentSetupType(), directoryServiceType(),
        selfServeGuideType(),  signpostingType()};
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
    if (isEmptyValue(value)) {
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
        return {};
    case FieldType::Choice:
        if (!value.isString() ||
            !(f->accepts ? f->accepts(value.toString()) : f->choices.contains(value.toString()))) {
            return f->choices.isEmpty()
                       ? QStringLiteral("field %1 has a value this version does not know: %2")
                             .arg(fieldName, value.toVariant().toString())
                       : wrongType(QStringLiteral("one of ") +
                                   f->choices.join(QStringLiteral(", ")));
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
    case FieldType::Integer: {
        const double d = value.toDouble(0.5);
        return value.isDouble() && d == static_cast<double>(static_cast<qint64>(d))
                   ? QString()
                   : wrongType(QStringLiteral("a whole number"));
    }
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
        if (!problem.isEmpty() && !problem.endsWith(QStringLiteral("is required"))) {
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

bool DeskScope::holds(const EntityType &type, const QString &scopeKey) const
{
    return type.canRead(role) &&
           (type.scopeField.isEmpty() || role == u"admin" || scopeKey == office);
}

bool DeskScope::covers(const DeskScope &other) const
{
    for (const EntityType &t : entityTypes()) {
        if (!t.canRead(other.role)) {
            continue;
        }
        if (!t.canRead(role)) {
            return false;
        }
        if (!t.scopeField.isEmpty() && role != u"admin" &&
            (other.role == u"admin" || other.office != office)) {
            return false;
        }
    }
    return true;
}

QUuid EntityType::personId(const QJsonObject &record) const
{
    return personField.isEmpty() ? QUuid()
                                 : QUuid::fromString(record.value(personField).toString());
}

} // namespace FirstStop
