#pragma once

#include "models/SlotEngine.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace FirstStop {

// An administrator's appointment set-up: places with their weekly hours and closures, resources,
// appointment types. Read from JSON (docs/architecture.md, "Appointments", shows the format):
//
//   { "places": [ { "id", "name", "address", "office", "time_zone", "region",
//   "closed_on_bank_holidays",
//                   "email", "how_to_change",
//                   "hours": { "monday": [["09:00", "17:00"]], "thursday": [["09:00", "19:00"]], …
//                   }, "closures": [ { "from", "to", "start", "end", "reason" } ] } ],
//     "resources": [ { "id", "name", "kind", "places": [ … ] } ],
//     "appointment_types": [ { "id", "name", "duration_minutes", "buffer_minutes",
//                              "slot_step_minutes", "bookable_days_ahead",
//                              "minimum_notice_minutes", "places": [ … ], "resources": [ … ],
//                              "what_to_bring", "services": [ "lgsl:58", … ] } ] }
struct AppointmentSetup
{
    QList<Place> places;
    QList<Resource> resources;
    QList<AppointmentType> types;

    // Parses and checks the whole file. On any problem returns nothing and says what and where
    // ("places[1] \"lib\": hours.thursday[0]: \"19:70\" is not a time (HH:MM)"): a set-up is never
    // half loaded.
    static std::optional<AppointmentSetup> fromJson(const QByteArray &json, QString *error);

    void applyTo(SlotEngine *engine) const;

    // The one appointment_setup record (models/EntityType) that carries the set-up to every desk.
    static QUuid recordId();
    // The place's office (the scope of its appointments); empty for an unknown place.
    QString officeOf(const QString &placeId) const;
    const Place *place(const QString &placeId) const;
    const AppointmentType *type(const QString &typeId) const;
    const Resource *resource(const QString &resourceId) const;
};

} // namespace FirstStop
