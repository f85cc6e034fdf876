#include "app/ApiClient.h"

#include "app/Logging.h"
#include "models/LocalStore.h"

#include <QFile>
#include <QHostAddress>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace FirstStop {

namespace {

// Bearer tokens and residents' records never cross a network in the clear; plain HTTP is only
// for a centre on this very machine (the demo, tests).
bool plainHttpAllowed(const QUrl &url)
{
    const QString host = url.host();
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

QString describeSslErrors(const QList<QSslError> &errors)
{
    QStringList parts;
    for (const QSslError &e : errors) {
        parts.append(e.errorString());
    }
    parts.removeDuplicates();
    return parts.join(u"; ");
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setSession(const QString &accessToken, const QString &refreshToken)
{
    m_accessToken = accessToken;
    m_refreshToken = refreshToken;
}

void ApiClient::clearSession()
{
    m_accessToken.clear();
    m_refreshToken.clear();
}

ApiFailure ApiClient::failureFor(int status, const QByteArray &body, const QString &fallback)
{
    ApiFailure f;
    f.httpStatus = status;
    QString ignored;
    const std::optional<Wire::ApiError> error = Wire::decodeApiError(body, &ignored);
    const QString said = error ? error->message : fallback;
    // Say who said it: a bare "busy" from a proxy or the centre means nothing at the desk.
    if (status == 401) {
        f.kind = ApiFailure::Kind::Unauthorized;
        f.message = said;
    } else if (status >= 500 || status == 429 || status == 408) {
        f.kind = ApiFailure::Kind::Server;
        f.message =
            tr("The central service could not do it just now (%1): %2").arg(status).arg(said);
    } else {
        f.kind = ApiFailure::Kind::Refused;
        f.message = tr("The central service refused the request (%1): %2").arg(status).arg(said);
    }
    return f;
}

QByteArray ApiClient::Sink::replyHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : replyHeaders) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

void ApiClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                     bool authenticated, RawCallback done, SinkPtr sink)
{
    QUrl url = m_baseUrl;
    const qsizetype query = path.indexOf(u'?');
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path.left(query));
    if (query >= 0) {
        url.setQuery(path.mid(query + 1));
    }
    if (url.scheme() == u"http" && !plainHttpAllowed(url)) {
        done(0, {},
             {ApiFailure::Kind::Refused, 0,
              tr("The central service address %1 is not secure: it must start with https://.")
                  .arg(url.toDisplayString(QUrl::RemovePath | QUrl::RemoveQuery))});
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    const bool tls = url.scheme() == u"https";
    if (tls) {
        request.setSslConfiguration(m_tls.configuration());
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept",
                         sink ? "application/vnd.sqlite3, application/json" : "application/json");
    if (authenticated) {
        request.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    }
    if (sink) {
        for (const auto &[name, value] : sink->requestHeaders) {
            request.setRawHeader(name, value);
        }
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    if (tls) {
        // Certificate errors are never ignored. The one exception is a certificate whose own key
        // is pinned: the pin is then the trust anchor (a self-signed centre), but a wrong name or
        // an expired certificate still fails.
        connect(
            reply, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errors) {
                const QList<QSslError> excused =
                    m_tls.excusedByPin(errors, reply->sslConfiguration().peerCertificateChain());
                if (!excused.isEmpty()) {
                    reply->ignoreSslErrors(excused);
                    return;
                }
                reply->setProperty("firststop_untrusted", describeSslErrors(errors));
            });
        // The handshake is done and nothing has been written yet: the last moment to refuse a
        // server whose key is not the pinned one, before the bearer token goes out.
        connect(reply, &QNetworkReply::encrypted, reply, [this, reply] {
            if (!m_tls.matchesPins(reply->sslConfiguration().peerCertificateChain())) {
                reply->setProperty("firststop_untrusted",
                                   tr("its public key does not match the pinned key"));
                reply->abort();
            }
        });
    }
    // A reply larger than any valid message is cut off rather than buffered without limit.
    const qint64 maxBytes = sink ? sink->maxBytes : Wire::kMaxBodyBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [reply, maxBytes](qint64 received, qint64) {
                if (received > maxBytes) {
                    reply->setProperty("firststop_oversized", true);
                    reply->abort();
                }
            });
    auto drainToSink = [reply, sink] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!sink || status < 200 || status >= 300 ||
            reply->property("firststop_sinkError").isValid()) {
            return; // an error's body stays in the reply, to be read as JSON
        }
        const QByteArray chunk = reply->readAll();
        const qint64 at = std::max<qint64>(sink->offset, 0) + sink->written;
        if (!sink->file->seek(at) || sink->file->write(chunk) != chunk.size()) {
            reply->setProperty("firststop_sinkError", sink->file->errorString());
            reply->abort();
            return;
        }
        sink->written += chunk.size();
    };
    if (sink) {
        sink->written = 0;
        sink->replyHeaders.clear();
        if (sink->offset < 0) {
            sink->file->resize(0);
        }
        connect(reply, &QNetworkReply::readyRead, reply, drainToSink);
    }
    connect(
        reply, &QNetworkReply::finished, this, [reply, sink, drainToSink, done = std::move(done)] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            drainToSink();
            if (sink) {
                sink->replyHeaders = reply->rawHeaderPairs();
            }
            if (const QVariant sinkError = reply->property("firststop_sinkError");
                sinkError.isValid()) {
                done(status, {},
                     {ApiFailure::Kind::BadReply, status,
                      tr("The download could not be written on this desk: %1")
                          .arg(sinkError.toString())});
                return;
            }
            if (reply->property("firststop_oversized").toBool()) {
                done(status, {},
                     {ApiFailure::Kind::BadReply, status,
                      tr("The central service sent a reply that is too large.")});
                return;
            }
            const QString untrusted = reply->property("firststop_untrusted").toString();
            if (!untrusted.isEmpty()) {
                done(0, {},
                     {ApiFailure::Kind::Untrusted, 0,
                      tr("This is not the server you configured: the certificate of %1 is not "
                         "trusted (%2). Nothing was sent. Check the server address and this desk's "
                         "certificate settings (--ca-file, --pin-sha256).")
                          .arg(reply->url().authority(), untrusted)});
                return;
            }
            const QByteArray bytes = reply->readAll();
            if (status == 0) {
                done(0, {},
                     {ApiFailure::Kind::Network, 0,
                      tr("Cannot reach the central service: %1").arg(reply->errorString())});
                return;
            }
            if (status < 200 || status >= 300) {
                done(
                    status, bytes,
                    failureFor(status, bytes,
                               tr("The central service answered %1 %2")
                                   .arg(status)
                                   .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                            .toString())));
                return;
            }
            if (reply->error() != QNetworkReply::NoError) {
                // e.g. the connection dropped after the status line: the body is incomplete.
                done(status, {},
                     {ApiFailure::Kind::Network, status,
                      tr("The connection dropped: %1").arg(reply->errorString())});
                return;
            }
            done(status, bytes, {});
        });
}

