#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// RFC 4180 CSV as spreadsheets and old systems write it: UTF-8 with or without a byte-order mark,
// quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or LF. Shared by
// everything that reads or writes CSV (the service catalogue, the people import and its report).
namespace FirstStop::Csv {

struct Record
{
    int line = 0; // the line of the file the record begins on, from 1
    QStringList fields;
};

// The records of a whole file, blank lines skipped. nullopt, with *error naming the line, when the
// file is not UTF-8 (a spreadsheet's "Unicode text" or a Windows code page) or a quoted field is
// never closed: a file that cannot be read exactly is not read at all.
std::optional<QList<Record>> read(const QByteArray &data, QString *error);

// One record as a CSV line ending in CRLF, quoting the fields that need it.
QByteArray line(const QStringList &fields);

} // namespace FirstStop::Csv
