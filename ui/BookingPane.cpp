#include "ui/BookingPane.h"

#include "app/AppointmentService.h"
#include "models/Enquiry.h"
#include "models/WorkingCalendar.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace FirstStop {

BookingPane::BookingPane(AppointmentService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
{
    setObjectName(u"bookingPane"_qs);
    m_heading = new QLabel(tr("Book an appointment"), this);
    m_heading->setObjectName(u"bookingHeadingLabel"_qs);
    m_heading->setWordWrap(true);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);

    m_moveNote = new QLabel(this);
    m_moveNote->setObjectName(u"bookingMoveNoteLabel"_qs);
    m_moveNote->setWordWrap(true);
    m_moveNote->setVisible(false);

    m_type = new QComboBox(this);
    m_type->setObjectName(u"bookingTypeComboBox"_qs);
    m_type->setAccessibleName(tr("Appointment type"));

    m_place = new QComboBox(this);
    m_place->setObjectName(u"bookingPlaceComboBox"_qs);
    m_place->setAccessibleName(tr("Place"));

    m_timeOfDay = new QComboBox(this);
    m_timeOfDay->setObjectName(u"bookingTimeOfDayComboBox"_qs);
    m_timeOfDay->setAccessibleName(tr("Time of day"));
    m_timeOfDay->addItem(tr("Any time"), QStringList());
    m_timeOfDay->addItem(tr("Morning (before 12pm)"), QStringList{QString(), u"12:00"_qs});
    m_timeOfDay->addItem(tr("Afternoon (12pm to 5pm)"), QStringList{u"12:00"_qs, u"17:00"_qs});
    m_timeOfDay->addItem(tr("Evening (from 5pm)"), QStringList{u"17:00"_qs, QString()});

    m_from = new QLineEdit(this);
    m_from->setObjectName(u"bookingFromLineEdit"_qs);
    m_from->setAccessibleName(tr("First day wanted"));
    m_from->setPlaceholderText(tr("today; or e.g. 14/12, or +5 for five working days"));

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(u"bookingReasonLineEdit"_qs);
    m_reason->setAccessibleName(tr("Why the appointment is moving"));
    m_reason->setPlaceholderText(tr("e.g. the resident asked for a later time"));

    m_list = new QListWidget(this);
    m_list->setObjectName(u"bookingSlotsListWidget"_qs);
    m_list->setAccessibleName(tr("Next free slots"));
    m_list->setAccessibleDescription(tr("Press Enter to book the highlighted slot"));
    // A slot's line (date, time, place, who) wraps rather than scroll sideways in a narrow pane.
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_book = new QPushButton(tr("&Book"), this);
    m_book->setObjectName(u"bookingBookPushButton"_qs);
    m_book->setAccessibleName(tr("Book the highlighted slot"));
    m_book->setEnabled(false);

    m_confirmation = new QPushButton(tr("&Confirmation for the resident"), this);
    m_confirmation->setObjectName(u"bookingConfirmationPushButton"_qs);
    m_confirmation->setAccessibleName(
        tr("Make the resident's confirmation slip and calendar file"));
    m_confirmation->setToolTip(tr("A slip to print or send (PDF) and a calendar file (Ctrl+P)"));
    m_confirmation->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_confirmation->setEnabled(false);

    m_close = new QPushButton(tr("Close"), this);
    m_close->setObjectName(u"bookingClosePushButton"_qs);
    m_close->setAccessibleName(tr("Close the booking pane"));
    m_close->setToolTip(tr("Back to the person (Esc)"));

    m_status = new QLabel(this);
    m_status->setObjectName(u"bookingStatusLabel"_qs);
    m_status->setAccessibleName(tr("Booking status"));
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Place:"), m_place);
    form->addRow(tr("T&ime of day:"), m_timeOfDay);
    form->addRow(tr("&From:"), m_from);
    m_reasonLabel = new QLabel(tr("&Reason:"), this);
    m_reasonLabel->setBuddy(m_reason);
    form->addRow(m_reasonLabel, m_reason);
    m_reasonLabel->setVisible(false);
    m_reason->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_moveNote);
    layout->addLayout(form);
    // What the last booking did, and how many slots there are, right above the slots: where the
    // clerk is looking.
    layout->addWidget(m_status);
    auto *slotsLabel = new QLabel(tr("&Next free slots (Enter books):"), this);
    slotsLabel->setBuddy(m_list);
    layout->addWidget(slotsLabel);
    layout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_book);
    buttons->addWidget(m_confirmation);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    rebuildChoices();
    connect(m_service, &AppointmentService::setupChanged, this, &BookingPane::rebuildChoices);
    connect(m_type, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_place, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_timeOfDay, &QComboBox::currentIndexChanged, this, &BookingPane::refresh);
    connect(m_from, &QLineEdit::textChanged, this, &BookingPane::refresh);
    connect(m_service, &AppointmentService::slotsReady, this, &BookingPane::showSlots);
    connect(m_list, &QListWidget::itemActivated, this, &BookingPane::bookCurrent);
    connect(m_book, &QPushButton::clicked, this, &BookingPane::bookCurrent);
    connect(m_confirmation, &QPushButton::clicked, this, [this] {
        if (!m_lastBooked.isNull())
            Q_EMIT confirmationRequested(m_lastBooked);
    });
    connect(m_close, &QPushButton::clicked, this, &BookingPane::closed);
    connect(m_list, &QListWidget::currentRowChanged, this,
            [this](int row) { m_book->setEnabled(row >= 0); });
}

