#include "models/WireCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace FirstStop::Wire {

namespace {

// Reads members of one JSON object strictly, remembering the first problem with its path.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path)
        : m_object(object)
        , m_path(std::move(path))
    {}

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &member, const QString &what)
    {
        if (m_error.isEmpty()) {
            m_error = m_path + u'.' + member + u": " + what;
        }
    }

    QString string(const QString &member, bool required = true)
    {
        const QJsonValue v = m_object.value(member);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(member, QStringLiteral("is missing"));
            }
            return {};
        }
        if (!v.isString()) {
            fail(member, QStringLiteral("must be a string"));
            return {};
        }
        return v.toString();
    }

    QUuid uuid(const QString &member)
    {
        const QString s = string(member);
        if (!ok()) {
            return {};
        }
        const QUuid id = QUuid::fromString(s);
        if (id.isNull()) {
            fail(member, QStringLiteral("must be a UUID"));
        }
        return id;
    }

    qint64 integer(const QString &member, qint64 min, qint64 max, bool required = true)
    {
        const QJsonValue v = m_object.value(member);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(member, QStringLiteral("is missing"));
            }
            return min;
        }
        // JSON numbers are doubles: only whole numbers are accepted, and the range is checked
        // before the conversion (a double beyond qint64, e.g. 1e300, has no integer value).
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || !std::isfinite(d) || std::trunc(d) != d) {
            fail(member, QStringLiteral("must be an integer"));
            return min;
        }
        if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
            fail(member, QStringLiteral("is out of range"));
            return min;
        }
        return static_cast<qint64>(d);
    }

    bool boolean(const QString &member, bool required = true)
    {
        const QJsonValue v = m_object.value(member);
        if (v.isUndefined() && !required) {
            return false;
        }
        if (!v.isBool()) {
            fail(member, QStringLiteral("must be true or false"));
            return false;
        }
        return v.toBool();
    }

    QJsonObject object(const QString &member, bool required = true)
    {
        const QJsonValue v = m_object.value(member);
        if (v.isUndefined() && !required) {
            return {};
        }
        if (!v.isObject()) {
            fail(member, QStringLiteral("must be an object"));
            return {};
        }
        return v.toObject();
    }

    QJsonArray array(const QString &member, qsizetype maxSize, bool required = true)
    {
        const QJsonValue v = m_object.value(member);
        if (v.isUndefined() && !required) {
            return {};
        }
        if (!v.isArray()) {
            fail(member, QStringLiteral("must be an array"));
            return {};
        }
        const QJsonArray a = v.toArray();
        if (a.size() > maxSize) {
            fail(member, QStringLiteral("has more than %1 entries").arg(maxSize));
            return {};
        }
        return a;
    }

    QString path(const QString &member, qsizetype index) const
    {
        return m_path + u'.' + member + u'[' + QString::number(index) + u']';
    }

    QString path(const QString &member, const QString &key) const
    {
        return m_path + u'.' + member + u'.' + key;
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString m_error;
};

