#include "ui/EnquiryPane.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

namespace FirstStop {

namespace {

constexpr int KeyRole = Qt::UserRole + 1;

template <typename T>
void fillCombo(QComboBox *box, const QList<T> &values)
{
    for (const T v : values) {
        box->addItem(EnquiryNames::label(v), QVariant::fromValue(int(v)));
    }
}

template <typename T>
T comboValue(const QComboBox *box)
{
    return T(box->currentData().toInt());
}

QString shortDate(const QDate &d)
{
    return QLocale().toString(d, QStringLiteral("ddd d MMM yyyy"));
}

} // namespace

EnquiryPane::EnquiryPane(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_kind(new QComboBox(this))
    , m_category(new QLineEdit(this))
    , m_categoryList(new QListWidget(this))
    , m_categoryChosen(new QLabel(this))
    , m_channel(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_summary(new QLineEdit(this))
    , m_notes(new QPlainTextEdit(this))
    , m_outcome(new QComboBox(this))
    , m_linkLabel(new QLabel(this))
    , m_link(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_followUp(new QLineEdit(this))
    , m_complaintBox(new QGroupBox(tr("Complaint"), this))
    , m_stage(new QComboBox(this))
    , m_deadlines(new QLabel(this))
    , m_escalation(new QPlainTextEdit(this))
    , m_remedy(new QLineEdit(this))
    , m_rating(new QComboBox(this))
    , m_ratingComment(new QLineEdit(this))
    , m_hints(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_pause(new QPushButton(tr("Pause clock (Alt+P)"), this))
    , m_message(new QLabel(this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("enquiryPane"));
    setAccessibleName(tr("Log an enquiry"));

    m_heading->setObjectName(QStringLiteral("enquiryHeadingLabel"));
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setWordWrap(true);

    m_kind->setObjectName(QStringLiteral("kindComboBox"));
    m_kind->setAccessibleName(tr("Kind"));
    fillCombo(m_kind, QList<EnquiryKind>{EnquiryKind::Enquiry, EnquiryKind::Complaint});
    connect(m_kind, &QComboBox::currentIndexChanged, this, &EnquiryPane::updateKind);

    m_category->setObjectName(QStringLiteral("categoryLineEdit"));
    m_category->setAccessibleName(tr("Service category"));
    m_category->setAccessibleDescription(
        tr("Type words of the service; Down and Up move in the list; Enter takes the highlighted "
           "one. Alt+1 to Alt+9 take a recent category."));
    m_category->setPlaceholderText(tr("Type to find a service, e.g. council tax"));
    m_category->installEventFilter(this);
    connect(m_category, &QLineEdit::textEdited, this, [this] {
        m_categoryKey.clear();
        m_categoryChosen->clear();
        refreshCategoryList();
    });
    m_categoryList->setObjectName(QStringLiteral("categoryListWidget"));
    m_categoryList->setAccessibleName(tr("Matching service categories"));
    m_categoryList->setFocusPolicy(Qt::NoFocus); // driven from the category box
    m_categoryList->setUniformItemSizes(true);
    m_categoryList->setFixedHeight(m_categoryList->fontMetrics().height() * 6 + 8);
    connect(m_categoryList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { chooseCategory(item->data(KeyRole).toString()); });
    m_categoryChosen->setObjectName(QStringLiteral("categoryChosenLabel"));
    m_categoryChosen->setAccessibleName(tr("Chosen service category"));
    m_categoryChosen->setWordWrap(true);

    m_channel->setObjectName(QStringLiteral("channelComboBox"));
    m_channel->setAccessibleName(tr("Channel"));
    fillCombo(m_channel, EnquiryNames::channels());
    m_priority->setObjectName(QStringLiteral("priorityComboBox"));
    m_priority->setAccessibleName(tr("Priority"));
    fillCombo(m_priority, EnquiryNames::priorities());
    m_priority->setCurrentIndex(m_priority->findData(int(Priority::Normal)));

    m_summary->setObjectName(QStringLiteral("summaryLineEdit"));
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setMaxLength(300);
    m_summary->setPlaceholderText(tr("What the enquiry is about, in a few words"));
    m_notes->setObjectName(QStringLiteral("notesPlainTextEdit"));
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setTabChangesFocus(true);
    m_notes->setPlaceholderText(tr("Kept with your name and the time; never changed later"));
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 3 + 12);

    m_outcome->setObjectName(QStringLiteral("outcomeComboBox"));
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->addItem(EnquiryNames::label(Outcome::None), int(Outcome::None));
    fillCombo(m_outcome, EnquiryNames::outcomes());
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &EnquiryPane::updateOutcomeLink);
    m_link->setObjectName(QStringLiteral("outcomeLinkLineEdit"));
    m_link->setMaxLength(200);
    m_linkLabel->setBuddy(m_link);

    m_status->setObjectName(QStringLiteral("statusComboBox"));
    m_status->setAccessibleName(tr("Status"));
    fillCombo(m_status, QList<EnquiryStatus>{EnquiryStatus::Open, EnquiryStatus::InProgress,
                                             EnquiryStatus::Waiting, EnquiryStatus::Resolved});

    m_followUp->setObjectName(QStringLiteral("followUpLineEdit"));
    m_followUp->setAccessibleName(tr("Follow-up date"));
    m_followUp->setPlaceholderText(tr("e.g. 30/11/2026, or +5 for five working days"));

    m_stage->setObjectName(QStringLiteral("stageComboBox"));
    m_stage->setAccessibleName(tr("Complaint stage"));
    fillCombo(m_stage, QList<ComplaintStage>{ComplaintStage::Stage1, ComplaintStage::Stage2});
    connect(m_stage, &QComboBox::currentIndexChanged, this, &EnquiryPane::updateHints);
    m_deadlines->setObjectName(QStringLiteral("deadlinesLabel"));
    m_deadlines->setAccessibleName(tr("Complaint deadlines"));
    m_deadlines->setWordWrap(true);
    m_escalation->setObjectName(QStringLiteral("escalationPlainTextEdit"));
    m_escalation->setAccessibleName(tr("What the resident was told about escalating"));
    m_escalation->setTabChangesFocus(true);
    m_escalation->setFixedHeight(m_escalation->fontMetrics().lineSpacing() * 2 + 12);
    m_remedy->setObjectName(QStringLiteral("remedyLineEdit"));
    m_remedy->setAccessibleName(tr("Remedy offered"));
    auto *complaintForm = new QFormLayout(m_complaintBox);
    complaintForm->addRow(tr("Sta&ge:"), m_stage);
    complaintForm->addRow(m_deadlines);
    complaintForm->addRow(tr("Told about &escalating:"), m_escalation);
    complaintForm->addRow(tr("Re&medy offered:"), m_remedy);
    m_complaintBox->setObjectName(QStringLiteral("complaintGroupBox"));
    m_complaintBox->setAccessibleName(tr("Complaint"));
    m_complaintBox->hide();

    m_rating->setObjectName(QStringLiteral("ratingComboBox"));
    m_rating->setAccessibleName(tr("Satisfaction rating"));
    m_rating->addItem(tr("Not asked"), 0);
    m_rating->addItem(tr("1 – very poor"), 1);
    m_rating->addItem(tr("2 – poor"), 2);
    m_rating->addItem(tr("3 – fair"), 3);
    m_rating->addItem(tr("4 – good"), 4);
    m_rating->addItem(tr("5 – very good"), 5);
    m_ratingComment->setObjectName(QStringLiteral("ratingCommentLineEdit"));
    m_ratingComment->setAccessibleName(tr("Resident's comment"));
    m_ratingComment->setMaxLength(500);

    m_hints->setObjectName(QStringLiteral("enquiryHintsLabel"));
    m_hints->setAccessibleName(tr("Charter and repeat contact"));
    m_hints->setWordWrap(true);
    m_hints->setTextFormat(Qt::PlainText);
    m_clock->setObjectName(QStringLiteral("handlingClockLabel"));
    m_clock->setAccessibleName(tr("Handling time"));
    m_pause->setObjectName(QStringLiteral("pauseClockPushButton"));
    m_pause->setAccessibleName(tr("Pause or resume the handling clock"));
    m_pause->setFocusPolicy(Qt::NoFocus); // Alt+P from anywhere; not a Tab stop in the log
    connect(m_pause, &QPushButton::clicked, this, &EnquiryPane::togglePause);
    auto *pauseShortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_P), this);
    pauseShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(pauseShortcut, &QShortcut::activated, this, &EnquiryPane::togglePause);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &EnquiryPane::updateClock);
    // The screen turned to the resident for their rating (Ctrl+R).
    auto *askResident = new QPushButton(tr("Ask the &resident (Ctrl+R)"), this);
    askResident->setObjectName(QStringLiteral("askResidentPushButton"));
    askResident->setAccessibleName(tr("Turn the screen to the resident for their rating"));
    m_askResident = askResident;
    connect(askResident, &QPushButton::clicked, this, &EnquiryPane::residentRatingRequested);
    auto *askShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    askShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(askShortcut, &QShortcut::activated, this, &EnquiryPane::residentRatingRequested);

