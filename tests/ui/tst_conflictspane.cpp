#include "models/ConflictListModel.h"
#include "tests/support/ActiveWindow.h"
#include "ui/ConflictsPane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::showActive;

class TestConflictsPane : public QObject
{
    Q_OBJECT

private:
    static QList<ConflictRecord> twoConflicts()
    {
        ConflictRecord phone{11,
                             QUuid::createUuid(),
                             u"Seán Ó Briain"_qs,
                             u"phone"_qs,
                             u"029 2018 0111"_qs,
                             u"029 2018 0222"_qs,
                             42,
                             QDateTime::currentDateTimeUtc()};
        ConflictRecord email = phone;
        email.id = 12;
        email.field = u"email"_qs;
        email.deskValue = QJsonValue(QJsonValue::Null);
        email.centreValue = u"sean@example.org"_qs;
        return {phone, email};
    }

private Q_SLOTS:
    void bothVersionsSideBySide()
    {
        ConflictListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConflicts(twoConflicts());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ConflictListModel::PersonColumn).data().toString(),
                 u"Seán Ó Briain"_qs);
        QCOMPARE(model.index(0, ConflictListModel::FieldColumn).data().toString(), u"Phone"_qs);
        QCOMPARE(model.index(0, ConflictListModel::DeskColumn).data().toString(),
                 u"029 2018 0111"_qs);
        QCOMPARE(model.index(0, ConflictListModel::CentreColumn).data().toString(),
                 u"029 2018 0222"_qs);
        QVERIFY(model.index(0, ConflictListModel::CentreColumn)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(u"42"));
        QCOMPARE(model.index(1, ConflictListModel::DeskColumn).data().toString(), u"(empty)"_qs);
    }

    void keyboardChoosesEitherValue()
    {
        ConflictsPane pane;
        pane.setConflicts(twoConflicts());
        QVERIFY(showActive(&pane));
        QSignalSpy resolve(&pane, &ConflictsPane::resolveRequested);
        pane.view()->setFocus();
        // Tab from the table reaches "Keep this desk's value"; Space presses it.
        QTest::keyClick(pane.view(), Qt::Key_Tab);
        auto *keepDesk = pane.findChild<QPushButton *>(u"keepDeskPushButton"_qs);
        QTRY_VERIFY(keepDesk->hasFocus());
        QTest::keyClick(keepDesk, Qt::Key_Space);
        QCOMPARE(resolve.size(), 1);
        QCOMPARE(resolve.at(0).at(0).toLongLong(), 11);
        QCOMPARE(resolve.at(0).at(1).toBool(), true);
        pane.view()->setFocus();
        QTest::keyClick(pane.view(), Qt::Key_Down);
        QTest::keyClick(pane.view(), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        auto *keepCentre = pane.findChild<QPushButton *>(u"keepCentrePushButton"_qs);
        QTRY_VERIFY(keepCentre->hasFocus());
        QTest::keyClick(keepCentre, Qt::Key_Space);
        QCOMPARE(resolve.size(), 2);
        QCOMPARE(resolve.at(1).at(0).toLongLong(), 12);
        QCOMPARE(resolve.at(1).at(1).toBool(), false);
        QSignalSpy closed(&pane, &ConflictsPane::closeRequested);
        QTest::keyClick(pane.view(), Qt::Key_Escape);
        QCOMPARE(closed.size(), 1);
    }

    void nothingLeftSaysSoAndDisablesTheChoices()
    {
        ConflictsPane pane;
        pane.setConflicts({});
        QVERIFY(!pane.findChild<QPushButton *>(u"keepDeskPushButton"_qs)->isEnabled());
        QVERIFY(!pane.findChild<QPushButton *>(u"keepCentrePushButton"_qs)->isEnabled());
        QVERIFY(pane.findChild<QLabel *>(u"conflictSummaryLabel"_qs)->text().contains(u"Nothing"));
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestConflictsPane test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_conflictspane.moc"
