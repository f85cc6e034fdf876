#include "tests/support/FaultProxy.h"

#include <QTcpSocket>
#include <QTimer>

namespace FirstStop::Test {

FaultProxy::FaultProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::accept);
}

FaultProxy::~FaultProxy()
{
    closeAll();
}

bool FaultProxy::listen()
{
    if (!m_server.listen(QHostAddress::LocalHost, m_port)) {
        return false;
    }
    m_port = m_server.serverPort();
    return true;
}

QUrl FaultProxy::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void FaultProxy::setMode(Mode mode, int arg)
{
    m_mode = mode;
    m_arg = arg;
    closeAll();
    if (mode == Mode::Refuse) {
        m_server.close();
    } else if (!m_server.isListening()) {
        listen(); // the same port again, so the client's address stays right
    }
}

void FaultProxy::closeAll()
{
    const auto links = m_links;
    for (Link *link : links) {
        close(link);
    }
}

void FaultProxy::close(Link *link)
{
    if (!m_links.removeOne(link)) {
        return;
    }
    if (link->client) {
        link->client->abort();
        link->client->deleteLater();
    }
    if (link->upstream) {
        link->upstream->abort();
        link->upstream->deleteLater();
    }
    delete link;
}

void FaultProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_accepted;
        if (m_mode == Mode::Drop) {
            client->abort();
            client->deleteLater();
            continue;
        }
        auto *link = new Link;
        m_links.append(link);
        link->client = client;
        link->upstream = new QTcpSocket(this);
        QTcpSocket *upstream = link->upstream;
        connect(client, &QTcpSocket::readyRead, this, [link, client, upstream] {
            const QByteArray data = client->readAll();
            if (upstream->state() == QAbstractSocket::ConnectedState) {
                upstream->write(data);
            } else {
                link->pendingUp += data;
            }
        });
        connect(upstream, &QTcpSocket::connected, this,
                [link, upstream] { upstream->write(std::exchange(link->pendingUp, {})); });
        connect(upstream, &QTcpSocket::readyRead, this, [this, link, client, upstream] {
            QByteArray data = upstream->readAll();
            if (m_mode == Mode::CutReplyAfter) {
                const qint64 room = m_arg - link->replyBytes;
                if (data.size() >= room) {
                    client->write(data.left(room));
                    client->flush();
                    ++m_cut;
                    close(link);
                    return;
                }
            }
            link->replyBytes += data.size();
            if (m_mode == Mode::Delay) {
                QTimer::singleShot(m_arg, client, [client, data] { client->write(data); });
            } else {
                client->write(data);
            }
        });
        connect(client, &QTcpSocket::disconnected, this, [this, link] { close(link); });
        connect(upstream, &QTcpSocket::disconnected, this, [this, link] {
            // Let a delayed reply finish before closing the client's side.
            QTimer::singleShot(m_mode == Mode::Delay ? m_arg + 50 : 0, this,
                               [this, link] { close(link); });
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        if (client->bytesAvailable() > 0) {
            link->pendingUp += client->readAll();
        }
    }
}

} // namespace FirstStop::Test
