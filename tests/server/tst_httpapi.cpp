#include "BackendFixture.h"
#include "models/WireCodec.h"
#include "server/Database.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestHttp.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

QByteArray loginBody(const QString &user, const QString &password)
{
    return Wire::encode(Wire::LoginRequest{user, password, QStringLiteral("desk-01")});
}

std::optional<Wire::AuthTokens> login(const ServerProcess &server, const QString &user,
                                      const QString &password)
{
    const HttpReply reply =
        httpPost(server.url(QStringLiteral("/auth/login")), loginBody(user, password));
    QString error;
    if (reply.status != 200) {
        return std::nullopt;
    }
    return Wire::decodeAuthTokens(reply.body, &error);
}

QByteArray onePersonBatch(const QUuid &mutationId, const QUuid &person, const QString &given)
{
    Wire::MutationBatch batch;
    batch.clientId = QUuid::createUuid();
    batch.mutations.append({mutationId, QStringLiteral("person"), Wire::MutationOp::Upsert, person,
                            0, QJsonObject{{QStringLiteral("given_name"), given}}});
    return Wire::encode(batch);
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ServerProcess m_server; // SQLite, demo users, shared by the tests that do not need their own

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.start(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("c.db")),
                                QStringList{QStringLiteral("--demo-users")} +
                                    ServerProcess::addUserArgs(QStringLiteral("guesser"),
                                                               QStringLiteral("right"))),
                 qPrintable(m_server.errorString()));
        QCOMPARE(m_server.baseUrl().host(), u"127.0.0.1");
    }

    void healthAndContractAreOpen()
    {
        const HttpReply health = httpGet(m_server.url(QStringLiteral("/health")));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(u"status").toString(), u"ok");
        QCOMPARE(health.json().value(u"backend").toString(), u"sqlite");
        QCOMPARE(health.json().value(u"schema_version").toInt(),
                 Server::Database::latestSchemaVersion());
        QCOMPARE(health.json().value(u"version").toString(), QStringLiteral(FIRSTSTOP_VERSION));

        const HttpReply spec = httpGet(m_server.url(QStringLiteral("/openapi.yaml")));
        QCOMPARE(spec.status, 200);
        QVERIFY(spec.body.startsWith("openapi: 3.0.3"));
        QVERIFY(spec.body.contains("/mutations:"));
        QVERIFY(spec.header("Content-Type").contains("yaml"));
        // Exactly the document in the repository, not a stale copy.
        QFile source(qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") +
                     QStringLiteral("/docs/openapi.yaml"));
        QVERIFY2(source.open(QIODevice::ReadOnly), qPrintable(source.fileName()));
        QCOMPARE(spec.body, source.readAll());

        const HttpReply missing = httpGet(m_server.url(QStringLiteral("/no/such/thing")));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.errorCode(), u"not_found");
    }

    void loginGivesTokensAndTheUser()
    {
        const auto tokens =
            login(m_server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(tokens);
        QCOMPARE(tokens->user.role, u"counter");
        QCOMPARE(tokens->user.office, u"Cardiff Central");
        QCOMPARE(tokens->accessExpiresIn, 900);
        QVERIFY(tokens->accessToken != tokens->refreshToken);
        QVERIFY(tokens->accessToken.size() >= 43); // 32 random bytes, base64url
        const HttpReply changes =
            httpGet(m_server.url(QStringLiteral("/changes")), tokens->accessToken);
        QCOMPARE(changes.status, 200);
        QString error;
        QVERIFY2(Wire::decodeChangePage(changes.body, &error), qPrintable(error));
    }

    void wrongUserAndWrongPasswordLookTheSame()
    {
        const HttpReply wrongPassword =
            httpPost(m_server.url(QStringLiteral("/auth/login")),
                     loginBody(QStringLiteral("lead1"), QStringLiteral("nope")));
        const HttpReply wrongUser =
            httpPost(m_server.url(QStringLiteral("/auth/login")),
                     loginBody(QStringLiteral("nobody"), QStringLiteral("nope")));
        QCOMPARE(wrongPassword.status, 401);
        QCOMPARE(wrongUser.status, 401);
        QCOMPARE(wrongPassword.body, wrongUser.body);
        QCOMPARE(wrongPassword.errorCode(), u"unauthorized");
    }

    void repeatedFailuresAreRateLimited()
    {
        for (int i = 0; i < 5; ++i) {
            const HttpReply r =
                httpPost(m_server.url(QStringLiteral("/auth/login")),
                         loginBody(QStringLiteral("guesser"), QStringLiteral("guess%1").arg(i)));
            QCOMPARE(r.status, 401);
        }
        // Even the right password is refused now, with a time to wait.
        const HttpReply limited =
            httpPost(m_server.url(QStringLiteral("/auth/login")),
                     loginBody(QStringLiteral("guesser"), QStringLiteral("right")));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), u"rate_limited");
        const int retryAfter = limited.header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 15 * 60,
                 limited.header("Retry-After").constData());
        // Other users are not affected.
        QVERIFY(login(m_server, QStringLiteral("library1"), QStringLiteral("library1-demo")));
    }

    void refreshRotatesAndAReusedTokenEndsTheLogIn()
    {
        const auto first = login(m_server, QStringLiteral("lead1"), QStringLiteral("lead1-demo"));
        QVERIFY(first);
        const QUrl refreshUrl = m_server.url(QStringLiteral("/auth/refresh"));
        const HttpReply rotated = httpPost(refreshUrl, Wire::encodeRefresh(first->refreshToken));
        QCOMPARE(rotated.status, 200);
        QString error;
        const auto second = Wire::decodeAuthTokens(rotated.body, &error);
        QVERIFY2(second, qPrintable(error));
        QVERIFY(second->refreshToken != first->refreshToken);
        QCOMPARE(second->user.username, u"lead1");
        QCOMPARE(httpGet(m_server.url(QStringLiteral("/changes")), second->accessToken).status,
                 200);

        // The old refresh token comes back (it was copied): the whole log-in is ended.
        const HttpReply reuse = httpPost(refreshUrl, Wire::encodeRefresh(first->refreshToken));
        QCOMPARE(reuse.status, 401);
        QCOMPARE(reuse.errorCode(), u"token_reused");
        QCOMPARE(httpPost(refreshUrl, Wire::encodeRefresh(second->refreshToken)).status, 401);
        const HttpReply changes =
            httpGet(m_server.url(QStringLiteral("/changes")), second->accessToken);
        QCOMPARE(changes.status, 401);
        QCOMPARE(changes.errorCode(), u"unauthorized");

        const HttpReply unknown =
            httpPost(refreshUrl, Wire::encodeRefresh(QStringLiteral("made-up")));
        QCOMPARE(unknown.status, 401);
    }

    void logoutEndsTheLogIn()
    {
        const auto tokens = login(m_server, QStringLiteral("admin"), QStringLiteral("admin-demo"));
        QVERIFY(tokens);
        const HttpReply out =
            httpPost(m_server.url(QStringLiteral("/auth/logout")), {}, tokens->accessToken);
        QCOMPARE(out.status, 204);
        QCOMPARE(httpGet(m_server.url(QStringLiteral("/changes")), tokens->accessToken).status,
                 401);
        QCOMPARE(httpPost(m_server.url(QStringLiteral("/auth/refresh")),
                          Wire::encodeRefresh(tokens->refreshToken))
                     .status,
                 401);
    }

    void everythingElseNeedsAToken_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("post");
        QTest::addColumn<QString>("token");
        QTest::newRow("changes, no token") << QStringLiteral("/changes") << false << QString();
        QTest::newRow("changes, made-up token")
            << QStringLiteral("/changes") << false << QStringLiteral("abc");
        QTest::newRow("mutations, no token") << QStringLiteral("/mutations") << true << QString();
        QTest::newRow("logout, no token") << QStringLiteral("/auth/logout") << true << QString();
    }
    void everythingElseNeedsAToken()
    {
        QFETCH(QString, path);
        QFETCH(bool, post);
        QFETCH(QString, token);
        const QByteArray body =
            onePersonBatch(QUuid::createUuid(), QUuid::createUuid(), QStringLiteral("X"));
        const HttpReply r =
            post ? httpPost(m_server.url(path), body, token) : httpGet(m_server.url(path), token);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), u"unauthorized");
        QString error;
        QVERIFY2(Wire::decodeApiError(r.body, &error), qPrintable(error));
    }

    void malformedRequestsGetAClearError_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body"); // empty: a GET
        QTest::addColumn<QString>("mentions");
        QTest::newRow("truncated JSON") << QStringLiteral("/mutations")
                                        << QByteArray("{\"client_id\":") << QStringLiteral("JSON");
        QTest::newRow("not an object")
            << QStringLiteral("/mutations") << QByteArray("[]") << QStringLiteral("object");
        QTest::newRow("bad op")
            << QStringLiteral("/mutations")
            << QByteArray(
                   R"({"client_id":"6f1c6d9e-0000-4000-8000-000000000001","mutations":[{"id":"6f1c6d9e-0000-4000-8000-000000000002","type":"person","op":"merge","entity_id":"6f1c6d9e-0000-4000-8000-000000000003","base_version":0,"fields":{}}]})")
            << QStringLiteral("op");
        QTest::newRow("login without password")
            << QStringLiteral("/auth/login") << QByteArray(R"({"username":"x"})")
            << QStringLiteral("password");
        QTest::newRow("negative since")
            << QStringLiteral("/changes?since=-1") << QByteArray() << QStringLiteral("since");
        QTest::newRow("limit too big")
            << QStringLiteral("/changes?limit=5001") << QByteArray() << QStringLiteral("limit");
        QTest::newRow("limit zero")
            << QStringLiteral("/changes?limit=0") << QByteArray() << QStringLiteral("limit");
        QTest::newRow("since not a number")
            << QStringLiteral("/changes?since=ten") << QByteArray() << QStringLiteral("since");
    }
    void malformedRequestsGetAClearError()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        const auto tokens =
            login(m_server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(tokens);
        const HttpReply r = body.isEmpty()
                                ? httpGet(m_server.url(path), tokens->accessToken)
                                : httpPost(m_server.url(path), body, tokens->accessToken);
        QCOMPARE(r.status, 400);
        QString error;
        const auto apiError = Wire::decodeApiError(r.body, &error);
        QVERIFY2(apiError, qPrintable(error));
        QCOMPARE(apiError->code, u"bad_request");
        QVERIFY2(apiError->message.contains(mentions), qPrintable(apiError->message));
    }

    void oversizedBodyIsRefused()
    {
        const auto tokens =
            login(m_server, QStringLiteral("counter1"), QStringLiteral("counter1-demo"));
        QVERIFY(tokens);
        const QByteArray huge(Wire::kMaxBodyBytes + 1, ' ');
        const HttpReply r =
            httpPost(m_server.url(QStringLiteral("/mutations")), huge, tokens->accessToken);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.errorCode(), u"payload_too_large");
        // The server is still fine afterwards.
        QCOMPARE(httpGet(m_server.url(QStringLiteral("/health"))).status, 200);
    }

    void expiredAccessTokenSaysSoAndRefreshHelps()
    {
        QTemporaryDir dir;
        ServerProcess shortLived;
        QVERIFY2(
            shortLived.start(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("c.db")),
                             ServerProcess::addUserArgs(QStringLiteral("u"), QStringLiteral("p")) +
                                 QStringList{QStringLiteral("--access-ttl"), QStringLiteral("1")}),
            qPrintable(shortLived.errorString()));
        const auto tokens = login(shortLived, QStringLiteral("u"), QStringLiteral("p"));
        QVERIFY(tokens);
        QCOMPARE(tokens->accessExpiresIn, 1);
        QThread::msleep(1300);
        const HttpReply expired =
            httpGet(shortLived.url(QStringLiteral("/changes")), tokens->accessToken);
        QCOMPARE(expired.status, 401);
        QCOMPARE(expired.errorCode(), u"token_expired");
        const HttpReply refreshed = httpPost(shortLived.url(QStringLiteral("/auth/refresh")),
                                             Wire::encodeRefresh(tokens->refreshToken));
        QCOMPARE(refreshed.status, 200);
        QString error;
        const auto fresh = Wire::decodeAuthTokens(refreshed.body, &error);
        QVERIFY2(fresh, qPrintable(error));
        QCOMPARE(httpGet(shortLived.url(QStringLiteral("/changes")), fresh->accessToken).status,
                 200);
    }

    // Push and pull over HTTP on both backends; an acknowledged push survives a crash, and the
    // replay after the restart is recognised.
    void pushPullAndCrash_data() { BackendFixture::addRows(); }
    void pushPullAndCrash()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        ServerProcess server;
        const QStringList users =
            ServerProcess::addUserArgs(QStringLiteral("desk"), QStringLiteral("pw"));
        QVERIFY2(server.start(fixture.url(), users), qPrintable(server.errorString()));
        QCOMPARE(httpGet(server.url(QStringLiteral("/health"))).json().value(u"backend").toString(),
                 backend);

        auto tokens = login(server, QStringLiteral("desk"), QStringLiteral("pw"));
        QVERIFY(tokens);
        const QUuid mutation = QUuid::createUuid();
        const QUuid person = QUuid::createUuid();
        const QByteArray batch = onePersonBatch(mutation, person, QStringLiteral("Eilís"));
        const HttpReply pushed =
            httpPost(server.url(QStringLiteral("/mutations")), batch, tokens->accessToken);
        QCOMPARE(pushed.status, 200);
        QString error;
        const auto results = Wire::decodeMutationResults(pushed.body, &error);
        QVERIFY2(results, qPrintable(error));
        QCOMPARE(results->size(), 1);
        QCOMPARE(results->at(0).status, Wire::MutationStatus::Applied);

        server.kill();
        QVERIFY2(server.start(fixture.url(), users), qPrintable(server.errorString()));
        tokens = login(server, QStringLiteral("desk"), QStringLiteral("pw"));
        QVERIFY(tokens);
        const HttpReply replay =
            httpPost(server.url(QStringLiteral("/mutations")), batch, tokens->accessToken);
        QCOMPARE(replay.status, 200);
        QCOMPARE(Wire::decodeMutationResults(replay.body, &error)->at(0).status,
                 Wire::MutationStatus::Duplicate);

        const HttpReply pulled =
            httpGet(server.url(QStringLiteral("/changes?since=0&limit=10")), tokens->accessToken);
        QCOMPARE(pulled.status, 200);
        const auto page = Wire::decodeChangePage(pulled.body, &error);
        QVERIFY2(page, qPrintable(error));
        QCOMPARE(page->changes.size(), 1);
        QCOMPARE(page->changes.at(0).id, person);
        QCOMPARE(page->changes.at(0).data.value(u"given_name").toString(), u"Eilís");
        QCOMPARE(page->cursor, results->at(0).version);
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