std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error)
{
    if (body.size() > kMaxBodyBytes) {
        *error = QStringLiteral("the message is too large (%1 bytes)").arg(body.size());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON: %1 at byte %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("expected a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString uuidString(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

bool fail(QString *error, const QString &message)
{
    if (error) {
        *error = message;
    }
    return false;
}

MutationStatus statusFromString(const QString &s, bool *ok)
{
    *ok = true;
    if (s == u"applied") {
        return MutationStatus::Applied;
    }
    if (s == u"duplicate") {
        return MutationStatus::Duplicate;
    }
    if (s == u"conflict") {
        return MutationStatus::Conflict;
    }
    if (s == u"rejected") {
        return MutationStatus::Rejected;
    }
    *ok = false;
    return MutationStatus::Rejected;
}

QJsonObject userToJson(const UserInfo &user)
{
    return {{QStringLiteral("username"), user.username},
            {QStringLiteral("display_name"), user.displayName},
            {QStringLiteral("role"), user.role},
            {QStringLiteral("office"), user.office}};
}

} // namespace

QString statusName(MutationStatus status)
{
    switch (status) {
    case MutationStatus::Applied:
        return QStringLiteral("applied");
    case MutationStatus::Duplicate:
        return QStringLiteral("duplicate");
    case MutationStatus::Conflict:
        return QStringLiteral("conflict");
    case MutationStatus::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

QString opName(MutationOp op)
{
    return op == MutationOp::Delete ? QStringLiteral("delete") : QStringLiteral("upsert");
}

QJsonObject personToJson(const Person &person)
{
    QJsonObject out;
    for (const QString &name : Person::fieldNames()) {
        out.insert(name, person.field(name));
    }
    if (!person.mergedInto.isNull()) {
        out.insert(QStringLiteral("merged_into"), uuidString(person.mergedInto));
    }
    return out;
}

std::optional<Person> personFromJson(const QUuid &id, const QJsonObject &data, QString *error)
{
    Person person;
    person.id = id;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key() == u"merged_into") {
            person.mergedInto =
                it.value().isString() ? QUuid::fromString(it.value().toString()) : QUuid();
            if (!it.value().isNull() && person.mergedInto.isNull()) {
                fail(error,
                     QStringLiteral("person %1: merged_into must be a UUID").arg(uuidString(id)));
                return std::nullopt;
            }
            continue;
        }
        if (!Person::fieldNames().contains(it.key())) {
            continue; // a newer centre may send fields this desk does not know yet
        }
        if (!person.setField(it.key(), it.value())) {
            fail(error, QStringLiteral("person %1: field %2 has a wrong type or impossible value")
                            .arg(uuidString(id), it.key()));
            return std::nullopt;
        }
    }
    return person;
}

QByteArray encode(const ChangePage &page)
{
    QJsonArray changes;
    for (const Change &c : page.changes) {
        QJsonObject o{{QStringLiteral("seq"), c.seq},
                      {QStringLiteral("type"), c.type},
                      {QStringLiteral("id"), uuidString(c.id)},
                      {QStringLiteral("deleted"), c.deleted || c.leftScope}};
        if (c.leftScope) {
            o.insert(QStringLiteral("left_scope"), true);
        } else if (!c.deleted) {
            o.insert(QStringLiteral("data"), c.data);
        }
        changes.append(o);
    }
    QJsonObject root{{QStringLiteral("changes"), changes},
                     {QStringLiteral("cursor"), page.cursor},
                     {QStringLiteral("more"), page.more}};
    if (page.scope) {
        root.insert(QStringLiteral("scope"),
                    QJsonObject{{QStringLiteral("role"), page.scope->role},
                                {QStringLiteral("office"), page.scope->office}});
    }
    return toBytes(root);
}

std::optional<ChangePage> decodeChangePage(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("page"));
    ChangePage page;
    page.cursor = r.integer(QStringLiteral("cursor"), 0, Q_INT64_C(1) << 53);
    page.more = r.boolean(QStringLiteral("more"));
    if (const QJsonObject scope = r.object(QStringLiteral("scope"), false);
        r.ok() && root->contains(QStringLiteral("scope"))) {
        Reader sr(scope, QStringLiteral("page.scope"));
        DeskScope s{sr.string(QStringLiteral("role")), sr.string(QStringLiteral("office"), false)};
        if (!sr.ok()) {
            fail(error, sr.error());
            return std::nullopt;
        }
        page.scope = std::move(s);
    }
    const QJsonArray changes = r.array(QStringLiteral("changes"), kMaxPageSize);
    page.changes.reserve(changes.size());
    for (qsizetype i = 0; r.ok() && i < changes.size(); ++i) {
        if (!changes.at(i).isObject()) {
            r.fail(QStringLiteral("changes"), QStringLiteral("entries must be objects"));
            break;
        }
        Reader cr(changes.at(i).toObject(), r.path(QStringLiteral("changes"), i));
        Change c;
        c.seq = cr.integer(QStringLiteral("seq"), 1, Q_INT64_C(1) << 53);
        c.type = cr.string(QStringLiteral("type"));
        c.id = cr.uuid(QStringLiteral("id"));
        c.deleted = cr.boolean(QStringLiteral("deleted"));
        c.leftScope = cr.boolean(QStringLiteral("left_scope"), false);
        if (cr.ok() && c.leftScope) {
            if (!c.deleted) {
                cr.fail(QStringLiteral("left_scope"),
                        QStringLiteral("must come with \"deleted\": true"));
            }
            c.deleted = false; // not a deletion: the record lives on elsewhere
        } else if (!c.deleted) {
            c.data = cr.object(QStringLiteral("data"));
        }
        if (cr.ok() && c.seq > page.cursor) {
            cr.fail(QStringLiteral("seq"), QStringLiteral("is beyond the page's cursor"));
        }
        if (!cr.ok()) {
            fail(error, cr.error());
            return std::nullopt;
        }
        page.changes.append(std::move(c));
    }
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return page;
}

QByteArray encode(const MutationBatch &batch)
{
    QJsonArray mutations;
    for (const Mutation &m : batch.mutations) {
        mutations.append(QJsonObject{{QStringLiteral("id"), uuidString(m.id)},
                                     {QStringLiteral("type"), m.type},
                                     {QStringLiteral("op"), opName(m.op)},
                                     {QStringLiteral("entity_id"), uuidString(m.entityId)},
                                     {QStringLiteral("base_version"), m.baseVersion},
                                     {QStringLiteral("fields"), m.fields}});
    }
    return toBytes({{QStringLiteral("client_id"), uuidString(batch.clientId)},
                    {QStringLiteral("mutations"), mutations}});
}

std::optional<MutationBatch> decodeMutationBatch(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("batch"));
    MutationBatch batch;
    batch.clientId = r.uuid(QStringLiteral("client_id"));
    const QJsonArray mutations = r.array(QStringLiteral("mutations"), kMaxMutationsPerBatch);
    for (qsizetype i = 0; r.ok() && i < mutations.size(); ++i) {
        if (!mutations.at(i).isObject()) {
            r.fail(QStringLiteral("mutations"), QStringLiteral("entries must be objects"));
            break;
        }
        Reader mr(mutations.at(i).toObject(), r.path(QStringLiteral("mutations"), i));
        Mutation m;
        m.id = mr.uuid(QStringLiteral("id"));
        m.type = mr.string(QStringLiteral("type"));
        const QString op = mr.string(QStringLiteral("op"));
        if (mr.ok() && op != u"upsert" && op != u"delete") {
            mr.fail(QStringLiteral("op"), QStringLiteral("must be upsert or delete"));
        }
        m.op = op == u"delete" ? MutationOp::Delete : MutationOp::Upsert;
        m.entityId = mr.uuid(QStringLiteral("entity_id"));
        m.baseVersion = mr.integer(QStringLiteral("base_version"), 0, Q_INT64_C(1) << 53);
        m.fields = mr.object(QStringLiteral("fields"), m.op == MutationOp::Upsert);
        if (!mr.ok()) {
            fail(error, mr.error());
            return std::nullopt;
        }
        batch.mutations.append(std::move(m));
    }
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return batch;
}

