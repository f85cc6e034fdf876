#include "ui/SyncStatusLabel.h"

#include <QApplication>
#include <QTest>

using namespace FirstStop;

// The status area in words: a clerk must be able to tell, without colour, whether the desk is
// online and whether anything is waiting.
class TestSyncStatusLabel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describesEachState_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<int>("pending");
        QTest::addColumn<int>("conflicts");
        QTest::addColumn<int>("rejected");
        QTest::addColumn<int>("retry");
        QTest::addColumn<QStringList>("mentions");
        using C = SyncStatus::Connection;
        QTest::newRow("not signed in")
            << int(C::NotSignedIn) << 0 << 0 << 0 << 0 << QStringList{u"Not signed in"_qs};
        QTest::newRow("online") << int(C::Online) << 0 << 0 << 0 << 0 << QStringList{u"Online"_qs};
        QTest::newRow("offline one waiting")
            << int(C::Offline) << 1 << 0 << 0 << 8
            << QStringList{u"Offline"_qs, u"retrying in 8 s"_qs, u"1 change waiting"_qs};
        QTest::newRow("many waiting and conflicts")
            << int(C::Online) << 12 << 2 << 1 << 0
            << QStringList{u"12 changes waiting"_qs, u"2 conflicts to resolve"_qs,
                           u"1 change refused"_qs};
    }

    void describesEachState()
    {
        QFETCH(int, connection);
        QFETCH(int, pending);
        QFETCH(int, conflicts);
        QFETCH(int, rejected);
        QFETCH(int, retry);
        QFETCH(QStringList, mentions);
        SyncStatus s;
        s.connection = SyncStatus::Connection(connection);
        s.pending = pending;
        s.conflicts = conflicts;
        s.rejected = rejected;
        s.nextRetrySeconds = retry;
        SyncStatusLabel label;
        label.setStatus(s);
        for (const QString &m : mentions) {
            QVERIFY2(label.text().contains(m), qPrintable(label.text()));
        }
        QCOMPARE(label.accessibleDescription(), label.text()); // screen readers hear it too
        if (pending == 0) {
            QVERIFY(!label.text().contains(u"waiting"));
        }
    }

    void tooltipCarriesTheLastError()
    {
        SyncStatus s;
        s.connection = SyncStatus::Connection::Offline;
        s.lastError = u"Cannot reach the central service: Connection refused"_qs;
        SyncStatusLabel label;
        label.setStatus(s);
        QVERIFY(label.toolTip().contains(u"Connection refused"));
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestSyncStatusLabel test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_syncstatuslabel.moc"
