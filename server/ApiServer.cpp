#include "server/ApiServer.h"

#include "models/LocalStore.h"
#include "models/WireCodec.h"
#include "server/AuthService.h"
#include "server/Database.h"
#include "server/Logging.h"
#include "server/PeopleSnapshot.h"
#include "server/RequestParsing.h"
#include "server/SyncService.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace FirstStop::Server {

namespace {

using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

const QByteArray kJson = QByteArrayLiteral("application/json");

QHttpServerResponse json(const QByteArray &body, Status status = Status::Ok)
{
    QHttpServerResponse response(kJson, body, status);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse error(Status status, const QString &code, const QString &message)
{
    return json(Wire::encode(Wire::ApiError{code, message}), status);
}

QHttpServerResponse authError(const AuthResult &result)
{
    switch (result.error) {
    case AuthError::None:
        break;
    case AuthError::Unauthorized:
        return error(Status::Unauthorized, QStringLiteral("unauthorized"), result.message);
    case AuthError::TokenExpired:
        return error(Status::Unauthorized, QStringLiteral("token_expired"), result.message);
    case AuthError::TokenReused:
        return error(Status::Unauthorized, QStringLiteral("token_reused"), result.message);
    case AuthError::RateLimited: {
        QHttpServerResponse r =
            error(Status::TooManyRequests, QStringLiteral("rate_limited"), result.message);
        r.setHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(result.retryAfterSeconds));
        return r;
    }
    case AuthError::Internal:
        break;
    }
    return error(Status::InternalServerError, QStringLiteral("internal"), result.message);
}

QHttpServerResponse badRequest(const QString &message)
{
    return error(Status::BadRequest, QStringLiteral("bad_request"), message);
}

QHttpServerResponse internal(const QString &detail)
{
    qCWarning(lcHttp).noquote() << "internal error:" << detail;
    // The details stay in the log; the desk only needs to know it may retry.
    return error(Status::InternalServerError, QStringLiteral("internal"),
                 QStringLiteral("The server hit a database error; nothing was changed. "
                                "Try again."));
}

QString methodName(Method m)
{
    switch (m) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Delete:
        return QStringLiteral("DELETE");
    default:
        return QStringLiteral("other");
    }
}

// A request or a reply that goes out in two writes must not wait for the other side's delayed
// acknowledgement (~40 ms on Linux) because of Nagle's algorithm: QtHttpServer writes a reply's
// headers and its body apart, and Qt's network client (QNetworkAccessManager, which never sets
// TCP_NODELAY) writes a request body of more than 16 KiB in pieces, the second held back until the
// first is acknowledged. So what the centre sends goes out at once (TCP_NODELAY), and whatever
// arrives is acknowledged at once (TCP_QUICKACK, which Linux clears again by itself, so it is set
// after every read). Measured in docs/benchmarks.md (the incremental pull and the push).
void tuneSocket(QTcpSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef TCP_QUICKACK
    QObject::connect(socket, &QIODevice::readyRead, socket, [socket] {
        const int one = 1;
        ::setsockopt(static_cast<int>(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one,
                     sizeof one);
    });
#endif
}

// QTcpServer, with every accepted connection tuned before QtHttpServer takes it.
class TunedTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcHttp).noquote() << "cannot take a connection:" << socket->errorString();
            delete socket;
            ::close(static_cast<int>(descriptor));
            return;
        }
        tuneSocket(socket);
        addPendingConnection(socket);
    }
};

} // namespace

