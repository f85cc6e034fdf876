#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QStringList>

#include <optional>

namespace FirstStop {

// Which servers the desk trusts. By default the system's certificate authorities; a council
// that runs its own CA gives its certificate (--ca-file), and a desk can also pin the server's
// public key (--pin-sha256, as in HPKP: base64 of the SHA-256 of the certificate's
// SubjectPublicKeyInfo). A pin is checked on every new TLS connection before any request is
// written; a certificate that does not match is refused, never accepted silently. There is no
// way to ignore certificate errors.
struct TlsTrust
{
    QList<QSslCertificate> caCertificates; // empty: the system's authorities
    QList<QByteArray> pins;                // raw 32-byte SHA-256 digests; empty: no pinning

    bool isDefault() const { return caCertificates.isEmpty() && pins.isEmpty(); }

    // Reads --ca-file and --pin-sha256 values. nullopt with a message a person can act on when the
    // file is unreadable or holds no certificate, or a pin is not base64 of 32 bytes.
    static std::optional<TlsTrust> fromOptions(const QString &caFile, const QStringList &pins,
                                               QString *error);

    // The pin of a certificate: SHA-256 of its DER SubjectPublicKeyInfo (32 bytes).
    static QByteArray pinOf(const QSslCertificate &certificate);

    // The TLS settings for a request: the configured authorities, or the system's.
    QSslConfiguration configuration() const;

    // Whether the chain the server presented carries a pinned key (true when nothing is pinned).
    bool matchesPins(const QList<QSslCertificate> &chain) const;

    // With a pin, a server certificate that is not signed by a known authority (a self-signed
    // one) is trusted when its own key is pinned: the pin is the trust anchor. Name, date and
    // revocation errors are never excused. Returns the errors that may be excused, or an empty
    // list when any error is one that must stand.
    QList<QSslError> excusedByPin(const QList<QSslError> &errors,
                                  const QList<QSslCertificate> &chain) const;
};

} // namespace FirstStop