    m_message->setObjectName(QStringLiteral("enquiryMessageLabel"));
    m_message->setAccessibleName(tr("Message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setStyleSheet(QStringLiteral("color: #a4000f; font-weight: bold"));
    m_message->hide();

    auto *buttons = new QDialogButtonBox(this);
    auto *save = buttons->addButton(tr("&Save enquiry"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("saveEnquiryPushButton"));
    save->setAccessibleName(tr("Save enquiry"));
    save->setToolTip(tr("Save (Ctrl+S)"));
    auto *cancel = buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    cancel->setObjectName(QStringLiteral("cancelEnquiryPushButton"));
    cancel->setAccessibleName(tr("Cancel the enquiry"));
    m_buttons = buttons;
    connect(buttons, &QDialogButtonBox::accepted, this, &EnquiryPane::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &EnquiryPane::cancelled);
    for (const QKeySequence &keys :
         {QKeySequence(QKeySequence::Save), QKeySequence(Qt::CTRL | Qt::Key_Return)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &EnquiryPane::submit);
    }
    auto *cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    cancelShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelShortcut, &QShortcut::activated, this, &EnquiryPane::cancelled);
    for (int n = 1; n <= 9; ++n) {
        auto *recent = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)), this);
        recent->setContext(Qt::WidgetWithChildrenShortcut);
        connect(recent, &QShortcut::activated, this, [this, n] {
            const QStringList keys = m_recent.keys();
            if (n <= keys.size()) {
                chooseCategory(keys.at(n - 1));
            }
        });
    }

    auto *form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("Ser&vice:"), m_category);
    form->addRow(QString(), m_categoryList);
    form->addRow(QString(), m_categoryChosen);
    form->addRow(tr("C&hannel:"), m_channel);
    form->addRow(tr("P&riority:"), m_priority);
    form->addRow(tr("S&ummary:"), m_summary);
    form->addRow(tr("&Notes:"), m_notes);
    form->addRow(tr("&Outcome:"), m_outcome);
    form->addRow(m_linkLabel, m_link);
    form->addRow(tr("Sta&tus:"), m_status);
    form->addRow(tr("&Follow up on:"), m_followUp);
    auto *ratingRow = new QHBoxLayout;
    ratingRow->addWidget(m_rating);
    ratingRow->addWidget(m_ratingComment, 1);
    ratingRow->addWidget(m_askResident);
    auto *ratingLabel = new QLabel(tr("Satisf&action:"), this);
    ratingLabel->setBuddy(m_rating);
    form->addRow(ratingLabel, ratingRow);
    m_ratingComment->setPlaceholderText(tr("Comment (optional)"));

    auto *clockRow = new QHBoxLayout;
    clockRow->addWidget(m_clock, 1);
    clockRow->addWidget(m_pause);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_heading);
    layout->addLayout(clockRow);
    layout->addLayout(form);
    layout->addWidget(m_complaintBox);
    layout->addWidget(m_hints);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    layout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("enquiryScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    // Combo boxes as wide as the pane, not as their longest entry: the pane sits beside the
    // results and may be narrow.
    for (QComboBox *box : {m_kind, m_channel, m_priority, m_outcome, m_status, m_stage, m_rating}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }

    setTabOrder(m_kind, m_category);
    setTabOrder(m_category, m_channel);
    setTabOrder(m_channel, m_priority);
    setTabOrder(m_priority, m_summary);
    setTabOrder(m_summary, m_notes);
    setTabOrder(m_notes, m_outcome);
    setTabOrder(m_outcome, m_link);
    setTabOrder(m_link, m_status);
    setTabOrder(m_status, m_followUp);
    setTabOrder(m_followUp, m_rating);
    setTabOrder(m_rating, m_ratingComment);
    setTabOrder(m_ratingComment, m_stage);
    setTabOrder(m_stage, m_escalation);
    setTabOrder(m_escalation, m_remedy);
    updateOutcomeLink();
}

