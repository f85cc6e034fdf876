#include "app/EnquiryService.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThreadPool>

namespace FirstStop {

namespace {

struct ReferenceData
{
    ServiceCatalogue catalogue;
    WorkingCalendar calendar;
    QStringList notices;
};

ReferenceData loadInBackground(const QString &dataDir, const QString &region)
{
    ReferenceData out;
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

void EnquiryService::loadReferenceData(const QString &dataDir, const QString &region)
{
    QPointer<EnquiryService> self(this);
    QThreadPool::globalInstance()->start([self, dataDir, region] {
        ReferenceData data = loadInBackground(dataDir, region);
        if (!self) {
            return;
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, data = std::move(data)] {
                if (!self) {
                    return;
                }
                self->m_catalogue = data.catalogue;
                self->m_calendar = data.calendar;
                self->m_loaded = true;
                for (const QString &n : data.notices) {
                    Q_EMIT self->notice(n);
                }
                Q_EMIT self->referenceDataReady();
            },
            Qt::QueuedConnection);
    });
}

void EnquiryService::saveEnquiry(const Enquiry &enquiry, const QList<EnquiryEvent> &history,
                                 const QString &note)
{
    Q_UNUSED(history);
    Q_UNUSED(note);
    // Enquiries are stored and synced as records of the shared record store, which this build of
    // the desk does not have yet: say so, and keep everything typed in the pane.
    Q_EMIT saveFailed(enquiry.id, tr("This version of FirstStop cannot keep enquiries yet: "
                                     "nothing was saved. Copy the details somewhere safe."));
}

void EnquiryService::requestEnquiries(const QUuid &personId)
{
    Q_EMIT enquiriesReady(personId, {});
}

} // namespace FirstStop
