#include "ui/DayViewPane.h"

#include "app/AppointmentService.h"
#include "app/DeskController.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace FirstStop {

namespace {

enum Column
{
    TimeColumn,
    ResidentColumn,
    TypeColumn,
    WithColumn,
    StatusColumn,
};

} // namespace

DayViewPane::DayViewPane(DeskController *desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_place(new QComboBox(this))
    , m_resource(new QComboBox(this))
    , m_day(new QDateEdit(this))
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    setObjectName(u"dayViewPane"_qs);
    setAccessibleName(tr("The day's appointments"));
    auto *heading = new QLabel(tr("Appointments"), this);
    heading->setObjectName(u"dayViewHeadingLabel"_qs);
    QFont big = heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    heading->setFont(big);

    m_place->setObjectName(u"dayViewPlaceComboBox"_qs);
    m_place->setAccessibleName(tr("Place"));
    m_resource->setObjectName(u"dayViewResourceComboBox"_qs);
    m_resource->setAccessibleName(tr("Member of staff, desk or room"));
    m_day->setObjectName(u"dayViewDateEdit"_qs);
    m_day->setAccessibleName(tr("Day"));
    m_day->setAccessibleDescription(tr("Alt+Left and Alt+Right go to the day before or after"));
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(u"dddd d MMMM yyyy"_qs);
    m_day->setDate(QDate::currentDate());

    m_summary->setObjectName(u"dayViewSummaryLabel"_qs);
    m_summary->setWordWrap(true);

    m_list->setObjectName(u"dayViewTreeWidget"_qs);
    m_list->setAccessibleName(tr("Appointments of the day"));
    m_list->setAccessibleDescription(
        tr("A: arrived, S: seen, N: did not come, Delete: cancel, Enter: open the resident"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Time"), tr("Resident"), tr("What"), tr("With"), tr("Status")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ResidentColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->installEventFilter(this);

    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(u"dayViewClosePushButton"_qs);
    close->setAccessibleName(tr("Close the day's appointments"));
    close->setToolTip(tr("Esc"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Place:"), m_place);
    form->addRow(tr("&With:"), m_resource);
    form->addRow(tr("&Day:"), m_day);
    auto *top = new QHBoxLayout;
    top->addWidget(heading, 1);
    top->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    auto *keys = new QLabel(
        tr("A arrived · S seen · N did not come · Delete cancel · Enter opens the resident"), this);
    keys->setObjectName(u"dayViewKeysLabel"_qs);
    keys->setWordWrap(true);
    layout->addWidget(keys);

    AppointmentService *service = m_desk->appointments();
    connect(service, &AppointmentService::setupChanged, this, &DayViewPane::rebuildPlaces);
    connect(service, &AppointmentService::appointmentsChanged, this, [this] {
        if (isVisible())
            reload();
    });
    connect(m_place, &QComboBox::currentIndexChanged, this, [this] {
        rebuildResources();
        reload();
    });
    connect(m_resource, &QComboBox::currentIndexChanged, this, &DayViewPane::reload);
    connect(m_day, &QDateEdit::dateChanged, this, &DayViewPane::reload);
    connect(m_desk, &DeskController::peopleReady, this, &DayViewPane::takePeople);
    connect(close, &QPushButton::clicked, this, &DayViewPane::closed);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const Person person = m_people.value(item->data(ResidentColumn, Qt::UserRole).toUuid());
        if (!person.id.isNull())
            Q_EMIT personOpenRequested(person);
    });
    // Alt+Left / Alt+Right anywhere in the pane: the day before or after.
    auto *previous = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this);
    previous->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, this,
            [this] { m_day->setDate(m_day->date().addDays(-1)); });
    auto *next = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Right), this);
    next->setContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, this,
            [this] { m_day->setDate(m_day->date().addDays(1)); });
    rebuildPlaces();
}

void DayViewPane::rebuildPlaces()
{
    const QString current = m_place->currentData().toString();
    {
        const QSignalBlocker block(m_place);
        m_place->clear();
        for (const Place &p : m_desk->appointments()->bookablePlaces())
            m_place->addItem(p.name, p.id);
        if (const int i = m_place->findData(current); i >= 0)
            m_place->setCurrentIndex(i);
    }
    rebuildResources();
    reload();
}

void DayViewPane::rebuildResources()
{
    const QString place = m_place->currentData().toString();
    const QString current = m_resource->currentData().toString();
    const QSignalBlocker block(m_resource);
    m_resource->clear();
    m_resource->addItem(tr("Everyone"), QString());
    for (const Resource &r : m_desk->appointments()->setup().resources) {
        if (r.placeIds.contains(place))
            m_resource->addItem(r.name, r.id);
    }
    if (const int i = m_resource->findData(current); i >= 0)
        m_resource->setCurrentIndex(i);
}