quint16 ApiServer::listenOn(const QHostAddress &address, quint16 port,
                            const std::optional<QSslConfiguration> &tls)
{
    QTcpServer *server = nullptr;
    if (tls) {
        auto *sslServer = new QSslServer(this);
        sslServer->setSslConfiguration(*tls);
        // The handshake is the connection's first exchange: tuned before it starts.
        connect(sslServer, &QSslServer::startedEncryptionHandshake, sslServer,
                [](QSslSocket *socket) { tuneSocket(socket); });
        server = sslServer;
    } else {
        server = new TunedTcpServer(this);
    }
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

ApiServer::ApiServer(Database &db, AuthService &auth, SyncService &sync, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_db(db)
    , m_auth(auth)
    , m_sync(sync)
{}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponse response = route(request);
    qCDebug(lcHttp).noquote() << methodName(request.method()) << request.url().path()
                              << static_cast<int>(response.statusCode());
    if (m_stream) {
        // QtHttpServer 6.4 sends a file 1 KiB per write: Nagle's algorithm packs those into full
        // segments, so it is on while the file goes out (tuneSocket turned it off) and off again
        // once the last piece is queued and the responder lets go of the file.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 0);
        connect(m_stream.get(), &QObject::destroyed, socket,
                [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        // Sent in chunks as the socket drains; the responder owns and closes the file.
        makeResponder(request, socket)
            .write(
                m_stream.release(),
                {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/vnd.sqlite3")},
                 {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
                 {QByteArrayLiteral("X-FirstStop-People-Through"),
                  QByteArray::number(m_streamThrough)},
                 {QByteArrayLiteral("X-FirstStop-People"), QByteArray::number(m_streamPeople)},
                 {QByteArrayLiteral("ETag"), m_streamTag},
                 {QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes")}},
                Status::Ok);
        return true;
    }
    response.write(makeResponder(request, socket));
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest answers everything; kept as a JSON 404 for safety.
    error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("No such endpoint."))
        .write(makeResponder(request, socket));
}

QHttpServerResponse ApiServer::route(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    const Method method = request.method();
    const bool contentLengthTooBig =
        request.value(QByteArrayLiteral("Content-Length")).toLongLong() > Wire::kMaxBodyBytes;
    if (contentLengthTooBig || request.body().size() > Wire::kMaxBodyBytes) {
        return error(Status::PayloadTooLarge, QStringLiteral("payload_too_large"),
                     QStringLiteral("The request body is larger than %1 bytes; send fewer "
                                    "changes at a time.")
                         .arg(Wire::kMaxBodyBytes));
    }
    using Handler = QHttpServerResponse (ApiServer::*)(const QHttpServerRequest &);
    struct Route
    {
        QStringView path;
        Method method;
        Handler handler;
    };
    static constexpr Route routes[] = {
        {u"/health", Method::Get, &ApiServer::health},
        {u"/openapi.yaml", Method::Get, &ApiServer::openApi},
        {u"/auth/login", Method::Post, &ApiServer::login},
        {u"/auth/refresh", Method::Post, &ApiServer::refresh},
        {u"/auth/logout", Method::Post, &ApiServer::logout},
        {u"/changes", Method::Get, &ApiServer::changes},
        {u"/mutations", Method::Post, &ApiServer::mutations},
        {u"/people/merge", Method::Post, &ApiServer::mergePeople},
        {u"/snapshot/people", Method::Get, &ApiServer::peopleSnapshot},
    };
    for (const Route &r : routes) {
        if (r.path == path) {
            if (r.method != method) {
                return error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                             QStringLiteral("Use %1 for %2.").arg(methodName(r.method), path));
            }
            return (this->*r.handler)(request);
        }
    }
    return error(Status::NotFound, QStringLiteral("not_found"),
                 QStringLiteral("No such endpoint: %1").arg(path));
}

QHttpServerResponse ApiServer::health(const QHttpServerRequest &)
{
    const int schema = m_db.schemaVersion();
    if (schema < 0) {
        return internal(QStringLiteral("cannot read schema_version"));
    }
    const QJsonObject body{{QStringLiteral("status"), QStringLiteral("ok")},
                           {QStringLiteral("backend"), m_db.backendName()},
                           {QStringLiteral("schema_version"), schema},
                           {QStringLiteral("version"), QStringLiteral(FIRSTSTOP_VERSION)}};
    return json(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QHttpServerResponse ApiServer::openApi(const QHttpServerRequest &)
{
    QFile file(QStringLiteral(":/firststop/openapi.yaml"));
    if (!file.open(QIODevice::ReadOnly)) {
        return internal(QStringLiteral("the embedded openapi.yaml is missing"));
    }
    return QHttpServerResponse(QByteArrayLiteral("application/yaml"), file.readAll());
}

QHttpServerResponse ApiServer::login(const QHttpServerRequest &request)
{
    QString decodeError;
    const auto login = Wire::decodeLoginRequest(request.body(), &decodeError);
    if (!login) {
        return badRequest(decodeError);
    }
    const AuthResult result = m_auth.login(*login);
    if (result.error != AuthError::None) {
        return authError(result);
    }
    return json(Wire::encode(result.tokens));
}

QHttpServerResponse ApiServer::refresh(const QHttpServerRequest &request)
{
    QString decodeError;
    const auto token = Wire::decodeRefresh(request.body(), &decodeError);
    if (!token) {
        return badRequest(decodeError);
    }
    const AuthResult result = m_auth.refresh(*token);
    if (result.error != AuthError::None) {
        return authError(result);
    }
    return json(Wire::encode(result.tokens));
}

QHttpServerResponse ApiServer::logout(const QHttpServerRequest &request)
{
    const AuthResult caller =
        m_auth.authenticate(request.value(QByteArrayLiteral("Authorization")));
    if (caller.error != AuthError::None) {
        return authError(caller);
    }
    QString dbError;
    if (!m_auth.logout(caller.family, &dbError)) {
        return internal(dbError);
    }
    return QHttpServerResponse(Status::NoContent);
}

QHttpServerResponse ApiServer::changes(const QHttpServerRequest &request)
{
    const AuthResult caller =
        m_auth.authenticate(request.value(QByteArrayLiteral("Authorization")));
    if (caller.error != AuthError::None) {
        return authError(caller);
    }
    QString queryError;
    const auto query = parseChangesQuery(QUrlQuery(request.url()), &queryError);
    if (!query) {
        return badRequest(queryError);
    }
    QString dbError;
    const auto page =
        m_sync.changes(query->since, query->limit, caller.user, &dbError, query->peopleThrough);
    if (!page) {
        return internal(dbError);
    }
    return json(Wire::encode(*page));
}

QHttpServerResponse ApiServer::mutations(const QHttpServerRequest &request)
{
    const AuthResult caller =
        m_auth.authenticate(request.value(QByteArrayLiteral("Authorization")));
    if (caller.error != AuthError::None) {
        return authError(caller);
    }
    QString decodeError;
    const auto batch = Wire::decodeMutationBatch(request.body(), &decodeError);
    if (!batch) {
        return badRequest(decodeError);
    }
    // The server is the wall: a batch holding a kind of record the caller's role may not write is
    // refused whole, before anything of it is applied.
    const QString refusal = SyncService::roleRefusal(*batch, caller.user);
    if (!refusal.isEmpty()) {
        return error(Status::Forbidden, QStringLiteral("forbidden"), refusal);
    }
    QString dbError;
    const auto results = m_sync.apply(*batch, caller.user, &dbError);
    if (!results) {
        return internal(dbError);
    }
    return json(Wire::encode(*results));
}

QHttpServerResponse ApiServer::mergePeople(const QHttpServerRequest &request)
{
    const AuthResult caller =
        m_auth.authenticate(request.value(QByteArrayLiteral("Authorization")));
    if (caller.error != AuthError::None) {
        return authError(caller);
    }
    // Checked here, at the centre: a desk hiding the action is a courtesy, not the rule.
    if (!SyncService::mayMerge(caller.user)) {
        return error(Status::Forbidden, QStringLiteral("forbidden"),
                     QStringLiteral("Only a team lead may merge records (you are signed in as "
                                    "%1).")
                         .arg(caller.user.role));
    }
    QString decodeError;
    const auto merge = Wire::decodeMergeRequest(request.body(), &decodeError);
    if (!merge) {
        return badRequest(decodeError);
    }
    QString why;
    SyncService::MergeError kind = SyncService::MergeError::None;
    const auto result = m_sync.mergePeople(*merge, caller.user, &kind, &why);
    if (!result) {
        switch (kind) {
        case SyncService::MergeError::NotFound:
            return error(Status::NotFound, QStringLiteral("not_found"), why);
        case SyncService::MergeError::Invalid:
            return error(Status::Conflict, QStringLiteral("cannot_merge"), why);
        case SyncService::MergeError::None:
        case SyncService::MergeError::Database:
            break;
        }
        return internal(why);
    }
    return json(Wire::encode(*result));
}

QHttpServerResponse ApiServer::peopleSnapshot(const QHttpServerRequest &request)
{
    const AuthResult caller =
        m_auth.authenticate(request.value(QByteArrayLiteral("Authorization")));
    if (caller.error != AuthError::None) {
        return authError(caller);
    }
    // The file is a desk cache: only a desk of the same cache schema and search index can use it.
    const QUrlQuery query(request.url());
    if (query.queryItemValue(QStringLiteral("schema")).toInt() != LocalStore::kSchemaVersion ||
        query.queryItemValue(QStringLiteral("index")).toInt() != PersonSearch::kIndexVersion) {
        return error(Status::Conflict, QStringLiteral("snapshot_incompatible"),
                     QStringLiteral("This centre's snapshot is cache schema %1, search index %2; "
                                    "pull the changes page by page instead.")
                         .arg(LocalStore::kSchemaVersion)
                         .arg(PersonSearch::kIndexVersion));
    }
    auto notReady = [] {
        QHttpServerResponse r =
            error(Status::ServiceUnavailable, QStringLiteral("snapshot_not_ready"),
                  QStringLiteral("No snapshot of the people is ready; pull the changes page by "
                                 "page instead."));
        r.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("60"));
        return r;
    };
    if (!m_snapshot) {
        return notReady();
    }
    QString dbError;
    if (const auto latest = m_sync.latestSeq(&dbError)) {
        m_snapshot->refresh(*latest); // a new build in the background when this one is stale
    }
    const std::optional<SnapshotFile> file = m_snapshot->current();
    if (!file) {
        return notReady();
    }
    auto stream = std::make_unique<QFile>(file->path);
    if (!stream->open(QIODevice::ReadOnly)) {
        return notReady();
    }
    // A desk downloading in pieces names the file its first piece came from: a piece of a newer
    // one would make a file that is neither.
    const QByteArray ifMatch = request.value(QByteArrayLiteral("If-Match"));
    if (!ifMatch.isEmpty() && !entityTagMatches(ifMatch, file->etag)) {
        QHttpServerResponse r =
            error(Status::PreconditionFailed, QStringLiteral("snapshot_replaced"),
                  QStringLiteral("The snapshot was replaced by a newer one since the download "
                                 "began; start again from its first piece."));
        r.setHeader(QByteArrayLiteral("ETag"), file->etag);
        return r;
    }
    const QByteArray rangeHeader = request.value(QByteArrayLiteral("Range"));
    const QByteArray ifRange = request.value(QByteArrayLiteral("If-Range"));
    const ByteRange range =
        rangeHeader.isEmpty() || (!ifRange.isEmpty() && !entityTagMatches(ifRange, file->etag))
            ? ByteRange{}
            : parseByteRange(rangeHeader, stream->size());
    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        QHttpServerResponse r =
            error(Status::RequestRangeNotSatisfiable, QStringLiteral("range_not_satisfiable"),
                  QStringLiteral("The snapshot is %1 bytes long; ask for a "
                                 "range inside it.")
                      .arg(stream->size()));
        r.setHeader(QByteArrayLiteral("Content-Range"),
                    "bytes */" + QByteArray::number(stream->size()));
        r.setHeader(QByteArrayLiteral("ETag"), file->etag);
        return r;
    }
    if (range.kind == ByteRange::Kind::Satisfiable) {
        // One piece, held in memory while it goes out: never more than kMaxSnapshotPieceBytes
        // (the Content-Range says what was sent; the desk asks again for the rest).
        const qint64 length = std::min(range.last - range.first + 1, kMaxSnapshotPieceBytes);
        QByteArray piece;
        if (!stream->seek(range.first) || (piece = stream->read(length)).size() != length) {
            return internal(QStringLiteral("cannot read the snapshot at %1: %2")
                                .arg(file->path, stream->errorString()));
        }
        QHttpServerResponse r(QByteArrayLiteral("application/vnd.sqlite3"), piece,
                              Status::PartialContent);
        r.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        r.setHeader(QByteArrayLiteral("Content-Range"),
                    "bytes " + QByteArray::number(range.first) + '-' +
                        QByteArray::number(range.first + length - 1) + '/' +
                        QByteArray::number(stream->size()));
        r.setHeader(QByteArrayLiteral("ETag"), file->etag);
        r.setHeader(QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes"));
        r.setHeader(QByteArrayLiteral("X-FirstStop-People-Through"),
                    QByteArray::number(file->throughSeq));
        r.setHeader(QByteArrayLiteral("X-FirstStop-People"), QByteArray::number(file->people));
        return r;
    }
    m_streamThrough = file->throughSeq;
    m_streamPeople = file->people;
    m_streamTag = file->etag;
    m_stream = std::move(stream);
    return QHttpServerResponse(Status::Ok);
}

} // namespace FirstStop::Server
