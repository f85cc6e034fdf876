#include "app/SlipPrinter.h"
#include "models/Appointment.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

// The text of a PDF as pdftotext (poppler-utils) reads it, with its lines joined.
QString pdfText(const QString &path)
{
    QProcess p;
    p.start(u"pdftotext"_qs, {u"-layout"_qs, path, u"-"_qs});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).simplified();
}

} // namespace

class TestSlipPrinter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slipIsAPdfAResidentCanRead()
    {
        Place p;
        p.id = u"fss"_qs;
        p.name = u"First Stop Shop"_qs;
        p.address = u"12 Market Street\nLlandudno LL30 2SR"_qs;
        p.howToChange = u"Ring 01492 575 000, Monday to Friday 9am to 5pm."_qs;
        AppointmentType t;
        t.name = u"Housing advice"_qs;
        t.whatToBring = u"Your tenancy agreement and any letters from your landlord."_qs;
        Appointment a;
        a.id = QUuid::createUuid();
        a.start = QDateTime(QDate(2026, 11, 12), QTime(18, 15), QTimeZone("Europe/London")).toUTC();
        a.end = a.start.addSecs(45 * 60);
        a.status = Appointment::Status::Confirmed;

        QTemporaryDir dir;
        const QString pdf = dir.filePath(u"slip.pdf"_qs);
        QString error;
        QVERIFY2(SlipPrinter::writePdf(
                     AppointmentConfirmation::slipHtml(a, t, p, u"Zoë O'Brien-Nwosu"_qs), pdf,
                     u"Your appointment"_qs, &error),
                 qPrintable(error));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QVERIFY(!QFile::exists(pdf + u".part"_qs));

        const QString text = pdfText(pdf);
        QVERIFY2(!text.isEmpty(),
                 "pdftotext (poppler-utils) is missing or could not read the slip");
        for (const QString &expected :
             {u"Your appointment"_qs, u"Zoë O'Brien-Nwosu"_qs, u"Housing advice"_qs,
              u"Thursday 12 November 2026"_qs, u"6:15pm to 7pm"_qs, u"First Stop Shop"_qs,
              u"Llandudno LL30 2SR"_qs, u"tenancy agreement"_qs, u"Ring 01492 575 000"_qs}) {
            QVERIFY2(text.contains(expected), qPrintable(expected + u" not in: "_qs + text));
        }
        // Kept for a person to look at (docs: pdftoppm -png slip.pdf).
        const QString keep = qEnvironmentVariable("FIRSTSTOP_KEEP_SLIP");
        if (!keep.isEmpty())
            QFile::copy(pdf, keep);
    }

    void anUnwritablePlaceIsAClearError()
    {
        QString error;
        QVERIFY(!SlipPrinter::writePdf(u"<p>x</p>"_qs, u"/nonexistent-dir/slip.pdf"_qs, u"x"_qs,
                                       &error));
        QVERIFY(error.contains(u"/nonexistent-dir"_qs));
    }
};

QTEST_MAIN(TestSlipPrinter)
#include "tst_slipprinter.moc"