void EnquiryPane::setCatalogue(const ServiceCatalogue &catalogue)
{
    m_catalogue = catalogue;
    refreshCategoryList();
}

void EnquiryPane::setRecentCategories(const QStringList &keys)
{
    m_recent.setKeys(keys);
    refreshCategoryList();
}

void EnquiryPane::setClerk(const QString &username, const QString &office)
{
    m_clerk = username;
    m_office = office;
}

QDateTime EnquiryPane::now() const
{
    return m_sessionStart.addMSecs(m_elapsed.elapsed());
}

void EnquiryPane::startNew(const Person &person, const QList<Enquiry> &earlier,
                           const QDateTime &now)
{
    m_person = person;
    m_earlier = earlier;
    m_existing.reset();
    m_openedAt = now.toUTC();
    m_sessionStart = m_openedAt;
    m_elapsed.start();
    m_baseEvents = {{EnquiryEvent::Type::Opened, m_openedAt, m_clerk, {}, {}, {}}};
    m_clockEvents.clear();
    m_categoryKey.clear();
    m_heading->setText(person.id.isNull() ? tr("New enquiry — no personal details taken")
                                          : tr("New enquiry — %1").arg(person.displayName()));
    m_kind->setEnabled(true);
    m_kind->setCurrentIndex(0);
    m_notes->setPlaceholderText(tr("Kept with your name and the time; never changed later"));
    m_category->clear();
    m_categoryChosen->clear();
    m_summary->clear();
    m_notes->clear();
    m_outcome->setCurrentIndex(0);
    m_link->clear();
    m_status->setCurrentIndex(0);
    m_followUp->clear();
    m_stage->setCurrentIndex(0);
    m_escalation->clear();
    m_remedy->clear();
    m_rating->setCurrentIndex(0);
    m_ratingComment->clear();
    m_pause->setText(tr("Pause clock (Alt+P)"));
    m_message->hide();
    setSaving(false);
    updateKind();
    refreshCategoryList();
    updateClock();
    m_tick->start();
    m_category->setFocus();
}

