#pragma once

#include <QAbstractHttpServer>
#include <QFile>
#include <QHostAddress>
#include <QHttpServerResponse>
#include <QSslConfiguration>

#include <memory>
#include <optional>

namespace FirstStop::Server {

class AuthService;
class Database;
class PeopleSnapshot;
class SyncService;

// The REST API (docs/openapi.yaml) over QtHttpServer. Handlers are synchronous (Qt 6.4); every
// error is a JSON Wire::ApiError with a fitting status.
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiServer(Database &db, AuthService &auth, SyncService &sync, QObject *parent = nullptr);

    // The most of the people snapshot one ranged request is answered with (a piece is read into
    // memory to be sent; a desk asking for more is sent this much and asks again for the rest).
    static constexpr qint64 kMaxSnapshotPieceBytes = qint64(16) << 20;

    // Serves GET /snapshot/people from it (none: that endpoint answers 503, desks pull pages).
    void setPeopleSnapshot(PeopleSnapshot *snapshot) { m_snapshot = snapshot; }

    // Listens on address:port (0: any free port), over TLS when tls is given; the port, or 0.
    // Unlike QAbstractHttpServer::listen, every accepted connection is tuned for request and
    // reply: no Nagle delay on what the centre sends, and what a desk sends is acknowledged at
    // once (tuneSocket).
    quint16 listenOn(const QHostAddress &address, quint16 port,
                     const std::optional<QSslConfiguration> &tls);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    QHttpServerResponse route(const QHttpServerRequest &request);
    QHttpServerResponse health(const QHttpServerRequest &request);
    QHttpServerResponse openApi(const QHttpServerRequest &request);
    QHttpServerResponse login(const QHttpServerRequest &request);
    QHttpServerResponse refresh(const QHttpServerRequest &request);
    QHttpServerResponse logout(const QHttpServerRequest &request);
    QHttpServerResponse changes(const QHttpServerRequest &request);
    QHttpServerResponse mergePeople(const QHttpServerRequest &request);
    QHttpServerResponse mutations(const QHttpServerRequest &request);
    // Answers with an error, or sets m_stream to the snapshot file to send (and its headers).
    QHttpServerResponse peopleSnapshot(const QHttpServerRequest &request);

    Database &m_db;
    AuthService &m_auth;
    SyncService &m_sync;
    PeopleSnapshot *m_snapshot = nullptr;
    // A body too big to hold in memory, streamed from a file by handleRequest.
    std::unique_ptr<QFile> m_stream;
    qint64 m_streamThrough = 0; // what the streamed snapshot holds, for its headers
    qint64 m_streamPeople = 0;
    QByteArray m_streamTag;
};

} // namespace FirstStop::Server
