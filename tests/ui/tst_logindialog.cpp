#include "tests/support/ActiveWindow.h"
#include "ui/LoginDialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::showActive;

namespace {} // namespace

class TestLoginDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyboardOnlySignIn()
    {
        LoginDialog dialog(u"https://firststop.example.invalid"_qs);
        dialog.setUsername(u"counter1"_qs);
        QVERIFY(showActive(&dialog));
        auto *password = dialog.findChild<QLineEdit *>(u"passwordLineEdit"_qs);
        QTRY_VERIFY(password->hasFocus()); // the user name is known: straight to the password
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QSignalSpy requested(&dialog, &LoginDialog::signInRequested);
        QTest::keyClicks(password, u"counter1-demo"_qs);
        QTest::keyClick(password, Qt::Key_Return);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), u"counter1"_qs);
        QCOMPARE(requested.at(0).at(1).toString(), u"counter1-demo"_qs);
        // Busy: a second Enter does not send a second request.
        QVERIFY(!password->isEnabled());
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(requested.size(), 1);
    }

    void errorKeepsTheUserNameAndSelectsThePassword()
    {
        LoginDialog dialog(u"https://firststop.example.invalid"_qs);
        dialog.setUsername(u"counter1"_qs);
        QVERIFY(showActive(&dialog));
        auto *password = dialog.findChild<QLineEdit *>(u"passwordLineEdit"_qs);
        QTest::keyClicks(password, u"wrong"_qs);
        QTest::keyClick(password, Qt::Key_Return);
        dialog.showError(u"The user name or password is not right."_qs);
        auto *message = dialog.findChild<QLabel *>(u"messageLabel"_qs);
        QVERIFY(message->isVisible());
        QCOMPARE(message->text(), u"The user name or password is not right."_qs);
        QVERIFY(password->isEnabled());
        QCOMPARE(password->selectedText(), u"wrong"_qs); // typing replaces it
        QCOMPARE(dialog.username(), u"counter1"_qs);
    }

    void emptyFieldsAreNotSent()
    {
        LoginDialog dialog(u"https://firststop.example.invalid"_qs);
        QVERIFY(showActive(&dialog));
        QSignalSpy requested(&dialog, &LoginDialog::signInRequested);
        dialog.findChild<QPushButton *>(u"signInPushButton"_qs)->click();
        QCOMPARE(requested.size(), 0);
        QVERIFY(dialog.findChild<QLabel *>(u"messageLabel"_qs)->isVisible());
    }

    void everyControlHasAnAccessibleName()
    {
        LoginDialog dialog(u"https://firststop.example.invalid"_qs);
        const auto widgets = dialog.findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            if (qobject_cast<QLineEdit *>(w) || qobject_cast<QPushButton *>(w)) {
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
            }
        }
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestLoginDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logindialog.moc"