QByteArray encode(const QList<MutationResult> &results)
{
    QJsonArray out;
    for (const MutationResult &m : results) {
        QJsonObject o{{QStringLiteral("id"), uuidString(m.id)},
                      {QStringLiteral("status"), statusName(m.status)},
                      {QStringLiteral("version"), m.version}};
        if (!m.error.isEmpty()) {
            o.insert(QStringLiteral("error"), m.error);
        }
        if (m.status == MutationStatus::Conflict) {
            o.insert(QStringLiteral("conflicting_fields"),
                     QJsonArray::fromStringList(m.conflictingFields));
        }
        if (m.status == MutationStatus::Conflict || !m.serverFields.isEmpty()) {
            o.insert(QStringLiteral("server_fields"), m.serverFields);
        }
        if (!m.mergedInto.isNull()) {
            o.insert(QStringLiteral("merged_into"), uuidString(m.mergedInto));
        }
        QJsonObject changes;
        for (auto it = m.serverChanges.begin(); it != m.serverChanges.end(); ++it) {
            QJsonObject change;
            if (!it->username.isEmpty()) {
                change.insert(QStringLiteral("changed_by"), it->username);
            }
            if (!it->displayName.isEmpty()) {
                change.insert(QStringLiteral("changed_by_name"), it->displayName);
            }
            if (it->at.isValid()) {
                change.insert(QStringLiteral("changed_at"),
                              it->at.toUTC().toString(Qt::ISODateWithMs));
            }
            if (!change.isEmpty()) {
                changes.insert(it.key(), change);
            }
        }
        if (!changes.isEmpty()) {
            o.insert(QStringLiteral("server_changes"), changes);
        }
        out.append(o);
    }
    return toBytes({{QStringLiteral("results"), out}});
}

