#pragma once

#include <QString>

namespace FirstStop::Test {

// Certificates made at test time with the `openssl` command (no private key is ever committed):
// a test CA and a server certificate it signed for 127.0.0.1 and localhost, a second unrelated
// CA, a self-signed server certificate, and one for a wrong host name.
//
//   TestCertificates certs;
//   QVERIFY2(certs.create(dir.path()), qPrintable(certs.error()));
//   server.setTls(certs.serverCert(), certs.serverKey());
//   trust.caCertificates = QSslCertificate::fromPath(certs.caCert());
class TestCertificates final
{
public:
    // Makes everything in dir (about a second of key generation).
    bool create(const QString &dir);
    QString error() const { return m_error; }

    QString caCert() const { return path(u"ca.pem"); }
    QString serverCert() const { return path(u"server.pem"); } // signed by caCert()
    QString serverKey() const { return path(u"server.key"); }
    QString otherCaCert() const { return path(u"other-ca.pem"); } // signed nothing we serve
    QString selfSignedCert() const { return path(u"self.pem"); }  // for 127.0.0.1, localhost
    QString selfSignedKey() const { return path(u"self.key"); }
    QString wrongNameCert() const { return path(u"wrong-name.pem"); } // self-signed, other.invalid
    QString wrongNameKey() const { return path(u"wrong-name.key"); }

    // The HPKP-style pin of a certificate's key, computed by openssl itself (so the desk's own
    // computation is checked against an independent one): base64(SHA-256(SubjectPublicKeyInfo)).
    QString pinOf(const QString &certFile);

private:
    QString path(QStringView name) const { return m_dir + u'/' + name; }
    bool openssl(const QStringList &args, QByteArray *out = nullptr, const QByteArray &input = {});

    QString m_dir;
    QString m_error;
};

} // namespace FirstStop::Test
