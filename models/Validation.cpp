#include "models/Validation.h"

#include <QRegularExpression>

namespace FirstStop::Validation {

PostcodeCheck checkPostcode(QStringView text)
{
    QString compact;
    compact.reserve(text.size());
    for (QChar c : text) {
        if (c.isLetterOrNumber()) {
            compact += c.toUpper();
        } else if (!c.isSpace()) {
            return {};
        }
    }
    // UK: outward code (A9, A99, AA9, AA99, A9A, AA9A) + inward code (9AA, letters without
    // C I K M O V). GIR 0AA is Girobank's, still valid.
    static const QRegularExpression uk(
        QStringLiteral("^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)([0-9][ABD-HJLNP-UW-Z]{2})$"));
    if (const auto m = uk.match(compact); m.hasMatch()) {
        return {PostcodeKind::UnitedKingdom, m.captured(1) + u' ' + m.captured(2)};
    }
    // Eircode: routing key (letter + two digits, or D6W) + four characters from the Eircode
    // alphabet (digits and A C D E F H K N P R T V W X Y).
    static const QRegularExpression eircode(
        QStringLiteral("^([AC-FHKNPRTV-Y][0-9]{2}|D6W)([0-9AC-FHKNPRTV-Y]{4})$"));
    if (const auto m = eircode.match(compact); m.hasMatch()) {
        return {PostcodeKind::Eircode, m.captured(1) + u' ' + m.captured(2)};
    }
    return {};
}

PhoneCheck checkPhone(QStringView text)
{
    QString raw = text.trimmed().toString();
    raw.replace(QStringLiteral("(0)"), QString());
    QString digits;
    bool plus = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c.isDigit()) {
            digits += c;
        } else if (c == u'+' && digits.isEmpty() && !plus) {
            plus = true;
        } else if (!(c.isSpace() || c == u'-' || c == u'.' || c == u'(' || c == u')')) {
            return {};
        }
    }
    if (!plus && digits.startsWith(QStringLiteral("00"))) {
        plus = true;
        digits.remove(0, 2);
    }
    QString national;
    bool ok = false;
    if (plus) {
        if (digits.startsWith(QStringLiteral("44"))) {
            national = u'0' + digits.mid(2);
            ok = national.size() == 11 || national.size() == 10;
        } else if (digits.startsWith(QStringLiteral("353"))) {
            national = u'0' + digits.mid(3);
            ok = national.size() >= 8 && national.size() <= 10;
        }
    } else if (digits.startsWith(u'0')) {
        national = digits;
        ok = national.size() >= 8 && national.size() <= 11;
    }
    if (!ok) {
        return {};
    }
    return {true, national, raw.simplified()};
}

bool isPlausibleEmail(QStringView text)
{
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$)"));
    return email.match(text).hasMatch();
}

} // namespace FirstStop::Validation