void EnquiryPane::openExisting(const Person &person, const Enquiry &enquiry,
                               const QList<EnquiryEvent> &events, const QDateTime &now)
{
    startNew(person, {}, now);
    m_existing = enquiry;
    m_openedAt = enquiry.openedAt.toUTC();
    m_baseEvents = events;
    if (m_baseEvents.isEmpty()) {
        // Logged before changes were kept: its opening is all that is known.
        m_baseEvents = {{EnquiryEvent::Type::Opened, m_openedAt, enquiry.handledBy, {}, {}, {}}};
    }
    const auto select = [](QComboBox *box, int value) {
        box->setCurrentIndex(std::max(0, box->findData(value)));
    };
    m_heading->setText(
        tr("%1 — %2, opened %3")
            .arg(EnquiryNames::label(enquiry.kind), enquiry.summary,
                 QLocale().toString(m_openedAt.toLocalTime(), QLocale::ShortFormat)));
    select(m_kind, int(enquiry.kind));
    m_kind->setEnabled(false); // an enquiry does not turn into a complaint: log the complaint
    chooseCategory(enquiry.categoryKey);
    if (m_categoryKey.isEmpty()) {
        m_category->setText(enquiry.categoryKey);
        m_categoryKey = enquiry.categoryKey;
    }
    select(m_channel, int(enquiry.channel));
    select(m_priority, int(enquiry.priority));
    m_summary->setText(enquiry.summary);
    select(m_outcome, int(enquiry.outcome));
    m_link->setText(enquiry.outcomeLink);
    select(m_status, int(enquiry.status));
    m_followUp->setText(enquiry.followUp.isValid()
                            ? QLocale().toString(enquiry.followUp, u"dd/MM/yyyy"_qs)
                            : QString());
    select(m_stage, int(enquiry.stage));
    m_escalation->setPlainText(enquiry.escalationAdvice);
    m_remedy->setText(enquiry.remedy);
    select(m_rating, enquiry.satisfaction);
    m_ratingComment->setText(enquiry.satisfactionComment);
    m_notes->setPlaceholderText(tr("A new note (kept with the enquiry); the reason, when "
                                   "reopening"));
    if (!EnquiryRules::isClockRunning(m_baseEvents)) {
        m_pause->setText(tr("Resume clock (Alt+P)"));
    }
    updateKind();
    updateClock();
    m_status->setFocus();
}

