#include "models/PasswordHasher.h"

#include <QByteArray>
#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <optional>

namespace FirstStop {

namespace {

constexpr quint64 kCostN = quint64(1) << 15;
constexpr quint64 kBlockSizeR = 8;
constexpr quint64 kParallelP = 1;
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
// scrypt needs about 128 * r * N bytes (32 MiB at our cost); OpenSSL's default ceiling is
// exactly 32 MiB, which is a little too small, so give it room.
constexpr quint64 kMaxMemory = quint64(256) * 1024 * 1024;

struct Encoded
{
    quint64 n = 0;
    quint64 r = 0;
    quint64 p = 0;
    QByteArray salt;
    QByteArray hash;
};

std::optional<QByteArray> scrypt(const QByteArray &password, const QByteArray &salt, quint64 n,
                                 quint64 r, quint64 p, int length)
{
    QByteArray out(length, Qt::Uninitialized);
    const int ok =
        EVP_PBE_scrypt(password.constData(), static_cast<size_t>(password.size()),
                       reinterpret_cast<const unsigned char *>(salt.constData()),
                       static_cast<size_t>(salt.size()), n, r, p, kMaxMemory,
                       reinterpret_cast<unsigned char *>(out.data()), static_cast<size_t>(length));
    if (ok != 1) {
        return std::nullopt;
    }
    return out;
}

std::optional<quint64> parseNumber(const QString &s, quint64 min, quint64 max)
{
    bool ok = false;
    const quint64 v = s.toULongLong(&ok);
    // Only plain decimal digits: no sign, no spaces, no leading zeros.
    if (!ok || s.isEmpty() || s.startsWith(u'0') || v < min || v > max) {
        return std::nullopt;
    }
    for (const QChar c : s) {
        if (!c.isDigit()) {
            return std::nullopt;
        }
    }
    return v;
}

std::optional<QByteArray> parseBase64(const QString &s, qsizetype minBytes, qsizetype maxBytes)
{
    const auto result =
        QByteArray::fromBase64Encoding(s.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result || (*result).size() < minBytes || (*result).size() > maxBytes) {
        return std::nullopt;
    }
    return *result;
}

std::optional<Encoded> parse(const QString &encoded)
{
    const QStringList parts = encoded.split(u'$');
    if (parts.size() != 6 || parts.at(0) != u"scrypt") {
        return std::nullopt;
    }
    // Bounds keep a tampered or hostile encoding from making verify() cost seconds or gigabytes.
    const auto n = parseNumber(parts.at(1), 1024, quint64(1) << 20);
    const auto r = parseNumber(parts.at(2), 1, 32);
    const auto p = parseNumber(parts.at(3), 1, 16);
    const auto salt = parseBase64(parts.at(4), 8, 64);
    const auto hash = parseBase64(parts.at(5), 16, 64);
    if (!n || !r || !p || !salt || !hash || (*n & (*n - 1)) != 0) {
        return std::nullopt;
    }
    return Encoded{*n, *r, *p, *salt, *hash};
}

} // namespace

QString PasswordHasher::hash(const QString &password)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), kSaltBytes) != 1) {
        return {};
    }
    const auto derived =
        scrypt(password.toUtf8(), salt, kCostN, kBlockSizeR, kParallelP, kHashBytes);
    if (!derived) {
        return {};
    }
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(kCostN)
        .arg(kBlockSizeR)
        .arg(kParallelP)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived->toBase64()));
}

bool PasswordHasher::verify(const QString &password, const QString &encoded)
{
    const auto e = parse(encoded);
    if (!e) {
        return false;
    }
    const auto derived =
        scrypt(password.toUtf8(), e->salt, e->n, e->r, e->p, static_cast<int>(e->hash.size()));
    if (!derived) {
        return false;
    }
    return CRYPTO_memcmp(derived->constData(), e->hash.constData(),
                         static_cast<size_t>(e->hash.size())) == 0;
}

bool PasswordHasher::isWellFormed(const QString &encoded)
{
    return parse(encoded).has_value();
}

} // namespace FirstStop
