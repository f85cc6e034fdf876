#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace FirstStop::Test {

// A loopback TCP proxy in front of a real server that misbehaves on request: it refuses
// connections, drops them as they open, cuts replies after N bytes, or delays every chunk. It runs
// on the thread that creates it (the test's; QTest::qWaitFor keeps it going).
//
//   FaultProxy proxy(server.baseUrl().port());
//   QVERIFY(proxy.listen());
//   desk.signIn(proxy.url());              // http://127.0.0.1:<proxy port>
//   proxy.setMode(FaultProxy::Mode::CutReplyAfter, 10);
//
// Changing the mode closes every open connection, so the next request meets the new mode (a
// client's keep-alive connection would otherwise carry on under the old one).
class FaultProxy final : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Pass,          // forward both ways
        Refuse,        // not listening: connections are refused
        Drop,          // accept, then close at once
        CutReplyAfter, // forward the request; close after arg bytes of the reply
        Delay,         // hold each chunk of the reply for arg milliseconds
    };

    explicit FaultProxy(quint16 targetPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    bool listen();
    quint16 port() const { return m_port; }
    QUrl url() const;
    void setMode(Mode mode, int arg = 0);
    int connectionsAccepted() const { return m_accepted; }
    int repliesCut() const { return m_cut; }

private:
    struct Link
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray pendingUp; // request bytes that arrived before the upstream connected
        qint64 replyBytes = 0;
    };
    void accept();
    void closeAll();
    void close(Link *link);

    QTcpServer m_server;
    quint16 m_targetPort;
    quint16 m_port = 0;
    Mode m_mode = Mode::Pass;
    int m_arg = 0;
    int m_accepted = 0;
    int m_cut = 0;
    QList<Link *> m_links;
};

} // namespace FirstStop::Test
