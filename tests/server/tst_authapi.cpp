// The centre's log-in guarantees over real HTTP, on SQLite and on PostgreSQL: every endpoint
// that needs a log-in refuses every kind of bad credential; refresh tokens rotate and a reused
// one ends only its own log-in; roles are checked at the centre; and two servers over one
// PostgreSQL never let one refresh token be traded twice, however close together.
// (tst_httpapi covers the single-server basics: rotation, log-out, the rate limit.)

#include "BackendFixture.h"
#include "models/WireCodec.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

std::optional<Wire::AuthTokens> login(const ServerProcess &server, const QString &user,
                                      const QString &password)
{
    const HttpReply reply =
        httpPost(server.url(QStringLiteral("/auth/login")),
                 Wire::encode(Wire::LoginRequest{user, password, QStringLiteral("desk-01")}));
    QString error;
    if (reply.status != 200) {
        return std::nullopt;
    }
    return Wire::decodeAuthTokens(reply.body, &error);
}

QByteArray deleteBatch(const QUuid &person, qint64 baseVersion)
{
    Wire::MutationBatch batch;
    batch.clientId = QUuid::createUuid();
    batch.mutations.append({QUuid::createUuid(),
                            QStringLiteral("person"),
                            Wire::MutationOp::Delete,
                            person,
                            baseVersion,
                            {}});
    return Wire::encode(batch);
}

// Every endpoint that needs a log-in, called with this access token (empty: no header).
struct Endpoint
{
    const char *name;
    QString path;
    bool post;
};
const QList<Endpoint> &protectedEndpoints()
{
    static const QList<Endpoint> endpoints{
        {"GET /changes", QStringLiteral("/changes"), false},
        {"POST /mutations", QStringLiteral("/mutations"), true},
        {"POST /auth/logout", QStringLiteral("/auth/logout"), true},
    };
    return endpoints;
}

HttpReply call(const ServerProcess &server, const Endpoint &e, const QString &token)
{
    const QByteArray body = deleteBatch(QUuid::createUuid(), 1);
    return e.post ? httpPost(server.url(e.path), body, token) : httpGet(server.url(e.path), token);
}

// Sends every request at once (one event loop, many connections) and returns the statuses.
QList<int> postAllAtOnce(const QList<QUrl> &urls, const QByteArray &body)
{
    QNetworkAccessManager nam;
    QList<QNetworkReply *> replies;
    for (const QUrl &url : urls) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        replies.append(nam.post(request, body));
    }
    (void)QTest::qWaitFor(
        [&] {
            return std::all_of(replies.cbegin(), replies.cend(),
                               [](QNetworkReply *r) { return r->isFinished(); });
        },
        30'000);
    QList<int> statuses;
    for (QNetworkReply *r : std::as_const(replies)) {
        statuses.append(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        r->deleteLater();
    }
    return statuses;
}

} // namespace

