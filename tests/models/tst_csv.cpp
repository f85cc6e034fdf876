#include "models/Csv.h"

#include <QTest>

using namespace FirstStop;

class TestCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asSpreadsheetsWriteIt()
    {
        QString error;
        const QByteArray data = "\xEF\xBB\xBF"
                                "a,b,c\r\n"
                                "1,\"two, with comma\",\"three\r\nlines\"\r\n"
                                "\r\n"
                                "\"say \"\"hi\"\"\",,\n"
                                "last,row,no newline";
        const auto records = Csv::read(data, &error);
        QVERIFY2(records, qPrintable(error));
        QCOMPARE(records->size(), 4);
        QCOMPARE(records->at(0).fields, QStringList({u"a"_qs, u"b"_qs, u"c"_qs}));
        QCOMPARE(records->at(1).fields,
                 QStringList({u"1"_qs, u"two, with comma"_qs, u"three\nlines"_qs}));
        QCOMPARE(records->at(2).fields, QStringList({u"say \"hi\""_qs, QString(), QString()}));
        QCOMPARE(records->at(3).fields.last(), u"no newline"_qs);
        // Where each record begins, for reports: the multi-line field takes lines 2 and 3, the
        // blank line 4 is skipped.
        QCOMPARE(records->at(0).line, 1);
        QCOMPARE(records->at(1).line, 2);
        QCOMPARE(records->at(2).line, 5);
        QCOMPARE(records->at(3).line, 6);
    }

    void unclosedQuoteSaysWhere()
    {
        QString error;
        QVERIFY(!Csv::read("a,b\nc,\"open\nb,c\n", &error));
        QVERIFY2(error.contains(u"line 2"_qs), qPrintable(error));
    }

    void notUtf8IsRefusedNotGuessed()
    {
        QString error;
        // "Zoë" in Windows-1252 on the third line.
        QVERIFY(!Csv::read("given,family\nAnn,Lee\nZo\xEB,Smith\n", &error));
        QVERIFY2(error.contains(u"Line 3"_qs) && error.contains(u"UTF-8"_qs), qPrintable(error));
        QVERIFY(!Csv::read("\xFF\xFEg\0i\0v\0", &error));
        QVERIFY2(error.contains(u"UTF-16"_qs), qPrintable(error));
        QVERIFY(!Csv::read(QByteArray("a,b\nc\0d,e\n", 10), &error));
        QVERIFY2(error.contains(u"Line 2"_qs), qPrintable(error));
        // An overlong encoding and a lone surrogate are not UTF-8 either.
        QVERIFY(!Csv::read("a,\xC0\xAF\n", &error));
        QVERIFY(!Csv::read("a,\xED\xA0\x80\n", &error));
    }

    void oddNamesSurviveByteForByte()
    {
        const QStringList names = {u"Ó Súilleabháin"_qs, u"Siân Ap Rhys"_qs,
                                   u"Zoë O'Brien-Nwosu"_qs, u"\"Peggy\", Ní Bhriain"_qs,
                                   u"two\nlines"_qs};
        const QByteArray written = Csv::line(names) + Csv::line({u"x"_qs});
        QVERIFY(written.endsWith("\r\nx\r\n"));
        QString error;
        const auto back = Csv::read(written, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size(), 2);
        QCOMPARE(back->at(0).fields, names);
        QCOMPARE(back->at(0).fields.at(0).toUtf8(),
                 QByteArray("\xC3\x93 S\xC3\xBAilleabh\xC3\xA1in"));
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
