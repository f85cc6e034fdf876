#pragma once

#include <QString>

namespace FirstStop {

// A slow, salted password hash (scrypt, N=2^15 r=8 p=1, 16-byte random salt), encoded as
// "scrypt$N$r$p$saltB64$hashB64". The centre stores it for log-ins; the desk keeps one as the
// offline log-in verifier, never the password itself.
class PasswordHasher final
{
public:
    // An encoded hash of the password with a fresh random salt; empty when the system random
    // generator or scrypt fails (never a weaker fallback).
    static QString hash(const QString &password);

    // True when the password matches the encoded hash. Compares in constant time. A malformed
    // or out-of-range encoding is never a match (and never makes scrypt run with absurd cost).
    static bool verify(const QString &password, const QString &encoded);

    // True when the encoding parses and its parameters are in the accepted range.
    static bool isWellFormed(const QString &encoded);
};

} // namespace FirstStop
