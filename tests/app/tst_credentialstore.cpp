#include "app/CredentialStore.h"

#include <QDir>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTest>

using namespace FirstStop;

// Against the real Secret Service (gnome-keyring in the test harness's private D-Bus session).
class TestCredentialStore : public QObject
{
    Q_OBJECT

private:
    static bool harness() { return qEnvironmentVariableIntValue("FIRSTSTOP_HARNESS") == 1; }

    void requireKeychain()
    {
        if (qEnvironmentVariableIsSet("FIRSTSTOP_EXPECT_NO_KEYCHAIN")) {
            QSKIP("this run checks the no-keychain case only");
        }
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            if (harness()) {
                QFAIL("the test harness should provide a D-Bus session with gnome-keyring");
            }
            QSKIP("no D-Bus session bus (run under scripts/test.sh)");
        }
    }

private Q_SLOTS:
    void storesReadsAndRemovesAToken()
    {
        requireKeychain();
        CredentialStore store(QStringLiteral("org.firststop.FirstStop.test"));
        const QString key = CredentialStore::keyFor(
            QStringLiteral("counter1"),
            QStringLiteral("https://test-%1.invalid").arg(QCoreApplication::applicationPid()));
        const QString secret =
            QStringLiteral("refresh-Ó-%1").arg(QDateTime::currentMSecsSinceEpoch());

        QSignalSpy written(&store, &CredentialStore::written);
        QSignalSpy failed(&store, &CredentialStore::failed);
        store.write(key, secret);
        QVERIFY(QTest::qWaitFor([&] { return !written.isEmpty() || !failed.isEmpty(); }, 20000));
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));

        QSignalSpy read(&store, &CredentialStore::readFinished);
        store.read(key);
        QVERIFY(QTest::qWaitFor([&] { return !read.isEmpty() || !failed.isEmpty(); }, 20000));
        QVERIFY(failed.isEmpty());
        QCOMPARE(read.at(0).at(0).toString(), key);
        QCOMPARE(read.at(0).at(1).toString(), secret);

        QSignalSpy removed(&store, &CredentialStore::removed);
        store.remove(key);
        QVERIFY(QTest::qWaitFor([&] { return !removed.isEmpty() || !failed.isEmpty(); }, 20000));
        QSignalSpy notFound(&store, &CredentialStore::notFound);
        store.read(key);
        QVERIFY(QTest::qWaitFor([&] { return !notFound.isEmpty() || !failed.isEmpty(); }, 20000));
        QCOMPARE(notFound.size(), 1);
    }

    void missingEntryIsNotAnError()
    {
        requireKeychain();
        CredentialStore store(QStringLiteral("org.firststop.FirstStop.test"));
        QSignalSpy notFound(&store, &CredentialStore::notFound);
        QSignalSpy failed(&store, &CredentialStore::failed);
        store.read(QStringLiteral("nobody@https://never.invalid"));
        QVERIFY(QTest::qWaitFor([&] { return !notFound.isEmpty() || !failed.isEmpty(); }, 20000));
        QCOMPARE(notFound.size(), 1);
        QCOMPARE(failed.size(), 0);
    }

    // Run by tst_credentialstore_nokeychain with a D-Bus address that goes nowhere.
    void noKeychainGivesClearMessage()
    {
        if (!qEnvironmentVariableIsSet("FIRSTSTOP_EXPECT_NO_KEYCHAIN")) {
            QSKIP("run as tst_credentialstore_nokeychain");
        }
        CredentialStore store(QStringLiteral("org.firststop.FirstStop.test"));
        QSignalSpy written(&store, &CredentialStore::written);
        QSignalSpy failed(&store, &CredentialStore::failed);
        store.write(QStringLiteral("counter1@https://x.invalid"), QStringLiteral("secret-token"));
        QVERIFY(QTest::qWaitFor([&] { return !written.isEmpty() || !failed.isEmpty(); }, 20000));
        QCOMPARE(written.size(), 0);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.at(0).at(1).toString().contains(u"keychain", Qt::CaseInsensitive),
                 qPrintable(failed.at(0).at(1).toString()));
        // No plaintext fallback: the secret is in no file under the config folder.
        QDirIterator it(qEnvironmentVariable("XDG_CONFIG_HOME"), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("secret-token"), qPrintable(f.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
