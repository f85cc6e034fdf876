// The shared counter PC's screen lock, with the real window, the real desk layer, the real
// keychain (the offline verifier the same user unlocks against) and a real server process.
#include "app/DeskController.h"
#include "tests/support/ActiveWindow.h"
#include "tests/support/ServerProcess.h"
#include "ui/MainWindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;
using FirstStop::Test::ServerProcess;
using FirstStop::Test::showActive;

class TestLockScreen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ServerProcess m_server;
    std::unique_ptr<DeskController> m_desk;
    std::unique_ptr<MainWindow> m_window;
    QString m_residentName; // a name the search showed before the lock

    QLineEdit *lockPassword() const
    {
        return m_window->findChild<QLineEdit *>(u"lockPasswordLineEdit"_qs);
    }
    QLineEdit *lockUsername() const
    {
        return m_window->findChild<QLineEdit *>(u"lockUsernameLineEdit"_qs);
    }

    // Every piece of text a person could read in the window right now.
    QStringList visibleText() const
    {
        QStringList out{m_window->windowTitle()};
        for (QWidget *w : m_window->findChildren<QWidget *>()) {
            if (!w->isVisible()) {
                continue;
            }
            if (auto *label = qobject_cast<QLabel *>(w)) {
                out << label->text();
            } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
                out << edit->text();
            } else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
                for (int r = 0; r < view->model()->rowCount(); ++r) {
                    for (int c = 0; c < view->model()->columnCount(); ++c) {
                        out << view->model()->index(r, c).data().toString();
                    }
                }
            }
        }
        return out;
    }

    void searchAndRemember(const QString &text)
    {
        m_window->searchBox()->setFocus();
        QTest::keyClicks(m_window->searchBox(), text);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->resultsView()->model()->rowCount() > 0, 10000);
        m_residentName = m_window->resultsView()->model()->index(0, 0).data().toString();
        QVERIFY(!m_residentName.isEmpty());
        QVERIFY(visibleText().join(u'\n').contains(m_residentName));
    }

    void typeOnLockScreen(const QString &username, const QString &password)
    {
        QTRY_VERIFY(lockPassword()->isVisible());
        lockUsername()->setFocus();
        lockUsername()->selectAll();
        QTest::keyClicks(lockUsername(), username);
        QTest::keyClick(lockUsername(), Qt::Key_Tab);
        QTRY_VERIFY(lockPassword()->hasFocus());
        QTest::keyClicks(lockPassword(), password);
        QTest::keyClick(lockPassword(), Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(u"sqlite:"_qs + m_dir.filePath(u"server.db"_qs),
                                {u"--demo-users"_qs, u"--demo"_qs, u"300"_qs}),
                 qPrintable(m_server.errorString()));
    }

    void init()
    {
        m_desk = std::make_unique<DeskController>();
        m_window = std::make_unique<MainWindow>(m_desk.get());
        QSignalSpy ready(m_desk.get(), &DeskController::ready);
        QSignalSpy verifierSaved(m_desk.get(), &DeskController::offlineSignInSaved);
        m_desk->start(m_dir.filePath(u"desk"_qs), m_server.baseUrl());
        QVERIFY(ready.wait(10000));
        QVERIFY(showActive(m_window.get()));
        m_desk->signIn(u"counter1"_qs, u"counter1-demo"_qs);
        // The same user unlocks against the verifier kept in the keychain at this sign-in.
        QVERIFY(verifierSaved.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->status().people == 300, 20000);
        searchAndRemember(u"a"_qs);
    }

    void cleanup()
    {
        m_window.reset();
        m_desk.reset();
    }

    void ctrlLLocksAndHidesEveryResident()
    {
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_L));
        QVERIFY(m_window->isLocked());
        QTRY_VERIFY(lockPassword()->hasFocus());
        const QString shown = visibleText().join(u'\n');
        QVERIFY2(!shown.contains(m_residentName), qPrintable(shown));
        QVERIFY(!m_window->searchBox()->isVisible());
        QVERIFY(!m_window->resultsView()->isVisible());
        // Nothing else works while locked: Ctrl+K does not bring the search back.
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_K));
        QVERIFY(!m_window->searchBox()->isVisible());
    }

    void wrongPasswordStaysLockedSamePasswordUnlocksWithWorkKept()
    {
        const QString searched = m_window->searchBox()->text();
        m_window->lock();
        typeOnLockScreen(u"counter1"_qs, u"not-my-password"_qs);
        auto *message = m_window->findChild<QLabel *>(u"lockMessageLabel"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible() && message->text().contains(u"not the right"),
                                 15000);
        QVERIFY(m_window->isLocked());
        QVERIFY(!visibleText().join(u'\n').contains(m_residentName));
        if (const QString shot = qEnvironmentVariable("FIRSTSTOP_LOCK_SCREENSHOT");
            !shot.isEmpty()) {
            m_window->grab().save(shot); // for docs and review
        }

        typeOnLockScreen(u"counter1"_qs, u"counter1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isLocked(), 15000);
        QVERIFY(m_window->searchBox()->isVisible());
        QCOMPARE(m_window->searchBox()->text(), searched);
        QVERIFY(visibleText().join(u'\n').contains(m_residentName));
    }

    void idleDeskLocksByItselfButNotWhileSomeoneTypes()
    {
        m_window->setIdleLockInterval(1500);
        // Someone working: a key every 300 ms for 3 s keeps it open.
        for (int i = 0; i < 10; ++i) {
            QTest::keyClick(m_window->searchBox(), Qt::Key_Right);
            QTest::qWait(300);
            QVERIFY(!m_window->isLocked());
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_window->isLocked(), 10000);
        QVERIFY(!visibleText().join(u'\n').contains(m_residentName));
    }

    void reconnectingByItselfNeverUnlocks()
    {
        m_window->lock();
        // What the desk layer says when a session comes back without anyone typing.
        Q_EMIT m_desk->signedIn(m_desk->user());
        QVERIFY(m_window->isLocked());
    }

    void theNextMemberOfStaffStartsWithAnEmptyScreen()
    {
        m_window->lock();
        typeOnLockScreen(u"lead1"_qs, u"lead1-demo"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isLocked(), 20000);
        QCOMPARE(m_desk->user().username, u"lead1"_qs);
        QVERIFY(m_window->searchBox()->text().isEmpty());
        QCOMPARE(m_window->resultsView()->model()->rowCount(), 0);
        const QString shown = visibleText().join(u'\n');
        QVERIFY2(!shown.contains(m_residentName), qPrintable(shown));
        QVERIFY(shown.contains(u"Team Lead 1"));
    }
};

QTEST_MAIN(TestLockScreen)
#include "tst_lockscreen.moc"