void ApiClient::sendAuthenticated(const QByteArray &method, const QString &path,
                                  const QByteArray &body, RawCallback done, bool mayRefresh,
                                  SinkPtr sink)
{
    send(
        method, path, body, true,
        [this, method, path, body, done = std::move(done), mayRefresh,
         sink](int status, const QByteArray &bytes, ApiFailure failure) mutable {
            if (failure.kind != ApiFailure::Kind::Unauthorized || !mayRefresh ||
                m_refreshToken.isEmpty()) {
                done(status, bytes, failure);
                return;
            }
            // The access token expired: renew once, then replay the same request.
            m_waitingForRefresh.append([this, method, path, body, done = std::move(done), status,
                                        bytes, failure, sink](bool renewed) mutable {
                if (!renewed) {
                    done(status, bytes, failure);
                    return;
                }
                sendAuthenticated(method, path, body, std::move(done), false, sink);
            });
            if (m_refreshing) {
                return;
            }
            refresh([this](std::optional<Wire::AuthTokens> tokens, ApiFailure) {
                const auto waiting = std::exchange(m_waitingForRefresh, {});
                for (const auto &resume : waiting) {
                    resume(tokens.has_value());
                }
            });
        },
        sink);
}

void ApiClient::login(const Wire::LoginRequest &request, Callback<Wire::AuthTokens> done)
{
    send("POST", QStringLiteral("/auth/login"), Wire::encode(request), false,
         [this, done = std::move(done)](int, const QByteArray &bytes, ApiFailure failure) {
             if (failure.kind != ApiFailure::Kind::None) {
                 done(std::nullopt, failure);
                 return;
             }
             takeTokens(bytes,
                        tr("The central service sent an unreadable reply to the sign-in: %1"),
                        done);
         });
}

void ApiClient::takeTokens(const QByteArray &bytes, const QString &unreadable,
                           const Callback<Wire::AuthTokens> &done)
{
    QString error;
    std::optional<Wire::AuthTokens> tokens = Wire::decodeAuthTokens(bytes, &error);
    if (!tokens) {
        done(std::nullopt, {ApiFailure::Kind::BadReply, 200, unreadable.arg(error)});
        return;
    }
    setSession(tokens->accessToken, tokens->refreshToken);
    Q_EMIT tokensChanged(*tokens);
    done(tokens, {});
}

