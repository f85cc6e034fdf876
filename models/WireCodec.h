#pragma once

#include "models/EntityType.h"
#include "models/Person.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QUuid>

#include <optional>

// The JSON wire format of the sync API, shared by the desk and the centre so both ends agree by
// construction. docs/openapi.yaml is the written contract; tests check both against it.
// Every decoder is strict: wrong types, missing members and out-of-range values are an error with
// a message a person can act on, never a default that silently loses data.
namespace FirstStop::Wire {

inline constexpr int kMaxPageSize = 5000;
inline constexpr int kDefaultPageSize = 1000;
inline constexpr int kMaxMutationsPerBatch = 500;
inline constexpr qsizetype kMaxBodyBytes = 16 * 1024 * 1024;

inline constexpr char16_t kTypePerson[] = u"person";

struct Change
{
    qint64 seq = 0;
    QString type; // "person", …
    QUuid id;
    bool deleted = false; // a tombstone: the record was deleted at the centre
    QJsonObject data;     // the record's fields (empty for a tombstone and a left-scope entry)
    // The record moved out of this desk's scope (an enquiry transferred to another office): it
    // still exists at the centre, and the desk only takes it out of its cache. Never together
    // with deleted. On the wire it also says "deleted": true, so a desk older than this member
    // drops it from its cache too (the right effect); this one reads left_scope first.
    bool leftScope = false;
};

struct ChangePage
{
    QList<Change> changes;
    qint64 cursor = 0; // pass as ?since= for the next page
    bool more = false; // another page is ready now
    // The scope the centre chose the page's records for (the caller's role and office at the
    // time of the request). A desk whose cache was filled for another scope re-scopes before it
    // takes the page. Absent from an older centre.
    std::optional<DeskScope> scope = std::nullopt;
};

enum class MutationOp
{
    Upsert,
    Delete
};

struct Mutation
{
    QUuid id;     // idempotency key: a replay of the same id is applied once
    QString type; // "person", …
    MutationOp op = MutationOp::Upsert;
    QUuid entityId;
    qint64 baseVersion = 0; // the version the desk's edit was based on (0 = new record)
    QJsonObject fields;     // only the fields the desk changed
};

struct MutationBatch
{
    QUuid clientId; // the desk's install id
    QList<Mutation> mutations;
};

enum class MutationStatus
{
    Applied,   // written; version is the record's new version
    Duplicate, // this id was applied before; the first result is returned again
    Conflict,  // some fields were changed at the centre since baseVersion; those were not applied
    Rejected,  // permanently refused (validation, permission); retrying will not help
};

// Who last changed a field at the centre and when, for a conflict: the other side of what the
// desk typed. Empty (and at invalid) when the centre does not know: an older centre, or a change
// made before it kept who made each one.
struct FieldChange
{
    QString username;    // who changed it (their user name)
    QString displayName; // their name as the centre knows it now; may be empty
    QDateTime at;        // when the centre took the change, UTC; invalid when unknown

    bool isKnown() const { return !username.isEmpty() || at.isValid(); }
    bool operator==(const FieldChange &) const = default;
};

struct MutationResult
{
    QUuid id;
    MutationStatus status = MutationStatus::Applied;
    qint64 version = 0;
    QString error;                 // why, for Rejected
    QStringList conflictingFields; // for Conflict: the fields kept at the centre's value
    QJsonObject serverFields;      // for Conflict: the centre's current values of those fields
    // The person the edit was applied to when its target had been merged into another record
    // (a desk edited the merged record offline): conflicts and server fields are the survivor's.
    QUuid mergedInto;
    // For Conflict: who last changed each conflicting field at the centre, and when (only the
    // fields the centre knows it for; an older centre sends none).
    QMap<QString, FieldChange> serverChanges{};
};

// A team lead's merge of two records of the same person (POST /people/merge): everything of
// `mergedId` moves to `survivorId`, which keeps its values; its blank fields are filled from the
// merged record, and the fields listed in takeFromMerged take the merged record's value instead.
struct MergeRequest
{
    QUuid survivorId;
    QUuid mergedId;
    QStringList takeFromMerged; // person field names (never "reference")
};

struct MergeResult
{
    QUuid survivorId;
    QUuid mergedId;
    qint64 version = 0;         // the survivor's version after the merge
    int recordsMoved = 0;       // records (enquiries, notes, …) re-pointed to the survivor
    QStringList fieldsTaken;    // survivor fields that now hold the merged record's value
    QString mergedBy;           // user name
    QString mergedAt;           // ISO instant, UTC
    bool alreadyMerged = false; // a repeat of a merge already done: nothing changed
};

struct UserInfo
{
    QString username;
    QString displayName;
    QString role; // counter | library | team_lead | admin
    QString office;
};

struct LoginRequest
{
    QString username;
    QString password;
    QString device;
};

struct AuthTokens
{
    QString accessToken;
    int accessExpiresIn = 0; // seconds
    QString refreshToken;
    UserInfo user;
};

struct ApiError
{
    QString code;
    QString message;
};

QString statusName(MutationStatus status);
QString opName(MutationOp op);

QJsonObject personToJson(const Person &person);
// Reads the fields of a person; unknown members are ignored, wrong types are an error.
std::optional<Person> personFromJson(const QUuid &id, const QJsonObject &data, QString *error);

QByteArray encode(const ChangePage &page);
QByteArray encode(const MutationBatch &batch);
QByteArray encode(const QList<MutationResult> &results);
QByteArray encode(const LoginRequest &request);
QByteArray encode(const AuthTokens &tokens);
QByteArray encode(const ApiError &error);
QByteArray encodeRefresh(const QString &refreshToken);
QByteArray encode(const MergeRequest &request);
QByteArray encode(const MergeResult &result);

std::optional<ChangePage> decodeChangePage(const QByteArray &body, QString *error);
std::optional<MutationBatch> decodeMutationBatch(const QByteArray &body, QString *error);
std::optional<QList<MutationResult>> decodeMutationResults(const QByteArray &body, QString *error);
std::optional<LoginRequest> decodeLoginRequest(const QByteArray &body, QString *error);
std::optional<AuthTokens> decodeAuthTokens(const QByteArray &body, QString *error);
std::optional<ApiError> decodeApiError(const QByteArray &body, QString *error);
std::optional<QString> decodeRefresh(const QByteArray &body, QString *error);
std::optional<MergeRequest> decodeMergeRequest(const QByteArray &body, QString *error);
std::optional<MergeResult> decodeMergeResult(const QByteArray &body, QString *error);

} // namespace FirstStop::Wire

Q_DECLARE_METATYPE(FirstStop::Wire::MergeResult)
