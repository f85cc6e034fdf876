#include "app/EnquiryService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>

namespace FirstStop {

namespace {

struct ReferenceData
{
    ServiceCatalogue catalogue;
    WorkingCalendar calendar;
    ComplaintPolicy policy = ComplaintPolicy::lgscoCode();
    QStringList notices;
};

// The complaint policy: an administrator's complaint-policy.json beside the cache (the council's
// own figures, ComplaintPolicy::toJson's form), else the preset the desk setting names
// ("scotland"; the LGSCO code by default).
ComplaintPolicy loadPolicy(const QString &dataDir, const QString &preset, QStringList *notices)
{
    const ComplaintPolicy fallback = preset.compare(u"scotland", Qt::CaseInsensitive) == 0
                                         ? ComplaintPolicy::scotland()
                                         : ComplaintPolicy::lgscoCode();
    const QString path = QDir(dataDir).filePath(u"complaint-policy.json"_qs);
    if (dataDir.isEmpty() || !QFileInfo::exists(path)) {
        return fallback;
    }
    QFile file(path);
    QJsonParseError parse{};
    const QJsonDocument doc = file.open(QIODevice::ReadOnly)
                                  ? QJsonDocument::fromJson(file.readAll(), &parse)
                                  : QJsonDocument();
    QString error = !file.isOpen()                            ? file.errorString()
                    : parse.error != QJsonParseError::NoError ? parse.errorString()
                                                              : QString();
    ComplaintPolicy policy;
    if (error.isEmpty()) {
        policy = ComplaintPolicy::fromJson(doc.object(), &error);
    }
    if (!error.isEmpty()) {
        notices->append(EnquiryService::tr("The complaint policy %1 could not be used, so %2 is "
                                           "used instead: %3")
                            .arg(QDir::toNativeSeparators(path), fallback.name, error));
        return fallback;
    }
    return policy;
}

ReferenceData loadInBackground(const QString &dataDir, const QString &region,
                               const QString &policyPreset)
{
    ReferenceData out;
    out.policy = loadPolicy(dataDir, policyPreset, &out.notices);
    out.catalogue = ServiceCatalogue(ServiceCatalogue::bundledLgsl());
    BankHolidays holidays = BankHolidays::bundled();
    const QString adminFile = QDir(dataDir).filePath(u"bank-holidays.json"_qs);
    if (!dataDir.isEmpty() && QFileInfo::exists(adminFile)) {
        QString error;
        BankHolidays newer = BankHolidays::fromFile(adminFile, &error);
        if (newer.isEmpty()) {
            out.notices.append(
                EnquiryService::tr("The bank-holiday file %1 could not be used, so the list built "
                                   "into FirstStop is used instead: %2")
                    .arg(QDir::toNativeSeparators(adminFile), error));
        } else {
            holidays = newer;
        }
    }
    QString division = region.isEmpty() ? BankHolidays::EnglandAndWales.toString() : region;
    if (!holidays.hasDivision(division)) {
        out.notices.append(EnquiryService::tr("The bank-holiday list has no region “%1”; England "
                                              "and Wales is used.")
                               .arg(division));
        division = BankHolidays::EnglandAndWales.toString();
    }
    out.calendar = WorkingCalendar(holidays, division);
    return out;
}

} // namespace

EnquiryService::EnquiryService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<FirstStop::Enquiry>();
    qRegisterMetaType<QList<FirstStop::Enquiry>>();
    qRegisterMetaType<QList<FirstStop::EnquiryEvent>>();
}

void EnquiryService::loadReferenceData(const QString &dataDir, const QString &region,
                                       const QString &policyPreset)
{
    QPointer<EnquiryService> self(this);
    QThreadPool::globalInstance()->start([self, dataDir, region, policyPreset] {
        ReferenceData data = loadInBackground(dataDir, region, policyPreset);
        if (!self) {
            return;
        }
        // The service is the call's context: if it is gone by then, Qt drops the call.
        EnquiryService *service = self.data();
        QMetaObject::invokeMethod(
            service,
            [service, data = std::move(data)] {
                service->m_bundled = data.catalogue.categories();
                service->m_catalogue = ServiceCatalogue(
                    ServiceCatalogue::withChanges(service->m_bundled, service->m_changes));
                service->m_calendar = data.calendar;
                service->m_policy = data.policy;
                service->m_loaded = true;
                for (const QString &n : data.notices) {
                    Q_EMIT service->notice(n);
                }
                Q_EMIT service->referenceDataReady();
            },
            Qt::QueuedConnection);
    });
}

