#include "ui/PersonSummary.h"

#include "app/AppointmentService.h"
#include "models/Appointment.h"
#include "models/PersonListModel.h"
#include "models/ServiceCatalogue.h"

#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace FirstStop {

PersonSummary::PersonSummary(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_details(new QLabel(this))
    , m_mergedNote(new QLabel(this))
    , m_merge(new QPushButton(tr("&Merge another record into this one…"), this))
    , m_historyHeading(new QLabel(tr("History"), this))
    , m_history(new QTreeWidget(this))
    , m_nextAppointment(new QLabel(this))
{
    setObjectName(QStringLiteral("personSummary"));
    setAccessibleName(tr("Person"));
    m_heading->setObjectName(QStringLiteral("personHeadingLabel"));
    m_heading->setTextFormat(Qt::PlainText);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setObjectName(QStringLiteral("personDetailsLabel"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *edit = new QPushButton(tr("&Edit details"), this);
    edit->setObjectName(QStringLiteral("editPersonPushButton"));
    edit->setAccessibleName(tr("Edit this person's details"));
    connect(edit, &QPushButton::clicked, this, [this] { Q_EMIT editRequested(m_person); });

    auto *log = new QPushButton(tr("&Log enquiry (Ctrl+E)"), this);
    log->setObjectName(QStringLiteral("logEnquiryPushButton"));
    log->setAccessibleName(tr("Log an enquiry for this person"));
    connect(log, &QPushButton::clicked, this, &PersonSummary::logEnquiryRequested);

    auto *book = new QPushButton(tr("&Book appointment (Ctrl+B)"), this);
    book->setObjectName(QStringLiteral("bookAppointmentPushButton"));
    book->setAccessibleName(tr("Book an appointment for this person"));
    connect(book, &QPushButton::clicked, this, &PersonSummary::bookAppointmentRequested);
    m_nextAppointment->setObjectName(QStringLiteral("nextAppointmentLabel"));
    m_nextAppointment->setTextFormat(Qt::PlainText);
    m_nextAppointment->setWordWrap(true);
    m_nextAppointment->setVisible(false);

    m_merge->setObjectName(QStringLiteral("mergePersonPushButton"));
    m_merge->setAccessibleName(tr("Merge a duplicate record into this person's record"));
    m_merge->setToolTip(tr("Team leads: move a duplicate's history here (Ctrl+Shift+M)"));
    m_merge->setVisible(false);
    connect(m_merge, &QPushButton::clicked, this, &PersonSummary::mergeRequested);
    m_mergedNote->setObjectName(QStringLiteral("mergedRecordsLabel"));
    m_mergedNote->setTextFormat(Qt::PlainText);
    m_mergedNote->setWordWrap(true);
    m_mergedNote->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_mergedNote->setVisible(false);

    QFont bold = m_historyHeading->font();
    bold.setBold(true);
    m_historyHeading->setFont(bold);
    m_historyHeading->setObjectName(QStringLiteral("historyHeadingLabel"));
    m_historyHeading->setBuddy(m_history);
    m_history->setObjectName(QStringLiteral("historyTreeWidget"));
    m_history->setAccessibleName(tr("This person's history, newest first"));
    m_history->setRootIsDecorated(true);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->setHeaderLabels({tr("Date"), tr("What"), tr("Status"), tr("Summary")});
    // The date fits its text; "What" (a note's first line can be long) and the status keep a
    // fixed, adjustable width and elide, so the summary is never pushed off to the right.
    m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_history->setColumnWidth(1, m_history->fontMetrics().averageCharWidth() * 14);
    m_history->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_history->setColumnWidth(2, m_history->fontMetrics().averageCharWidth() * 20);
    m_history->header()->setStretchLastSection(true);
    // Enter (or a double click) on an enquiry opens it, to move it on, add a note or reopen it.
    m_history->installEventFilter(this);
    connect(m_history, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        while (item && item->parent()) {
            item = item->parent(); // a note or change stands for its enquiry
        }
        const QUuid id = item ? item->data(0, Qt::UserRole).toUuid() : QUuid();
        if (item && item->data(0, Qt::UserRole + 2).toBool()) {
            Q_EMIT appointmentActionRequested(id, AppointmentAction::Move);
            return;
        }
        for (const Enquiry &e : std::as_const(m_enquiries)) {
            if (e.id == id) {
                Q_EMIT enquiryOpenRequested(e);
                return;
            }
        }
    });

    auto *actions = new QHBoxLayout;
    actions->addWidget(edit);
    actions->addWidget(log);
    actions->addWidget(book);
    actions->addWidget(m_merge);
    actions->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_details);
    layout->addWidget(m_mergedNote);
    layout->addWidget(m_nextAppointment);
    layout->addLayout(actions);
    layout->addWidget(m_historyHeading);
    layout->addWidget(m_history, 1);
}

void PersonSummary::setCanMerge(bool canMerge)
{
    m_merge->setVisible(canMerge);
}

void PersonSummary::setMergedRecords(const QList<PersonRedirect> &redirects)
{
    QStringList merged;
    for (const PersonRedirect &r : redirects) {
        merged.append(r.name.isEmpty() ? r.reference : tr("%1 (%2)").arg(r.reference, r.name));
    }
    m_mergedNote->setText(merged.isEmpty()
                              ? QString()
                              : tr("Records merged into this one (their references lead here): %1")
                                    .arg(merged.join(QStringLiteral("; "))));
    m_mergedNote->setAccessibleName(m_mergedNote->text());
    m_mergedNote->setVisible(!merged.isEmpty());
}

void PersonSummary::setPerson(const Person &person)
{
    if (person.id != m_person.id) {
        setMergedRecords({}); // until the desk says which records were merged into this one
    }
    m_person = person;
    m_heading->setText(person.displayName());
    const auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(),
                 value.isEmpty() ? QStringLiteral("—")
                                 : value.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    };
    QString html = QStringLiteral("<table>");
    html += row(tr("Given name"), person.givenName);
    html += row(tr("Family name"), person.familyName);
    if (!person.preferredName.isEmpty()) {
        html += row(tr("Known as"), person.preferredName);
    }
    html += row(tr("Date of birth"), formatDateOfBirth(person.dateOfBirth, QDate::currentDate()));
    html += row(tr("Address"), person.address);
    html += row(tr("Postcode"), person.postcode);
    html += row(tr("Phone"), person.phone);
    html += row(tr("E-mail"), person.email);
    if (!person.previousNames.isEmpty()) {
        html += row(tr("Previous names"), person.previousNames.join(u'\n'));
    }
    if (!person.previousAddresses.isEmpty()) {
        QStringList lines;
        for (const QString &a : person.previousAddresses) {
            lines << QString(a).replace(u'\n', u", "_qs);
        }
        html += row(tr("Previous addresses"), lines.join(u'\n'));
    }
    {
        QStringList agreed;
        if (person.okToText) {
            agreed << tr("texts");
        }
        if (person.okToEmail) {
            agreed << tr("e-mails");
        }
        if (person.okToPost) {
            agreed << tr("letters");
        }
        QString contact = Person::contactChannelLabel(person.contactChannel);
        if (!agreed.isEmpty()) {
            contact += u"\n"_qs + tr("Agreed to: %1").arg(agreed.join(u", "_qs));
        }
        html += row(tr("Contact by"), contact);
    }
    if (!person.preferredLanguage.isEmpty() || person.interpreterNeeded) {
        QString language = person.preferredLanguage;
        if (person.interpreterNeeded) {
            language += (language.isEmpty() ? QString() : u" — "_qs) + tr("interpreter needed");
        }
        html += row(tr("Language"), language);
    }
    if (!person.accessibilityFlags.isEmpty() || !person.accessibilityNotes.isEmpty()) {
        QStringList needs;
        for (const QString &flag : person.accessibilityFlags) {
            needs << Person::accessibilityFlagLabel(flag);
        }
        if (!person.accessibilityNotes.isEmpty()) {
            needs << person.accessibilityNotes;
        }
        html += row(tr("Adjustments"), needs.join(u'\n'));
    }
    html += row(tr("Reference"), person.reference);
    html += row(tr("Record"), person.version > 0
                                  ? tr("On the central service")
                                  : tr("Saved on this desk; not yet on the central service"));
    html += QStringLiteral("</table>");
    m_details->setText(html);
    setAccessibleDescription(person.displayName());
    if (m_historyOf != person.id) {
        m_historyOf = QUuid();
        m_enquiries.clear();
        m_history->clear();
        m_historyHeading->setText(tr("History"));
    }
}

