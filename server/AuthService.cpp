#include "server/AuthService.h"

#include "models/PasswordHasher.h"
#include "server/Database.h"
#include "server/Logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QUuid>

#include <openssl/rand.h>

namespace FirstStop::Server {

namespace {

const QString kGenericLoginFailure = QStringLiteral("The user name or password is not right.");

// The first key of PostgreSQL advisory locks taken on a user name during log-in ("FS").
constexpr int kLoginLockSpace = 0x4653;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), 32) != 1) {
        return {};
    }
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

AuthResult failure(AuthError error, const QString &message)
{
    AuthResult r;
    r.error = error;
    r.message = message;
    return r;
}

AuthResult internalError(const QString &error)
{
    qCWarning(lcAuth).noquote() << error;
    return failure(AuthError::Internal, QStringLiteral("The server could not check the log-in."));
}

// Verifying against a real hash when the user does not exist keeps "no such user" and "wrong
// password" equally slow, so timing does not tell which user names exist.
const QString &dummyHash()
{
    static const QString hash = PasswordHasher::hash(QStringLiteral("not a password"));
    return hash;
}

} // namespace

AuthService::AuthService(Database &db, int accessTtlSeconds)
    : m_db(db)
    , m_accessTtlSeconds(accessTtlSeconds)
{}

bool AuthService::isValidRole(const QString &role)
{
    return role == u"counter" || role == u"library" || role == u"team_lead" || role == u"admin";
}

bool AuthService::addUser(const QString &username, const QString &password, const QString &role,
                          const QString &office, const QString &displayName, bool replace,
                          QString *error)
{
    if (username.trimmed().isEmpty() || username.size() > 200) {
        *error = QStringLiteral("a user name must be 1 to 200 characters");
        return false;
    }
    if (!isValidRole(role)) {
        *error =
            QStringLiteral("unknown role \"%1\" (counter, library, team_lead, admin)").arg(role);
        return false;
    }
    if (password.isEmpty()) {
        *error = QStringLiteral("a user needs a password");
        return false;
    }
    {
        Sql exists(m_db, QStringLiteral("SELECT 1 FROM app_user WHERE username = :u"));
        exists.bind(QStringLiteral(":u"), username);
        if (!exists.exec(error)) {
            return false;
        }
        if (exists.next() && !replace) {
            return true;
        }
    }
    const QString hash = PasswordHasher::hash(password);
    if (hash.isEmpty()) {
        *error = QStringLiteral("cannot hash the password (no system randomness?)");
        return false;
    }
    Sql upsert(
        m_db,
        QStringLiteral("INSERT INTO app_user (username, display_name, password_hash, role, office,"
                       " disabled) VALUES (:u, :name, :hash, :role, :office, 0)"
                       " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
                       " password_hash = excluded.password_hash, role = excluded.role,"
                       " office = excluded.office, disabled = 0"));
    upsert.bind(QStringLiteral(":u"), username)
        .bind(QStringLiteral(":name"), displayName.isEmpty() ? username : displayName)
        .bind(QStringLiteral(":hash"), hash)
        .bind(QStringLiteral(":role"), role)
        .bind(QStringLiteral(":office"), text(office));
    if (!upsert.exec(error)) {
        return false;
    }
    qCInfo(lcAuth).noquote() << "user" << username << "set up with role" << role;
    return true;
}

bool AuthService::addDemoUsers(QString *error)
{
    struct Demo
    {
        const char16_t *name;
        const char16_t *display;
        const char16_t *role;
        const char16_t *office;
    };
    static constexpr Demo demos[] = {
        {u"counter1", u"Counter Desk 1", u"counter", u"Cardiff Central"},
        {u"library1", u"Library Desk 1", u"library", u"Cardiff Central Library"},
        {u"lead1", u"Team Lead 1", u"team_lead", u"Cardiff Central"},
        {u"admin", u"Administrator", u"admin", u"Cardiff Central"},
    };
    for (const Demo &d : demos) {
        const QString name = QString::fromUtf16(d.name);
        if (!addUser(name, name + QStringLiteral("-demo"), QString::fromUtf16(d.role),
                     QString::fromUtf16(d.office), QString::fromUtf16(d.display), false, error)) {
            return false;
        }
    }
    return true;
}

