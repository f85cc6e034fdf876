#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace FirstStop::Test {

// A blocking HTTP client for tests (QNetworkAccessManager underneath, waits at most 30 s).
struct HttpReply
{
    int status = 0; // 0 when there was no HTTP answer at all
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;  // the body as a JSON object (empty if it is not one)
    QString errorCode() const; // error.code of a Wire::ApiError body
};

HttpReply httpGet(const QUrl &url, const QString &bearer = {});
HttpReply httpPost(const QUrl &url, const QByteArray &body, const QString &bearer = {});

} // namespace FirstStop::Test