void BookingPane::rebuildChoices()
{
    const QString type = m_type->currentData().toString();
    const QString place = m_place->currentData().toString();
    const QSignalBlocker blockType(m_type);
    const QSignalBlocker blockPlace(m_place);
    m_type->clear();
    m_place->clear();
    const QList<Place> places = m_service->bookablePlaces();
    for (const AppointmentType &t : m_service->setup().types) {
        // Only the kinds this desk's places offer.
        const bool offered = std::any_of(places.cbegin(), places.cend(), [&t](const Place &p) {
            return t.placeIds.contains(p.id);
        });
        if (offered)
            m_type->addItem(tr("%1 (%2 minutes)").arg(t.name).arg(t.durationMinutes), t.id);
    }
    m_place->addItem(places.size() == 1 ? places.first().name : tr("Any place, soonest first"),
                     QString());
    if (places.size() > 1) {
        for (const Place &p : places)
            m_place->addItem(p.name, p.id);
    }
    if (const int i = m_type->findData(type); i >= 0)
        m_type->setCurrentIndex(i);
    if (const int i = m_place->findData(place); i >= 0)
        m_place->setCurrentIndex(i);
    if (m_type->count() == 0) {
        m_status->setText(m_service->hasSetup()
                              ? tr("None of this office's places offers appointments.")
                              : tr("No appointment set-up on this desk yet: it arrives with the "
                                   "first sync after an administrator loads it."));
    }
    if (isVisible())
        refresh();
}

void BookingPane::setPerson(const QUuid &personId, const QString &name, const QUuid &enquiryId,
                            const QString &serviceKey)
{
    if (!serviceKey.isEmpty()) {
        for (int i = 0; i < m_type->count(); ++i) {
            const AppointmentType *t = m_service->setup().type(m_type->itemData(i).toString());
            if (t && t->serviceKeys.contains(serviceKey)) {
                const QSignalBlocker block(m_type);
                m_type->setCurrentIndex(i);
                break;
            }
        }
    }
    m_personId = personId;
    m_enquiryId = enquiryId;
    m_personName = name;
    m_moving = {};
    m_suggested.clear();
    m_lastBooked = {};
    m_notice.clear();
    m_confirmation->setEnabled(false);
    m_type->setEnabled(true);
    m_moveNote->setVisible(false);
    m_reasonLabel->setVisible(false);
    m_reason->setVisible(false);
    m_reason->clear();
    {
        const QSignalBlocker block(m_from);
        m_from->clear();
    }
    m_book->setText(tr("&Book"));
    m_heading->setText(tr("Book an appointment for %1").arg(name));
    refresh();
}

void BookingPane::moveAppointment(const Appointment &appointment, const QString &name,
                                  const QList<FreeSlot> &alternatives)
{
    m_personId = appointment.personId;
    m_enquiryId = appointment.enquiryId;
    m_personName = name;
    m_moving = appointment;
    m_suggested = alternatives;
    m_lastBooked = {};
    m_notice.clear();
    m_confirmation->setEnabled(false);
    const bool lost = appointment.status == Appointment::Status::Lost;
    m_heading->setText(lost ? tr("Book %1 again: the time was taken").arg(name)
                            : tr("Move %1's appointment").arg(name));
    QString note = tr("%1 on %2 at %3.")
                       .arg(m_service->typeName(appointment.typeId), m_service->when(appointment),
                            m_service->placeName(appointment.placeId));
    if (!appointment.centreNote.isEmpty())
        note += u' ' + appointment.centreNote;
    m_moveNote->setText(note);
    m_moveNote->setVisible(true);
    {
        const QSignalBlocker block(m_type);
        if (const int i = m_type->findData(appointment.typeId); i >= 0)
            m_type->setCurrentIndex(i);
    }
    m_type->setEnabled(false);
    m_reasonLabel->setVisible(true);
    m_reason->setVisible(true);
    m_reason->setText(lost ? tr("The time first chosen was taken at another desk") : QString());
    m_book->setText(tr("&Move here"));
    refresh();
}