void EnquiryService::saveEnquiry(const Enquiry &enquiry, const QList<EnquiryEvent> &history,
                                 const QString &note)
{
    Enquiry e = enquiry;
    if (e.office.isEmpty()) {
        e.office = m_office;
    }
    if (e.office.isEmpty()) {
        Q_EMIT saveFailed(e.id, tr("Enquiries belong to an office, and your account has none: "
                                   "nothing was saved. Ask an administrator to set your office."));
        return;
    }
    if (!e.openedAt.isValid()) {
        e.openedAt = QDateTime::currentDateTimeUtc();
    }
    Q_EMIT recordToSave(Record{QString::fromUtf16(kTypeEnquiry), e.id, 0, e.toFields()});
    // Each change is a record of its own (append-only), saved after the enquiry it belongs to.
    for (const EnquiryEvent &event : history) {
        Q_EMIT recordToSave(Record{QString::fromUtf16(kTypeEnquiryEvent), QUuid::createUuid(), 0,
                                   eventRecordFields(e, event)});
    }
    if (!note.trimmed().isEmpty()) {
        QJsonObject fields{{u"enquiry_id"_qs, e.id.toString(QUuid::WithoutBraces)},
                           {u"office"_qs, e.office},
                           {u"text"_qs, note.trimmed()},
                           {u"created_at"_qs, e.openedAt.toUTC().toString(Qt::ISODateWithMs)}};
        if (!e.personId.isNull()) {
            fields.insert(u"person_id"_qs, e.personId.toString(QUuid::WithoutBraces));
        }
        Q_EMIT recordToSave(
            Record{QString::fromUtf16(kTypeEnquiryNote), QUuid::createUuid(), 0, fields});
    }
}

void EnquiryService::requestEnquiries(const QUuid &personId)
{
    Q_EMIT personHistoryWanted(personId);
}

void EnquiryService::takeRecordSaved(const QString &type, const QUuid &id)
{
    if (type == QStringView(kTypeEnquiry)) {
        Q_EMIT enquirySaved(id);
    }
}

void EnquiryService::takeRecordSaveFailed(const QString &type, const QUuid &id,
                                          const QString &message)
{
    if (type == QStringView(kTypeEnquiry)) {
        Q_EMIT saveFailed(id, message);
    }
}

void EnquiryService::takeReferenceRecords(const QList<Record> &records)
{
    QList<ServiceCategory> changes;
    QList<CharterStandard> charter;
    for (const Record &r : records) {
        if (r.type == QStringView(kTypeServiceCategory)) {
            changes.append(ServiceCategory::fromFields(r.data));
        } else if (r.type == QStringView(kTypeCharterStandard)) {
            QString error;
            const CharterStandard s = CharterStandard::fromJson(r.data, &error);
            if (error.isEmpty()) {
                charter.append(s);
            }
        }
    }
    if (changes == m_changes && charter == m_charter) {
        return;
    }
    m_changes = changes;
    m_charter = charter;
    if (m_loaded) {
        m_catalogue = ServiceCatalogue(ServiceCatalogue::withChanges(m_bundled, m_changes));
        Q_EMIT referenceDataReady();
    }
}

void EnquiryService::takePersonHistory(const QUuid &personId, const QList<Record> &records)
{
    QList<Enquiry> enquiries; // the history is newest first already
    m_events.clear();
    for (const Record &r : records) {
        if (r.type == QStringView(kTypeEnquiry)) {
            enquiries.append(Enquiry::fromFields(r.id, r.data));
        } else if (r.type == QStringView(kTypeEnquiryEvent)) {
            m_events[QUuid::fromString(r.value(u"enquiry_id"_qs).toString())].prepend(
                EnquiryEvent::fromJson(r.data));
        }
    }
    Q_EMIT enquiriesReady(personId, enquiries);
}

} // namespace FirstStop