void ApiClient::refresh(Callback<Wire::AuthTokens> done)
{
    m_refreshing = true;
    send("POST", QStringLiteral("/auth/refresh"), Wire::encodeRefresh(m_refreshToken), false,
         [this, done = std::move(done)](int, const QByteArray &bytes, ApiFailure failure) {
             m_refreshing = false;
             if (failure.kind != ApiFailure::Kind::None) {
                 if (failure.kind == ApiFailure::Kind::Unauthorized ||
                     failure.kind == ApiFailure::Kind::Refused) {
                     clearSession();
                     failure.kind = ApiFailure::Kind::Unauthorized;
                     Q_EMIT sessionExpired(failure.message);
                 }
                 done(std::nullopt, failure);
                 return;
             }
             takeTokens(bytes,
                        tr("The central service sent an unreadable reply to the token renewal: %1"),
                        done);
         });
}

void ApiClient::fetchChanges(qint64 since, int limit, qint64 peopleThrough,
                             Callback<Wire::ChangePage> done)
{
    QString path = QStringLiteral("/changes?since=%1&limit=%2").arg(since).arg(limit);
    if (peopleThrough > since) {
        path += QStringLiteral("&people_through=%1").arg(peopleThrough);
    }
    sendAuthenticated(
        "GET", path, {},
        [since, done = std::move(done)](int, const QByteArray &bytes, ApiFailure failure) {
            if (failure.kind != ApiFailure::Kind::None) {
                done(std::nullopt, failure);
                return;
            }
            QString error;
            std::optional<Wire::ChangePage> page = Wire::decodeChangePage(bytes, &error);
            if (page) {
                error = pageProblem(*page, since);
            }
            if (!page || !error.isEmpty()) {
                done(std::nullopt,
                     {ApiFailure::Kind::BadReply, 200,
                      tr("The central service sent an unreadable list of changes (nothing of it "
                         "was applied): %1")
                          .arg(error)});
                return;
            }
            done(std::move(page), {});
        });
}

// The people snapshot, downloaded in pieces (see ApiClient::downloadSnapshot).
struct ApiClient::SnapshotJob
{
    QFile *file = nullptr;
    Callback<qint64> done;
    SnapshotTransfer transfer;
    QByteArray etag;   // the file every piece must come from (the first piece's ETag)
    qint64 total = -1; // its length (the first piece's Content-Range); -1: not known yet
    qint64 next = 0;   // the first byte not yet asked for
    QList<std::pair<qint64, qint64>> again; // asked for again: cut off, or sent shorter
    int inFlight = 0;
    qint64 unwritten = 0; // asked for and not yet written to the file
    bool restart = false; // the file was replaced at the centre: start again once all are in
    std::optional<ApiFailure> failure;
    bool over = false;
};

namespace {

struct ContentRange
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = 0;
};

// "bytes first-last/total" (RFC 9110 14.4), strictly.
std::optional<ContentRange> parseContentRange(const QByteArray &value)
{
    const QByteArray text = value.trimmed();
    if (!text.startsWith("bytes ")) {
        return std::nullopt;
    }
    const QByteArray spec = text.mid(6);
    const qsizetype dash = spec.indexOf('-');
    const qsizetype slash = spec.indexOf('/');
    if (dash <= 0 || slash <= dash + 1) {
        return std::nullopt;
    }
    bool ok[3] = {};
    const ContentRange r{spec.left(dash).toLongLong(&ok[0]),
                         spec.mid(dash + 1, slash - dash - 1).toLongLong(&ok[1]),
                         spec.mid(slash + 1).toLongLong(&ok[2])};
    if (!ok[0] || !ok[1] || !ok[2] || r.first < 0 || r.last < r.first || r.total <= r.last) {
        return std::nullopt;
    }
    return r;
}

} // namespace

void ApiClient::downloadSnapshot(QFile *file, Callback<qint64> done)
{
    auto job = std::make_shared<SnapshotJob>();
    job->file = file;
    job->done = std::move(done);
    job->transfer = m_snapshotTransfer;
    job->transfer.pieceBytes = std::max<qint64>(job->transfer.pieceBytes, 1);
    job->transfer.piecesInFlight = std::max(job->transfer.piecesInFlight, 1);
    m_snapshotStats = {};
    askForPiece(job, 0, job->transfer.pieceBytes - 1);
}

