#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <functional>

// The kinds of record that travel through the one generic sync path (everything but `person`,
// which keeps its typed tables and search index). A kind is declared here once — its wire name,
// fields, who may read and write it, and what a desk caches — and the centre (SyncService), the
// desk's cache (LocalStore) and the wire codec all work from the declaration. See
// docs/architecture.md, "How to add a new kind of record".
namespace FirstStop {

enum class FieldType
{
    String,   // free text, at most maxLength characters
    Choice,   // one of `choices` (wire values; the screens translate them)
    Uuid,     // another record's id (e.g. person_id)
    Date,     // yyyy-MM-dd
    DateTime, // ISO 8601 instant in UTC, e.g. 2026-11-23T10:15:00.000Z
    Boolean,
    Integer,
};

struct FieldSpec
{
    QString name; // wire name
    FieldType type = FieldType::String;
    bool required = false;  // must be present and non-empty on every version of the record
    bool immutable = false; // set when the record is made, never changed by an edit
    QStringList choices;    // FieldType::Choice: the wire values offered (for messages)
    // FieldType::Choice: whether a wire value is one of the choices (when the choices are kept
    // elsewhere, e.g. EnquiryNames); by default, membership of `choices`.
    std::function<bool(const QString &)> accepts;
    qsizetype maxLength = 2000;
};

struct EntityType
{
    QString name; // wire name: "enquiry", "enquiry_note", …
    QList<FieldSpec> fields;
    // Roles (counter | library | team_lead | admin) that may pull, create/edit, delete records.
    QStringList readRoles;
    QStringList writeRoles;
    QStringList deleteRoles;
    // Append-only: a record is written once and never edited (notes, history entries). Each entry
    // is its own record with its own id, so two desks' entries can never conflict.
    bool appendOnly = false;
    // The field whose value decides which desks cache the record: a desk caches the records whose
    // scope field equals its user's office (admins: all). Empty: every desk caches every record.
    // When the field may change (not immutable), a record can leave a desk's scope while it lives
    // on at the centre: the desks of the office it left are told so in the change feed (a
    // "left scope" entry), and take it out of their cache without treating it as a deletion. See
    // docs/architecture.md, "Records that leave a desk's scope".
    QString scopeField;
    // Roles that may move a record to another office (change its scope field): they must be able
    // to write in the office it is in, and may hand it to any other office. Other roles can only
    // keep a record in their own office.
    QStringList transferRoles;
    // A record whose scope follows another record's: the field naming that record (a note's
    // enquiry_id). When the other record moves office, this one moves with it, at the centre, in
    // the same transaction. Its own scope field stays immutable for desks.
    QString scopeParentField;
    QString scopeParentType;
    // The field linking the record to a person (for the person's history); may be empty.
    QString personField;
    // Set by the centre to the signed-in user's name when the record is made (who wrote it).
    QString authorField;
    // The field a person recognises the record by (shown in the Conflicts pane).
    QString titleField;
    // When the record was made (ISO date-time): a person's history is ordered by it.
    QString timeField;
    // A rule over the whole record after a merge (e.g. "a closed enquiry needs an outcome").
    // Returns an empty string when the record is acceptable.
    std::function<QString(const QJsonObject &record)> validate;

    const FieldSpec *field(QStringView fieldName) const;
    QStringList fieldNames() const;
    bool canRead(QStringView role) const { return readRoles.contains(role); }
    bool canWrite(QStringView role) const { return writeRoles.contains(role); }
    bool canDelete(QStringView role) const { return deleteRoles.contains(role); }
    bool canTransfer(QStringView role) const { return transferRoles.contains(role); }

    // One proposed field value; empty when acceptable. Unknown fields are a problem.
    QString fieldProblem(const QString &fieldName, const QJsonValue &value) const;
    // A whole record: every known field well typed, required fields present, validate() passes.
    QString recordProblem(const QJsonObject &record) const;
    // Only the types of the fields present (for data pulled from the centre, which may lack
    // nothing but may carry fields a newer centre added).
    QString typeProblem(const QJsonObject &record) const;
    // The scope key of a record ("" when the type is not scoped).
    QString scopeKey(const QJsonObject &record) const;
    QUuid personId(const QJsonObject &record) const;
};

// How the desk names a kind of record or a field of one ("Enquiry", "Follow-up date"),
// translated; the wire name itself when there is no label for it.
QString recordLabel(QStringView wireName);

// Every registered kind, in a fixed order.
const QList<EntityType> &entityTypes();
// nullptr for an unknown name (and for "person", which is not a generic record).
const EntityType *entityType(QStringView name);

// Wire names of the kinds registered from issue 5 (enquiries) and the reference data.
inline constexpr char16_t kTypeEnquiry[] = u"enquiry";
inline constexpr char16_t kTypeEnquiryNote[] = u"enquiry_note";
inline constexpr char16_t kTypeEnquiryEvent[] = u"enquiry_event";
inline constexpr char16_t kTypeServiceCategory[] = u"service_category";
inline constexpr char16_t kTypeCharterStandard[] = u"charter_standard";
// Appointments (issue 6) and the administrator's set-up they are booked against.
inline constexpr char16_t kTypeAppointment[] = u"appointment";
inline constexpr char16_t kTypeAppointmentSetup[] = u"appointment_setup";
// The directory of other agencies' services, self-service guides, and sign-postings (issue 7).
inline constexpr char16_t kTypeDirectoryService[] = u"directory_service";
inline constexpr char16_t kTypeSelfServeGuide[] = u"selfserve_guide";
inline constexpr char16_t kTypeSignposting[] = u"signposting";

// Which records a desk caches: those its signed-in user's role may read, and of the scoped kinds
// those of the user's office (an admin's desk: every office). The desk keeps the scope its cache
// was filled for, so that another user signing in, or the same user moved, empties what the new
// scope may not hold.
struct DeskScope
{
    QString role;
    QString office;

    bool isEmpty() const { return role.isEmpty() && office.isEmpty(); }
    // Whether a desk of this scope caches records of this kind with this scope key.
    bool holds(const EntityType &type, const QString &scopeKey) const;
    // Whether everything `other` may cache, this scope may cache too (so a cache filled for this
    // scope needs nothing pulled again to serve `other`, only records removed).
    bool covers(const DeskScope &other) const;
    friend bool operator==(const DeskScope &, const DeskScope &) = default;
};

// One generic record as the desk holds it.
struct Record
{
    QString type;       // an EntityType name
    QUuid id;           // client-generated
    qint64 version = 0; // the centre's change sequence number of the last write; 0 = never synced
    QJsonObject data;   // field name → value

    QJsonValue value(const QString &fieldName) const { return data.value(fieldName); }
    friend bool operator==(const Record &, const Record &) = default;
};

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::Record)