void EnquiryPane::refreshCategoryList()
{
    m_categoryList->clear();
    setCategoryListVisible(m_categoryKey.isEmpty());
    const QString typed = m_category->text();
    if (typed.trimmed().isEmpty()) {
        const QStringList keys = m_recent.keys();
        for (int i = 0; i < keys.size(); ++i) {
            const ServiceCategory *c = m_catalogue.byKey(keys.at(i));
            if (!c) {
                continue;
            }
            auto *item = new QListWidgetItem(tr("Alt+%1   %2").arg(i + 1).arg(c->label));
            item->setData(KeyRole, c->key);
            m_categoryList->addItem(item);
        }
        if (m_categoryList->count() == 0) {
            m_categoryList->addItem(tr("Recent categories appear here."));
            m_categoryList->item(0)->setFlags(Qt::NoItemFlags);
        }
        return;
    }
    const QList<ServiceCategory> found = m_catalogue.find(typed, 30);
    for (const ServiceCategory &c : found) {
        auto *item =
            new QListWidgetItem(c.group.isEmpty() ? c.label : tr("%1 (%2)").arg(c.label, c.group));
        item->setData(KeyRole, c.key);
        item->setToolTip(c.description);
        m_categoryList->addItem(item);
    }
    if (found.isEmpty()) {
        m_categoryList->addItem(tr("No service matches “%1”.").arg(typed.trimmed()));
        m_categoryList->item(0)->setFlags(Qt::NoItemFlags);
    } else {
        m_categoryList->setCurrentRow(0);
    }
}

void EnquiryPane::setCategoryListVisible(bool visible)
{
    // The whole row goes, so the form closes up under the chosen category.
    if (m_form) {
        m_form->setRowVisible(m_categoryList, visible);
    }
}

void EnquiryPane::chooseCategory(const QString &key)
{
    const ServiceCategory *c = m_catalogue.byKey(key);
    if (!c) {
        return;
    }
    m_categoryKey = key;
    m_category->setText(c->label);
    m_categoryChosen->setText(c->lgslId > 0 ? tr("✓ %1 (LGSL %2)").arg(c->label).arg(c->lgslId)
                                            : tr("✓ %1").arg(c->label));
    m_categoryList->clear();
    setCategoryListVisible(false);
    updateHints();
    m_channel->setFocus();
}

