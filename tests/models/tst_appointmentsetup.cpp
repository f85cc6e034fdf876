#include "models/AppointmentSetup.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace FirstStop;

namespace {

QByteArray sample()
{
    QFile f(qEnvironmentVariable("FIRSTSTOP_SOURCE_DIR") +
            u"/tests/data/appointment-setup.json"_qs);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The sample with one value replaced at a path like "places/0/hours/thursday".
QByteArray edited(const QStringList &path, const QJsonValue &value)
{
    QJsonValue root = QJsonDocument::fromJson(sample()).object();
    std::function<QJsonValue(QJsonValue, int)> set = [&](QJsonValue node, int depth) -> QJsonValue {
        if (depth == path.size())
            return value;
        const QString key = path[depth];
        if (node.isArray()) {
            QJsonArray a = node.toArray();
            a[key.toInt()] = set(a[key.toInt()], depth + 1);
            return a;
        }
        QJsonObject o = node.toObject();
        o[key] = set(o[key], depth + 1);
        return o;
    };
    return QJsonDocument(set(root, 0).toObject()).toJson();
}

} // namespace

class TestAppointmentSetup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theSampleLoadsAndGivesSlots()
    {
        QString error;
        const auto setup = AppointmentSetup::fromJson(sample(), &error);
        QVERIFY2(setup, qPrintable(error));
        QCOMPARE(setup->places.size(), 3);
        QCOMPARE(setup->places[0].weeklyHours.size(), 7); // Wednesday has a lunch break
        QCOMPARE(setup->places[0].closures[1].to, QDate(2027, 1, 18));
        QVERIFY(setup->places[0].closures[1].isWholeDay());
        QCOMPARE(setup->places[2].timeZone, u"Europe/Dublin"_qs);
        QCOMPARE(setup->places[1].timeZone, u"Europe/London"_qs); // the default
        QCOMPARE(setup->types[1].bufferMinutes, 0);

        SlotEngine engine;
        setup->applyTo(&engine);
        SlotQuery q;
        q.typeId = u"housing"_qs;
        q.now = QDateTime(QDate(2026, 12, 24), QTime(11, 0),
                          QTimeZone("Europe/London")); // Christmas Eve
        q.placeIds = {u"fss-llandudno"_qs};
        q.limit = 3;
        const QList<FreeSlot> slots = engine.nextFreeSlots(q);
        QCOMPARE(slots.size(), 3);
        // An hour's notice, then the 13:00-17:00 closure: 12:00 and 12:15, then 17:00 (a late
        // Thursday).
        QCOMPARE(slots[0].start, QDateTime(QDate(2026, 12, 24), QTime(12, 0), Qt::UTC));
        QCOMPARE(slots[1].start, QDateTime(QDate(2026, 12, 24), QTime(12, 15), Qt::UTC));
        QCOMPARE(slots[2].start, QDateTime(QDate(2026, 12, 24), QTime(17, 0), Qt::UTC));
    }

    void badInputSaysWhatAndWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not JSON") << QByteArray("{ places: ") << u"not a JSON object"_qs;
        QTest::newRow("no places") << QByteArray("{}") << u"no places"_qs;
        QTest::newRow("bad time")
            << edited({u"places"_qs, u"0"_qs, u"hours"_qs, u"thursday"_qs},
                      QJsonArray{QJsonArray{u"09:00"_qs, u"19:70"_qs}})
            << u"places[0] \"fss-llandudno\": hours.thursday[0]: \"19:70\" is not a time"_qs;
        QTest::newRow("closes before opening")
            << edited({u"places"_qs, u"1"_qs, u"hours"_qs, u"tuesday"_qs},
                      QJsonArray{QJsonArray{u"13:00"_qs, u"10:00"_qs}})
            << u"closes at 10:00, before it opens at 13:00"_qs;
        QTest::newRow("unknown day")
            << edited({u"places"_qs, u"1"_qs, u"hours"_qs, u"funday"_qs}, QJsonArray{})
            << u"\"funday\" is not a day of the week"_qs;
        QTest::newRow("unknown zone")
            << edited({u"places"_qs, u"2"_qs, u"time_zone"_qs}, u"Europe/Atlantis"_qs)
            << u"\"Europe/Atlantis\" is not a known time zone"_qs;
        QTest::newRow("bad closure date")
            << edited({u"places"_qs, u"0"_qs, u"closures"_qs, u"1"_qs, u"from"_qs},
                      u"2027-02-30"_qs)
            << u"closures[1]: \"2027-02-30\" is not a date"_qs;
        QTest::newRow("resource at unknown place")
            << edited({u"resources"_qs, u"0"_qs, u"places"_qs}, QJsonArray{u"mars"_qs})
            << u"resources[0] \"amy\": places: \"mars\" is not one of the places"_qs;
        QTest::newRow("type with unknown resource")
            << edited({u"appointment_types"_qs, u"1"_qs, u"resources"_qs}, QJsonArray{u"bob"_qs})
            << u"\"bob\" is not one of the resources"_qs;
        QTest::newRow("zero duration")
            << edited({u"appointment_types"_qs, u"0"_qs, u"duration_minutes"_qs}, 0)
            << u"duration_minutes: must be a whole number from 5 to 480"_qs;
        QTest::newRow("duplicate id") << edited({u"resources"_qs, u"1"_qs, u"id"_qs}, u"amy"_qs)
                                      << u"\"amy\" is used twice"_qs;
        QTest::newRow("nobody can take it")
            << edited({u"appointment_types"_qs, u"1"_qs, u"resources"_qs}, QJsonArray{})
            << u"nobody can take it"_qs;
    }

    void badInputSaysWhatAndWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!AppointmentSetup::fromJson(json, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestAppointmentSetup)
#include "tst_appointmentsetup.moc"
