#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>

namespace FirstStop::Test {

// A tiny HTTP/1.1 server on loopback that answers with whatever bytes the test hands it: the
// well-formed, the garbage, the truncated, the oversized. For testing how the desk copes with a
// centre that misbehaves, never instead of the real server in an end-to-end test. Runs on the
// creating thread; one request per connection (it answers, then closes).
//
//   FakeHttpServer fake;
//   fake.setHandler([](const FakeHttpServer::Request &r) {
//       return FakeHttpServer::response(503, R"({"error":{"code":"x","message":"down"}})");
//   });
//   QVERIFY(fake.listen());
class FakeHttpServer final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QString path; // without the query
        QString query;
        QByteArray body;
        qint64 atMs = 0; // since the server was created
        QList<std::pair<QByteArray, QByteArray>> headers;
        // The value of a request header (the name in any case), or empty.
        QByteArray header(const QByteArray &name) const;
    };
    using Handler = std::function<QByteArray(const Request &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);

    bool listen();
    QUrl url() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Request> &requests() const { return m_requests; }
    // How many requests for path arrived (so far).
    int count(const QString &path) const;

    // A complete HTTP response with a Content-Length that matches body.
    static QByteArray response(int status, const QByteArray &body,
                               const QByteArray &contentType = "application/json");

private:
    void accept();

    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
    QElapsedTimer m_clock;
};

} // namespace FirstStop::Test
