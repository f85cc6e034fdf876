#include "app/TlsTrust.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QSslKey>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FirstStop::TlsTrust", text);
}

} // namespace

std::optional<TlsTrust> TlsTrust::fromOptions(const QString &caFile, const QStringList &pins,
                                              QString *error)
{
    TlsTrust trust;
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read the certificate authority file %1: %2")
                         .arg(caFile, file.errorString());
            return std::nullopt;
        }
        trust.caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (trust.caCertificates.isEmpty()) {
            *error = tr("%1 holds no PEM certificate.").arg(caFile);
            return std::nullopt;
        }
    }
    for (const QString &pin : pins) {
        const auto decoded = QByteArray::fromBase64Encoding(
            pin.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != 32) {
            *error = tr("The pin \"%1\" is not the base64 of a SHA-256 digest (44 characters "
                        "ending in \"=\").")
                         .arg(pin);
            return std::nullopt;
        }
        trust.pins.append(decoded.decoded);
    }
    return trust;
}

QByteArray TlsTrust::pinOf(const QSslCertificate &certificate)
{
    // A public QSslKey's DER form is the SubjectPublicKeyInfo, which is what pins are made of.
    return QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256);
}

QSslConfiguration TlsTrust::configuration() const
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    conf.setProtocol(QSsl::SecureProtocols);
    if (!caCertificates.isEmpty()) {
        // A private CA replaces the system's list: a certificate some public authority issued
        // for the same name is not the council's server.
        conf.setCaCertificates(caCertificates);
    }
    return conf;
}

bool TlsTrust::matchesPins(const QList<QSslCertificate> &chain) const
{
    if (pins.isEmpty()) {
        return true;
    }
    for (const QSslCertificate &c : chain) {
        if (pins.contains(pinOf(c))) {
            return true;
        }
    }
    return false;
}

QList<QSslError> TlsTrust::excusedByPin(const QList<QSslError> &errors,
                                        const QList<QSslCertificate> &chain) const
{
    if (pins.isEmpty() || chain.isEmpty() || !pins.contains(pinOf(chain.first()))) {
        return {};
    }
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            break;
        default:
            return {}; // a wrong name or an expired certificate stays an error, pinned or not
        }
    }
    return errors;
}

} // namespace FirstStop
