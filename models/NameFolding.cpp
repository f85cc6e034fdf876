#include "models/NameFolding.h"

namespace FirstStop::NameFolding {

namespace {

bool isApostrophe(char32_t c)
{
    return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'`' || c == U'\u00B4' ||
           c == U'\u02BC';
}

// Letters that do not decompose into a base letter plus a combining mark.
const char *specialFold(char32_t c)
{
    switch (c) {
    case U'ß':
        return "ss";
    case U'æ':
    case U'Æ':
        return "ae";
    case U'œ':
    case U'Œ':
        return "oe";
    case U'ø':
    case U'Ø':
        return "o";
    case U'ł':
    case U'Ł':
        return "l";
    case U'đ':
    case U'Đ':
        return "d";
    case U'þ':
    case U'Þ':
        return "th";
    case U'ı':
        return "i";
    default:
        return nullptr;
    }
}

} // namespace

QString fold(QStringView text)
{
    // Fast path for plain ASCII, the vast majority of what is typed and stored.
    QString decomposed;
    bool ascii = true;
    for (QChar c : text) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (!ascii) {
        decomposed = text.toString().normalized(QString::NormalizationForm_KD);
        text = decomposed;
    }

    QString out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (char32_t c : text.toUcs4()) {
        if (QChar::category(c) == QChar::Mark_NonSpacing ||
            QChar::category(c) == QChar::Mark_SpacingCombining ||
            QChar::category(c) == QChar::Mark_Enclosing || isApostrophe(c)) {
            continue;
        }
        if (const char *special = specialFold(c)) {
            if (pendingSpace && !out.isEmpty()) {
                out += u' ';
            }
            pendingSpace = false;
            out += QLatin1String(special);
            continue;
        }
        if (QChar::isLetterOrNumber(c)) {
            if (pendingSpace && !out.isEmpty()) {
                out += u' ';
            }
            pendingSpace = false;
            const char32_t lower = QChar::toCaseFolded(c);
            if (QChar::requiresSurrogates(lower)) {
                out += QChar(QChar::highSurrogate(lower));
                out += QChar(QChar::lowSurrogate(lower));
            } else {
                out += QChar(static_cast<char16_t>(lower));
            }
        } else {
            pendingSpace = true;
        }
    }
    return out;
}

QStringList tokens(QStringView text)
{
    return fold(text).split(u' ', Qt::SkipEmptyParts);
}

QString digits(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c >= u'0' && c <= u'9') {
            out += c;
        }
    }
    return out;
}

QString postcodeKey(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')) {
            out += c.toUpper();
        }
    }
    return out;
}

} // namespace FirstStop::NameFolding
