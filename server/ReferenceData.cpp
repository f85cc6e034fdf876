#include "server/ReferenceData.h"

#include "models/AppointmentSetup.h"
#include "models/ComplaintPolicy.h"
#include "models/Csv.h"
#include "models/EntityType.h"
#include "models/ServiceCatalogue.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QJsonDocument>

namespace FirstStop::Server {

namespace {

// Ids derived from what a row names (a service's key; a standard's service and name), so
// importing the same file again changes nothing, and a row edited later replaces its record.
const QUuid kReferenceNamespace(QStringLiteral("{2b9f6a4e-7c1d-5e83-b0a2-4d6c8e1f3a57}"));

QUuid idFor(const QString &type, const QString &what)
{
    return QUuid::createUuidV5(kReferenceNamespace, type + u'\n' + what);
}

// Who writes: the administrator at the server's command line, with an admin's rights.
Wire::UserInfo commandLineAdmin()
{
    return {QStringLiteral("admin"), QStringLiteral("Administrator (command line)"),
            QStringLiteral("admin"), QString()};
}

std::optional<bool> yesNo(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == u"no" || t == u"false" || t == u"0" || t == u"n") {
        return false;
    }
    if (t == u"yes" || t == u"true" || t == u"1" || t == u"y" || t == u"hidden") {
        return true;
    }
    return std::nullopt;
}

const QStringList kServiceColumns = {QStringLiteral("key"), QStringLiteral("label"),
                                     QStringLiteral("group"), QStringLiteral("description"),
                                     QStringLiteral("hidden")};
const QStringList kCharterColumns = {QStringLiteral("category"), QStringLiteral("name"),
                                     QStringLiteral("unit"), QStringLiteral("amount")};

} // namespace

ReferenceData::ReferenceData(Database &db, SyncService &sync)
    : m_db(db)
    , m_sync(sync)
{}

std::optional<QList<ReferenceData::Live>> ReferenceData::live(const QString &type, QString *error)
{
    Sql q(m_db, QStringLiteral("SELECT id, seq, data FROM record WHERE entity_type = :type"
                               " AND deleted = 0 ORDER BY seq"));
    q.bind(QStringLiteral(":type"), type);
    if (!q.exec(error)) {
        return std::nullopt;
    }
    QList<Live> out;
    while (q.next()) {
        out.append({QUuid::fromString(q.value(0).toString()), q.value(1).toLongLong(),
                    QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object()});
    }
    return out;
}

