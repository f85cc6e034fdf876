#include "models/AppointmentSetup.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimeZone>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AppointmentSetup", text);
}

const QStringList &dayNames()
{
    static const QStringList names{u"monday"_qs, u"tuesday"_qs,  u"wednesday"_qs, u"thursday"_qs,
                                   u"friday"_qs, u"saturday"_qs, u"sunday"_qs};
    return names;
}

// Reads one item; the first problem is kept with where it was found.
class Reader
{
public:
    explicit Reader(QString where)
        : m_where(std::move(where))
    {}
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    void fail(const QString &field, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = m_where + u": "_qs + (field.isEmpty() ? QString() : field + u": "_qs) + what;
    }

    QString string(const QJsonObject &o, const QString &key, bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(key, tr("is missing"));
            return {};
        }
        if (!v.isString() || (required && v.toString().trimmed().isEmpty())) {
            fail(key, tr("must be text"));
            return {};
        }
        return v.toString().trimmed();
    }
    int number(const QJsonObject &o, const QString &key, int fallback, int min, int max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(-1e18);
        if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max) {
            fail(key, tr("must be a whole number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return int(d);
    }
    QStringList strings(const QJsonObject &o, const QString &key)
    {
        QStringList out;
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            fail(key, tr("must be a list"));
            return out;
        }
        for (const QJsonValue &s : v.toArray()) {
            if (!s.isString()) {
                fail(key, tr("must be a list of names"));
                return {};
            }
            out.append(s.toString());
        }
        return out;
    }
    QTime time(const QJsonValue &v, const QString &field)
    {
        const QTime t = QTime::fromString(v.toString(), u"HH:mm"_qs);
        if (!v.isString() || !t.isValid())
            fail(field, tr("\"%1\" is not a time (HH:MM)").arg(v.toVariant().toString()));
        return t;
    }
    QDate date(const QJsonValue &v, const QString &field)
    {
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        if (!v.isString() || !d.isValid())
            fail(field, tr("\"%1\" is not a date (YYYY-MM-DD)").arg(v.toVariant().toString()));
        return d;
    }

private:
    QString m_where;
    QString m_error;
};

QString itemName(const QString &list, int i, const QJsonObject &o)
{
    const QString id = o.value(u"id"_qs).toString();
    return id.isEmpty() ? u"%1[%2]"_qs.arg(list).arg(i)
                        : u"%1[%2] \"%3\""_qs.arg(list).arg(i).arg(id);
}

} // namespace

