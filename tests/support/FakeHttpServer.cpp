#include "tests/support/FakeHttpServer.h"

#include <QTcpSocket>

namespace FirstStop::Test {

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpServer::accept);
}

bool FakeHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeHttpServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

QByteArray FakeHttpServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

int FakeHttpServer::count(const QString &path) const
{
    return static_cast<int>(std::count_if(m_requests.begin(), m_requests.end(),
                                          [&](const Request &r) { return r.path == path; }));
}

QByteArray FakeHttpServer::response(int status, const QByteArray &body,
                                    const QByteArray &contentType)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Fake\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

void FakeHttpServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                return;
            }
            const QByteArray head = buffer->left(headerEnd);
            qsizetype length = 0;
            QList<std::pair<QByteArray, QByteArray>> headers;
            for (const QByteArray &line : head.split('\n').mid(1)) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0) {
                    headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
                }
                if (line.toLower().startsWith("content-length:")) {
                    length = line.mid(15).trimmed().toLongLong();
                }
            }
            if (buffer->size() < headerEnd + 4 + length) {
                return;
            }
            Request r;
            const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
            r.method = requestLine.value(0);
            const QString target = QString::fromLatin1(requestLine.value(1));
            r.path = target.section(u'?', 0, 0);
            r.query = target.section(u'?', 1);
            r.body = buffer->mid(headerEnd + 4, length);
            r.atMs = m_clock.elapsed();
            r.headers = headers;
            m_requests.append(r);
            buffer->clear();
            socket->write(m_handler ? m_handler(r) : response(404, "{}"));
            socket->disconnectFromHost(); // after the bytes are written
        });
    }
}

} // namespace FirstStop::Test
