// bench_slots: the desk's "next free slots" against a busy calendar.
//
//   bench_slots [--places 20] [--appointments 50000] [--weeks 8] [--queries 2000] [--seed N]
//
// Builds 20 places (London and Dublin time, hours that differ by day: late Thursdays, Saturday
// mornings, a library with short sessions; bank holidays of their regions; a few closures), six
// resources a place plus two advisers shared by neighbouring places, five appointment types (15 to
// 90 minutes, with buffers), and N existing appointments packed into the next W weeks. Then times
// queries of the kinds a desk asks: the next 10 free slots across every place soonest first, at a
// chosen place, at a chosen time of day, with a chosen adviser, for the hardest type (90 minutes,
// which rarely fits). Prints p50/p90/p99/max per kind and overall, and how long loading the
// appointments into the engine takes. Then the desk's side of the same calendar: the appointment
// records read into an AppointmentBook (what the sync thread does after every sync that touches
// them), a place's day and a person's appointments looked up in it (what the GUI thread does for
// the day view and the person's page). See docs/benchmarks.md.
#include "models/Appointment.h"
#include "models/SlotEngine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>

using namespace FirstStop;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

struct Stats
{
    QList<double> ms;
    double at(double q) const
    {
        QList<double> s = ms;
        std::sort(s.begin(), s.end());
        return s.at(std::min<qsizetype>(s.size() - 1, qsizetype(q * double(s.size()))));
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"places"_qs, u"places"_qs, u"n"_qs, u"20"_qs});
    parser.addOption({u"appointments"_qs, u"existing appointments"_qs, u"n"_qs, u"50000"_qs});
    parser.addOption({u"weeks"_qs, u"weeks ahead"_qs, u"n"_qs, u"8"_qs});
    parser.addOption({u"queries"_qs, u"queries timed"_qs, u"n"_qs, u"2000"_qs});
    parser.addOption({u"seed"_qs, u"random seed"_qs, u"n"_qs, u"6"_qs});
    parser.process(app);
    const int placeCount = parser.value(u"places"_qs).toInt();
    const int wanted = parser.value(u"appointments"_qs).toInt();
    const int weeks = parser.value(u"weeks"_qs).toInt();
    const int queries = parser.value(u"queries"_qs).toInt();
    QRandomGenerator rng(parser.value(u"seed"_qs).toUInt());

    // Monday 2 March 2026, 08:00 London: the eight weeks cross the spring clock change and Easter.
    const QDate firstDay(2026, 3, 2);
    const QDateTime now(firstDay, QTime(8, 0), QTimeZone("Europe/London"));

    QList<Place> places;
    QList<Resource> resources;
    for (int i = 0; i < placeCount; ++i) {
        Place p;
        p.id = u"place-%1"_qs.arg(i);
        p.name = u"Place %1"_qs.arg(i);
        const bool irish = i % 10 == 9;
        p.timeZone = irish ? u"Europe/Dublin"_qs : u"Europe/London"_qs;
        p.region = irish ? u"ireland"_qs : (i % 7 == 3 ? u"scotland"_qs : u"england-and-wales"_qs);
        if (i % 5 == 4) { // a library: two short sessions a day, Saturday morning
            for (int d = Qt::Monday; d <= Qt::Friday; ++d) {
                p.weeklyHours.append({d, QTime(10, 0), QTime(12, 30)});
                p.weeklyHours.append({d, QTime(14, 0), QTime(16, 30)});
            }
        } else {
            for (int d = Qt::Monday; d <= Qt::Friday; ++d)
                p.weeklyHours.append(
                    {d, QTime(9, 0), d == Qt::Thursday ? QTime(19, 0) : QTime(17, 0)});
        }
        p.weeklyHours.append({Qt::Saturday, QTime(9, 0), QTime(12, 0)});
        p.closures.append(Closure{
            firstDay.addDays(10 + i), firstDay.addDays(10 + i), {}, {}, u"Training day"_qs});
        p.closures.append(Closure{firstDay.addDays(20 + i), firstDay.addDays(20 + i), QTime(9, 0),
                                  QTime(11, 0), u"Team meeting"_qs});
        places.append(p);
        for (int r = 0; r < 6; ++r)
            resources.append(
                Resource{u"%1-r%2"_qs.arg(p.id).arg(r), u"Desk %1"_qs.arg(r), u"desk"_qs, {p.id}});
    }
    // Advisers who work at two neighbouring places.
    for (int i = 0; i + 1 < placeCount; i += 2)
        resources.append(Resource{u"adviser-%1"_qs.arg(i),
                                  u"Adviser %1"_qs.arg(i),
                                  u"staff"_qs,
                                  {places[i].id, places[i + 1].id}});

    QStringList allPlaces;
    QStringList allResources;
    for (const Place &p : std::as_const(places))
        allPlaces.append(p.id);
    for (const Resource &r : std::as_const(resources))
        allResources.append(r.id);
    const int daysAhead = weeks * 7;
    QList<AppointmentType> types{
        {u"quick"_qs,
         u"Quick question"_qs,
         15,
         0,
         15,
         daysAhead,
         0,
         allPlaces,
         allResources,
         {},
         {}},
        {u"benefits"_qs,
         u"Benefits check"_qs,
         30,
         10,
         15,
         daysAhead,
         60,
         allPlaces,
         allResources,
         {},
         {}},
        {u"housing"_qs,
         u"Housing advice"_qs,
         45,
         15,
         15,
         daysAhead,
         0,
         allPlaces,
         allResources,
         {},
         {}},
        {u"council-tax"_qs,
         u"Council tax"_qs,
         20,
         5,
         10,
         daysAhead,
         0,
         allPlaces,
         allResources,
         {},
         {}},
        {u"homeless"_qs,
         u"Homelessness assessment"_qs,
         90,
         15,
         15,
         daysAhead,
         0,
         allPlaces,
         allResources,
         {},
         {}},
    };

    SlotEngine engine;
    engine.setPlaces(places);
    engine.setResources(resources);
    engine.setAppointmentTypes(types);
    engine.setRegionHolidays(u"england-and-wales"_qs,
                             {QDate(2026, 4, 3), QDate(2026, 4, 6), QDate(2026, 5, 4)});
    engine.setRegionHolidays(u"scotland"_qs, {QDate(2026, 4, 3), QDate(2026, 5, 4)});
    engine.setRegionHolidays(u"ireland"_qs,
                             {QDate(2026, 3, 17), QDate(2026, 4, 6), QDate(2026, 5, 4)});

    // Existing appointments: walk each resource's open days and fill its timeline with
    // appointments of random types, leaving random gaps; shuffle and keep the number asked for.
    QList<BookedInterval> candidates;
    int id = 0;
    for (const Resource &r : std::as_const(resources)) {
        for (int d = 0; d < daysAhead; ++d) {
            const QDate day = firstDay.addDays(d);
            const Place *p = engine.place(r.placeIds.at(d % r.placeIds.size()));
            if (!engine.closedReason(p->id, day).isEmpty())
                continue;
            const QTimeZone tz(p->timeZone.toUtf8());
            for (const OpeningInterval &o : p->weeklyHours) {
                if (o.dayOfWeek != day.dayOfWeek())
                    continue;
                QDateTime t(day, o.open, tz);
                const QDateTime close(day, o.close, tz);
                while (t < close) {
                    const AppointmentType &type = types.at(rng.bounded(int(types.size())));
                    const QDateTime end = t.addSecs(type.durationMinutes * 60);
                    if (rng.bounded(100) < 95 && end <= close) {
                        candidates.append(
                            BookedInterval{u"appt-%1"_qs.arg(id++), r.id, t.toSecsSinceEpoch(),
                                           end.toSecsSinceEpoch() + type.bufferMinutes * 60});
                        t = end.addSecs(type.bufferMinutes * 60);
                    } else {
                        t = t.addSecs(15 * 60);
                    }
                }
            }
        }
    }
    std::shuffle(candidates.begin(), candidates.end(), rng);
    const qsizetype possible = candidates.size();
    if (candidates.size() > wanted)
        candidates.resize(wanted);

    QElapsedTimer load;
    load.start();
    engine.setBookings(candidates);
    const double loadMs = double(load.nsecsElapsed()) / 1e6;

    out() << "bench_slots: " << placeCount << " places, " << resources.size() << " resources, "
          << engine.bookingCount() << " existing appointments (of " << possible
          << " generated) over " << weeks << " weeks from " << firstDay.toString(Qt::ISODate)
          << "\n";
    out() << "  load into the engine: " << QString::number(loadMs, 'f', 1) << " ms\n";

    QMap<QString, Stats> byKind;
    Stats all;
    qsizetype slotsFound = 0;
    qsizetype shortAnswers = 0;
    for (int i = 0; i < queries; ++i) {
        SlotQuery q;
        q.limit = 10;
        q.now = now.addSecs(qint64(rng.bounded(weeks * 7 * 24 / 2)) *
                            3600); // some time in the first half
        QString kind;
        switch (i % 5) {
        case 0:
            kind = u"soonest, all places"_qs;
            q.typeId = types.at(rng.bounded(4)).id;
            break;
        case 1:
            kind = u"at a chosen place"_qs;
            q.typeId = types.at(rng.bounded(4)).id;
            q.placeIds = {allPlaces.at(rng.bounded(int(allPlaces.size())))};
            break;
        case 2:
            kind = u"chosen day, time of day"_qs;
            q.typeId = types.at(rng.bounded(4)).id;
            q.fromDate = q.now.date().addDays(rng.bounded(14));
            q.earliest = QTime(16, 0); // "after work"
            break;
        case 3:
            kind = u"a chosen adviser"_qs;
            q.typeId = types.at(rng.bounded(4)).id;
            q.resourceId = u"adviser-%1"_qs.arg(2 * rng.bounded(std::max(1, placeCount / 2)));
            break;
        default:
            kind = u"90 minutes, all places"_qs;
            q.typeId = u"homeless"_qs;
            break;
        }
        QElapsedTimer t;
        t.start();
        const QList<FreeSlot> slots = engine.nextFreeSlots(q);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        byKind[kind].ms.append(ms);
        all.ms.append(ms);
        slotsFound += slots.size();
        if (slots.size() < q.limit)
            ++shortAnswers;
    }

    out() << "  " << queries << " queries, next 10 free slots, " << slotsFound
          << " slots returned, " << shortAnswers << " answers with fewer than 10\n";
    out() << QStringLiteral("  %1 %2 %3 %4 %5\n")
                 .arg(u"kind"_qs, -26)
                 .arg(u"p50 ms"_qs, 8)
                 .arg(u"p90 ms"_qs, 8)
                 .arg(u"p99 ms"_qs, 8)
                 .arg(u"max ms"_qs, 8);
    const auto row = [](const QString &name, const Stats &s) {
        out() << QStringLiteral("  %1 %2 %3 %4 %5\n")
                     .arg(name, -26)
                     .arg(s.at(0.5), 8, 'f', 3)
                     .arg(s.at(0.9), 8, 'f', 3)
                     .arg(s.at(0.99), 8, 'f', 3)
                     .arg(s.at(1.0), 8, 'f', 3);
    };
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        row(it.key(), it.value());
    row(u"all"_qs, all);
    const double p99 = all.at(0.99);
    out() << "  p99 all: " << QString::number(p99, 'f', 3)
          << " ms (target 30 ms): " << (p99 <= 30.0 ? "met" : "NOT MET") << "\n";

    // The desk's side: the same appointments as the records its cache holds (2 a resident).
    QHash<QString, QString> placeOf;
    for (const Resource &r : std::as_const(resources))
        placeOf.insert(r.id, r.placeIds.first());
    QList<Record> records;
    records.reserve(candidates.size());
    QList<QUuid> people;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        if (i % 2 == 0)
            people.append(QUuid::createUuid());
        const BookedInterval &c = candidates.at(i);
        Appointment a;
        a.id = QUuid::createUuid();
        a.personId = people.last();
        a.typeId = types.at(int(i % types.size())).id;
        a.placeId = placeOf.value(c.resourceId);
        a.resourceId = c.resourceId;
        a.office = u"bench"_qs;
        a.start = QDateTime::fromSecsSinceEpoch(c.startUtc, Qt::UTC);
        a.end = QDateTime::fromSecsSinceEpoch(c.blockedUntilUtc, Qt::UTC);
        a.status = Appointment::Status::Confirmed;
        a.bookedAt = now;
        records.append(a.toRecord(1 + i));
    }
    Stats read;
    qsizetype held = 0;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer t;
        t.start();
        const AppointmentBook book = AppointmentBook::fromRecords(records, {});
        read.ms.append(double(t.nsecsElapsed()) / 1e6);
        held = book.intervals.size();
    }
    const AppointmentBook book = AppointmentBook::fromRecords(records, {});
    Stats day;
    Stats person;
    qsizetype listed = 0;
    for (int i = 0; i < queries; ++i) {
        const QString place = allPlaces.at(rng.bounded(int(allPlaces.size())));
        const QDate d = firstDay.addDays(rng.bounded(daysAhead));
        QElapsedTimer t;
        t.start();
        listed += book.atPlace(place, QDateTime(d, QTime(0, 0), Qt::UTC),
                               QDateTime(d.addDays(1), QTime(0, 0), Qt::UTC))
                      .size();
        day.ms.append(double(t.nsecsElapsed()) / 1e6);
        t.restart();
        listed += book.ofPerson(people.at(rng.bounded(int(people.size())))).size();
        person.ms.append(double(t.nsecsElapsed()) / 1e6);
    }
    out() << "  desk: " << records.size() << " appointment records read into the book (" << held
          << " holding a slot) in p50 " << QString::number(read.at(0.5), 'f', 1) << " ms, max "
          << QString::number(read.at(1.0), 'f', 1) << " ms (sync thread)\n";
    out() << "  desk: a place's day p50/p99 " << QString::number(day.at(0.5), 'f', 3) << "/"
          << QString::number(day.at(0.99), 'f', 3) << " ms, a person's appointments p50/p99 "
          << QString::number(person.at(0.5), 'f', 3) << "/"
          << QString::number(person.at(0.99), 'f', 3) << " ms (GUI thread; " << listed
          << " listed)\n";
    out().flush();
    return 0;
}
