#include "tests/support/TestCertificates.h"

#include <QFile>
#include <QProcess>
#include <QStringList>

namespace FirstStop::Test {

namespace {

const QStringList kEcKey = {
    QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};

} // namespace

bool TestCertificates::openssl(const QStringList &args, QByteArray *out, const QByteArray &input)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForStarted(10000)) {
        m_error = QStringLiteral("cannot run openssl (scripts/install-deps.sh installs it): %1")
                      .arg(p.errorString());
        return false;
    }
    if (!input.isEmpty()) {
        p.write(input);
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("openssl %1 failed: %2")
                      .arg(args.join(u' '), QString::fromUtf8(p.readAllStandardError()));
        return false;
    }
    if (out) {
        *out = p.readAllStandardOutput();
    }
    return true;
}

bool TestCertificates::create(const QString &dir)
{
    m_dir = dir;
    const QString days = QStringLiteral("2");
    const auto selfSigned = [&](QStringView name, const QString &cn, const QString &san) {
        return openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + kEcKey +
                       QStringList{QStringLiteral("-keyout"), path(name) + u".key",
                                   QStringLiteral("-out"), path(name) + u".pem",
                                   QStringLiteral("-days"), days, QStringLiteral("-subj"),
                                   QStringLiteral("/CN=") + cn, QStringLiteral("-addext"), san});
    };
    if (!selfSigned(u"ca", QStringLiteral("FirstStop Test CA"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE")) ||
        !selfSigned(u"other-ca", QStringLiteral("Someone Else's CA"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE")) ||
        !selfSigned(u"self", QStringLiteral("127.0.0.1"),
                    QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")) ||
        !selfSigned(u"wrong-name", QStringLiteral("other.invalid"),
                    QStringLiteral("subjectAltName=DNS:other.invalid"))) {
        return false;
    }
    // The server certificate, signed by the test CA.
    QFile ext(path(u"server.ext"));
    if (!ext.open(QIODevice::WriteOnly) ||
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n") < 0) {
        m_error = QStringLiteral("cannot write %1").arg(ext.fileName());
        return false;
    }
    ext.close();
    return openssl(QStringList{QStringLiteral("req")} + kEcKey +
                   QStringList{QStringLiteral("-keyout"), serverKey(), QStringLiteral("-out"),
                               path(u"server.csr"), QStringLiteral("-subj"),
                               QStringLiteral("/CN=127.0.0.1")}) &&
           openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    path(u"server.csr"), QStringLiteral("-CA"), caCert(), QStringLiteral("-CAkey"),
                    path(u"ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                    serverCert(), QStringLiteral("-days"), days, QStringLiteral("-extfile"),
                    ext.fileName()});
}

QString TestCertificates::pinOf(const QString &certFile)
{
    QByteArray spki;
    QByteArray digest;
    if (!openssl({QStringLiteral("x509"), QStringLiteral("-in"), certFile,
                  QStringLiteral("-pubkey"), QStringLiteral("-noout")},
                 &spki) ||
        !openssl({QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-outform"),
                  QStringLiteral("der")},
                 &spki, spki) ||
        !openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-binary")},
                 &digest, spki)) {
        return {};
    }
    return QString::fromLatin1(digest.toBase64());
}

} // namespace FirstStop::Test