namespace {

// "23/11/2026 17:39" (the locale's short date, minutes): seconds only widen the column. Just
// "17:39" beneath an entry of the same day.
QString shortTime(const QDateTime &at, const QDate &sameDayAs = {})
{
    if (!at.isValid()) {
        return {};
    }
    const QDateTime local = at.toLocalTime();
    const QString time = QLocale().toString(local.time(), u"HH:mm"_qs);
    return local.date() == sameDayAs
               ? time
               : QLocale().toString(local.date(), QLocale::ShortFormat) + u' ' + time;
}

// When a record was made, by its kind's time field (as LocalStore orders the history).
QDateTime recordTime(const Record &r)
{
    const EntityType *type = entityType(r.type);
    return type && !type->timeField.isEmpty()
               ? QDateTime::fromString(r.value(type->timeField).toString(), Qt::ISODateWithMs)
               : QDateTime();
}

} // namespace

void PersonSummary::setHistory(const QList<Record> &records, const ServiceCatalogue &catalogue,
                               const QList<CharterStandard> &charter,
                               const WorkingCalendar &calendar)
{
    // Each enquiry's history entries, for the charter's verdict below.
    QHash<QString, QList<EnquiryEvent>> events;
    for (const Record &r : records) {
        if (r.type == QStringView(kTypeEnquiryEvent)) {
            events[r.value(u"enquiry_id"_qs).toString()].append(EnquiryEvent::fromJson(r.data));
        }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_enquiries.clear();
    m_history->clear();
    m_historyOf = m_person.id;
    QList<std::pair<QDateTime, QTreeWidgetItem *>> rows;
    QHash<QString, QTreeWidgetItem *> enquiryRows;
    QList<const Record *> notes;
    for (const Record &r : records) {
        if (r.type == QStringView(kTypeEnquiry)) {
            const Enquiry e = Enquiry::fromFields(r.id, r.data);
            m_enquiries.append(e);
            const ServiceCategory *c = catalogue.byKey(e.categoryKey);
            QString status = EnquiryNames::label(e.status);
            if (e.outcome != Outcome::None) {
                status = tr("%1: %2").arg(status, EnquiryNames::label(e.outcome));
            }
            if (e.kind == EnquiryKind::Complaint) {
                status = tr("Complaint, %1 — %2").arg(EnquiryNames::label(e.stage), status);
            }
            // The customer charter: the first standard in the line, all of them in the tooltip.
            QStringList charterLines;
            for (const CharterVerdict &v :
                 charterVerdicts(e, events.value(e.id.toString(QUuid::WithoutBraces)), charter,
                                 calendar, now)) {
                const QString due = QLocale().toString(v.due.toLocalTime(), QLocale::ShortFormat);
                if (charterLines.isEmpty()) {
                    status += tr(" · %1").arg(charterMarkLabel(v.mark).toLower());
                }
                charterLines.append(
                    tr("%1: %2 (due %3)").arg(v.standard.name, charterMarkLabel(v.mark), due));
            }
            if (!e.repeatOf.isNull()) {
                status += tr(" · repeat contact");
            }
            auto *item = new QTreeWidgetItem(
                {shortTime(e.openedAt), c ? c->label : e.categoryKey, status, e.summary});
            item->setData(0, Qt::UserRole, e.id);
            item->setData(0, Qt::UserRole + 1, e.openedAt.toLocalTime());
            item->setToolTip(3, tr("Enter opens this enquiry to update it"));
            if (!charterLines.isEmpty()) {
                item->setToolTip(2, charterLines.join(u'\n'));
            }
            enquiryRows.insert(e.id.toString(QUuid::WithoutBraces), item);
            rows.append({e.openedAt, item});
        } else if (r.type == QStringView(kTypeEnquiryNote) ||
                   r.type == QStringView(kTypeEnquiryEvent)) {
            notes.append(&r);
        } else if (r.type == QStringView(kTypeAppointment)) {
            // As the desk's appointments know it (provisional until the centre has it), or as
            // the record says when that has not caught up yet.
            std::optional<Appointment> a =
                m_appointments ? m_appointments->appointment(r.id) : std::nullopt;
            if (!a) {
                a = Appointment::fromRecord(r, r.version == 0);
            }
            if (!a) {
                continue;
            }
            const auto name = [this](auto method, const QString &id) {
                return m_appointments ? (m_appointments->*method)(id) : id;
            };
            const QString what =
                tr("%1 — %2, %3 (%4)")
                    .arg(name(&AppointmentService::typeName, a->typeId),
                         m_appointments
                             ? m_appointments->when(*a)
                             : QLocale().toString(a->start.toLocalTime(), QLocale::ShortFormat),
                         name(&AppointmentService::placeName, a->placeId),
                         name(&AppointmentService::resourceName, a->resourceId));
            QString status = Appointment::statusLabel(a->status);
            if (!a->refusal.isEmpty()) {
                status = tr("Refused by the central service");
            }
            auto *item =
                new QTreeWidgetItem({shortTime(a->bookedAt), recordLabel(r.type), status, what});
            item->setData(0, Qt::UserRole, a->id);
            item->setData(0, Qt::UserRole + 2, true);
            QStringList tips;
            if (a->isProvisional() && a->refusal.isEmpty()) {
                tips << tr("Not yet confirmed by the central service: it is judged there at the "
                           "next sync.");
            }
            if (!a->refusal.isEmpty()) {
                tips << a->refusal;
            }
            if (!a->centreNote.isEmpty()) {
                tips << a->centreNote;
            }
            if (!a->reason.isEmpty()) {
                tips << tr("Reason: %1").arg(a->reason);
            }
            tips << tr("Enter moves it, Delete cancels it, A arrived, S seen, N did not come, "
                       "Ctrl+P the confirmation");
            item->setToolTip(2, tips.join(u'\n'));
            item->setToolTip(3, what);
            rows.append({a->bookedAt, item});
        } else {
            const EntityType *type = entityType(r.type);
            const QString title = type ? r.value(type->titleField).toString() : QString();
            auto *item = new QTreeWidgetItem(
                {shortTime(recordTime(r)), recordLabel(r.type), QString(), title});
            item->setData(0, Qt::UserRole, r.id);
            rows.append({recordTime(r), item});
        }
    }
    // A note goes beneath its enquiry (newest first there too); one whose enquiry is not on this
    // desk stands on its own.
    std::stable_sort(notes.begin(), notes.end(), [](const Record *a, const Record *b) {
        return recordTime(*a) > recordTime(*b);
    });
    for (const Record *note : std::as_const(notes)) {
        const QDateTime at = recordTime(*note);
        const bool isEvent = note->type == QStringView(kTypeEnquiryEvent);
        const EnquiryEvent event = isEvent ? EnquiryEvent::fromJson(note->data) : EnquiryEvent();
        if (isEvent && event.type == EnquiryEvent::Type::Opened) {
            continue; // the enquiry's own row says when it was opened
        }
        const QString author = note->value(isEvent ? u"by"_qs : u"created_by"_qs).toString();
        const QString text = isEvent ? event.describe() : note->value(u"text"_qs).toString();
        if (QTreeWidgetItem *parent = enquiryRows.value(note->value(u"enquiry_id"_qs).toString())) {
            const QDate parentDay = parent->data(0, Qt::UserRole + 1).toDateTime().date();
            auto *child = new QTreeWidgetItem(
                {shortTime(at, parentDay), isEvent ? tr("Change") : tr("Note"), author, text});
            child->setToolTip(3, text);
            parent->addChild(child);
        } else {
            rows.append(
                {at, new QTreeWidgetItem({shortTime(at), recordLabel(note->type), author, text})});
        }
    }
    std::stable_sort(m_enquiries.begin(), m_enquiries.end(),
                     [](const Enquiry &a, const Enquiry &b) { return a.openedAt > b.openedAt; });
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<QTreeWidgetItem *> items;
    for (const auto &row : std::as_const(rows)) {
        items.append(row.second);
    }
    m_history->addTopLevelItems(items);
    m_history->expandAll();
    m_historyHeading->setText(items.isEmpty() ? tr("History: nothing yet on this desk")
                                              : tr("History (%1)").arg(items.size()));
    // The next appointment to come, and any booking that lost its slot, above the history.
    QStringList upcoming;
    if (m_appointments) {
        for (const Appointment &a : m_appointments->appointmentsOf(m_person.id, now)) {
            if (a.end < now) {
                break;
            }
            if (a.status == Appointment::Status::Lost) {
                upcoming << tr("Needs a new time: %1 on %2 was taken by another desk.")
                                .arg(m_appointments->typeName(a.typeId), m_appointments->when(a));
            } else if (a.holdsSlot() && upcoming.isEmpty()) {
                upcoming << tr("Next appointment: %1, %2 at %3%4")
                                .arg(m_appointments->typeName(a.typeId), m_appointments->when(a),
                                     m_appointments->placeName(a.placeId),
                                     a.isProvisional() ? tr(" (provisional)") : QString());
            }
        }
    }
    m_nextAppointment->setText(upcoming.join(u'\n'));
    m_nextAppointment->setVisible(!upcoming.isEmpty());
}

QUuid PersonSummary::currentAppointment() const
{
    const QTreeWidgetItem *item = m_history->currentItem();
    return item && item->data(0, Qt::UserRole + 2).toBool() ? item->data(0, Qt::UserRole).toUuid()
                                                            : QUuid();
}

bool PersonSummary::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_history && event->type() == QEvent::KeyPress) {
        const QUuid id = currentAppointment();
        const auto *key = static_cast<QKeyEvent *>(event);
        if (!id.isNull() && (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
            std::optional<AppointmentAction> action;
            switch (key->key()) {
            case Qt::Key_Delete:
                action = AppointmentAction::Cancel;
                break;
            case Qt::Key_A:
                action = AppointmentAction::Arrived;
                break;
            case Qt::Key_S:
                action = AppointmentAction::Seen;
                break;
            case Qt::Key_N:
                action = AppointmentAction::NoShow;
                break;
            default:
                break;
            }
            if (action) {
                Q_EMIT appointmentActionRequested(id, *action);
                return true;
            }
        }
        if (!id.isNull() && key->matches(QKeySequence::Print)) {
            Q_EMIT appointmentActionRequested(id, AppointmentAction::Confirmation);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace FirstStop
