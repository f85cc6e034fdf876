#pragma once

#include "models/Appointment.h"
#include "models/AppointmentSetup.h"
#include "models/SlotEngine.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

namespace FirstStop {

class SlotWorker;

// The desk's appointments. A slot finder off the GUI thread (a SlotEngine on its own thread, fed
// with the set-up, the regions' bank holidays and the bookings the desk knows of; each findSlots()
// gets a generation number and an answer overtaken by a newer question is dropped, so the booking
// pane never shows slots for a type or place the person has already moved away from), and the
// appointments themselves as the desk's cache holds them (takeBook, read on the sync thread), which
// it books, moves, cancels and marks as arrived, seen or not come, each as a record to save.
class AppointmentService final : public QObject
{
    Q_OBJECT

public:
    explicit AppointmentService(QObject *parent = nullptr);
    ~AppointmentService() override;

    // The set-up the desk books against (takeBook gives it from the cache; tests give it here).
    void useSetup(const AppointmentSetup &setup,
                  const QHash<QString, QList<QDate>> &holidaysByRegion);
    // Only the slot engine's copy (benchmarks, slot tests).
    void setSetup(const AppointmentSetup &setup,
                  const QHash<QString, QList<QDate>> &holidaysByRegion);
    void setBookings(const QList<BookedInterval> &bookings);
    // A booking made or moved at this desk holds its slot at once (provisional until the centre
    // confirms it); a cancelled or lost one gives it back.
    void hold(const BookedInterval &booking);
    void release(const QString &appointmentId);
    // Answered with slotsReady(generation, …) unless a newer question overtakes it.
    quint64 findSlots(const SlotQuery &query);
    // The nearest free slots to one a desk lost at the centre, answered with alternativesReady.
    void findAlternatives(const QString &appointmentId, const QString &typeId,
                          const QString &placeId, const QDateTime &wantedUtc, const QDateTime &now,
                          int limit = 3);

    // --- the desk's appointments ---
    // The office whose places this desk books at (an admin's desk: every place).
    void setOffice(const QString &office, bool everyOffice);
    // What the cache holds now (SyncEngine::appointmentBookReady): the set-up and every
    // appointment. A booking of this desk that the centre has since given to another booking is
    // announced with bookingLost, and its nearest free alternatives with alternativesReady.
    void takeBook(const FirstStop::AppointmentBook &book);
    // How many saves this service has handed out (recordToSave); a book asked for now reflects
    // them all (AppointmentBook::savesSeen). A book read before a save never hides it.
    quint64 saveToken() const { return m_saves; }
    bool hasSetup() const { return m_setup.has_value(); }
    // Whether any appointment still waits for the centre's judgement (or was refused).
    bool hasUnsettled() const;
    const AppointmentSetup &setup() const;
    // The places this desk books at, in the set-up's order.
    QList<Place> bookablePlaces() const;
    std::optional<Appointment> appointment(const QUuid &id) const;
    // A person's appointments, the soonest first of those to come, then the past ones.
    QList<Appointment> appointmentsOf(const QUuid &personId, const QDateTime &now) const;
    // A place's appointments on a local day (and, if given, one resource's), in time order.
    QList<Appointment> dayAt(const QString &placeId, const QDate &localDate,
                             const QString &resourceId = {}) const;
    // Names for the screens: "Housing advice", "First Stop Shop, Cardiff Central", "Rhys Morgan".
    QString typeName(const QString &typeId) const;
    QString placeName(const QString &placeId) const;
    QString resourceName(const QString &resourceId) const;
    // "Tuesday 12 January 2027, 10am – 10:45am" in the place's own time.
    QString when(const Appointment &a) const;

    // Each writes the appointment through recordToSave and holds (or frees) its slot at once; it
    // stays provisional until the centre accepts it. Empty on success, otherwise why not.
    QString book(Appointment appointment, const QDateTime &now);
    QString reschedule(const QUuid &id, const FreeSlot &slot, const QString &reason);
    QString cancel(const QUuid &id, const QString &reason);
    // Arrived, seen or no-show (the slot stays used).
    QString setAttendance(const QUuid &id, Appointment::Status status);
    // The resident's confirmation of an appointment as it stands: a slip in plain language (PDF)
    // and a calendar file (.ics: the same UID with a higher SEQUENCE after a move, METHOD:CANCEL
    // once cancelled), written into `folder` off the GUI thread; confirmationWritten says where.
    void writeConfirmation(const QUuid &id, const QString &residentName, const QString &folder);

Q_SIGNALS:
    void slotsReady(quint64 generation, const QList<FirstStop::FreeSlot> &slots);
    void alternativesReady(const QString &appointmentId, const QList<FirstStop::FreeSlot> &slots);
    void setupChanged();
    void appointmentsChanged();
    void bookingLost(const FirstStop::Appointment &appointment);
    void recordToSave(const FirstStop::Record &record);
    // pdfPath and icsPath are empty and error says why when they could not be written.
    void confirmationWritten(const QUuid &id, const QString &pdfPath, const QString &icsPath,
                             const QString &error);

private:
    QString save(const Appointment &a);

    QThread m_thread;
    SlotWorker *m_worker = nullptr;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::optional<AppointmentSetup> m_setup;
    QString m_setupDocument; // to tell a changed set-up from the same one read again
    AppointmentBook m_book;  // the set-up is in m_setup; this book's own copy is not used
    quint64 m_saves = 0;
    // What this desk saved that a book has not yet reflected: the save's number and the
    // appointment as saved.
    QHash<QUuid, QPair<quint64, Appointment>> m_unread;
    QString m_office;
    bool m_everyOffice = false;
};

} // namespace FirstStop
