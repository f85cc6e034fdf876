#pragma once

#include <QString>

namespace FirstStop::SlipPrinter {

// Lays out an HTML slip with QTextDocument and writes it as an A4 PDF. Needs a QGuiApplication
// (fonts); call it off the GUI thread for anything long. Returns false and says why in *error when
// the file cannot be written; a half-written file is removed.
bool writePdf(const QString &html, const QString &path, const QString &title, QString *error);

} // namespace FirstStop::SlipPrinter
