#pragma once

#include <QAbstractHttpServer>
#include <QHttpServerResponse>

namespace FirstStop::Server {

class AuthService;
class Database;
class SyncService;

// The REST API (docs/openapi.yaml) over QtHttpServer. Handlers are synchronous (Qt 6.4); every
// error is a JSON Wire::ApiError with a fitting status.
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiServer(Database &db, AuthService &auth, SyncService &sync, QObject *parent = nullptr);

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

    Database &m_db;
    AuthService &m_auth;
    SyncService &m_sync;
};

} // namespace FirstStop::Server
