#pragma once

#include "models/ComplaintPolicy.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "models/ServiceCatalogue.h"
#include "models/WorkingCalendar.h"

#include <QHash>
#include <QObject>
#include <QUuid>

namespace FirstStop {

class SyncEngine;

// The desk's enquiries for the screens: the reference data they need (the service catalogue, the
// working-day calendar of the office's region, the complaint policy), loaded off the GUI thread;
// saving an enquiry (with its history and first note) through the sync engine, which writes the
// cache and sends it to the centre; and a person's enquiries, read off the GUI thread.
class EnquiryService final : public QObject
{
    Q_OBJECT

public:
    explicit EnquiryService(QObject *parent = nullptr);

    // Loads the reference data in the background; referenceDataReady() on the GUI thread. An
    // administrator's newer bank-holiday file is dataDir/bank-holidays.json (gov.uk format); the
    // region is one of its divisions (england-and-wales unless told otherwise).
    // Off the GUI thread: the bundled service list, the bank holidays (a newer
    // bank-holidays.json beside the cache wins; `region` is its division) and the complaint
    // policy (complaint-policy.json beside the cache, else the named preset: "scotland", or the
    // LGSCO code). referenceDataReady() follows; problems come as notice().
    void loadReferenceData(const QString &dataDir, const QString &region,
                           const QString &policyPreset = {});
    bool hasReferenceData() const { return m_loaded; }
    const ServiceCatalogue &catalogue() const { return m_catalogue; }
    const WorkingCalendar &calendar() const { return m_calendar; }
    const ComplaintPolicy &complaintPolicy() const { return m_policy; }
    // The customer charter's standards, as team leads set them at the centre.
    const QList<CharterStandard> &charterStandards() const { return m_charter; }
    // A person back about the same category within this many days is a repeat contact.
    int repeatWindowDays() const { return m_repeatWindowDays; }
    void setRepeatWindowDays(int days) { m_repeatWindowDays = days; }

    // Saves a new enquiry, its history and its first note (if any) on this desk; they go to the
    // centre with the next sync. enquirySaved() or saveFailed() follow.
    void saveEnquiry(const FirstStop::Enquiry &enquiry,
                     const QList<FirstStop::EnquiryEvent> &history, const QString &note);
    // A person's enquiries, newest first, through enquiriesReady().
    void requestEnquiries(const QUuid &personId);
    // The history of one of the enquiries last delivered by enquiriesReady() (every desk's
    // entries, oldest first): what the handling time is computed from.
    QList<FirstStop::EnquiryEvent> eventsOf(const QUuid &enquiryId) const
    {
        return m_events.value(enquiryId);
    }

    // Wiring to the desk's record store (DeskController): the office new enquiries belong to,
    // and what the store said about records this service asked it to save or read.
    void setOffice(const QString &office) { m_office = office; }
    void takeRecordSaved(const QString &type, const QUuid &id);
    void takeRecordSaveFailed(const QString &type, const QUuid &id, const QString &message);
    void takePersonHistory(const QUuid &personId, const QList<FirstStop::Record> &records);
    // The centre's reference records (service_category: the administrators' changes laid over
    // the bundled service list; charter_standard): referenceDataReady() follows.
    void takeReferenceRecords(const QList<FirstStop::Record> &records);

Q_SIGNALS:
    void referenceDataReady();
    void enquirySaved(const QUuid &id);
    void saveFailed(const QUuid &id, const QString &message);
    void enquiriesReady(const QUuid &personId, const QList<FirstStop::Enquiry> &enquiries);
    // Something about the reference data a person should know (a bad holiday file, an unknown
    // region: the bundled data is used instead).
    void notice(const QString &message);
    // To the desk's record store: save this record (the enquiry, then its first note) / read the
    // person's records.
    void recordToSave(const FirstStop::Record &record);
    void personHistoryWanted(const QUuid &personId);

private:
    bool m_loaded = false;
    ServiceCatalogue m_catalogue;
    QList<ServiceCategory> m_bundled;
    QList<ServiceCategory> m_changes;
    QList<CharterStandard> m_charter;
    WorkingCalendar m_calendar;
    ComplaintPolicy m_policy = ComplaintPolicy::lgscoCode();
    int m_repeatWindowDays = 28;
    QString m_office;
    QHash<QUuid, QList<EnquiryEvent>> m_events;
};

} // namespace FirstStop
