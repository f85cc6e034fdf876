// The team lead's merge dialog from the keyboard alone: find the duplicate, see both records side
// by side, choose what to take from the duplicate, confirm, merge; a refusal is shown and the lead
// can try again. Every control is named for assistive technology.
#include "tests/support/ActiveWindow.h"
#include "ui/MergeDialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::showActive;

namespace {

Person survivor()
{
    Person p;
    p.id = QUuid::createUuid();
    p.reference = u"FS-ABCDE-FGHJK"_qs;
    p.givenName = u"Siân"_qs;
    p.familyName = u"Ap Rhys"_qs;
    p.address = u"1 Old Road"_qs;
    p.email = u"sian@example.org"_qs;
    p.version = 5;
    return p;
}

Person duplicate()
{
    Person p;
    p.id = QUuid::createUuid();
    p.reference = u"FS-KLMNP-QRSTU"_qs;
    p.givenName = u"Sian"_qs;
    p.familyName = u"Ap Rhys"_qs;
    p.dateOfBirth = QDate(1985, 3, 12);
    p.address = u"2 New Street"_qs;
    p.phone = u"029 2087 1234"_qs;
    p.email = u"sian@example.org"_qs;
    p.version = 6;
    return p;
}

int rowOf(QTableWidget *table, const QString &label)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == label) {
            return row;
        }
    }
    return -1;
}

} // namespace

class TestMergeDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findCompareConfirmMergeFromTheKeyboard()
    {
        const Person a = survivor();
        const Person b = duplicate();
        MergeDialog dialog(a);
        QVERIFY(showActive(&dialog));
        for (QWidget *w : dialog.findChildren<QWidget *>()) {
            if (w->focusPolicy() != Qt::NoFocus && w->isVisible() &&
                !qobject_cast<QAbstractScrollArea *>(w->parentWidget())) {
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
                QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            }
        }
        auto *find = dialog.findChild<QLineEdit *>(u"mergeFindLineEdit"_qs);
        auto *list = dialog.findChild<QListWidget *>(u"mergeCandidatesListWidget"_qs);
        auto *table = dialog.findChild<QTableWidget *>(u"mergeCompareTableWidget"_qs);
        auto *same = dialog.findChild<QCheckBox *>(u"mergeSamePersonCheckBox"_qs);
        auto *merge = dialog.findChild<QPushButton *>(u"mergeConfirmPushButton"_qs);
        auto *status = dialog.findChild<QLabel *>(u"mergeStatusLabel"_qs);
        QVERIFY(find && list && table && same && merge && status);
        QTRY_VERIFY(find->hasFocus());
        QVERIFY(!merge->isEnabled());

        QSignalSpy searched(&dialog, &MergeDialog::searchRequested);
        QTest::keyClicks(find, u"sian ap"_qs);
        QVERIFY(!searched.isEmpty());
        QCOMPARE(searched.last().at(0).toString(), u"sian ap"_qs);
        // An answer to an earlier keystroke is ignored; the survivor is never offered.
        dialog.setCandidates(u"sian"_qs, {{b, u"old"_qs, MatchTier::Exact, 1}});
        QCOMPARE(list->count(), 0);
        dialog.setCandidates(u"sian ap"_qs, {{a, u"name"_qs, MatchTier::Exact, 2},
                                             {b, u"name, accents folded"_qs, MatchTier::Exact, 1}});
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().contains(b.reference));

        // Down goes to the candidates and chooses the first: the two side by side.
        QTest::keyClick(find, Qt::Key_Down);
        QVERIFY(list->hasFocus());
        QCOMPARE(dialog.duplicate().id, b.id);
        const int address = rowOf(table, Person::fieldLabel(u"address"_qs));
        const int phone = rowOf(table, Person::fieldLabel(u"phone"_qs));
        const int email = rowOf(table, Person::fieldLabel(u"email"_qs));
        QCOMPARE(table->item(address, 1)->text(), u"1 Old Road"_qs);
        QCOMPARE(table->item(address, 2)->text(), u"2 New Street"_qs);
        // A blank here is filled from the duplicate whatever is ticked: shown ticked and fixed.
        QCOMPARE(table->item(phone, 2)->checkState(), Qt::Checked);
        QVERIFY(!(table->item(phone, 2)->flags() & Qt::ItemIsUserCheckable));
        // The same value on both: nothing to choose.
        QVERIFY(!(table->item(email, 2)->flags() & Qt::ItemIsUserCheckable));
        QVERIFY(dialog.fieldsToTake().isEmpty());

        // Tab to the comparison, Space on the address takes the duplicate's.
        QTest::keyClick(list, Qt::Key_Tab);
        QVERIFY(table->hasFocus());
        table->setCurrentCell(address, 2);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(dialog.fieldsToTake(), QStringList{u"address"_qs});

        // Nothing merges until the lead confirms they are the same person.
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY(same->hasFocus());
        QVERIFY(!merge->isEnabled());
        QTest::keyClick(same, Qt::Key_Space);
        QVERIFY(same->isChecked());
        QVERIFY(merge->isEnabled());
        QSignalSpy requested(&dialog, &MergeDialog::mergeRequested);
        QTest::keyClick(same, Qt::Key_Tab);
        QVERIFY(merge->hasFocus());
        QTest::keyClick(merge, Qt::Key_Space);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).value<QUuid>(), a.id);
        QCOMPARE(requested.at(0).at(1).value<QUuid>(), b.id);
        QCOMPARE(requested.at(0).at(2).toStringList(), QStringList{u"address"_qs});
        QVERIFY(!merge->isEnabled()); // not twice while the centre answers
        QVERIFY(!find->isEnabled());

        // The centre refuses: the reason is shown and the lead may try again.
        dialog.mergeFailed(u"The central service refused the request (403): Only a team lead"_qs);
        QVERIFY(status->text().contains(u"Nothing was merged"_qs));
        QVERIFY(status->text().contains(u"403"_qs));
        QVERIFY(find->isEnabled());
        QVERIFY(merge->isEnabled());
    }
};

QTEST_MAIN(TestMergeDialog)
#include "tst_mergedialog.moc"