bool EnquiryPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_category || event->type() != QEvent::KeyPress) {
        return QWidget::eventFilter(watched, event);
    }
    const auto *key = static_cast<QKeyEvent *>(event);
    const int rows = m_categoryList->count();
    switch (key->key()) {
    case Qt::Key_Down:
    case Qt::Key_Up:
        if (rows > 0) {
            const int step = key->key() == Qt::Key_Down ? 1 : -1;
            const int row = std::clamp(m_categoryList->currentRow() + step, 0, rows - 1);
            m_categoryList->setCurrentRow(row);
            return true;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (key->modifiers() & Qt::ControlModifier) {
            break; // Ctrl+Enter saves
        }
        if (QListWidgetItem *item = m_categoryList->currentItem();
            item && !item->data(KeyRole).toString().isEmpty()) {
            chooseCategory(item->data(KeyRole).toString());
            return true;
        }
        if (!m_categoryKey.isEmpty()) {
            m_channel->setFocus();
            return true;
        }
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void EnquiryPane::updateOutcomeLink()
{
    const OutcomeLink link = EnquiryRules::linkNeeded(comboValue<Outcome>(m_outcome));
    const bool needed = link != OutcomeLink::None;
    m_link->setEnabled(needed);
    m_linkLabel->setText(needed ? tr("&Link — %1:").arg(EnquiryNames::label(link)) : tr("Link:"));
    m_link->setAccessibleName(needed ? EnquiryNames::label(link) : tr("Link (not needed)"));
    m_link->setPlaceholderText(needed ? tr("Needed for this outcome") : QString());
    // An outcome that ends the contact resolves it; passing it on leaves it in progress.
    const Outcome outcome = comboValue<Outcome>(m_outcome);
    if (outcome == Outcome::PassedToBackOffice) {
        m_status->setCurrentIndex(m_status->findData(int(EnquiryStatus::InProgress)));
    } else if (outcome != Outcome::None) {
        m_status->setCurrentIndex(m_status->findData(int(EnquiryStatus::Resolved)));
    }
}

void EnquiryPane::updateKind()
{
    const bool complaint = comboValue<EnquiryKind>(m_kind) == EnquiryKind::Complaint;
    m_complaintBox->setVisible(complaint);
    updateHints();
}

void EnquiryPane::updateHints()
{
    const QDate today = m_openedAt.toLocalTime().date();
    if (comboValue<EnquiryKind>(m_kind) == EnquiryKind::Complaint) {
        const StageDeadlines d =
            stageDeadlines(m_policy, comboValue<ComplaintStage>(m_stage), today, {}, m_calendar);
        QString text = d.acknowledgeBy.isValid()
                           ? tr("Acknowledge by %1 · respond by %2")
                                 .arg(shortDate(d.acknowledgeBy), shortDate(d.respondBy))
                           : tr("Respond by %1").arg(shortDate(d.respondBy));
        if (m_calendar.coveredUntil().isValid() && !m_calendar.covers(d.respondBy)) {
            text += u"\n"_qs + tr("Bank holidays after %1 are not known to this desk: check the "
                                  "date, or ask an administrator to load a newer list.")
                                   .arg(shortDate(m_calendar.coveredUntil()));
        }
        m_deadlines->setText(text);
    }
    QStringList hints;
    if (!m_categoryKey.isEmpty()) {
        for (const CharterStandard &s : standardsFor(m_charter, m_categoryKey)) {
            const QDateTime due = charterDue(s, m_openedAt, m_calendar);
            hints.append(s.unit == CharterStandard::Unit::Minutes
                             ? tr("Charter: %1 — by %2")
                                   .arg(s.name, QLocale().toString(due.toLocalTime().time(),
                                                                   QLocale::ShortFormat))
                             : tr("Charter: %1 — due %2").arg(s.name, shortDate(due.date())));
        }
    }
    if (!m_categoryKey.isEmpty() && !m_existing) {
        Enquiry probe;
        probe.personId = m_person.id;
        probe.categoryKey = m_categoryKey;
        probe.openedAt = m_openedAt;
        const QUuid repeat = EnquiryRules::repeatOf(probe, m_earlier, m_repeatWindowDays);
        for (const Enquiry &e : m_earlier) {
            if (e.id == repeat) {
                hints.append(tr("Repeat contact: %1 came about this on %2 (“%3”).")
                                 .arg(m_person.displayName(),
                                      shortDate(e.openedAt.toLocalTime().date()), e.summary));
            }
        }
    }
    m_hints->setText(hints.join(u'\n'));
    m_hints->setVisible(!hints.isEmpty());
}

void EnquiryPane::updateClock()
{
    const QList<EnquiryEvent> all = m_baseEvents + m_clockEvents;
    const qint64 seconds = EnquiryRules::handlingSeconds(all, now());
    const bool running = EnquiryRules::isClockRunning(all);
    m_clock->setText(
        running
            ? tr("Handling time %1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'))
            : tr("Handling time %1:%2 (paused)")
                  .arg(seconds / 60)
                  .arg(seconds % 60, 2, 10, QLatin1Char('0')));
}

void EnquiryPane::togglePause()
{
    const QList<EnquiryEvent> existing = m_baseEvents + m_clockEvents;
    if (EnquiryRules::isClockRunning(existing)) {
        EnquiryRules::pause(existing, m_clerk, now(), &m_clockEvents);
        m_pause->setText(tr("Resume clock (Alt+P)"));
    } else {
        EnquiryRules::resume(existing, m_clerk, now(), &m_clockEvents);
        m_pause->setText(tr("Pause clock (Alt+P)"));
    }
    updateClock();
}

void EnquiryPane::setRating(int rating, const QString &comment)
{
    m_rating->setCurrentIndex(std::max(0, m_rating->findData(rating)));
    m_ratingComment->setText(comment);
}

void EnquiryPane::setBookedAppointment(const QString &link)
{
    const int i = m_outcome->findData(int(Outcome::AppointmentBooked));
    if (i >= 0) {
        m_outcome->setCurrentIndex(i);
    }
    updateOutcomeLink();
    m_link->setText(link);
}

void EnquiryPane::showError(const QString &message)
{
    setSaving(false);
    m_message->setText(message);
    m_message->show();
}

void EnquiryPane::setSaving(bool saving)
{
    m_buttons->setEnabled(!saving);
}

void EnquiryPane::submit()
{
    if (!m_buttons->isEnabled()) {
        return; // already being saved
    }
    const QDateTime at = now();
    Enquiry e = m_existing.value_or(Enquiry());
    if (!m_existing) {
        e.id = QUuid::createUuid();
        e.personId = m_person.id;
        e.office = m_office;
    }
    e.kind = comboValue<EnquiryKind>(m_kind);
    e.categoryKey = m_categoryKey;
    e.channel = comboValue<Channel>(m_channel);
    e.priority = comboValue<Priority>(m_priority);
    e.summary = m_summary->text().trimmed();
    e.satisfaction = m_rating->currentData().toInt();
    e.satisfactionComment = m_ratingComment->text().trimmed();
    const QDate today = at.toLocalTime().date();
    ComplaintStage escalateTo = ComplaintStage::None;
    if (e.kind == EnquiryKind::Complaint) {
        const ComplaintStage stage = comboValue<ComplaintStage>(m_stage);
        if (!m_existing) {
            e.stage = stage;
            e.stageReceived = today; // the complaint arrived today
        } else if (stage != e.stage) {
            escalateTo = stage; // by the escalation rules, below
        }
        e.escalationAdvice = m_escalation->toPlainText().trimmed();
        e.remedy = m_remedy->text().trimmed();
    }
    const QString followUp = m_followUp->text().trimmed();
    e.followUp = QDate();
    if (!followUp.isEmpty()) {
        e.followUp = parseFollowUp(followUp, today, m_calendar);
        if (!e.followUp.isValid()) {
            showError(tr("“%1” is not a follow-up date this desk can use: type a date from today "
                         "on, e.g. 30/11/2026, or +5 for five working days.")
                          .arg(followUp));
            m_followUp->setFocus();
            m_followUp->selectAll();
            return;
        }
    }

    QList<EnquiryEvent> history;
    if (m_existing) {
        // Back to the state on record: the rules below move it on from there, and say what
        // changed.
        e.status = m_existing->status;
        e.outcome = m_existing->outcome;
        e.outcomeLink = m_existing->outcomeLink;
    } else {
        EnquiryRules::open(&e, m_clerk, m_openedAt, &history);
    }
    history += m_clockEvents;
    QList<EnquiryProblem> problems = EnquiryRules::validate(e);
    const Outcome outcome = comboValue<Outcome>(m_outcome);
    const bool outcomeChanged =
        outcome != e.outcome ||
        (outcome != Outcome::None && m_link->text().trimmed() != e.outcomeLink.trimmed());
    if (problems.isEmpty() && outcome != Outcome::None && outcomeChanged) {
        const QString refused =
            EnquiryRules::setOutcome(&e, outcome, m_link->text(), m_clerk, at, &history);
        if (!refused.isEmpty()) {
            problems.append({u"outcome_link"_qs, refused});
        }
    }
    if (problems.isEmpty() && escalateTo != ComplaintStage::None) {
        // Stage 1 → stage 2 (handled from now on by this clerk, who must not be stage 1's
        // handler) → the Ombudsman; an escalated complaint is in progress again.
        const ComplaintStage from = e.stage;
        const QString refused =
            escalate(&e, m_clerk, at.toLocalTime().date(), m_clerk, at, &history);
        if (!refused.isEmpty() || e.stage != escalateTo) {
            problems.append({u"stage"_qs,
                             refused.isEmpty()
                                 ? tr("A complaint moves on one stage at a time: from %1 it "
                                      "goes to %2.")
                                       .arg(EnquiryNames::label(from), EnquiryNames::label(e.stage))
                                 : refused});
        }
    }
    // The status the clerk chose, if they changed it (an escalation already moved it on).
    const EnquiryStatus status =
        m_existing && comboValue<EnquiryStatus>(m_status) == m_existing->status
            ? e.status
            : comboValue<EnquiryStatus>(m_status);
    const QString note = m_notes->toPlainText().trimmed();
    const bool reopening =
        (e.status == EnquiryStatus::Resolved || e.status == EnquiryStatus::Closed) &&
        status == EnquiryStatus::InProgress;
    if (problems.isEmpty() && status != e.status) {
        // Reopening needs a reason: the note is it.
        const QString refused =
            EnquiryRules::moveTo(&e, status, m_clerk, at, &history, reopening ? note : QString());
        if (!refused.isEmpty()) {
            problems.append({status == EnquiryStatus::Resolved && e.kind == EnquiryKind::Complaint
                                 ? u"escalation_advice"_qs
                             : reopening && note.isEmpty() ? u"notes"_qs
                                                           : u"status"_qs,
                             refused});
        }
    }
    if (problems.isEmpty()) {
        problems = EnquiryRules::validate(e);
    }
    if (!problems.isEmpty()) {
        const EnquiryProblem &p = problems.first();
        showError(p.message);
        const QHash<QString, QWidget *> fields{{u"summary"_qs, m_summary},
                                               {u"category"_qs, m_category},
                                               {u"outcome_link"_qs, m_link},
                                               {u"outcome"_qs, m_outcome},
                                               {u"escalation_advice"_qs, m_escalation},
                                               {u"satisfaction"_qs, m_rating},
                                               {u"stage"_qs, m_stage},
                                               {u"notes"_qs, m_notes}};
        QWidget *field = fields.value(p.field, m_status);
        field->setFocus();
        return;
    }
    if (!m_existing) {
        e.repeatOf = EnquiryRules::repeatOf(e, m_earlier, m_repeatWindowDays);
    }
    m_tick->stop();
    m_recent.use(e.categoryKey);
    Q_EMIT recentCategoriesChanged(m_recent.keys());
    m_message->hide();
    setSaving(true);
    m_submitted = e;
    Q_EMIT saveRequested(e, history, note);
}

} // namespace FirstStop
