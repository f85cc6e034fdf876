#pragma once

#include "models/WireCodec.h"

#include <QString>

namespace FirstStop::Server {

class Database;

enum class AuthError
{
    None,
    Unauthorized, // unknown user, wrong password, unknown or revoked token: 401 unauthorized
    TokenExpired, // 401 token_expired: refresh, or log in again
    TokenReused,  // 401: an already-rotated refresh token came back; its whole family is revoked
    RateLimited,  // 429 with Retry-After
    Internal,     // the database failed: 500
};

struct AuthResult
{
    AuthError error = AuthError::None;
    QString message; // for the person at the desk; never says which of user/password was wrong
    int retryAfterSeconds = 0; // for RateLimited
    Wire::AuthTokens tokens;   // for login and refresh
    Wire::UserInfo user;       // for authenticate
    QString family;            // the token family (one log-in on one device and its refreshes)
};

// Users, log-in, and the tokens that prove a log-in. Tokens are 32 random bytes (base64url) and
// only their SHA-256 is stored, so a copy of the database does not let anyone in.
class AuthService final
{
public:
    AuthService(Database &db, int accessTtlSeconds);

    static constexpr qint64 kRefreshTtlSeconds = 30 * 24 * 3600;
    static constexpr int kMaxFailedLogins = 5;
    static constexpr qint64 kFailureWindowSeconds = 15 * 60;

    static bool isValidRole(const QString &role);

    // Creates the user, or when replace is true also resets an existing user's password, role and
    // office. Returns false with error on a bad role or a database error.
    bool addUser(const QString &username, const QString &password, const QString &role,
                 const QString &office, const QString &displayName, bool replace, QString *error);
    // counter1, library1, lead1 and admin with passwords "<name>-demo"; existing ones are kept.
    bool addDemoUsers(QString *error);

    AuthResult login(const Wire::LoginRequest &request);
    // Rotation: the presented refresh token is revoked and replaced. Presenting one that was
    // already replaced means it was copied: every token of its family is revoked.
    AuthResult refresh(const QString &refreshToken);
    // Checks an "Authorization: Bearer <access token>" header value.
    AuthResult authenticate(const QByteArray &authorization);
    // Revokes every token of the family (the caller's log-in on this device).
    bool logout(const QString &family, QString *error);

private:
    bool issueTokens(const QString &username, const QString &family, qint64 nowMs,
                     Wire::AuthTokens *tokens, QString *error);

    Database &m_db;
    int m_accessTtlSeconds;
};

} // namespace FirstStop::Server
