#pragma once

#include "models/WireCodec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace FirstStop::Server {

class Database;
class SyncService;

// What administrators keep without a programmer, as spreadsheets: the service list enquiries are
// logged under (the bundled Local Government Service List, with the council's renames, groups,
// trimmed entries and its own services laid over it) and the customer charter's standards. A file
// is checked row by row with the same rules as everything else (models/EntityType), and what it
// changes is written as ordinary records through the sync service, so every desk receives it with
// its next pull. `firststop-server services|charter --import|--export FILE.csv`; docs/import.md.
class ReferenceData final
{
public:
    ReferenceData(Database &db, SyncService &sync);

    struct Outcome
    {
        int rows = 0;
        int changed = 0;      // written (new, or different from what the desks have now)
        int unchanged = 0;    // already so
        int removed = 0;      // charter standards no longer in the file
        QStringList problems; // "line 4: …", rows not written
    };

    // Columns key, label, group, description, hidden (yes/no), in any order; the key of a listed
    // service ("lgsl:58") changes it, any other new key ("local:rubbish-sacks") adds one. Services
    // not in the file stay as they are.
    std::optional<Outcome> importServices(const QByteArray &csv, QString *error);
    // The list as the desks show it, in the import's columns: edit it and import it again.
    std::optional<QByteArray> exportServices(QString *error);
    // Columns category (empty: every service), name, unit (minutes, working_days, calendar_days),
    // amount. The file is the whole charter: standards not in it are removed.
    std::optional<Outcome> importCharter(const QByteArray &csv, QString *error);
    std::optional<QByteArray> exportCharter(QString *error);
    // The appointment set-up (places, opening hours, closures, resources, appointment types) as
    // one JSON file (models/AppointmentSetup): checked whole, then written as the one
    // appointment_setup record every desk pulls. A file with a problem changes nothing and the
    // problem (with where it is) is in outcome.problems.
    std::optional<Outcome> importAppointmentSetup(const QByteArray &json, QString *error);
    // The set-up as the centre holds it; nullopt with an empty *error when there is none yet.
    std::optional<QByteArray> exportAppointmentSetup(QString *error);

private:
    struct Live
    {
        QUuid id;
        qint64 seq = 0;
        QJsonObject data;
    };
    std::optional<QList<Live>> live(const QString &type, QString *error);
    // The rows of a file by column name; nullopt with *error when a needed column is missing.
    std::optional<QList<QPair<int, QJsonObject>>> rows(const QByteArray &csv,
                                                       const QStringList &columns,
                                                       const QStringList &needed, QString *error);
    bool write(const QList<Wire::Mutation> &mutations, const QList<int> &lines, Outcome &outcome,
               QString *error);

    Database &m_db;
    SyncService &m_sync;
};

} // namespace FirstStop::Server