class TestAuthApi : public QObject
{
    Q_OBJECT

private:
    static QStringList demoUsers() { return {QStringLiteral("--demo-users")}; }

private Q_SLOTS:
    // No header, another scheme, a made-up token, a refresh token in place of an access token,
    // an expired one and a revoked one: refused everywhere, with the code that tells the desk
    // what to do (token_expired: refresh; unauthorized: log in).
    void everyEndpointRefusesBadCredentials_data() { BackendFixture::addRows(); }
    void everyEndpointRefusesBadCredentials()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        QString loggedOut;
        {
            ServerProcess first;
            QVERIFY2(first.start(fixture.url(), demoUsers()), qPrintable(first.errorString()));
            const auto revoked =
                login(first, QStringLiteral("lead1"), QStringLiteral("lead1-demo"));
            QVERIFY(revoked);
            QCOMPARE(httpPost(first.url(QStringLiteral("/auth/logout")), {}, revoked->accessToken)
                         .status,
                     204);
            loggedOut = revoked->accessToken;
        }
        // The same centre again, now issuing access tokens that last one second.
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(
            server->start(fixture.url(), {QStringLiteral("--access-ttl"), QStringLiteral("1")}),
            qPrintable(server->errorString()));
        const auto expiring =
            login(*server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(expiring);
        QThread::msleep(1100); // the counter's access token is now out of date

        struct Credential
        {
            const char *what;
            QString token;
            QByteArray rawHeader; // instead of a bearer token
            QString code;
        };
        const QList<Credential> credentials{
            {"no token", {}, {}, QStringLiteral("unauthorized")},
            {"basic auth",
             {},
             QByteArrayLiteral("Basic Y291bnRlcjE6Y291bnRlcjEtZGVtbw=="),
             QStringLiteral("unauthorized")},
            {"empty bearer", {}, QByteArrayLiteral("Bearer "), QStringLiteral("unauthorized")},
            {"made-up",
             QStringLiteral("q0Zb3x5Yg2dWw2xXcmVhbGx5cmFuZG9tYnl0ZXMhIQ"),
             {},
             QStringLiteral("unauthorized")},
            {"refresh token as access token",
             expiring->refreshToken,
             {},
             QStringLiteral("unauthorized")},
            {"expired", expiring->accessToken, {}, QStringLiteral("token_expired")},
            {"logged out", loggedOut, {}, QStringLiteral("unauthorized")},
        };
        for (const Endpoint &e : protectedEndpoints()) {
            for (const Credential &c : credentials) {
                HttpReply r;
                if (c.rawHeader.isEmpty()) {
                    r = call(*server, e, c.token);
                } else {
                    // TestHttp only sends bearer tokens; send this header by hand.
                    QNetworkAccessManager nam;
                    QNetworkRequest request(server->url(e.path));
                    request.setRawHeader(QByteArrayLiteral("Authorization"), c.rawHeader);
                    request.setHeader(QNetworkRequest::ContentTypeHeader,
                                      QByteArrayLiteral("application/json"));
                    QNetworkReply *reply =
                        e.post ? nam.post(request, QByteArray("{}")) : nam.get(request);
                    QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 30'000));
                    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    r.body = reply->readAll();
                    delete reply;
                }
                const QByteArray where = QByteArray(e.name) + ", " + c.what;
                QVERIFY2(r.status == 401, where.constData());
                QVERIFY2(r.errorCode() == c.code,
                         QByteArray(where + ": " + r.errorCode().toUtf8()).constData());
            }
        }
        // Nothing of the refused pushes reached the centre.
        server->stop();
        ServerProcess again;
        QVERIFY2(again.start(fixture.url()), qPrintable(again.errorString()));
        const auto fresh = login(again, QStringLiteral("admin"), QStringLiteral("admin-demo"));
        QVERIFY(fresh);
        const HttpReply feed = httpGet(again.url(QStringLiteral("/changes")), fresh->accessToken);
        QCOMPARE(feed.status, 200);
        QString error;
        const auto page = Wire::decodeChangePage(feed.body, &error);
        QVERIFY2(page, qPrintable(error));
        QVERIFY(page->changes.isEmpty());
    }

