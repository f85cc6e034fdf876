#include "ui/BookingPane.h"

#include "app/AppointmentService.h"

#include <QComboBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace FirstStop {

BookingPane::BookingPane(AppointmentService *service, const AppointmentSetup &setup,
                         QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_setup(setup)
{
    setObjectName(u"bookingPane"_qs);
    m_heading = new QLabel(tr("Book an appointment"), this);
    m_heading->setObjectName(u"bookingHeadingLabel"_qs);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);

    m_type = new QComboBox(this);
    m_type->setObjectName(u"bookingTypeComboBox"_qs);
    m_type->setAccessibleName(tr("Appointment type"));
    for (const AppointmentType &t : std::as_const(m_setup.types))
        m_type->addItem(tr("%1 (%2 minutes)").arg(t.name).arg(t.durationMinutes), t.id);

    m_place = new QComboBox(this);
    m_place->setObjectName(u"bookingPlaceComboBox"_qs);
    m_place->setAccessibleName(tr("Place"));
    m_place->addItem(tr("Any place, soonest first"), QString());
    for (const Place &p : std::as_const(m_setup.places))
        m_place->addItem(p.name, p.id);

    m_timeOfDay = new QComboBox(this);
    m_timeOfDay->setObjectName(u"bookingTimeOfDayComboBox"_qs);
    m_timeOfDay->setAccessibleName(tr("Time of day"));
    m_timeOfDay->addItem(tr("Any time"), QStringList());
    m_timeOfDay->addItem(tr("Morning (before 12pm)"), QStringList{QString(), u"12:00"_qs});
    m_timeOfDay->addItem(tr("Afternoon (12pm to 5pm)"), QStringList{u"12:00"_qs, u"17:00"_qs});
    m_timeOfDay->addItem(tr("Evening (from 5pm)"), QStringList{u"17:00"_qs, QString()});

    m_list = new QListWidget(this);
    m_list->setObjectName(u"bookingSlotsListWidget"_qs);
    m_list->setAccessibleName(tr("Next free slots"));
    m_list->setAccessibleDescription(tr("Press Enter to book the highlighted slot"));

    m_book = new QPushButton(tr("&Book"), this);
    m_book->setObjectName(u"bookingBookPushButton"_qs);
    m_book->setAccessibleName(tr("Book the highlighted slot"));
    m_book->setEnabled(false);

    m_status = new QLabel(this);
    m_status->setObjectName(u"bookingStatusLabel"_qs);
    m_status->setAccessibleName(tr("Booking status"));
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Place:"), m_place);
    form->addRow(tr("T&ime of day:"), m_timeOfDay);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addLayout(form);
    auto *slotsLabel = new QLabel(tr("&Next free slots (Enter books):"), this);
    slotsLabel->setBuddy(m_list);
    layout->addWidget(slotsLabel);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_book);
    layout->addWidget(m_status);

    connect(m_type, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_place, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_timeOfDay, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_service, &AppointmentService::slotsReady, this, &BookingPane::showSlots);
    connect(m_list, &QListWidget::itemActivated, this, &BookingPane::bookCurrent);
    connect(m_book, &QPushButton::clicked, this, &BookingPane::bookCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this,
            [this](int row) { m_book->setEnabled(row >= 0); });
}

void BookingPane::setPerson(const QUuid &personId, const QString &name)
{
    m_personId = personId;
    m_personName = name;
    m_notice.clear();
    m_heading->setText(tr("Book an appointment for %1").arg(name));
    refresh();
}

void BookingPane::refresh()
{
    if (m_type->currentIndex() < 0)
        return;
    SlotQuery q;
    q.typeId = m_type->currentData().toString();
    q.now = m_clock();
    q.limit = 10;
    const QString place = m_place->currentData().toString();
    if (!place.isEmpty())
        q.placeIds = {place};
    const QStringList window = m_timeOfDay->currentData().toStringList();
    if (window.size() == 2) {
        q.earliest = QTime::fromString(window[0], u"HH:mm"_qs);
        q.latest = QTime::fromString(window[1], u"HH:mm"_qs);
    }
    // Slots of the previous question must not be booked under the new one.
    m_slots.clear();
    m_list->clear();
    m_status->setText(m_notice.isEmpty() ? tr("Looking for free slots…") : m_notice);
    m_generation = m_service->findSlots(q);
}

void BookingPane::showSlots(quint64 generation, const QList<FreeSlot> &slots)
{
    if (generation != m_generation)
        return;
    m_slots = slots;
    m_list->clear();
    for (const FreeSlot &s : slots) {
        const Place *place = nullptr;
        for (const Place &p : std::as_const(m_setup.places))
            if (p.id == s.placeId)
                place = &p;
        QString who;
        for (const Resource &r : std::as_const(m_setup.resources))
            if (r.id == s.resourceId)
                who = r.name;
        const QTimeZone zone(place ? place->timeZone.toUtf8() : QByteArray("Europe/London"));
        m_list->addItem(tr("%1, %2 – %3 (%4)")
                            .arg(AppointmentConfirmation::longDate(s.start, zone),
                                 AppointmentConfirmation::clockTime(s.start, zone),
                                 place ? place->name : s.placeId, who));
    }
    if (!slots.isEmpty())
        m_list->setCurrentRow(0);
    const QString count =
        slots.isEmpty()
            ? tr("No free slots in the weeks that can be booked. Try another place or type.")
            : tr("%n free slot(s), soonest first.", nullptr, int(slots.size()));
    m_status->setText(m_notice.isEmpty() ? count : m_notice + u'\n' + count);
}

void BookingPane::bookCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_slots.size())
        return;
    const FreeSlot slot = m_slots.at(row);
    const AppointmentType *type = nullptr;
    for (const AppointmentType &t : std::as_const(m_setup.types))
        if (t.id == m_type->currentData().toString())
            type = &t;
    if (!type)
        return;
    Appointment a;
    a.id = QUuid::createUuid();
    a.personId = m_personId;
    a.typeId = type->id;
    a.placeId = slot.placeId;
    a.resourceId = slot.resourceId;
    a.start = slot.start;
    a.end = slot.end;
    a.status = Appointment::Status::Provisional;
    m_service->hold(a.interval(*type));
    m_notice = tr("Booked: %1. Provisional until the central service confirms it.")
                   .arg(m_list->item(row)->text());
    Q_EMIT booked(a);
    refresh();
}

} // namespace FirstStop