void BookingPane::refresh()
{
    if (m_type->currentIndex() < 0) {
        m_slots.clear();
        m_list->clear();
        return;
    }
    SlotQuery q;
    q.typeId = m_type->currentData().toString();
    q.now = m_clock();
    q.limit = 10;
    const QString place = m_place->currentData().toString();
    if (!place.isEmpty()) {
        q.placeIds = {place};
    } else {
        for (const Place &p : m_service->bookablePlaces())
            q.placeIds.append(p.id);
    }
    const QStringList window = m_timeOfDay->currentData().toStringList();
    if (window.size() == 2) {
        q.earliest = QTime::fromString(window[0], u"HH:mm"_qs);
        q.latest = QTime::fromString(window[1], u"HH:mm"_qs);
    }
    const QString from = m_from->text().trimmed();
    if (!from.isEmpty()) {
        const QDate today = q.now.toLocalTime().date();
        const QDate day = parseFollowUp(from, today, WorkingCalendar());
        if (!day.isValid() || day < today) {
            m_slots.clear();
            m_found.clear();
            m_list->clear();
            m_status->setText(tr("\"%1\" is not a day to come: write 14/12/2026, 14/12, or +5 "
                                 "for five working days from today.")
                                  .arg(from));
            return;
        }
        q.fromDate = day;
    }
    // Slots of the previous question must not be booked under the new one.
    m_slots.clear();
    m_found.clear();
    m_list->clear();
    m_status->setText(m_notice.isEmpty() ? tr("Looking for free slots…") : m_notice);
    m_generation = m_service->findSlots(q);
}

QString BookingPane::slotText(const FreeSlot &s) const
{
    const Place *place = m_service->setup().place(s.placeId);
    const QTimeZone zone(place ? place->timeZone.toUtf8() : QByteArray("Europe/London"));
    return tr("%1, %2 – %3 (%4)")
        .arg(AppointmentConfirmation::longDate(s.start, zone),
             AppointmentConfirmation::clockTime(s.start, zone), m_service->placeName(s.placeId),
             m_service->resourceName(s.resourceId));
}

void BookingPane::showSlots(quint64 generation, const QList<FreeSlot> &slots)
{
    if (generation != m_generation)
        return;
    m_found = slots;
    showList();
}

void BookingPane::showList()
{
    // The nearest times to a lost slot first (those still free by the engine's latest answer is
    // the centre's to judge), then the soonest.
    m_slots.clear();
    for (const FreeSlot &s : std::as_const(m_suggested)) {
        if (s.start > m_clock())
            m_slots.append(s);
    }
    const qsizetype suggested = m_slots.size();
    for (const FreeSlot &s : std::as_const(m_found)) {
        if (!m_slots.contains(s))
            m_slots.append(s);
    }
    m_list->clear();
    for (qsizetype i = 0; i < m_slots.size(); ++i) {
        const QString text = slotText(m_slots.at(i));
        m_list->addItem(i < suggested ? tr("Nearest to the time asked for: %1").arg(text) : text);
    }
    if (!m_slots.isEmpty())
        m_list->setCurrentRow(0);
    const QString count =
        m_slots.isEmpty()
            ? tr("No free slots in the weeks that can be booked. Try another place or type.")
            : tr("%n free slot(s), soonest first.", nullptr, int(m_slots.size()));
    m_status->setText(m_notice.isEmpty() ? count : m_notice + u'\n' + count);
}

void BookingPane::bookCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_slots.size())
        return;
    const FreeSlot slot = m_slots.at(row);
    const QString text = slotText(slot);
    if (isMoving()) {
        const QString problem = m_service->reschedule(m_moving.id, slot, m_reason->text());
        if (!problem.isEmpty()) {
            m_status->setText(problem);
            if (m_reason->text().trimmed().isEmpty())
                m_reason->setFocus();
            return;
        }
        m_lastBooked = m_moving.id;
        m_notice = tr("Moved to %1. Provisional until the central service confirms it.").arg(text);
        const std::optional<Appointment> now = m_service->appointment(m_moving.id);
        m_moving = {};
        m_suggested.clear();
        m_type->setEnabled(true);
        m_reasonLabel->setVisible(false);
        m_reason->setVisible(false);
        m_moveNote->setVisible(false);
        m_book->setText(tr("&Book"));
        m_confirmation->setEnabled(true);
        if (now)
            Q_EMIT moved(*now);
        refresh();
        return;
    }
    Appointment a;
    a.id = QUuid::createUuid();
    a.personId = m_personId;
    a.enquiryId = m_enquiryId;
    a.typeId = m_type->currentData().toString();
    a.placeId = slot.placeId;
    a.resourceId = slot.resourceId;
    a.start = slot.start;
    a.end = slot.end;
    const QString problem = m_service->book(a, m_clock());
    if (!problem.isEmpty()) {
        m_status->setText(problem);
        return;
    }
    m_lastBooked = a.id;
    m_notice = tr("Booked: %1. Provisional until the central service confirms it.").arg(text);
    m_confirmation->setEnabled(true);
    Q_EMIT booked(m_service->appointment(a.id).value_or(a));
    refresh();
}

void BookingPane::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT closed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace FirstStop