    // A reused refresh token ends that log-in only: the same clerk's session at another desk,
    // with its own log-in, carries on.
    void reuseEndsOnlyThatLogIn_data() { BackendFixture::addRows(); }
    void reuseEndsOnlyThatLogIn()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        ServerProcess server;
        QVERIFY2(server.start(fixture.url(), demoUsers()), qPrintable(server.errorString()));
        const auto deskOne =
            login(server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        const auto deskTwo =
            login(server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(deskOne && deskTwo);
        const QUrl refreshUrl = server.url(QStringLiteral("/auth/refresh"));
        const HttpReply rotated = httpPost(refreshUrl, Wire::encodeRefresh(deskOne->refreshToken));
        QCOMPARE(rotated.status, 200);
        QString error;
        const auto next = Wire::decodeAuthTokens(rotated.body, &error);
        QVERIFY2(next, qPrintable(error));
        // The rotated pair works.
        QCOMPARE(httpGet(server.url(QStringLiteral("/changes")), next->accessToken).status, 200);

        const HttpReply reuse = httpPost(refreshUrl, Wire::encodeRefresh(deskOne->refreshToken));
        QCOMPARE(reuse.status, 401);
        QCOMPARE(reuse.errorCode(), u"token_reused");
        for (const QString &token : {deskOne->accessToken, next->accessToken}) {
            QCOMPARE(httpGet(server.url(QStringLiteral("/changes")), token).status, 401);
        }
        QCOMPARE(httpPost(refreshUrl, Wire::encodeRefresh(next->refreshToken)).status, 401);

        // Desk two's log-in is untouched: its access and refresh tokens still work.
        QCOMPARE(httpGet(server.url(QStringLiteral("/changes")), deskTwo->accessToken).status, 200);
        QCOMPARE(httpPost(refreshUrl, Wire::encodeRefresh(deskTwo->refreshToken)).status, 200);
    }

    // The role travels with the token and is checked at the centre, not trusted from the desk:
    // the library role may not delete a person; a counter clerk may.
    void rolesAreCheckedAtTheCentre_data() { BackendFixture::addRows(); }
    void rolesAreCheckedAtTheCentre()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        ServerProcess server;
        QVERIFY2(server.start(fixture.url(), demoUsers() + QStringList{QStringLiteral("--demo"),
                                                                       QStringLiteral("3")}),
                 qPrintable(server.errorString()));
        const auto library =
            login(server, QStringLiteral("library1"), QStringLiteral("library1-demo"));
        const auto counter =
            login(server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(library && counter);
        QCOMPARE(library->user.role, u"library");
        QCOMPARE(counter->user.role, u"counter");

        QString error;
        const auto page = Wire::decodeChangePage(
            httpGet(server.url(QStringLiteral("/changes")), library->accessToken).body, &error);
        QVERIFY2(page && !page->changes.isEmpty(), qPrintable(error));
        const Wire::Change someone = page->changes.first();

        const HttpReply refused =
            httpPost(server.url(QStringLiteral("/mutations")), deleteBatch(someone.id, someone.seq),
                     library->accessToken);
        QCOMPARE(refused.status, 200);
        const auto refusedResults = Wire::decodeMutationResults(refused.body, &error);
        QVERIFY2(refusedResults && refusedResults->size() == 1, qPrintable(error));
        QCOMPARE(refusedResults->at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(refusedResults->at(0).error.contains(u"library"),
                 qPrintable(refusedResults->at(0).error));

        const HttpReply allowed =
            httpPost(server.url(QStringLiteral("/mutations")), deleteBatch(someone.id, someone.seq),
                     counter->accessToken);
        const auto allowedResults = Wire::decodeMutationResults(allowed.body, &error);
        QVERIFY2(allowedResults && allowedResults->size() == 1, qPrintable(error));
        QCOMPARE(allowedResults->at(0).status, Wire::MutationStatus::Applied);
    }

    // A copied refresh token presented at two servers at the same moment: at most one of the
    // requests may get new tokens. (Checking "not yet rotated" and then rotating in two steps
    // let both through on PostgreSQL, where each server has its own connection.)
    void aRefreshTokenIsTradedOnceAcrossServers()
    {
        FIRSTSTOP_REQUIRE_POSTGRES();
        PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        ServerProcess a;
        QVERIFY2(a.start(pg.databaseUrl(), demoUsers()), qPrintable(a.errorString()));
        ServerProcess b;
        QVERIFY2(b.start(pg.databaseUrl()), qPrintable(b.errorString()));
        for (int round = 0; round < 5; ++round) {
            const auto tokens = login(a, QStringLiteral("lead1"), QStringLiteral("lead1-demo"));
            QVERIFY(tokens);
            QList<QUrl> urls;
            for (int i = 0; i < 4; ++i) {
                urls << a.url(QStringLiteral("/auth/refresh"))
                     << b.url(QStringLiteral("/auth/refresh"));
            }
            const QList<int> statuses =
                postAllAtOnce(urls, Wire::encodeRefresh(tokens->refreshToken));
            QCOMPARE(statuses.size(), urls.size());
            QVERIFY2(statuses.count(200) <= 1,
                     qPrintable(QStringLiteral("round %1: %2 requests got new tokens")
                                    .arg(round)
                                    .arg(statuses.count(200))));
            QCOMPARE(statuses.count(200) + statuses.count(401), statuses.size());
        }
    }

    // Guessing a password through two servers at once gets no more tries than through one: of
    // twelve wrong passwords sent together, at most five are checked; the rest are refused as
    // rate-limited, and so is the right password afterwards.
    void theLogInLimitHoldsAcrossServers()
    {
        FIRSTSTOP_REQUIRE_POSTGRES();
        PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        ServerProcess a;
        QVERIFY2(a.start(pg.databaseUrl(), ServerProcess::addUserArgs(QStringLiteral("guesser"),
                                                                      QStringLiteral("right"))),
                 qPrintable(a.errorString()));
        ServerProcess b;
        QVERIFY2(b.start(pg.databaseUrl()), qPrintable(b.errorString()));
        QList<QUrl> urls;
        for (int i = 0; i < 6; ++i) {
            urls << a.url(QStringLiteral("/auth/login")) << b.url(QStringLiteral("/auth/login"));
        }
        const QList<int> statuses =
            postAllAtOnce(urls, Wire::encode(Wire::LoginRequest{QStringLiteral("guesser"),
                                                                QStringLiteral("wrong"),
                                                                QStringLiteral("desk-01")}));
        QVERIFY2(
            statuses.count(401) <= 5,
            qPrintable(QStringLiteral("%1 wrong passwords were checked").arg(statuses.count(401))));
        QCOMPARE(statuses.count(401) + statuses.count(429), statuses.size());
        QVERIFY(!login(a, QStringLiteral("guesser"), QStringLiteral("right")));
        QVERIFY(!login(b, QStringLiteral("guesser"), QStringLiteral("right")));
    }
};

QTEST_GUILESS_MAIN(TestAuthApi)
#include "tst_authapi.moc"
