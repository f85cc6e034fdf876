#include "models/Csv.h"

#include <QCoreApplication>

namespace FirstStop::Csv {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Csv", text);
}

// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or -1 when every byte is.
qsizetype firstInvalidUtf8(const QByteArray &data)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = bytes[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > n || bytes[i + 1] < low || bytes[i + 1] > high) {
            return i;
        }
        for (int k = 2; k < length; ++k) {
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) {
                return i;
            }
        }
        i += length;
    }
    return -1;
}

int lineAt(const QByteArray &data, qsizetype offset)
{
    return 1 + static_cast<int>(QByteArrayView(data).first(offset).count('\n'));
}

} // namespace

std::optional<QList<Record>> read(const QByteArray &data, QString *error)
{
    error->clear();
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        *error = tr("The file is UTF-16 (\"Unicode text\"), not UTF-8: save it again as \"CSV "
                    "UTF-8\".");
        return std::nullopt;
    }
    if (const qsizetype bad = firstInvalidUtf8(data); bad >= 0) {
        *error = tr("Line %1 is not UTF-8 (byte 0x%2): save the file again as \"CSV UTF-8\" "
                    "rather than in a Windows or Latin-1 code page.")
                     .arg(lineAt(data, bad))
                     .arg(static_cast<unsigned char>(data.at(bad)), 2, 16, QLatin1Char('0'));
        return std::nullopt;
    }
    if (const qsizetype nul = data.indexOf('\0'); nul >= 0) {
        *error = tr("Line %1 holds a NUL byte: the file is not CSV text (UTF-16 without a "
                    "byte-order mark?).")
                     .arg(lineAt(data, nul));
        return std::nullopt;
    }
    QString text = QString::fromUtf8(data);
    if (text.startsWith(QChar(0xFEFF))) {
        text.remove(0, 1);
    }
    QList<Record> records;
    Record record{1, {}};
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    const qsizetype n = text.size();
    const auto endRecord = [&] {
        if (fieldStarted || !field.isEmpty() || !record.fields.isEmpty()) {
            record.fields.append(field);
            records.append(std::move(record));
        }
        record = Record{line, {}};
        field.clear();
        fieldStarted = false;
    };
    int quoteLine = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n') {
                    ++line;
                }
                if (c != u'\r') {
                    field.append(c);
                }
            }
            continue;
        }
        if (c == u'"' && field.isEmpty()) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == u',') {
            record.fields.append(field);
            field.clear();
            fieldStarted = true;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n') {
                ++i;
            }
            ++line;
            endRecord();
        } else {
            field.append(c);
            fieldStarted = true;
        }
    }
    if (quoted) {
        *error = tr("A quoted field that begins on line %1 is never closed.").arg(quoteLine);
        return std::nullopt;
    }
    endRecord();
    return records;
}

QByteArray line(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        QByteArray f = fields.at(i).toUtf8();
        if (f.contains(',') || f.contains('"') || f.contains('\n') || f.contains('\r')) {
            f.replace("\"", "\"\"");
            f = '"' + f + '"';
        }
        out += f;
    }
    out += "\r\n";
    return out;
}

} // namespace FirstStop::Csv