bool AuthService::issueTokens(const QString &username, const QString &family, qint64 now,
                              Wire::AuthTokens *tokens, QString *error)
{
    tokens->accessToken = newToken();
    tokens->refreshToken = newToken();
    if (tokens->accessToken.isEmpty() || tokens->refreshToken.isEmpty()) {
        *error = QStringLiteral("no system randomness for tokens");
        return false;
    }
    tokens->accessExpiresIn = m_accessTtlSeconds;
    const struct
    {
        const QString &token;
        const char16_t *kind;
        qint64 expires;
    } rows[] = {
        {tokens->accessToken, u"access", now + qint64(m_accessTtlSeconds) * 1000},
        {tokens->refreshToken, u"refresh", now + kRefreshTtlSeconds * 1000},
    };
    for (const auto &row : rows) {
        Sql insert(m_db,
                   QStringLiteral("INSERT INTO auth_token (token_hash, kind, username, family,"
                                  " expires_at, revoked) VALUES (:h, :kind, :u, :f, :exp, 0)"));
        insert.bind(QStringLiteral(":h"), tokenHash(row.token))
            .bind(QStringLiteral(":kind"), QString::fromUtf16(row.kind))
            .bind(QStringLiteral(":u"), username)
            .bind(QStringLiteral(":f"), family)
            .bind(QStringLiteral(":exp"), row.expires);
        if (!insert.exec(error)) {
            return false;
        }
    }
    Sql user(m_db,
             QStringLiteral("SELECT display_name, role, office FROM app_user WHERE username = :u"));
    user.bind(QStringLiteral(":u"), username);
    if (!user.exec(error)) {
        return false;
    }
    if (!user.next()) {
        *error = QStringLiteral("user vanished while logging in");
        return false;
    }
    tokens->user = {username, user.value(0).toString(), user.value(1).toString(),
                    user.value(2).toString()};
    return true;
}