std::optional<QList<MutationResult>> decodeMutationResults(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("reply"));
    const QJsonArray results = r.array(QStringLiteral("results"), kMaxMutationsPerBatch);
    QList<MutationResult> out;
    for (qsizetype i = 0; r.ok() && i < results.size(); ++i) {
        if (!results.at(i).isObject()) {
            r.fail(QStringLiteral("results"), QStringLiteral("entries must be objects"));
            break;
        }
        Reader rr(results.at(i).toObject(), r.path(QStringLiteral("results"), i));
        MutationResult m;
        m.id = rr.uuid(QStringLiteral("id"));
        bool known = false;
        m.status = statusFromString(rr.string(QStringLiteral("status")), &known);
        if (rr.ok() && !known) {
            rr.fail(QStringLiteral("status"), QStringLiteral("is not a known status"));
        }
        m.version = rr.integer(QStringLiteral("version"), 0, Q_INT64_C(1) << 53);
        m.error = rr.string(QStringLiteral("error"), false);
        if (m.status == MutationStatus::Conflict) {
            const QJsonArray fields = rr.array(QStringLiteral("conflicting_fields"), 256);
            for (const QJsonValue &f : fields) {
                m.conflictingFields.append(f.toString());
            }
            m.serverFields = rr.object(QStringLiteral("server_fields"));
        } else {
            // Applied with values the centre chose itself (a fresh reference on a collision).
            m.serverFields = rr.object(QStringLiteral("server_fields"), false);
        }
        if (!rr.string(QStringLiteral("merged_into"), false).isEmpty()) {
            m.mergedInto = rr.uuid(QStringLiteral("merged_into"));
        }
        // Absent from an older centre's replies: the desk then shows who and when as unknown.
        const QJsonObject changes = rr.object(QStringLiteral("server_changes"), false);
        if (rr.ok() && changes.size() > 256) {
            rr.fail(QStringLiteral("server_changes"), QStringLiteral("has more than 256 entries"));
        }
        for (auto it = changes.begin(); rr.ok() && it != changes.end(); ++it) {
            if (!it.value().isObject()) {
                rr.fail(QStringLiteral("server_changes"),
                        QStringLiteral("entries must be objects"));
                break;
            }
            Reader cr(it.value().toObject(), rr.path(QStringLiteral("server_changes"), it.key()));
            FieldChange change;
            change.username = cr.string(QStringLiteral("changed_by"), false);
            change.displayName = cr.string(QStringLiteral("changed_by_name"), false);
            const QString at = cr.string(QStringLiteral("changed_at"), false);
            if (cr.ok() && !at.isEmpty()) {
                change.at = QDateTime::fromString(at, Qt::ISODateWithMs);
                if (!change.at.isValid() || change.at.timeSpec() == Qt::LocalTime) {
                    cr.fail(QStringLiteral("changed_at"),
                            QStringLiteral("must be a date and time with its offset (ISO 8601)"));
                }
                change.at = change.at.toUTC();
            }
            if (!cr.ok()) {
                fail(error, cr.error());
                return std::nullopt;
            }
            m.serverChanges.insert(it.key(), change);
        }
        if (!rr.ok()) {
            fail(error, rr.error());
            return std::nullopt;
        }
        out.append(std::move(m));
    }
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return out;
}

QByteArray encode(const LoginRequest &request)
{
    return toBytes({{QStringLiteral("username"), request.username},
                    {QStringLiteral("password"), request.password},
                    {QStringLiteral("device"), request.device}});
}

std::optional<LoginRequest> decodeLoginRequest(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("login"));
    LoginRequest request;
    request.username = r.string(QStringLiteral("username"));
    request.password = r.string(QStringLiteral("password"));
    request.device = r.string(QStringLiteral("device"), false);
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return request;
}

QByteArray encode(const AuthTokens &tokens)
{
    return toBytes({{QStringLiteral("access_token"), tokens.accessToken},
                    {QStringLiteral("access_expires_in"), tokens.accessExpiresIn},
                    {QStringLiteral("refresh_token"), tokens.refreshToken},
                    {QStringLiteral("user"), userToJson(tokens.user)}});
}

