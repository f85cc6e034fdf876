#include "app/AppointmentService.h"
#include "tests/support/ActiveWindow.h"
#include "ui/BookingPane.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::showActive;

namespace {

AppointmentSetup sampleSetup()
{
    QFile f(qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") +
            u"/tests/data/appointment-setup.json"_qs);
    QString error;
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return AppointmentSetup::fromJson(f.readAll(), &error).value_or(AppointmentSetup{});
}

} // namespace

class TestBookingPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // From the keyboard only: choose the type, move to the slots, pick the second, Enter books it.
    void bookWithTheKeyboard()
    {
        const AppointmentSetup setup = sampleSetup();
        QVERIFY(!setup.types.isEmpty());
        AppointmentService service;
        service.useSetup(setup, {});
        service.setOffice({}, true);
        const QDateTime now(QDate(2026, 12, 23), QTime(8, 0), Qt::UTC); // a Wednesday
        BookingPane pane(&service);
        pane.setClock([now] { return now; });
        pane.resize(640, 560);
        QVERIFY(showActive(&pane));
        pane.setPerson(QUuid::createUuid(), u"Zoë O'Brien-Nwosu"_qs);

        auto *list = pane.findChild<QListWidget *>(u"bookingSlotsListWidget"_qs);
        auto *type = pane.findChild<QComboBox *>(u"bookingTypeComboBox"_qs);
        QVERIFY(list && type);
        QTRY_COMPARE(list->count(), 10);
        for (QWidget *w : pane.findChildren<QWidget *>()) {
            if (w->focusPolicy() != Qt::NoFocus && !qobject_cast<QLabel *>(w))
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }

        type->setFocus();
        QTRY_VERIFY(type->hasFocus());
        QTest::keyClick(type, Qt::Key_Down); // Blue Badge application
        QCOMPARE(type->currentData().toString(), u"blue-badge"_qs);
        QTRY_VERIFY(list->count() == 10 && list->item(0)->text().contains(u"9am"_qs) &&
                    list->item(0)->text().contains(u"Desk 1"_qs));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        // From which day: a week on Monday, as a clerk types it; a nonsense day says so.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        auto *from = pane.findChild<QLineEdit *>(u"bookingFromLineEdit"_qs);
        QCOMPARE(QApplication::focusWidget(), from);
        QTest::keyClicks(from, u"31/02"_qs);
        QTRY_VERIFY(pane.findChild<QLabel *>(u"bookingStatusLabel"_qs)
                        ->text()
                        .contains(u"not a day to come"_qs));
        QCOMPARE(list->count(), 0);
        from->clear();
        QTest::keyClicks(from, u"4/1/2027"_qs);
        QTRY_VERIFY(list->count() == 10 &&
                    list->item(0)->text().contains(u"Monday 4 January 2027"_qs));
        from->clear();
        QTRY_VERIFY(list->count() == 10 && list->item(0)->text().contains(u"9am"_qs));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), list);
        QTest::keyClick(list, Qt::Key_Down);
        const QString chosen = list->currentItem()->text();
        QVERIFY2(chosen.contains(u"Wednesday 23 December 2026, 9:15am"_qs), qPrintable(chosen));

        QSignalSpy booked(&pane, &BookingPane::booked);
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(booked.count(), 1);
        const Appointment a = booked.at(0).at(0).value<Appointment>();
        QCOMPARE(a.typeId, u"blue-badge"_qs);
        QCOMPARE(a.resourceId, u"desk-1"_qs);
        QCOMPARE(a.end, QDateTime(QDate(2026, 12, 23), QTime(9, 35), Qt::UTC));
        QCOMPARE(a.start, QDateTime(QDate(2026, 12, 23), QTime(9, 15), Qt::UTC));
        QCOMPARE(a.status, Appointment::Status::Provisional);
        const QString status = pane.findChild<QLabel *>(u"bookingStatusLabel"_qs)->text();
        QVERIFY2(status.contains(u"Provisional"_qs), qPrintable(status));
        // The slot is held at once: the list no longer offers it.
        QTRY_VERIFY(list->count() == 10 && list->item(0)->text().contains(u"9:45am"_qs));
        for (int i = 0; i < list->count(); ++i)
            QVERIFY2(!list->item(i)->text().contains(u"23 December 2026, 9:15am"_qs),
                     qPrintable(list->item(i)->text()));

        const QString shot = qEnvironmentVariable("FIRSTSTOP_SCREENSHOT_DIR");
        if (!shot.isEmpty())
            QVERIFY(pane.grab().save(shot + u"/booking-pane.png"_qs));
    }
};

QTEST_MAIN(TestBookingPane)
#include "tst_bookingpane.moc"
