#include "tests/support/TestHttp.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace FirstStop::Test {

namespace {

HttpReply send(const QUrl &url, const QByteArray &method, const QByteArray &body,
               const QString &bearer)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!bearer.isEmpty()) {
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + bearer.toLatin1());
    }
    QNetworkReply *reply = method == "GET" ? nam.get(request) : nam.post(request, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(30000);
    if (!reply->isFinished()) {
        loop.exec();
    }
    HttpReply out;
    if (!reply->isFinished()) {
        reply->abort();
        out.networkError = QStringLiteral("timed out");
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError && out.networkError.isEmpty()) {
        out.networkError = reply->errorString();
    }
    delete reply;
    return out;
}

} // namespace

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            return h.second;
        }
    }
    return {};
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpReply::errorCode() const
{
    return json().value(u"error").toObject().value(u"code").toString();
}

HttpReply httpGet(const QUrl &url, const QString &bearer)
{
    return send(url, "GET", {}, bearer);
}

HttpReply httpPost(const QUrl &url, const QByteArray &body, const QString &bearer)
{
    return send(url, "POST", body, bearer);
}

} // namespace FirstStop::Test
