#pragma once

#include "models/WireCodec.h"

#include <QJsonObject>
#include <QString>

namespace FirstStop::Server {

class Database;

// Who changed each field of a person or record last, and when: the centre's side of a conflict
// (Wire::MutationResult::serverChanges). Each row knows the seq at which each field last changed
// (field_versions) and who wrote the row last (updated_by, updated_at, at the row's seq); the
// writers of the earlier seqs its fields still name are kept beside them in version_authors
// (server schema 7), so one extra small column answers "who, when" without a history table.

// One write of a row: its seq, who made it (user name) and when (ISO instant, UTC).
struct RowWrite
{
    qint64 seq = 0;
    QString by;
    QString at;
};

// The version_authors of a row about to be written at nextSeq with nextFieldVersions: what it
// kept, plus the write it had until now (previous), less every seq no field names any more (and
// nextSeq itself, which the row's own updated_by and updated_at will tell).
QJsonObject carryVersionAuthors(const QJsonObject &authors, const RowWrite &previous,
                                const QJsonObject &nextFieldVersions, qint64 nextSeq);

// Who last changed one field of a row as it now stands (row: its last write). A field without a
// version of its own counts as changed at the row's seq. Unknown (empty) for a seq nobody kept.
Wire::FieldChange lastChange(const QString &field, const QJsonObject &fieldVersions,
                             const QJsonObject &authors, const RowWrite &row);

// Fills r.serverChanges for each of r.conflictingFields, with the user's display name as the
// centre knows it now (the user name alone for a user it does not know, e.g. an import).
// False when the database failed.
bool describeServerChanges(Database &db, Wire::MutationResult &r, const QJsonObject &fieldVersions,
                           const QJsonObject &authors, const RowWrite &row, QString *error);

} // namespace FirstStop::Server
