#pragma once

#include "app/TlsTrust.h"
#include "models/WireCodec.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QFile;
class QNetworkReply;

namespace FirstStop {

struct ApiFailure
{
    enum class Kind
    {
        None,
        Network,      // no connection, timeout, dropped: worth retrying later
        Unauthorized, // the session is over; a person must sign in again
        Server,       // 5xx: worth retrying later
        BadReply,     // the reply could not be read (garbage, truncated, wrong types)
        Refused,      // 4xx other than 401: retrying the same request will not help
        Untrusted,    // the server's certificate is not the configured one: nothing was sent
    };
    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message;

    bool retryable() const { return kind == Kind::Network || kind == Kind::Server; }
};

// The desk's side of the sync API over HTTP(S). Lives on the sync thread; every call is
// asynchronous and reports once through its callback. Renews the short-lived access token with
// the refresh token when the centre says it has expired, once, then retries the call.
class ApiClient final : public QObject
{
    Q_OBJECT

public:
    template <typename T>
    using Callback = std::function<void(std::optional<T>, ApiFailure)>;

    // A people snapshot larger than this is refused (a million residents is about 1 GB).
    static constexpr qint64 kMaxSnapshotBytes = qint64(16) << 30;

    explicit ApiClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url);
    // Which certificates the desk accepts from an https:// server (see TlsTrust).
    void setTlsTrust(const TlsTrust &trust) { m_tls = trust; }
    const TlsTrust &tlsTrust() const { return m_tls; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setSession(const QString &accessToken, const QString &refreshToken);
    void clearSession();
    bool hasSession() const { return !m_refreshToken.isEmpty() || !m_accessToken.isEmpty(); }
    QString refreshToken() const { return m_refreshToken; }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    void login(const Wire::LoginRequest &request, Callback<Wire::AuthTokens> done);
    // Exchanges the refresh token for a new pair (the old refresh token stops working).
    void refresh(Callback<Wire::AuthTokens> done);
    // peopleThrough: this desk took every person up to that seq from a snapshot (0: none).
    void fetchChanges(qint64 since, int limit, qint64 peopleThrough,
                      Callback<Wire::ChangePage> done);
    // Downloads the centre's people snapshot (a desk cache file of this schema and search index
    // version) into file, which is emptied first; the number of bytes written, or why not (a
    // centre without a snapshot ready answers 503, one of another version 409).
    //
    // In pieces (HTTP Range, RFC 9110): the first piece's reply names the file (its ETag) and its
    // length, and every later piece is asked for with If-Match on that tag, so all of them come
    // from the same file; a snapshot replaced at the centre meanwhile answers 412 and the
    // download starts again from the new one (SnapshotTransfer::maxRestarts times). At most
    // piecesInFlight pieces are asked for at once, each written to the file as it arrives and the
    // next asked for only when one is done: however fast the centre sends and however slow this
    // desk's disk, no more than piecesInFlight × pieceBytes of it is on its way in memory
    // (QNetworkAccessManager reads a reply's socket without limit, so the limit is what is asked
    // for). A piece cut off is asked for again from where it broke (maxResumes times in all). A
    // centre that ignores Range sends the whole file in its first reply, taken as before.
    void downloadSnapshot(QFile *file, Callback<qint64> done);

    struct SnapshotTransfer
    {
        qint64 pieceBytes = qint64(8) << 20;
        int piecesInFlight = 2;
        int maxRestarts = 2; // the snapshot replaced at the centre during the download
        int maxResumes = 4;  // pieces cut off and asked for again
    };
    void setSnapshotTransfer(const SnapshotTransfer &transfer) { m_snapshotTransfer = transfer; }
    // What the last snapshot download did (for tests and the log).
    struct SnapshotStats
    {
        bool ranged = false; // in pieces (false: the whole file in one reply)
        int requests = 0;
        int restarts = 0;
        int resumes = 0;
        int maxInFlight = 0;     // the most pieces asked for at once
        qint64 maxAsked = 0;     // the largest piece asked for
        qint64 maxUnwritten = 0; // the most bytes asked for and not yet written to the file
    };
    const SnapshotStats &lastSnapshotStats() const { return m_snapshotStats; }
    void pushMutations(const Wire::MutationBatch &batch,
                       Callback<QList<Wire::MutationResult>> done);
    // A team lead's merge of two records of one person (POST /people/merge).
    void mergePeople(const Wire::MergeRequest &request, Callback<Wire::MergeResult> done);

Q_SIGNALS:
    // New tokens arrived (log-in or rotation): the refresh token must be kept in the keychain.
    void tokensChanged(const FirstStop::Wire::AuthTokens &tokens);
    // The refresh token was refused: a person has to sign in again.
    void sessionExpired(const QString &message);

private:
    // A sign-in or renewal answer: the session it starts, or `unreadable` (with %1) if garbled.
    void takeTokens(const QByteArray &bytes, const QString &unreadable,
                    const Callback<Wire::AuthTokens> &done);
    using RawCallback = std::function<void(int status, const QByteArray &body, ApiFailure)>;
    // A reply body written to a file as it arrives instead of being held in memory: the whole
    // body (offset < 0: the file emptied first, and again if the request is replayed after a
    // token renewal) or a piece of it from offset on. The reply's headers and how many bytes
    // were written are filled in before the callback runs.
    struct Sink
    {
        QFile *file = nullptr;
        qint64 offset = -1;
        qint64 maxBytes = kMaxSnapshotBytes; // a longer reply is cut off
        QList<std::pair<QByteArray, QByteArray>> requestHeaders;
        QList<std::pair<QByteArray, QByteArray>> replyHeaders;
        qint64 written = 0;
        QByteArray replyHeader(const QByteArray &name) const;
    };
    using SinkPtr = std::shared_ptr<Sink>;
    void send(const QByteArray &method, const QString &path, const QByteArray &body,
              bool authenticated, RawCallback done, SinkPtr sink = {});
    void sendAuthenticated(const QByteArray &method, const QString &path, const QByteArray &body,
                           RawCallback done, bool mayRefresh = true, SinkPtr sink = {});
    struct SnapshotJob;
    void askForPiece(const std::shared_ptr<SnapshotJob> &job, qint64 first, qint64 last);
    void pumpSnapshot(const std::shared_ptr<SnapshotJob> &job);
    static ApiFailure failureFor(int status, const QByteArray &body, const QString &fallback);
    // Why a decoded page breaks the cursor's rules (empty when it does not).
    static QString pageProblem(const Wire::ChangePage &page, qint64 since);

    // A child, so it moves with the client to the sync thread.
    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    TlsTrust m_tls;
    QString m_accessToken;
    QString m_refreshToken;
    int m_timeoutMs = 30000;
    bool m_refreshing = false;
    QList<std::function<void(bool)>> m_waitingForRefresh;
    SnapshotTransfer m_snapshotTransfer;
    SnapshotStats m_snapshotStats;
};

} // namespace FirstStop