void ApiClient::askForPiece(const std::shared_ptr<SnapshotJob> &job, qint64 first, qint64 last)
{
    // The first piece names the file and its length; a centre that ignores Range sends all of it.
    const bool opening = job->total < 0;
    const qint64 length = last - first + 1;
    auto sink = std::make_shared<Sink>();
    sink->file = job->file;
    sink->offset = opening ? -1 : first;
    sink->maxBytes = opening ? kMaxSnapshotBytes : length;
    sink->requestHeaders.append({QByteArrayLiteral("Range"), "bytes=" + QByteArray::number(first) +
                                                                 '-' + QByteArray::number(last)});
    if (!opening) {
        sink->requestHeaders.append({QByteArrayLiteral("If-Match"), job->etag});
    }
    ++job->inFlight;
    job->unwritten += length;
    m_snapshotStats.requests += 1;
    m_snapshotStats.maxInFlight = std::max(m_snapshotStats.maxInFlight, job->inFlight);
    m_snapshotStats.maxAsked = std::max(m_snapshotStats.maxAsked, length);
    m_snapshotStats.maxUnwritten = std::max(m_snapshotStats.maxUnwritten, job->unwritten);
    sendAuthenticated(
        "GET",
        QStringLiteral("/snapshot/people?schema=%1&index=%2")
            .arg(LocalStore::kSchemaVersion)
            .arg(PersonSearch::kIndexVersion),
        {},
        [this, job, sink, first, last, length, opening](int status, const QByteArray &,
                                                        ApiFailure failure) {
            --job->inFlight;
            job->unwritten -= length;
            if (job->over) {
                return;
            }
            const auto range = parseContentRange(sink->replyHeader("Content-Range"));
            const QByteArray etag = sink->replyHeader("ETag");
            if (failure.kind == ApiFailure::Kind::None) {
                if (opening && status == 200) {
                    // The whole file in one reply (a centre that does not do ranges).
                    job->total = sink->written;
                    job->next = job->total;
                    pumpSnapshot(job);
                    return;
                }
                const bool fits = status == 206 && range && range->first == first &&
                                  range->last <= last &&
                                  sink->written == range->last - range->first + 1 &&
                                  (opening ? !etag.isEmpty() && !etag.startsWith("W/")
                                           : etag == job->etag && range->total == job->total);
                if (!fits) {
                    job->failure = {
                        ApiFailure::Kind::BadReply, status,
                        tr("The central service sent a piece of the people snapshot "
                           "that is not the one asked for (status %1, %2)")
                            .arg(status)
                            .arg(QString::fromLatin1(sink->replyHeader("Content-Range")))};
                } else if (opening) {
                    job->etag = etag;
                    job->total = range->total;
                    job->next = range->last + 1;
                    m_snapshotStats.ranged = true;
                } else if (range->last < last) {
                    job->again.append({range->last + 1, last}); // sent shorter than asked
                }
                pumpSnapshot(job);
                return;
            }
            if (!opening && failure.httpStatus == 412) {
                job->restart = true; // another file at the centre now
            } else if (failure.kind == ApiFailure::Kind::Network && (!opening || status == 206) &&
                       m_snapshotStats.resumes < job->transfer.maxResumes) {
                // Cut off: asked for again from where it broke, keeping what came if it was this
                // piece of this file.
                m_snapshotStats.resumes += 1;
                if (opening) {
                    job->restart = true;
                    m_snapshotStats.restarts -= 1; // not a new file, only the first piece again
                } else {
                    const qint64 kept = range && range->first == first && etag == job->etag
                                            ? std::min(sink->written, length)
                                            : 0;
                    if (first + kept <= last) {
                        job->again.append({first + kept, last});
                    }
                }
            } else {
                job->failure = failure;
            }
            pumpSnapshot(job);
        },
        true, sink);
}