std::optional<AppointmentSetup> AppointmentSetup::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = tr("The appointment set-up is not a JSON object: %1 (at character %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    AppointmentSetup setup;
    QSet<QString> placeIds;
    QSet<QString> resourceIds;
    QSet<QString> typeIds;
    const auto seen = [](QSet<QString> &ids, const QString &id, Reader &r) {
        if (!id.isEmpty() && ids.contains(id))
            r.fail(u"id"_qs, tr("\"%1\" is used twice").arg(id));
        ids.insert(id);
    };

    const QJsonArray places = root.value(u"places"_qs).toArray();
    if (places.isEmpty()) {
        *error = tr("The appointment set-up has no places.");
        return std::nullopt;
    }
    for (int i = 0; i < places.size(); ++i) {
        const QJsonObject o = places[i].toObject();
        Reader r(itemName(u"places"_qs, i, o));
        Place p;
        p.id = r.string(o, u"id"_qs, true);
        seen(placeIds, p.id, r);
        p.name = r.string(o, u"name"_qs, true);
        p.address = r.string(o, u"address"_qs, false);
        p.office = r.string(o, u"office"_qs, false);
        if (p.office.isEmpty())
            p.office = p.name;
        p.email = r.string(o, u"email"_qs, false);
        p.howToChange = r.string(o, u"how_to_change"_qs, false);
        if (o.contains(u"time_zone"_qs))
            p.timeZone = r.string(o, u"time_zone"_qs, true);
        if (!QTimeZone(p.timeZone.toUtf8()).isValid())
            r.fail(u"time_zone"_qs, tr("\"%1\" is not a known time zone").arg(p.timeZone));
        if (o.contains(u"region"_qs))
            p.region = r.string(o, u"region"_qs, true);
        p.closedOnBankHolidays = o.value(u"closed_on_bank_holidays"_qs).toBool(true);
        const QJsonObject hours = o.value(u"hours"_qs).toObject();
        for (auto it = hours.begin(); it != hours.end(); ++it) {
            const int day = int(dayNames().indexOf(it.key().toLower())) + 1;
            if (day == 0) {
                r.fail(u"hours"_qs, tr("\"%1\" is not a day of the week").arg(it.key()));
                continue;
            }
            const QJsonArray intervals = it.value().toArray();
            for (int k = 0; k < intervals.size(); ++k) {
                const QString field = u"hours.%1[%2]"_qs.arg(it.key()).arg(k);
                const QJsonArray pair = intervals[k].toArray();
                if (pair.size() != 2) {
                    r.fail(field,
                           tr("must be an opening and a closing time, [\"09:00\", \"17:00\"]"));
                    continue;
                }
                const QTime open = r.time(pair[0], field);
                const QTime close = r.time(pair[1], field);
                if (open.isValid() && close.isValid() && !(open < close))
                    r.fail(field, tr("closes at %1, before it opens at %2")
                                      .arg(pair[1].toString(), pair[0].toString()));
                p.weeklyHours.append({day, open, close});
            }
        }
        if (p.weeklyHours.isEmpty())
            r.fail(u"hours"_qs, tr("the place never opens"));
        const QJsonArray closures = o.value(u"closures"_qs).toArray();
        for (int k = 0; k < closures.size(); ++k) {
            const QJsonObject c = closures[k].toObject();
            const QString field = u"closures[%1]"_qs.arg(k);
            Closure closure;
            closure.from = r.date(c.value(u"from"_qs), field);
            closure.to = c.contains(u"to"_qs) ? r.date(c.value(u"to"_qs), field) : closure.from;
            if (closure.from.isValid() && closure.to.isValid() && closure.to < closure.from)
                r.fail(field, tr("ends before it starts"));
            if (c.contains(u"start"_qs) || c.contains(u"end"_qs)) {
                closure.start = r.time(c.value(u"start"_qs), field);
                closure.end = r.time(c.value(u"end"_qs), field);
            }
            closure.reason = c.value(u"reason"_qs).toString();
            p.closures.append(closure);
        }
        if (!r.ok()) {
            *error = r.error();
            return std::nullopt;
        }
        setup.places.append(p);
    }

    const QJsonArray resources = root.value(u"resources"_qs).toArray();
    for (int i = 0; i < resources.size(); ++i) {
        const QJsonObject o = resources[i].toObject();
        Reader r(itemName(u"resources"_qs, i, o));
        Resource res;
        res.id = r.string(o, u"id"_qs, true);
        seen(resourceIds, res.id, r);
        res.name = r.string(o, u"name"_qs, true);
        res.kind = o.contains(u"kind"_qs) ? r.string(o, u"kind"_qs, true) : u"staff"_qs;
        res.placeIds = r.strings(o, u"places"_qs);
        for (const QString &p : std::as_const(res.placeIds))
            if (!placeIds.contains(p))
                r.fail(u"places"_qs, tr("\"%1\" is not one of the places").arg(p));
        if (!r.ok()) {
            *error = r.error();
            return std::nullopt;
        }
        setup.resources.append(res);
    }

    const QJsonArray types = root.value(u"appointment_types"_qs).toArray();
    for (int i = 0; i < types.size(); ++i) {
        const QJsonObject o = types[i].toObject();
        Reader r(itemName(u"appointment_types"_qs, i, o));
        AppointmentType t;
        t.id = r.string(o, u"id"_qs, true);
        seen(typeIds, t.id, r);
        t.name = r.string(o, u"name"_qs, true);
        t.durationMinutes = r.number(o, u"duration_minutes"_qs, 30, 5, 8 * 60);
        t.bufferMinutes = r.number(o, u"buffer_minutes"_qs, 0, 0, 4 * 60);
        t.slotStepMinutes = r.number(o, u"slot_step_minutes"_qs, 15, 5, 4 * 60);
        t.bookableDaysAhead = r.number(o, u"bookable_days_ahead"_qs, 56, 0, 366);
        t.minimumNoticeMinutes = r.number(o, u"minimum_notice_minutes"_qs, 0, 0, 60 * 24 * 30);
        t.whatToBring = r.string(o, u"what_to_bring"_qs, false);
        t.serviceKeys = r.strings(o, u"services"_qs);
        t.placeIds = r.strings(o, u"places"_qs);
        t.resourceIds = r.strings(o, u"resources"_qs);
        if (t.placeIds.isEmpty())
            r.fail(u"places"_qs, tr("no place offers it"));
        if (t.resourceIds.isEmpty())
            r.fail(u"resources"_qs, tr("nobody can take it"));
        for (const QString &p : std::as_const(t.placeIds))
            if (!placeIds.contains(p))
                r.fail(u"places"_qs, tr("\"%1\" is not one of the places").arg(p));
        for (const QString &res : std::as_const(t.resourceIds))
            if (!resourceIds.contains(res))
                r.fail(u"resources"_qs, tr("\"%1\" is not one of the resources").arg(res));
        if (!r.ok()) {
            *error = r.error();
            return std::nullopt;
        }
        setup.types.append(t);
    }
    return setup;
}

void AppointmentSetup::applyTo(SlotEngine *engine) const
{
    engine->setPlaces(places);
    engine->setResources(resources);
    engine->setAppointmentTypes(types);
}

QUuid AppointmentSetup::recordId()
{
    return QUuid(QStringLiteral("{a9f0c3d2-5e4b-4c1a-8d7e-0f1a2b3c4d5e}"));
}

const Place *AppointmentSetup::place(const QString &placeId) const
{
    for (const Place &p : places) {
        if (p.id == placeId)
            return &p;
    }
    return nullptr;
}

const AppointmentType *AppointmentSetup::type(const QString &typeId) const
{
    for (const AppointmentType &t : types) {
        if (t.id == typeId)
            return &t;
    }
    return nullptr;
}

const Resource *AppointmentSetup::resource(const QString &resourceId) const
{
    for (const Resource &r : resources) {
        if (r.id == resourceId)
            return &r;
    }
    return nullptr;
}

QString AppointmentSetup::officeOf(const QString &placeId) const
{
    const Place *p = place(placeId);
    return p ? p->office : QString();
}

} // namespace FirstStop