AuthResult AuthService::login(const Wire::LoginRequest &request)
{
    const qint64 now = nowMs();
    const qint64 windowStart = now - kFailureWindowSeconds * 1000;
    QString error;
    WriteTransaction tx(m_db);
    if (!tx.begin(&error)) {
        return internalError(error);
    }
    if (m_db.backend() == Backend::Postgres) {
        // Log-ins for one user name take turns across servers, so each counts the failures the
        // others recorded and two servers cannot each allow five guesses. (A transaction lock
        // on the name, known user or not; SQLite's write transactions are serialised already.)
        Sql lock(
            m_db,
            QStringLiteral("SELECT pg_advisory_xact_lock(%1, hashtext(:u))").arg(kLoginLockSpace));
        lock.bind(QStringLiteral(":u"), request.username);
        if (!lock.exec(&error)) {
            return internalError(error);
        }
        lock.query().finish();
    }
    {
        Sql tidy(m_db, QStringLiteral("DELETE FROM login_attempt WHERE attempted_at <= :start"));
        tidy.bind(QStringLiteral(":start"), windowStart);
        Sql expired(m_db, QStringLiteral("DELETE FROM auth_token WHERE expires_at < :now"));
        expired.bind(QStringLiteral(":now"), now);
        if (!tidy.exec(&error) || !expired.exec(&error)) {
            return internalError(error);
        }
    }
    Sql failures(m_db,
                 QStringLiteral("SELECT COUNT(*), MIN(attempted_at) FROM login_attempt"
                                " WHERE username = :u AND success = 0 AND attempted_at > :start"));
    failures.bind(QStringLiteral(":u"), request.username)
        .bind(QStringLiteral(":start"), windowStart);
    if (!failures.exec(&error) || !failures.next()) {
        return internalError(error);
    }
    if (failures.value(0).toInt() >= kMaxFailedLogins) {
        // Checked before the password, so guessing on does not help even with the right one.
        const qint64 reopensAt = failures.value(1).toLongLong() + kFailureWindowSeconds * 1000;
        AuthResult r =
            failure(AuthError::RateLimited, QStringLiteral("Too many failed log-ins for this user. "
                                                           "Wait a few minutes and try again."));
        r.retryAfterSeconds = static_cast<int>(std::max<qint64>(1, (reopensAt - now + 999) / 1000));
        qCWarning(lcAuth).noquote() << "log-in rate limited for" << request.username;
        return r;
    }

    Sql user(m_db,
             QStringLiteral("SELECT password_hash, disabled FROM app_user WHERE username = :u"));
    user.bind(QStringLiteral(":u"), request.username);
    if (!user.exec(&error)) {
        return internalError(error);
    }
    const bool known = user.next();
    const QString hash = known ? user.value(0).toString() : dummyHash();
    const bool passwordOk = PasswordHasher::verify(request.password, hash);
    const bool ok = known && passwordOk && user.value(1).toInt() == 0;

    Sql record(m_db, QStringLiteral("INSERT INTO login_attempt (username, attempted_at, success)"
                                    " VALUES (:u, :at, :ok)"));
    record.bind(QStringLiteral(":u"), text(request.username))
        .bind(QStringLiteral(":at"), now)
        .bind(QStringLiteral(":ok"), ok ? 1 : 0);
    if (!record.exec(&error)) {
        return internalError(error);
    }
    if (!ok) {
        if (!tx.commit(&error)) {
            return internalError(error);
        }
        qCInfo(lcAuth).noquote() << "failed log-in for" << request.username;
        return failure(AuthError::Unauthorized, kGenericLoginFailure);
    }
    Sql forgive(m_db,
                QStringLiteral("DELETE FROM login_attempt WHERE username = :u AND success = 0"));
    forgive.bind(QStringLiteral(":u"), request.username);
    AuthResult r;
    r.family = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!forgive.exec(&error) || !issueTokens(request.username, r.family, now, &r.tokens, &error) ||
        !tx.commit(&error)) {
        return internalError(error);
    }
    r.user = r.tokens.user;
    qCInfo(lcAuth).noquote() << "log-in by" << request.username << "from device" << request.device;
    return r;
}

