#include "models/ConflictListModel.h"
#include "tests/support/ActiveWindow.h"
#include "ui/ConflictsPane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
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
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

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
        // Each value on the first line; who and when (unknown here) below it.
        QCOMPARE(model.index(0, ConflictListModel::DeskColumn).data().toString().split(u'\n'),
                 (QStringList{u"029 2018 0111"_qs, u"who and when not known"_qs}));
        QCOMPARE(model.index(0, ConflictListModel::CentreColumn).data().toString().split(u'\n'),
                 (QStringList{u"029 2018 0222"_qs, u"who and when not known"_qs}));
        QVERIFY(model.index(0, ConflictListModel::CentreColumn)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(u"42"));
        QVERIFY(model.index(1, ConflictListModel::DeskColumn)
                    .data()
                    .toString()
                    .startsWith(u"(empty)\n"_qs));
    }

    // Both sides say who made the change and when, in local time, so the clerk knows whose
    // change they would overrule; their own edits read "you".
    void bothSidesSayWhoAndWhen()
    {
        ConflictListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now(QDate(2026, 11, 23), QTime(15, 30));
        model.setNow(now);
        model.setCurrentUser(u"counter1"_qs);
        QList<ConflictRecord> conflicts = twoConflicts();
        const QDateTime deskAt = QDateTime(QDate(2026, 11, 23), QTime(13, 55)).toUTC();
        const QDateTime centreAt = QDateTime(QDate(2026, 11, 23), QTime(14, 2)).toUTC();
        conflicts[0].deskChange = {u"counter1"_qs, u"Counter Desk 1"_qs, deskAt};
        conflicts[0].centreChange = {u"lead1"_qs, u"Zoë O'Brien-Nwosu"_qs, centreAt};
        // The e-mail: typed yesterday by the colleague who had the desk before; changed at the
        // centre by a user the centre names only by user name, on an earlier day this year.
        conflicts[1].deskChange = {u"counter2"_qs, u"Siân Ap Rhys"_qs, deskAt.addDays(-1)};
        conflicts[1].centreChange = {u"import"_qs, {}, centreAt.addDays(-10)};
        model.setConflicts(conflicts);
        // British English (initTestCase), to the minute. In the cell, the day and time are
        // kept together (no-break spaces) when it wraps.
        const QString today1355 = u"today\u00a013:55"_qs;
        const QString today1402 = u"today\u00a014:02"_qs;
        QCOMPARE(model.index(0, ConflictListModel::DeskColumn).data().toString(),
                 QString(u"029 2018 0111\nyou, "_qs + today1355));
        QCOMPARE(model.index(0, ConflictListModel::CentreColumn).data().toString(),
                 QString(u"029 2018 0222\nZoë O'Brien-Nwosu, "_qs + today1402));
        // What a screen reader hears and the tooltip: one sentence per side.
        QCOMPARE(
            model.index(0, ConflictListModel::DeskColumn).data(Qt::AccessibleTextRole).toString(),
            u"This desk: 029 2018 0111 — you, today 13:55"_qs);
        QCOMPARE(
            model.index(0, ConflictListModel::CentreColumn).data(Qt::ToolTipRole).toString(),
            u"Central service: 029 2018 0222 — changed by Zoë O'Brien-Nwosu, today 14:02 (version 42)"_qs);
        QCOMPARE(model.index(1, ConflictListModel::DeskColumn).data().toString(),
                 u"(empty)\nSiân Ap Rhys, yesterday\u00a013:55"_qs);
        QCOMPARE(
            model.index(1, ConflictListModel::CentreColumn).data(Qt::ToolTipRole).toString(),
            u"Central service: sean@example.org — changed by import, 13 Nov 14:02 (version 42)"_qs);
        // The same user's change at the centre came from another desk of theirs.
        conflicts[0].centreChange.username = u"COUNTER1"_qs;
        model.setConflicts(conflicts);
        QVERIFY(model.index(0, ConflictListModel::CentreColumn)
                    .data()
                    .toString()
                    .endsWith(u"you, on another desk, "_qs + today1402));
        // Nobody signed in: the name, never "you".
        model.setCurrentUser({});
        QVERIFY(model.index(0, ConflictListModel::DeskColumn)
                    .data()
                    .toString()
                    .endsWith(u"Counter Desk 1, "_qs + today1355));
    }

    // A person looks at the pane as the main window shows it (the right-hand part of a
    // 1280x800 screen): both values with who and when readable without scrolling sideways.
    void readableAtTheWidthItHas()
    {
        ConflictsPane pane;
        pane.resize(520, 700);
        pane.setCurrentUser(u"counter1"_qs);
        QList<ConflictRecord> conflicts = twoConflicts();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        conflicts[0].deskChange = {u"counter1"_qs, u"Counter Desk 1"_qs, now.addSecs(-7 * 60)};
        conflicts[0].centreChange = {u"lead1"_qs, u"Team Lead 1"_qs, now.addSecs(-2 * 60)};
        conflicts[1].deskChange = conflicts[0].deskChange;
        pane.setConflicts(conflicts);
        QVERIFY(showActive(&pane));
        QTableView *view = pane.view();
        QTRY_VERIFY(view->isVisible());
        if (const QString dir = qEnvironmentVariable("FIRSTSTOP_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(pane.grab().save(dir + u"/conflicts-pane.png"_qs));
        }
        QVERIFY2(!view->horizontalScrollBar()->isVisible(),
                 "the conflicts table scrolls sideways at the pane's width");
        // Who and when are there to read, not cut off: the row is tall enough for each value
        // and its second line, wrapped to the column's width.
        for (const int column : {ConflictListModel::DeskColumn, ConflictListModel::CentreColumn}) {
            const QString text = view->model()->index(0, column).data().toString();
            const QRect needed = view->fontMetrics().boundingRect(
                QRect(0, 0, view->columnWidth(column) - 8, 10000), Qt::TextWordWrap, text);
            QVERIFY2(view->rowHeight(0) >= needed.height(), qPrintable(text));
        }
        // Rows are tall enough for the value and the line below it.
        QVERIFY(view->rowHeight(0) >= 2 * view->fontMetrics().height());
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