std::optional<QList<QPair<int, QJsonObject>>> ReferenceData::rows(const QByteArray &csv,
                                                                  const QStringList &columns,
                                                                  const QStringList &needed,
                                                                  QString *error)
{
    const auto records = Csv::read(csv, error);
    if (!records) {
        return std::nullopt;
    }
    if (records->isEmpty()) {
        *error = QStringLiteral("the file is empty: it needs a header row (%1)")
                     .arg(columns.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    QHash<QString, int> at;
    const QStringList header = records->first().fields;
    for (int i = 0; i < header.size(); ++i) {
        at.insert(header.at(i).trimmed().toLower(), i);
    }
    for (const QString &c : needed) {
        if (!at.contains(c)) {
            *error = QStringLiteral("the header row has no \"%1\" column (columns: %2)")
                         .arg(c, columns.join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    QList<QPair<int, QJsonObject>> out;
    for (qsizetype r = 1; r < records->size(); ++r) {
        const Csv::Record &rec = records->at(r);
        QJsonObject row;
        for (const QString &c : columns) {
            const int i = at.value(c, -1);
            row.insert(c, i >= 0 && i < rec.fields.size() ? rec.fields.at(i).trimmed() : QString());
        }
        out.append({rec.line, row});
    }
    return out;
}

bool ReferenceData::write(const QList<Wire::Mutation> &mutations, const QList<int> &lines,
                          Outcome &outcome, QString *error)
{
    if (mutations.isEmpty()) {
        return true;
    }
    Wire::MutationBatch batch;
    batch.clientId = QUuid::createUuidV5(kReferenceNamespace, QStringLiteral("command line"));
    batch.mutations = mutations;
    const auto results = m_sync.apply(batch, commandLineAdmin(), error);
    if (!results) {
        return false;
    }
    for (qsizetype i = 0; i < results->size(); ++i) {
        const Wire::MutationResult &r = results->at(i);
        if (r.status == Wire::MutationStatus::Rejected ||
            r.status == Wire::MutationStatus::Conflict) {
            outcome.problems.append(
                QStringLiteral("line %1: %2")
                    .arg(lines.value(i))
                    .arg(r.error.isEmpty() ? QStringLiteral("not written") : r.error));
        } else if (mutations.at(i).op == Wire::MutationOp::Delete) {
            ++outcome.removed;
        } else {
            ++outcome.changed;
        }
    }
    return true;
}

std::optional<ReferenceData::Outcome> ReferenceData::importServices(const QByteArray &csv,
                                                                    QString *error)
{
    const QString type = QString::fromUtf16(kTypeServiceCategory);
    const auto file =
        rows(csv, kServiceColumns, {QStringLiteral("key"), QStringLiteral("label")}, error);
    if (!file) {
        return std::nullopt;
    }
    const auto current = live(type, error);
    if (!current) {
        return std::nullopt;
    }
    QHash<QString, Live> byKey;
    for (const Live &l : *current) {
        byKey.insert(l.data.value(u"key").toString(), l);
    }
    QHash<QString, ServiceCategory> bundled;
    for (const ServiceCategory &c : ServiceCatalogue::bundledLgsl()) {
        bundled.insert(c.key, c);
    }
    const EntityType *spec = entityType(type);
    Outcome outcome;
    QList<Wire::Mutation> mutations;
    QList<int> lines;
    QSet<QString> seen;
    for (const auto &[line, row] : *file) {
        ++outcome.rows;
        ServiceCategory c;
        c.key = row.value(u"key").toString();
        c.label = row.value(u"label").toString();
        c.group = row.value(u"group").toString();
        c.description = row.value(u"description").toString();
        const auto hidden = yesNo(row.value(u"hidden").toString());
        if (!hidden) {
            outcome.problems.append(QStringLiteral("line %1: hidden is yes or no, not \"%2\"")
                                        .arg(line)
                                        .arg(row.value(u"hidden").toString()));
            continue;
        }
        c.hidden = *hidden;
        if (c.key.startsWith(u"lgsl:")) {
            c.lgslId = c.key.mid(5).toInt();
            if (c.lgslId <= 0 || !bundled.contains(c.key)) {
                outcome.problems.append(
                    QStringLiteral("line %1: %2 is not a service of the Local Government Service "
                                   "List; give the council's own services a key such as "
                                   "local:rubbish-sacks")
                        .arg(line)
                        .arg(c.key));
                continue;
            }
        }
        if (seen.contains(c.key)) {
            outcome.problems.append(
                QStringLiteral("line %1: %2 is listed twice; only the first is used")
                    .arg(line)
                    .arg(c.key));
            continue;
        }
        seen.insert(c.key);
        const QJsonObject fields = c.toFields();
        if (const QString problem = spec->recordProblem(fields); !problem.isEmpty()) {
            outcome.problems.append(QStringLiteral("line %1: %2").arg(line).arg(problem));
            continue;
        }
        const auto existing = byKey.constFind(c.key);
        const bool same = existing != byKey.cend()
                              ? ServiceCategory::fromFields(existing->data) == c
                              : bundled.value(c.key) == c;
        if (same) {
            ++outcome.unchanged;
            continue;
        }
        Wire::Mutation m;
        m.id = QUuid::createUuid();
        m.type = type;
        m.entityId = existing != byKey.cend() ? existing->id : idFor(type, c.key);
        m.baseVersion = existing != byKey.cend() ? existing->seq : 0;
        m.fields = fields;
        mutations.append(m);
        lines.append(line);
    }
    if (!write(mutations, lines, outcome, error)) {
        return std::nullopt;
    }
    return outcome;
}

std::optional<QByteArray> ReferenceData::exportServices(QString *error)
{
    const auto current = live(QString::fromUtf16(kTypeServiceCategory), error);
    if (!current) {
        return std::nullopt;
    }
    QList<ServiceCategory> changes;
    for (const Live &l : *current) {
        changes.append(ServiceCategory::fromFields(l.data));
    }
    QByteArray out = Csv::line(kServiceColumns);
    for (const ServiceCategory &c :
         ServiceCatalogue::withChanges(ServiceCatalogue::bundledLgsl(), changes)) {
        out += Csv::line({c.key, c.label, c.group, c.description,
                          c.hidden ? QStringLiteral("yes") : QStringLiteral("no")});
    }
    return out;
}

std::optional<ReferenceData::Outcome> ReferenceData::importCharter(const QByteArray &csv,
                                                                   QString *error)
{
    const QString type = QString::fromUtf16(kTypeCharterStandard);
    const auto file = rows(csv, kCharterColumns, kCharterColumns, error);
    if (!file) {
        return std::nullopt;
    }
    const auto current = live(type, error);
    if (!current) {
        return std::nullopt;
    }
    QHash<QUuid, Live> byId;
    for (const Live &l : *current) {
        byId.insert(l.id, l);
    }
    const EntityType *spec = entityType(type);
    Outcome outcome;
    QList<Wire::Mutation> mutations;
    QList<int> lines;
    QSet<QUuid> kept;
    for (const auto &[line, row] : *file) {
        ++outcome.rows;
        QJsonObject fields = row;
        bool whole = false;
        const int amount = row.value(u"amount").toString().toInt(&whole);
        fields.insert(u"amount"_qs, whole ? QJsonValue(amount) : QJsonValue(-1));
        QString problem;
        const CharterStandard standard = CharterStandard::fromJson(fields, &problem);
        if (problem.isEmpty()) {
            problem = spec->recordProblem(standard.toJson());
        }
        if (!problem.isEmpty()) {
            outcome.problems.append(QStringLiteral("line %1: %2").arg(line).arg(problem));
            continue;
        }
        const QUuid id = idFor(type, standard.categoryKey + u'\n' + standard.name.toLower());
        if (kept.contains(id)) {
            outcome.problems.append(
                QStringLiteral("line %1: \"%2\" is listed twice; only the first is used")
                    .arg(line)
                    .arg(standard.name));
            continue;
        }
        kept.insert(id);
        const auto existing = byId.constFind(id);
        QString ignored;
        if (existing != byId.cend() &&
            CharterStandard::fromJson(existing->data, &ignored) == standard) {
            ++outcome.unchanged;
            continue;
        }
        Wire::Mutation m;
        m.id = QUuid::createUuid();
        m.type = type;
        m.entityId = id;
        m.baseVersion = existing != byId.cend() ? existing->seq : 0;
        m.fields = standard.toJson();
        mutations.append(m);
        lines.append(line);
    }
    // The file is the whole charter: what it no longer has goes.
    for (const Live &l : *current) {
        if (!kept.contains(l.id)) {
            Wire::Mutation m;
            m.id = QUuid::createUuid();
            m.type = type;
            m.op = Wire::MutationOp::Delete;
            m.entityId = l.id;
            m.baseVersion = l.seq;
            mutations.append(m);
            lines.append(0);
        }
    }
    if (!write(mutations, lines, outcome, error)) {
        return std::nullopt;
    }
    return outcome;
}

std::optional<QByteArray> ReferenceData::exportCharter(QString *error)
{
    const auto current = live(QString::fromUtf16(kTypeCharterStandard), error);
    if (!current) {
        return std::nullopt;
    }
    QByteArray out = Csv::line(kCharterColumns);
    for (const Live &l : *current) {
        out += Csv::line({l.data.value(u"category").toString(), l.data.value(u"name").toString(),
                          l.data.value(u"unit").toString(),
                          QString::number(l.data.value(u"amount").toInt())});
    }
    return out;
}

std::optional<ReferenceData::Outcome> ReferenceData::importAppointmentSetup(const QByteArray &json,
                                                                            QString *error)
{
    Outcome outcome;
    outcome.rows = 1;
    QString problem;
    if (!AppointmentSetup::fromJson(json, &problem)) {
        outcome.problems.append(problem);
        return outcome;
    }
    const QString type = QString::fromUtf16(kTypeAppointmentSetup);
    const auto current = live(type, error);
    if (!current) {
        return std::nullopt;
    }
    const QString document = QString::fromUtf8(json);
    qint64 base = 0;
    for (const Live &l : *current) {
        if (l.id == AppointmentSetup::recordId()) {
            if (l.data.value(u"document"_qs).toString() == document) {
                ++outcome.unchanged;
                return outcome;
            }
            base = l.seq;
        }
    }
    const Wire::Mutation m{
        QUuid::createUuid(),          type, Wire::MutationOp::Upsert,
        AppointmentSetup::recordId(), base, QJsonObject{{u"document"_qs, document}}};
    if (!write({m}, {1}, outcome, error)) {
        return std::nullopt;
    }
    return outcome;
}

std::optional<QByteArray> ReferenceData::exportAppointmentSetup(QString *error)
{
    const auto current = live(QString::fromUtf16(kTypeAppointmentSetup), error);
    if (!current) {
        return std::nullopt;
    }
    for (const Live &l : *current) {
        if (l.id == AppointmentSetup::recordId()) {
            return l.data.value(u"document"_qs).toString().toUtf8();
        }
    }
    return std::nullopt;
}

} // namespace FirstStop::Server