AuthResult AuthService::refresh(const QString &refreshToken)
{
    const qint64 now = nowMs();
    QString error;
    WriteTransaction tx(m_db);
    if (!tx.begin(&error)) {
        return internalError(error);
    }
    const QString oldHash = tokenHash(refreshToken);
    if (m_db.backend() == Backend::Postgres) {
        // Refreshes of one user take turns: two servers may be handed the same (copied) token at
        // the same moment, and each must see what the other did. The lock does not block log-ins
        // (NO KEY UPDATE still lets tokens referencing the user be inserted). SQLite's write
        // transactions are serialised already, and it has no FOR UPDATE.
        Sql lock(m_db, QStringLiteral("SELECT 1 FROM app_user WHERE username ="
                                      " (SELECT username FROM auth_token WHERE token_hash = :h)"
                                      " FOR NO KEY UPDATE"));
        lock.bind(QStringLiteral(":h"), oldHash);
        if (!lock.exec(&error)) {
            return internalError(error);
        }
        lock.query().finish();
    }
    Sql find(m_db, QStringLiteral("SELECT t.username, t.family, t.expires_at, t.revoked, u.disabled"
                                  " FROM auth_token t JOIN app_user u ON u.username = t.username"
                                  " WHERE t.token_hash = :h AND t.kind = 'refresh'"));
    find.bind(QStringLiteral(":h"), oldHash);
    if (!find.exec(&error)) {
        return internalError(error);
    }
    if (!find.next()) {
        return failure(AuthError::Unauthorized, QStringLiteral("Please log in again."));
    }
    const QString username = find.value(0).toString();
    const QString family = find.value(1).toString();
    const qint64 expiresAt = find.value(2).toLongLong();
    const bool revoked = find.value(3).toInt() != 0;
    const bool disabled = find.value(4).toInt() != 0;
    find.query().finish();

    const auto endTheLogIn = [&]() {
        // A rotated token came back: someone holds a copy. End every session of this log-in.
        Sql revokeAll(m_db, QStringLiteral("UPDATE auth_token SET revoked = 1"
                                           " WHERE family = :f AND revoked = 0"));
        revokeAll.bind(QStringLiteral(":f"), family);
        if (!revokeAll.exec(&error) || !tx.commit(&error)) {
            return internalError(error);
        }
        qCWarning(lcAuth).noquote()
            << "reused refresh token for" << username << "- the log-in's tokens are revoked";
        return failure(AuthError::TokenReused,
                       QStringLiteral("This log-in was ended for safety. Please log in again."));
    };
    if (revoked) {
        return endTheLogIn();
    }
    if (expiresAt <= now) {
        return failure(AuthError::TokenExpired, QStringLiteral("Please log in again."));
    }
    if (disabled) {
        return failure(AuthError::Unauthorized, QStringLiteral("Please log in again."));
    }
    // Claim the token before issuing new ones: the row is updated only if it is still unrevoked,
    // so of two requests with the same token exactly one rotates it and the other is a reuse.
    Sql claim(m_db, QStringLiteral("UPDATE auth_token SET revoked = 1"
                                   " WHERE token_hash = :h AND revoked = 0"));
    claim.bind(QStringLiteral(":h"), oldHash);
    if (!claim.exec(&error)) {
        return internalError(error);
    }
    if (claim.query().numRowsAffected() != 1) {
        return endTheLogIn();
    }
    AuthResult r;
    r.family = family;
    if (!issueTokens(username, family, now, &r.tokens, &error)) {
        return internalError(error);
    }
    Sql rotate(m_db,
               QStringLiteral("UPDATE auth_token SET replaced_by = :new WHERE token_hash = :h"));
    rotate.bind(QStringLiteral(":new"), tokenHash(r.tokens.refreshToken))
        .bind(QStringLiteral(":h"), oldHash);
    if (!rotate.exec(&error) || !tx.commit(&error)) {
        return internalError(error);
    }
    r.user = r.tokens.user;
    return r;
}

AuthResult AuthService::authenticate(const QByteArray &authorization)
{
    const QByteArray scheme = authorization.left(7);
    if (scheme.compare("Bearer ", Qt::CaseInsensitive) != 0 ||
        authorization.trimmed().size() <= 7) {
        return failure(AuthError::Unauthorized, QStringLiteral("Log in first."));
    }
    const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
    QString error;
    Sql find(m_db,
             QStringLiteral("SELECT t.username, t.family, t.expires_at, t.revoked, u.disabled,"
                            " u.display_name, u.role, u.office"
                            " FROM auth_token t JOIN app_user u ON u.username = t.username"
                            " WHERE t.token_hash = :h AND t.kind = 'access'"),
             Sql::Reuse);
    find.bind(QStringLiteral(":h"), tokenHash(token));
    if (!find.exec(&error)) {
        return internalError(error);
    }
    if (!find.next() || find.value(3).toInt() != 0 || find.value(4).toInt() != 0) {
        return failure(AuthError::Unauthorized, QStringLiteral("Log in first."));
    }
    if (find.value(2).toLongLong() <= nowMs()) {
        return failure(AuthError::TokenExpired,
                       QStringLiteral("The access token has expired; refresh it."));
    }
    AuthResult r;
    r.user = {find.value(0).toString(), find.value(5).toString(), find.value(6).toString(),
              find.value(7).toString()};
    r.family = find.value(1).toString();
    return r;
}

bool AuthService::logout(const QString &family, QString *error)
{
    Sql revoke(m_db, QStringLiteral("UPDATE auth_token SET revoked = 1 WHERE family = :f"));
    revoke.bind(QStringLiteral(":f"), family);
    return revoke.exec(error);
}

} // namespace FirstStop::Server