void ApiClient::pumpSnapshot(const std::shared_ptr<SnapshotJob> &job)
{
    if (job->over || ((job->failure || job->restart) && job->inFlight > 0)) {
        return; // the pieces still on their way are waited for: they write into the file
    }
    auto finish = [job](std::optional<qint64> bytes, const ApiFailure &failure) {
        job->over = true;
        job->done(bytes, failure);
    };
    if (job->failure) {
        finish(std::nullopt, *job->failure);
        return;
    }
    if (job->restart) {
        job->restart = false;
        if (m_snapshotStats.restarts >= job->transfer.maxRestarts) {
            finish(std::nullopt,
                   {ApiFailure::Kind::Server, 412,
                    tr("The people snapshot was replaced at the central service %1 times during "
                       "the download.")
                        .arg(m_snapshotStats.restarts + 1)});
            return;
        }
        m_snapshotStats.restarts += 1;
        job->etag.clear();
        job->total = -1;
        job->next = 0;
        job->again.clear();
        askForPiece(job, 0, job->transfer.pieceBytes - 1);
        return;
    }
    while (!job->over && job->inFlight < job->transfer.piecesInFlight) {
        if (!job->again.isEmpty()) {
            const auto [first, last] = job->again.takeFirst();
            askForPiece(job, first, last);
        } else if (job->next < job->total) {
            const qint64 first = job->next;
            const qint64 last = std::min(first + job->transfer.pieceBytes, job->total) - 1;
            job->next = last + 1;
            askForPiece(job, first, last);
        } else {
            break;
        }
    }
    if (job->over || job->inFlight > 0) {
        return;
    }
    if (!job->file->flush() || job->file->size() != job->total) {
        finish(std::nullopt,
               {ApiFailure::Kind::BadReply, 200,
                tr("The download could not be written on this desk: %1")
                    .arg(job->file->error() != QFileDevice::NoError
                             ? job->file->errorString()
                             : tr("%1 bytes of %2").arg(job->file->size()).arg(job->total))});
        return;
    }
    qCDebug(lcApi) << "people snapshot:" << job->total << "bytes in" << m_snapshotStats.requests
                   << "requests," << m_snapshotStats.restarts << "restarts,"
                   << m_snapshotStats.resumes << "resumes";
    finish(job->total, {});
}

// A page that breaks the cursor's rules would lose or repeat changes, or (more without progress)
// make the desk ask for the same page for ever.
QString ApiClient::pageProblem(const Wire::ChangePage &page, qint64 since)
{
    if (page.cursor < since) {
        return tr("its cursor %1 is behind the one asked for (%2)").arg(page.cursor).arg(since);
    }
    qint64 previous = since;
    for (const Wire::Change &c : page.changes) {
        if (c.seq <= previous) {
            return tr("change %1 is out of order (after %2)").arg(c.seq).arg(previous);
        }
        previous = c.seq;
    }
    if (page.more && page.cursor == since) {
        return tr("it says more changes are waiting but moves the cursor no further");
    }
    return {};
}

void ApiClient::pushMutations(const Wire::MutationBatch &batch,
                              Callback<QList<Wire::MutationResult>> done)
{
    QList<QUuid> sent;
    sent.reserve(batch.mutations.size());
    for (const Wire::Mutation &m : batch.mutations) {
        sent.append(m.id);
    }
    sendAuthenticated(
        "POST", QStringLiteral("/mutations"), Wire::encode(batch),
        [sent, done = std::move(done)](int, const QByteArray &bytes, ApiFailure failure) {
            if (failure.kind != ApiFailure::Kind::None) {
                done(std::nullopt, failure);
                return;
            }
            QString error;
            auto results = Wire::decodeMutationResults(bytes, &error);
            if (results) {
                // One answer per mutation, in the order sent: anything else would leave entries
                // unsettled and the desk sending them again straight away, for ever.
                QList<QUuid> answered;
                for (const Wire::MutationResult &r : std::as_const(*results)) {
                    answered.append(r.id);
                }
                if (answered != sent) {
                    error = tr("it answered for %1 changes other than the %2 sent")
                                .arg(answered.size())
                                .arg(sent.size());
                }
            }
            if (!results || !error.isEmpty()) {
                done(std::nullopt,
                     {ApiFailure::Kind::BadReply, 200,
                      tr("The central service sent an unreadable reply to the changes sent "
                         "(they are kept and sent again): %1")
                          .arg(error)});
                return;
            }
            done(std::move(results), {});
        });
}

void ApiClient::mergePeople(const Wire::MergeRequest &request, Callback<Wire::MergeResult> done)
{
    sendAuthenticated("POST", QStringLiteral("/people/merge"), Wire::encode(request),
                      [done = std::move(done)](int, const QByteArray &bytes, ApiFailure failure) {
                          if (failure.kind != ApiFailure::Kind::None) {
                              done(std::nullopt, failure);
                              return;
                          }
                          QString error;
                          auto result = Wire::decodeMergeResult(bytes, &error);
                          if (!result) {
                              done(std::nullopt,
                                   {ApiFailure::Kind::BadReply, 200,
                                    tr("The central service sent an unreadable reply to the "
                                       "merge: %1")
                                        .arg(error)});
                              return;
                          }
                          done(std::move(result), {});
                      });
}

} // namespace FirstStop
