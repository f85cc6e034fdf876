// The desk and the centre over HTTPS: the real server process with a certificate made at test
// time, the real engine validating it against a private CA or a pin, and the refusals that must
// happen before anything (a password, a bearer token) is written to a server that is not the one
// configured.
#include "TestDesk.h"
#include "tests/support/PgTestDatabase.h"
#include "tests/support/ServerProcess.h"
#include "tests/support/TestCertificates.h"

#include <QSslCertificate>
#include <QTemporaryDir>

using namespace FirstStop;
using namespace FirstStop::Test;

namespace {

// The server logs one debug line per request with this category switched on, so a test can
// prove a refused desk never got as far as sending anything.
const QStringList kLogRequests = {
    QStringLiteral("QT_LOGGING_RULES=firststop.server.http.debug=true")};

TlsTrust trustCa(const QString &pem)
{
    TlsTrust t;
    t.caCertificates = QSslCertificate::fromPath(pem);
    return t;
}

TlsTrust trustPin(const QString &base64)
{
    QString error;
    return TlsTrust::fromOptions({}, {base64}, &error).value_or(TlsTrust{});
}

} // namespace

class TestTlsEndToEnd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestCertificates m_certs;
    std::unique_ptr<PgTestDatabase> m_pg;
    int m_counter = 0;

    QString cachePath()
    {
        return m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++m_counter));
    }
    QString sqliteDb()
    {
        return u"sqlite:"_qs + m_dir.filePath(QStringLiteral("c-%1.db").arg(++m_counter));
    }

    // A desk with trust signs in to server and must be refused before anything was sent.
    void expectRefusedBeforeSending(ServerProcess &server, const TlsTrust &trust,
                                    const QString &why)
    {
        TestDesk desk(cachePath(), trust);
        QVERIFY(desk.open());
        // Work done offline before the sign-in must survive the refusal.
        QVERIFY(desk.reader().saveLocalEdit(newTestPerson(u"Kept"_qs, u"Offline"_qs), nullptr));
        QString message;
        bool offline = true;
        QVERIFY(!desk.signIn(server.baseUrl(), u"counter1"_qs, u"counter1-demo"_qs, &message,
                             &offline));
        QVERIFY2(message.contains(u"not the server you configured"), qPrintable(message));
        QVERIFY2(message.contains(why), qPrintable(message));
        // Not "offline": the desk must not fall back to an offline sign-in and hide this.
        QVERIFY(!offline);
        QCOMPARE(desk.reader().counts().pending, 1);
        // The server never saw a request: the password did not leave the desk.
        QTest::qWait(200);
        const QByteArray log = server.standardError();
        QVERIFY2(!log.contains("/auth/login"), log.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_certs.create(m_dir.path()), qPrintable(m_certs.error()));
    }

    void cleanup() { m_pg.reset(); }

    void syncOverTlsWithPrivateCa_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_qs;
        QTest::newRow("postgresql") << u"postgresql"_qs;
    }

    void syncOverTlsWithPrivateCa()
    {
        QFETCH(QString, backend);
        QString db = sqliteDb();
        if (backend == u"postgresql") {
            FIRSTSTOP_REQUIRE_POSTGRES();
            m_pg = std::make_unique<PgTestDatabase>();
            QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
            db = m_pg->databaseUrl();
        }
        ServerProcess server;
        server.setTls(m_certs.serverCert(), m_certs.serverKey());
        QVERIFY2(server.start(db, {u"--demo-users"_qs, u"--demo"_qs, u"30"_qs}),
                 qPrintable(server.errorString()));
        QCOMPARE(server.baseUrl().scheme(), u"https");

        TestDesk a(cachePath(), trustCa(m_certs.caCert()));
        TestDesk b(cachePath(), trustCa(m_certs.caCert()));
        QVERIFY(a.open() && b.open());
        QVERIFY(a.signIn(server.baseUrl()));
        QCOMPARE(a.reader().counts().people, 30);
        QVERIFY(b.signIn(server.baseUrl(), u"lead1"_qs, u"lead1-demo"_qs));

        const Person p = newTestPerson(u"Eleri"_qs, u"Prydderch"_qs);
        a.engine.savePerson(p);
        QVERIFY(QTest::qWaitFor([&] { return a.reader().counts().pending == 0; }, kDeskWaitMs));
        QVERIFY(b.syncOnce());
        const auto atB = b.reader().person(p.id);
        QVERIFY(atB);
        QCOMPARE(atB->familyName, u"Prydderch"_qs);
    }

    void pinnedSelfSignedServerIsAccepted()
    {
        ServerProcess server;
        server.setTls(m_certs.selfSignedCert(), m_certs.selfSignedKey());
        QVERIFY2(server.start(sqliteDb(), {u"--demo-users"_qs, u"--demo"_qs, u"5"_qs}),
                 qPrintable(server.errorString()));
        // The desk's pin of the certificate is the one openssl computes independently.
        const QString pin = m_certs.pinOf(m_certs.selfSignedCert());
        QVERIFY(!pin.isEmpty());
        const auto cert = QSslCertificate::fromPath(m_certs.selfSignedCert());
        QCOMPARE(cert.size(), 1);
        QCOMPARE(QString::fromLatin1(TlsTrust::pinOf(cert.first()).toBase64()), pin);

        TestDesk desk(cachePath(), trustPin(pin));
        QVERIFY(desk.open());
        QVERIFY(desk.signIn(server.baseUrl()));
        QCOMPARE(desk.reader().counts().people, 5);
    }

    void privateCaIsNotTrustedByDefault()
    {
        ServerProcess server;
        server.setEnvironment(kLogRequests);
        server.setTls(m_certs.serverCert(), m_certs.serverKey());
        QVERIFY2(server.start(sqliteDb(), {u"--demo-users"_qs}), qPrintable(server.errorString()));
        // No --ca-file: the system's authorities, which never signed the test CA.
        expectRefusedBeforeSending(server, TlsTrust{}, u"127.0.0.1"_qs);
    }

    void wrongCaIsRefused()
    {
        ServerProcess server;
        server.setEnvironment(kLogRequests);
        server.setTls(m_certs.serverCert(), m_certs.serverKey());
        QVERIFY2(server.start(sqliteDb(), {u"--demo-users"_qs}), qPrintable(server.errorString()));
        expectRefusedBeforeSending(server, trustCa(m_certs.otherCaCert()), u"127.0.0.1"_qs);
    }

    void wrongPinIsRefusedEvenWithAValidChain()
    {
        ServerProcess server;
        server.setEnvironment(kLogRequests);
        server.setTls(m_certs.serverCert(), m_certs.serverKey());
        QVERIFY2(server.start(sqliteDb(), {u"--demo-users"_qs}), qPrintable(server.errorString()));
        // The chain is valid (the right CA) but the key is not the pinned one.
        TlsTrust trust = trustCa(m_certs.caCert());
        trust.pins = trustPin(m_certs.pinOf(m_certs.otherCaCert())).pins;
        QCOMPARE(trust.pins.size(), 1);
        expectRefusedBeforeSending(server, trust, u"pinned key"_qs);
    }

    void pinDoesNotExcuseAWrongName()
    {
        ServerProcess server;
        server.setEnvironment(kLogRequests);
        server.setTls(m_certs.wrongNameCert(), m_certs.wrongNameKey());
        QVERIFY2(server.start(sqliteDb(), {u"--demo-users"_qs}), qPrintable(server.errorString()));
        // Pinned, but issued for other.invalid: a host name error is never excused.
        expectRefusedBeforeSending(server, trustPin(m_certs.pinOf(m_certs.wrongNameCert())),
                                   u"127.0.0.1"_qs);
    }

    void badTrustOptionsAreExplained()
    {
        QString error;
        QVERIFY(!TlsTrust::fromOptions(m_dir.filePath(u"missing.pem"_qs), {}, &error));
        QVERIFY2(error.contains(u"missing.pem"), qPrintable(error));
        QVERIFY(!TlsTrust::fromOptions(m_certs.serverKey(), {}, &error)); // a key, not a cert
        QVERIFY2(error.contains(u"no PEM certificate"), qPrintable(error));
        QVERIFY(!TlsTrust::fromOptions({}, {u"abc"_qs}, &error));
        QVERIFY2(error.contains(u"SHA-256"), qPrintable(error));
    }

    void plainHttpOnlyOnLoopback()
    {
        // Bearer tokens never cross a network in the clear: refused before any connection.
        ApiClient api;
        api.setBaseUrl(QUrl(u"http://192.0.2.10:8780"_qs));
        std::optional<ApiFailure> failure;
        api.login({u"counter1"_qs, u"x"_qs, u"desk"_qs},
                  [&](std::optional<Wire::AuthTokens>, ApiFailure f) { failure = f; });
        QVERIFY(QTest::qWaitFor([&] { return failure.has_value(); }, 5000));
        QCOMPARE(failure->kind, ApiFailure::Kind::Refused);
        QVERIFY2(failure->message.contains(u"https://"), qPrintable(failure->message));
    }
};

QTEST_GUILESS_MAIN(TestTlsEndToEnd)
#include "tst_tls_e2e.moc"