void DayViewPane::showDay(const QDate &day)
{
    m_names.clear(); // names may have been corrected since
    m_people.clear();
    m_day->setDate(day);
    reload();
}

void DayViewPane::reload()
{
    AppointmentService *service = m_desk->appointments();
    const QUuid keep = currentAppointment();
    const QList<Appointment> day = service->dayAt(m_place->currentData().toString(), m_day->date(),
                                                  m_resource->currentData().toString());
    const Place *place = service->setup().place(m_place->currentData().toString());
    const QTimeZone zone(place ? place->timeZone.toUtf8() : QByteArrayLiteral("Europe/London"));
    m_list->clear();
    QList<QUuid> missing;
    int booked = 0;
    int arrived = 0;
    int seen = 0;
    int noShow = 0;
    for (const Appointment &a : day) {
        QString status = Appointment::statusLabel(a.status);
        if (!a.refusal.isEmpty())
            status = tr("Refused by the central service");
        const QString name = m_names.value(a.personId);
        if (!m_names.contains(a.personId) && !missing.contains(a.personId))
            missing.append(a.personId);
        auto *item = new QTreeWidgetItem(
            {tr("%1 – %2").arg(AppointmentConfirmation::clockTime(a.start, zone),
                               AppointmentConfirmation::clockTime(a.end, zone)),
             name.isEmpty() ? tr("(finding the name…)") : name, service->typeName(a.typeId),
             service->resourceName(a.resourceId), status});
        item->setData(TimeColumn, Qt::UserRole, a.id);
        item->setData(ResidentColumn, Qt::UserRole, a.personId);
        QStringList tips;
        if (!a.refusal.isEmpty())
            tips << a.refusal;
        if (!a.centreNote.isEmpty())
            tips << a.centreNote;
        if (!a.reason.isEmpty())
            tips << tr("Reason: %1").arg(a.reason);
        if (!tips.isEmpty())
            item->setToolTip(StatusColumn, tips.join(u'\n'));
        // Nothing by colour alone: the status is written out; the row is only dimmed as well.
        if (!a.holdsSlot()) {
            for (int c = 0; c <= StatusColumn; ++c)
                item->setForeground(c, palette().color(QPalette::Disabled, QPalette::Text));
        }
        m_list->addTopLevelItem(item);
        if (a.id == keep)
            m_list->setCurrentItem(item);
        switch (a.status) {
        case Appointment::Status::Provisional:
        case Appointment::Status::Confirmed:
            ++booked;
            break;
        case Appointment::Status::Arrived:
            ++arrived;
            break;
        case Appointment::Status::Seen:
            ++seen;
            break;
        case Appointment::Status::NoShow:
            ++noShow;
            break;
        case Appointment::Status::Cancelled:
        case Appointment::Status::Lost:
            break;
        }
    }
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    m_summary->setText(day.isEmpty()
                           ? (service->hasSetup() ? tr("No appointments on this day.")
                                                  : tr("No appointment set-up on this desk yet."))
                           : tr("%1 to come · %2 arrived · %3 seen · %4 did not come")
                                 .arg(booked)
                                 .arg(arrived)
                                 .arg(seen)
                                 .arg(noShow));
    if (!missing.isEmpty()) {
        m_asked = missing;
        m_desk->requestPeople(missing);
    }
}

void DayViewPane::takePeople(const QList<QUuid> &ids, const QList<Person> &people)
{
    if (ids != m_asked)
        return; // another list's question
    for (qsizetype i = 0; i < ids.size() && i < people.size(); ++i) {
        const Person &p = people.at(i);
        m_names.insert(ids.at(i), p.id.isNull() ? tr("(not on this desk)") : p.displayName());
        if (!p.id.isNull())
            m_people.insert(ids.at(i), p);
    }
    m_asked.clear();
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const QUuid person = item->data(ResidentColumn, Qt::UserRole).toUuid();
        if (m_names.contains(person))
            item->setText(ResidentColumn, m_names.value(person));
    }
}

QUuid DayViewPane::currentAppointment() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(TimeColumn, Qt::UserRole).toUuid() : QUuid();
}

bool DayViewPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const QUuid id = currentAppointment();
        if (!id.isNull() && (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
            switch (key->key()) {
            case Qt::Key_A:
                Q_EMIT attendanceRequested(id, Appointment::Status::Arrived);
                return true;
            case Qt::Key_S:
                Q_EMIT attendanceRequested(id, Appointment::Status::Seen);
                return true;
            case Qt::Key_N:
                Q_EMIT attendanceRequested(id, Appointment::Status::NoShow);
                return true;
            case Qt::Key_Delete:
                Q_EMIT cancelRequested(id);
                return true;
            default:
                break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DayViewPane::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT closed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace FirstStop
