#include "models/PasswordHasher.h"

#include <QTest>

using namespace FirstStop;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rightPasswordVerifies()
    {
        const QString encoded = PasswordHasher::hash(QStringLiteral("corréct horse 🐴"));
        QVERIFY(encoded.startsWith(u"scrypt$32768$8$1$"));
        QVERIFY(PasswordHasher::isWellFormed(encoded));
        QVERIFY(PasswordHasher::verify(QStringLiteral("corréct horse 🐴"), encoded));
    }

    void wrongPasswordFails()
    {
        const QString encoded = PasswordHasher::hash(QStringLiteral("counter1-demo"));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("counter1-demO"), encoded));
        QVERIFY(!PasswordHasher::verify(QString(), encoded));
    }

    void sameWordTwiceGivesDifferentHashes()
    {
        const QString a = PasswordHasher::hash(QStringLiteral("same"));
        const QString b = PasswordHasher::hash(QStringLiteral("same"));
        QVERIFY(!a.isEmpty());
        QVERIFY(a != b); // a fresh salt each time: equal passwords are not visible in the table
        QVERIFY(PasswordHasher::verify(QStringLiteral("same"), a));
        QVERIFY(PasswordHasher::verify(QStringLiteral("same"), b));
    }

    void tamperedHashFails()
    {
        QString encoded = PasswordHasher::hash(QStringLiteral("pw"));
        const qsizetype last = encoded.size() - 3; // inside the hash, before any '=' padding
        encoded[last] = encoded.at(last) == u'A' ? u'B' : u'A';
        QVERIFY(PasswordHasher::isWellFormed(encoded));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("pw"), encoded));
    }

    void malformedEncodingsAreRejected_data()
    {
        QTest::addColumn<QString>("encoded");
        const QString good = PasswordHasher::hash(QStringLiteral("pw"));
        const QStringList parts = good.split(u'$');
        const auto with = [&](int index, const QString &value) {
            QStringList p = parts;
            p[index] = value;
            return p.join(u'$');
        };
        QTest::newRow("empty") << QString();
        QTest::newRow("plain text") << QStringLiteral("pw");
        QTest::newRow("other scheme") << with(0, QStringLiteral("bcrypt"));
        QTest::newRow("too few parts") << parts.mid(0, 5).join(u'$');
        QTest::newRow("extra part") << good + QStringLiteral("$x");
        QTest::newRow("N not a power of two") << with(1, QStringLiteral("30000"));
        QTest::newRow("N absurdly large") << with(1, QStringLiteral("1073741824"));
        QTest::newRow("N negative") << with(1, QStringLiteral("-32768"));
        QTest::newRow("r zero") << with(2, QStringLiteral("0"));
        QTest::newRow("p not a number") << with(3, QStringLiteral("one"));
        QTest::newRow("salt not base64") << with(4, QStringLiteral("***"));
        QTest::newRow("salt too short") << with(4, QStringLiteral("AAAA"));
        QTest::newRow("hash empty") << with(5, QString());
    }

    void malformedEncodingsAreRejected()
    {
        QFETCH(QString, encoded);
        QVERIFY(!PasswordHasher::isWellFormed(encoded));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("pw"), encoded));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
