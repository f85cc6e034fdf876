#include "app/SlipPrinter.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace FirstStop::SlipPrinter {

bool writePdf(const QString &html, const QString &path, const QString &title, QString *error)
{
    const QString temporary = path + u".part"_qs;
    {
        QPdfWriter writer(temporary);
        writer.setTitle(title);
        writer.setCreator(u"FirstStop"_qs);
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(20, 20, 20, 20), QPageLayout::Millimeter));
        QTextDocument document;
        document.setDefaultFont(QFont(u"DejaVu Sans"_qs, 12));
        document.setHtml(html);
        document.print(&writer);
    }
    QFile written(temporary);
    if (!written.exists() || written.size() == 0) {
        *error = QCoreApplication::translate("SlipPrinter", "The slip could not be written to %1.")
                     .arg(QFileInfo(path).absolutePath());
        written.remove();
        return false;
    }
    QFile::remove(path);
    if (!written.rename(path)) {
        *error = QCoreApplication::translate("SlipPrinter", "The slip could not be saved as %1: %2")
                     .arg(path, written.errorString());
        written.remove();
        return false;
    }
    return true;
}

} // namespace FirstStop::SlipPrinter