std::optional<AuthTokens> decodeAuthTokens(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("tokens"));
    AuthTokens tokens;
    tokens.accessToken = r.string(QStringLiteral("access_token"));
    tokens.accessExpiresIn =
        static_cast<int>(r.integer(QStringLiteral("access_expires_in"), 1, 24 * 3600));
    tokens.refreshToken = r.string(QStringLiteral("refresh_token"));
    Reader ur(r.object(QStringLiteral("user")), QStringLiteral("tokens.user"));
    tokens.user.username = ur.string(QStringLiteral("username"));
    tokens.user.displayName = ur.string(QStringLiteral("display_name"));
    tokens.user.role = ur.string(QStringLiteral("role"));
    tokens.user.office = ur.string(QStringLiteral("office"), false);
    if (!r.ok() || !ur.ok()) {
        fail(error, r.ok() ? ur.error() : r.error());
        return std::nullopt;
    }
    return tokens;
}

QByteArray encode(const ApiError &e)
{
    return toBytes(
        {{QStringLiteral("error"),
          QJsonObject{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}}}});
}

std::optional<ApiError> decodeApiError(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("reply"));
    Reader er(r.object(QStringLiteral("error")), QStringLiteral("reply.error"));
    ApiError e;
    e.code = er.string(QStringLiteral("code"));
    e.message = er.string(QStringLiteral("message"));
    if (!r.ok() || !er.ok()) {
        fail(error, r.ok() ? er.error() : r.error());
        return std::nullopt;
    }
    return e;
}

QByteArray encodeRefresh(const QString &refreshToken)
{
    return toBytes({{QStringLiteral("refresh_token"), refreshToken}});
}

std::optional<QString> decodeRefresh(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("refresh"));
    QString token = r.string(QStringLiteral("refresh_token"));
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return token;
}

QByteArray encode(const MergeRequest &request)
{
    return toBytes(
        {{QStringLiteral("survivor_id"), uuidString(request.survivorId)},
         {QStringLiteral("merged_id"), uuidString(request.mergedId)},
         {QStringLiteral("take_from_merged"), QJsonArray::fromStringList(request.takeFromMerged)}});
}

std::optional<MergeRequest> decodeMergeRequest(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("merge"));
    MergeRequest request;
    request.survivorId = r.uuid(QStringLiteral("survivor_id"));
    request.mergedId = r.uuid(QStringLiteral("merged_id"));
    const QJsonArray take = r.array(QStringLiteral("take_from_merged"), 64, false);
    for (const QJsonValue &v : take) {
        if (!v.isString()) {
            r.fail(QStringLiteral("take_from_merged"), QStringLiteral("entries must be strings"));
            break;
        }
        request.takeFromMerged.append(v.toString());
    }
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return request;
}

QByteArray encode(const MergeResult &result)
{
    return toBytes(
        {{QStringLiteral("survivor_id"), uuidString(result.survivorId)},
         {QStringLiteral("merged_id"), uuidString(result.mergedId)},
         {QStringLiteral("version"), result.version},
         {QStringLiteral("records_moved"), result.recordsMoved},
         {QStringLiteral("fields_taken"), QJsonArray::fromStringList(result.fieldsTaken)},
         {QStringLiteral("merged_by"), result.mergedBy},
         {QStringLiteral("merged_at"), result.mergedAt},
         {QStringLiteral("already_merged"), result.alreadyMerged}});
}

std::optional<MergeResult> decodeMergeResult(const QByteArray &body, QString *error)
{
    const auto root = parseObject(body, error);
    if (!root) {
        return std::nullopt;
    }
    Reader r(*root, QStringLiteral("merge"));
    MergeResult result;
    result.survivorId = r.uuid(QStringLiteral("survivor_id"));
    result.mergedId = r.uuid(QStringLiteral("merged_id"));
    result.version = r.integer(QStringLiteral("version"), 0, Q_INT64_C(1) << 53);
    result.recordsMoved = static_cast<int>(r.integer(QStringLiteral("records_moved"), 0, 1 << 30));
    for (const QJsonValue &v : r.array(QStringLiteral("fields_taken"), 64)) {
        result.fieldsTaken.append(v.toString());
    }
    result.mergedBy = r.string(QStringLiteral("merged_by"));
    result.mergedAt = r.string(QStringLiteral("merged_at"));
    result.alreadyMerged = r.boolean(QStringLiteral("already_merged"), false);
    if (!r.ok()) {
        fail(error, r.error());
        return std::nullopt;
    }
    return result;
}

} // namespace FirstStop::Wire
