#include "ui/MainWindow.h"

#include "app/AppointmentService.h"
#include "app/EnquiryService.h"
#include "app/SyncEngine.h"
#include "models/PersonListModel.h"
#include "models/PersonSearch.h"
#include "models/SearchQuery.h"
#include "ui/BookingPane.h"
#include "ui/ConflictsPane.h"
#include "ui/DayViewPane.h"
#include "ui/EnquiryPane.h"
#include "ui/IdleWatcher.h"
#include "ui/LockScreen.h"
#include "ui/MergeDialog.h"
#include "ui/PersonEditor.h"
#include "ui/PersonSummary.h"
#include "ui/SatisfactionScreen.h"
#include "ui/SyncStatusLabel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace FirstStop {

MainWindow::MainWindow(DeskController *desk, QWidget *parent)
    : QMainWindow(parent)
    , m_desk(desk)
    , m_searchBox(new QLineEdit(this))
    , m_results(new QTableView(this))
    , m_model(new PersonListModel(this))
    , m_pane(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_summary(new PersonSummary(this))
    , m_editor(new PersonEditor(this))
    , m_conflicts(new ConflictsPane(this))
    , m_enquiry(new EnquiryPane(this))
    , m_booking(new BookingPane(desk->appointments(), this))
    , m_dayView(new DayViewPane(desk, this))
    , m_resultCount(new QLabel(this))
    , m_userLabel(new QLabel(this))
    , m_syncLabel(new SyncStatusLabel(this))
    , m_screens(new QStackedWidget(this))
    , m_lockScreen(new LockScreen(this))
    , m_satisfaction(new SatisfactionScreen(this))
    , m_idle(new IdleWatcher(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("FirstStop"));
    setAccessibleName(tr("FirstStop"));

    m_searchBox->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchBox->setAccessibleName(tr("Find a person"));
    m_searchBox->setAccessibleDescription(
        tr("Type a name; results appear as you type. Down arrow moves to the results."));
    m_searchBox->setPlaceholderText(tr("Find a person by name  (Ctrl+K)"));
    m_searchBox->setClearButtonEnabled(true);
    QFont searchFont = m_searchBox->font();
    searchFont.setPointSizeF(searchFont.pointSizeF() * 1.3);
    m_searchBox->setFont(searchFont);
    m_searchBox->installEventFilter(this);

    m_results->setObjectName(QStringLiteral("resultsTableView"));
    m_results->setAccessibleName(tr("People found"));
    m_results->setModel(m_model);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setAlternatingRowColors(true);
    m_results->setWordWrap(false);
    // Tab leaves the results for the person pane, rather than walking their cells.
    m_results->setTabKeyNavigation(false);
    m_results->verticalHeader()->hide();
    // Short columns fit their contents (at most ~50 rows are ever shown, so measuring is cheap);
    // the address takes what is left.
    QHeaderView *header = m_results->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PersonListModel::NameColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(PersonListModel::AddressColumn, QHeaderView::Stretch);
    m_results->setColumnWidth(PersonListModel::NameColumn,
                              16 * m_results->fontMetrics().horizontalAdvance(u'M'));
    m_results->verticalHeader()->setDefaultSectionSize(m_results->fontMetrics().height() + 10);
    m_results->installEventFilter(this);
    connect(m_results, &QTableView::activated, this,
            [this](const QModelIndex &index) { openRow(index.row()); });

    m_resultCount->setObjectName(QStringLiteral("resultCountLabel"));
    m_resultCount->setAccessibleName(tr("Number of people found"));

    m_placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setText(tr("Find the person in front of you by typing their name.\n\n"
                              "Enter opens the selected person · Ctrl+N records a new person · "
                              "Ctrl+Shift+E logs an enquiry without personal details"));
    m_pane->setObjectName(QStringLiteral("personPaneStackedWidget"));
    m_pane->setAccessibleName(tr("Person pane"));
    m_pane->addWidget(m_placeholder);
    m_pane->addWidget(m_summary);
    m_pane->addWidget(m_editor);
    m_pane->addWidget(m_conflicts);
    m_pane->addWidget(m_enquiry);
    m_pane->addWidget(m_booking);
    m_pane->addWidget(m_dayView);
    m_summary->setAppointments(desk->appointments());

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(8, 8, 4, 0);
    leftLayout->addWidget(m_searchBox);
    leftLayout->addWidget(m_resultCount);
    leftLayout->addWidget(m_results, 1);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_pane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    m_screens->setObjectName(QStringLiteral("screensStackedWidget"));
    m_screens->addWidget(splitter);
    m_screens->addWidget(m_lockScreen);
    m_screens->addWidget(m_satisfaction);
    setCentralWidget(m_screens);
    resize(1240, 760);
    // The person pane has room for a history line (date, what, status, summary) beside results
    // that still show the address.
    splitter->setSizes({700, 540});

    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_userLabel->setAccessibleName(tr("Signed in as"));
    statusBar()->addWidget(m_syncLabel, 1);
    statusBar()->addPermanentWidget(m_userLabel);

    buildActions();

    connect(m_searchBox, &QLineEdit::textChanged, m_desk, &DeskController::search);
    connect(m_desk, &DeskController::searchResults, this, &MainWindow::onResults);
    connect(m_desk, &DeskController::statusChanged, m_syncLabel, &SyncStatusLabel::setStatus);
    connect(m_desk, &DeskController::statusChanged, this, [this](const SyncStatus &status) {
        m_conflictsAction->setEnabled(
            !m_locked && (status.conflicts > 0 || m_pane->currentWidget() == m_conflicts));
        m_conflictsAction->setText(status.conflicts > 0
                                       ? tr("Resolve &conflicts (%1)").arg(status.conflicts)
                                       : tr("Resolve &conflicts"));
        if (m_pane->currentWidget() == m_conflicts) {
            m_desk->requestConflicts();
        }
    });
    connect(m_desk, &DeskController::conflictsReady, m_conflicts, &ConflictsPane::setConflicts);
    connect(m_conflicts, &ConflictsPane::resolveRequested, m_desk,
            &DeskController::resolveConflict);
    connect(m_conflicts, &ConflictsPane::closeRequested, this, [this] {
        showPlaceholder();
        m_searchBox->setFocus();
    });
    connect(m_desk, &DeskController::signedIn, this, &MainWindow::onSignedIn);
    connect(m_idle, &IdleWatcher::idle, this, &MainWindow::lock);
    connect(m_lockScreen, &LockScreen::unlockRequested, this,
            [this](const QString &username, const QString &password) {
                m_unlockPending = true;
                m_desk->unlock(username, password);
            });
    connect(m_desk, &DeskController::unlocked, this, [this] { unlockScreen(true); });
    connect(m_desk, &DeskController::unlockFailed, this, [this](const QString &message) {
        m_unlockPending = false;
        m_lockScreen->showError(message);
    });
    connect(m_desk, &DeskController::signInFailed, this, [this](const QString &message, bool) {
        if (m_locked && std::exchange(m_unlockPending, false)) {
            m_lockScreen->showError(message);
        }
    });
    connect(m_desk, &DeskController::notice, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15'000); });
    connect(m_summary, &PersonSummary::editRequested, this, [this](const Person &p) {
        m_editor->edit(p);
        m_pane->setCurrentWidget(m_editor);
    });
    connect(m_editor, &PersonEditor::saveRequested, m_desk, &DeskController::savePerson);
    connect(m_editor, &PersonEditor::duplicateCheckRequested, m_desk,
            &DeskController::checkDuplicates);
    connect(m_desk, &DeskController::duplicatesFound, m_editor, &PersonEditor::showDuplicates);
    connect(m_editor, &PersonEditor::openExistingRequested, this, [this](const Person &p) {
        // The person already on record, instead of a second record for them.
        m_summary->setPerson(p);
        showPersonPane();
        m_summary->setFocus();
        statusBar()->showMessage(
            tr("Opened %1, already on record; nothing new was saved.").arg(p.displayName()), 8000);
    });
    connect(m_editor, &PersonEditor::cancelled, this, [this] {
        m_pane->setCurrentWidget(
            m_summary->person().id.isNull() ? static_cast<QWidget *>(m_placeholder) : m_summary);
        m_searchBox->setFocus();
    });
    connect(m_desk, &DeskController::personSaved, this, [this](const QUuid &id) {
        if (m_pane->currentWidget() != m_editor || m_editor->original().id != id) {
            return;
        }
        const Person saved = m_editor->submitted();
        m_editor->setSaving(false);
        statusBar()->showMessage(tr("Saved."), 5000);
        // Find the saved person straight away: the search shows them as the desk now has them.
        const QString name = saved.familyName.isEmpty() ? saved.givenName : saved.familyName;
        m_pane->setCurrentWidget(m_placeholder);
        setSearchText(name);
        m_searchBox->setFocus();
    });
    // Enquiries: the pane asks, the desk stores and syncs, the person's history is asked again.
    m_enquiry->setRecentCategories(
        QSettings().value(QStringLiteral("enquiry/recentCategories")).toStringList());
    connect(m_enquiry, &EnquiryPane::recentCategoriesChanged, this, [](const QStringList &keys) {
        QSettings().setValue(QStringLiteral("enquiry/recentCategories"), keys);
    });
    EnquiryService *enquiries = m_desk->enquiries();
    const auto takeReferenceData = [this, enquiries] {
        m_enquiry->setCatalogue(enquiries->catalogue());
        m_enquiry->setCalendar(enquiries->calendar());
        m_enquiry->setComplaintPolicy(enquiries->complaintPolicy());
        m_enquiry->setRepeatWindowDays(enquiries->repeatWindowDays());
        m_enquiry->setCharterStandards(enquiries->charterStandards());
    };
    connect(enquiries, &EnquiryService::referenceDataReady, this, takeReferenceData);
    if (enquiries->hasReferenceData()) {
        takeReferenceData();
    }
    connect(m_summary, &PersonSummary::logEnquiryRequested, this, [this] { logEnquiry(false); });
    // The screen turned to the resident for their rating, then back to the clerk's pane.
    connect(m_enquiry, &EnquiryPane::residentRatingRequested, this, [this] {
        if (m_locked) {
            return;
        }
        showResidentScreen(true);
    });
    const auto backFromResident = [this] {
        if (m_screens->currentWidget() == m_satisfaction) {
            showResidentScreen(false);
            if (auto *rating = m_enquiry->findChild<QWidget *>(QStringLiteral("ratingComboBox"))) {
                rating->setFocus();
            }
        }
    };
    connect(m_satisfaction, &SatisfactionScreen::rated, this,
            [this, backFromResident](int rating, const QString &comment) {
                m_enquiry->setRating(rating, comment);
                backFromResident();
            });
    connect(m_satisfaction, &SatisfactionScreen::declined, this, backFromResident);
    connect(m_summary, &PersonSummary::enquiryOpenRequested, this, [this](const Enquiry &e) {
        if (m_locked) {
            return;
        }
        m_enquiry->setClerk(m_desk->user().username, m_desk->user().office);
        m_enquiry->openExisting(m_summary->person(), e, m_desk->enquiries()->eventsOf(e.id),
                                QDateTime::currentDateTimeUtc());
        m_pane->setCurrentWidget(m_enquiry);
    });
    connect(m_enquiry, &EnquiryPane::saveRequested, enquiries, &EnquiryService::saveEnquiry);
    connect(m_enquiry, &EnquiryPane::cancelled, this, [this] {
        if (m_enquiry->person().id.isNull()) {
            showPlaceholder();
            m_searchBox->setFocus();
        } else {
            showPersonPane();
        }
    });
    connect(enquiries, &EnquiryService::enquirySaved, this, [this](const QUuid &id) {
        if (m_pane->currentWidget() != m_enquiry || m_enquiry->submitted().id != id) {
            return;
        }
        m_enquiry->setSaving(false);
        statusBar()->showMessage(tr("Enquiry saved."), 5000);
        if (!m_enquiry->submitted().personId.isNull()) {
            m_desk->enquiries()->requestEnquiries(m_enquiry->submitted().personId);
        }
        if (m_enquiry->submitted().personId.isNull()) {
            showPlaceholder();
            m_searchBox->setFocus();
        } else {
            showPersonPane();
        }
    });
    connect(enquiries, &EnquiryService::saveFailed, this,
            [this](const QUuid &, const QString &message) { m_enquiry->showError(message); });
    connect(m_desk, &DeskController::personHistoryReady, this,
            [this, enquiries](const QUuid &personId, const QList<Record> &records) {
                if (m_summary->person().id == personId) {
                    m_summary->setHistory(records, enquiries->catalogue(),
                                          enquiries->charterStandards(), enquiries->calendar());
                }
            });
    connect(m_desk, &DeskController::saveFailed, this,
            [this](const QUuid &, const QString &message) { m_editor->showError(message); });
    // Appointments: booked, moved and marked from the person's page; a booking that lost its slot
    // at the centre is said at once, with the nearest free times kept for booking it again.
    AppointmentService *appointments = m_desk->appointments();
    connect(m_summary, &PersonSummary::bookAppointmentRequested, this,
            &MainWindow::bookAppointment);
    connect(m_summary, &PersonSummary::appointmentActionRequested, this,
            [this](const QUuid &id, PersonSummary::AppointmentAction action) {
                onAppointmentAction(id, int(action));
            });
    connect(m_dayView, &DayViewPane::closed, this, [this] {
        if (m_summary->person().id.isNull()) {
            showPlaceholder();
            m_searchBox->setFocus();
        } else {
            showPersonPane();
        }
    });
    connect(m_dayView, &DayViewPane::personOpenRequested, this, [this](const Person &person) {
        m_summary->setPerson(person);
        showPersonPane();
    });
    connect(m_dayView, &DayViewPane::cancelRequested, this, &MainWindow::cancelAppointment);
    connect(m_dayView, &DayViewPane::attendanceRequested, this,
            [this](const QUuid &id, Appointment::Status status) {
                const QString problem = m_desk->appointments()->setAttendance(id, status);
                statusBar()->showMessage(
                    problem.isEmpty() ? Appointment::statusLabel(status) : problem, 6000);
            });
    connect(m_booking, &BookingPane::closed, this, [this] {
        if (std::exchange(m_bookingForEnquiry, false)) {
            m_pane->setCurrentWidget(m_enquiry);
            m_enquiry->categoryEdit()->setFocus();
            return;
        }
        showPersonPane();
        m_summary->historyView()->setFocus();
    });
    connect(m_booking, &BookingPane::booked, this, [this](const Appointment &a) {
        if (m_bookingForEnquiry) {
            m_enquiry->setBookedAppointment(
                tr("%1, %2").arg(a.reference(), m_desk->appointments()->when(a)));
        }
        statusBar()->showMessage(tr("Appointment booked (provisional until the central service "
                                    "confirms it). Ctrl+P makes the resident's confirmation."),
                                 8000);
    });
    connect(m_booking, &BookingPane::confirmationRequested, this, [this](const QUuid &id) {
        onAppointmentAction(id, int(PersonSummary::AppointmentAction::Confirmation));
    });
    connect(appointments, &AppointmentService::appointmentsChanged, this, [this] {
        if (!m_summary->person().id.isNull()) {
            m_desk->requestPersonHistory(m_summary->person().id);
        }
    });
    connect(appointments, &AppointmentService::bookingLost, this, [this](const Appointment &a) {
        AppointmentService *service = m_desk->appointments();
        statusBar()->showMessage(
            tr("%1 on %2 was taken by another desk first. Open the person and press Enter on the "
               "appointment to book another time.")
                .arg(service->typeName(a.typeId), service->when(a)),
            15000);
    });
    connect(appointments, &AppointmentService::alternativesReady, this,
            [this](const QString &id, const QList<FreeSlot> &slots) {
                m_alternatives.insert(QUuid::fromString(id), slots);
            });
    connect(appointments, &AppointmentService::confirmationWritten, this,
            [this](const QUuid &, const QString &pdf, const QString &ics, const QString &error) {
                if (!error.isEmpty()) {
                    statusBar()->showMessage(
                        tr("The confirmation could not be written: %1").arg(error), 15000);
                    return;
                }
                statusBar()->showMessage(
                    tr("Confirmation for the resident: %1 (print or e-mail it) and the calendar "
                       "file %2.")
                        .arg(QDir::toNativeSeparators(pdf), QDir::toNativeSeparators(ics)),
                    20000);
            });
    // Merging duplicates (team leads), and the opened person kept as the desk now has them.
    connect(m_summary, &PersonSummary::mergeRequested, this, &MainWindow::mergeIntoOpenedPerson);
    connect(m_desk, &DeskController::mergedRecordsReady, this,
            [this](const QUuid &personId, const QList<PersonRedirect> &redirects) {
                if (m_summary->person().id == personId) {
                    m_summary->setMergedRecords(redirects);
                }
            });
    connect(m_desk, &DeskController::personReady, this, &MainWindow::onPersonReady);
    connect(m_desk->engine(), &SyncEngine::cycleFinished, this, [this](bool ok) {
        if (ok && !m_summary->person().id.isNull() && m_pane->currentWidget() == m_summary) {
            m_desk->requestPerson(m_summary->person().id);
        }
    });
    // Records pulled from the centre (another desk's enquiries, notes) show up on the open
    // person's page.
    connect(m_desk, &DeskController::recordsChanged, this, [this](const QStringList &types) {
        if (!m_summary->person().id.isNull() &&
            (types.contains(QString::fromUtf16(kTypeEnquiry)) ||
             types.contains(QString::fromUtf16(kTypeEnquiryNote)))) {
            m_desk->enquiries()->requestEnquiries(m_summary->person().id);
        }
    });

    m_searchBox->setFocus();
}

void MainWindow::buildActions()
{
    auto *toolbar = addToolBar(tr("Actions"));
    toolbar->setObjectName(QStringLiteral("actionsToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto *find = new QAction(tr("&Find a person"), this);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_K), QKeySequence(Qt::Key_F2)});
    connect(find, &QAction::triggered, this, [this] {
        m_searchBox->setFocus();
        m_searchBox->selectAll();
    });

    auto *add = new QAction(tr("&New person"), this);
    add->setObjectName(QStringLiteral("newPersonAction"));
    add->setShortcut(QKeySequence::New);
    add->setToolTip(tr("Record a new person (Ctrl+N)"));
    connect(add, &QAction::triggered, this, &MainWindow::newPerson);

    auto *sync = new QAction(tr("&Sync now"), this);
    sync->setObjectName(QStringLiteral("syncNowAction"));
    sync->setShortcut(QKeySequence::Refresh);
    sync->setToolTip(tr("Send and fetch changes now (F5)"));
    connect(sync, &QAction::triggered, m_desk, &DeskController::syncNow);

    m_conflictsAction = new QAction(tr("Resolve &conflicts"), this);
    m_conflictsAction->setObjectName(QStringLiteral("resolveConflictsAction"));
    m_conflictsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_conflictsAction->setToolTip(
        tr("Decide between this desk's and another desk's changes (Ctrl+Shift+C)"));
    m_conflictsAction->setEnabled(false);
    connect(m_conflictsAction, &QAction::triggered, this, &MainWindow::showConflicts);

    m_lockAction = new QAction(tr("&Lock the desk"), this);
    m_lockAction->setObjectName(QStringLiteral("lockAction"));
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lockAction->setToolTip(tr("Hide everything on screen until someone signs in (Ctrl+L)"));
    m_lockAction->setEnabled(false); // until someone has signed in
    connect(m_lockAction, &QAction::triggered, this, &MainWindow::lock);

    auto *logEnquiry = new QAction(tr("Log &enquiry"), this);
    logEnquiry->setObjectName(QStringLiteral("logEnquiryAction"));
    logEnquiry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    logEnquiry->setToolTip(tr("Log an enquiry for the opened person (Ctrl+E)"));
    connect(logEnquiry, &QAction::triggered, this, [this] { this->logEnquiry(false); });

    m_bookAction = new QAction(tr("&Book appointment"), this);
    m_bookAction->setObjectName(QStringLiteral("bookAppointmentAction"));
    m_bookAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_bookAction->setToolTip(tr("Book an appointment for the opened person (Ctrl+B)"));
    connect(m_bookAction, &QAction::triggered, this, &MainWindow::bookAppointment);

    auto *dayView = new QAction(tr("Appointments of the &day"), this);
    dayView->setObjectName(QStringLiteral("dayViewAction"));
    dayView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    dayView->setToolTip(tr("Today's appointments at a place, to mark arrivals (Ctrl+D)"));
    connect(dayView, &QAction::triggered, this, &MainWindow::showDayView);

    auto *anonymous = new QAction(tr("Log an enquiry &without details"), this);
    anonymous->setObjectName(QStringLiteral("logAnonymousEnquiryAction"));
    anonymous->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    anonymous->setToolTip(tr("Log an enquiry without taking personal details (Ctrl+Shift+E)"));
    connect(anonymous, &QAction::triggered, this, [this] { this->logEnquiry(true); });

    m_mergeAction = new QAction(tr("&Merge another record into this one…"), this);
    m_mergeAction->setObjectName(QStringLiteral("mergePersonAction"));
    m_mergeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_mergeAction->setToolTip(
        tr("Team leads: move a duplicate record's history into the opened person "
           "(Ctrl+Shift+M)"));
    m_mergeAction->setVisible(false); // team leads only, once signed in
    connect(m_mergeAction, &QAction::triggered, this, &MainWindow::mergeIntoOpenedPerson);

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    toolbar->addAction(find);
    toolbar->addAction(add);
    toolbar->addAction(logEnquiry);
    toolbar->addAction(m_bookAction);
    toolbar->addAction(dayView);
    toolbar->addAction(sync);
    toolbar->addAction(m_conflictsAction);

    auto *fileMenu = menuBar()->addMenu(tr("&Desk"));
    fileMenu->addAction(find);
    fileMenu->addAction(add);
    fileMenu->addAction(logEnquiry);
    fileMenu->addAction(m_bookAction);
    fileMenu->addAction(dayView);
    fileMenu->addAction(anonymous);
    fileMenu->addAction(sync);
    fileMenu->addAction(m_conflictsAction);
    fileMenu->addAction(m_mergeAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_lockAction);
    fileMenu->addAction(quit);
}

void MainWindow::setSearchText(const QString &text)
{
    m_searchBox->setText(text);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress) {
        return QMainWindow::eventFilter(watched, event);
    }
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_searchBox) {
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
            if (m_model->rowCount() > 0) {
                m_results->setFocus();
                m_results->selectRow(key->key() == Qt::Key_Down ? 0 : m_model->rowCount() - 1);
                return true;
            }
            break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (m_model->rowCount() > 0) {
                const int row =
                    m_results->currentIndex().isValid() ? m_results->currentIndex().row() : 0;
                openRow(row);
                return true;
            }
            break;
        case Qt::Key_Escape:
            m_searchBox->clear();
            showPlaceholder();
            return true;
        default:
            break;
        }
    } else if (watched == m_results) {
        if ((key->key() == Qt::Key_Up && m_results->currentIndex().row() <= 0) ||
            key->key() == Qt::Key_Escape) {
            m_searchBox->setFocus();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            openRow(m_results->currentIndex().row());
            return true;
        }
        // Typing in the results goes on typing in the search box.
        if (!key->text().isEmpty() && key->text().at(0).isPrint() &&
            !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            m_searchBox->setFocus();
            m_searchBox->insert(key->text());
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::openRow(int row)
{
    const PersonMatch *match = m_model->matchAt(row);
    if (!match) {
        return;
    }
    m_results->selectRow(row);
    m_summary->setPerson(match->person);
    showPersonPane();
}

void MainWindow::newPerson()
{
    Person p;
    p.id = QUuid::createUuid();
    // The search text is deliberately not split into given and family names: a name is never
    // guessed from one string (one Open311 client turned "Siobhán Ó Súilleabháin" into "n").
    m_editor->edit(p);
    m_pane->setCurrentWidget(m_editor);
}

void MainWindow::showPersonPane()
{
    m_pane->setCurrentWidget(m_summary);
    m_desk->enquiries()->requestEnquiries(m_summary->person().id);
    m_desk->requestMergedRecords(m_summary->person().id);
}

void MainWindow::mergeIntoOpenedPerson()
{
    if (!m_desk->canMergePeople() || m_locked || m_summary->person().id.isNull() ||
        m_pane->currentWidget() != m_summary || mergeDialog()) {
        return;
    }
    auto *dialog = new MergeDialog(m_summary->person(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MergeDialog::searchRequested, m_desk, &DeskController::searchToPick);
    connect(m_desk, &DeskController::pickResults, dialog, &MergeDialog::setCandidates);
    connect(dialog, &MergeDialog::mergeRequested, m_desk, &DeskController::mergePeople);
    // The dialog is the context: these end with it.
    connect(m_desk, &DeskController::mergeFinished, dialog,
            [this, dialog](const Wire::MergeResult &r) {
                if (dialog->survivor().id != r.survivorId) {
                    return;
                }
                const Person duplicate = dialog->duplicate();
                dialog->accept();
                statusBar()->showMessage(
                    tr("%1 (%2) was merged into this record; %n record(s) moved here.", nullptr,
                       r.recordsMoved)
                        .arg(duplicate.displayName(), duplicate.reference),
                    15'000);
            });
    connect(m_desk, &DeskController::mergeFailed, dialog,
            [dialog](const QUuid &survivor, const QUuid &, const QString &message) {
                if (dialog->survivor().id == survivor) {
                    dialog->mergeFailed(message);
                }
            });
    dialog->open();
}

MergeDialog *MainWindow::mergeDialog() const
{
    // One closed a moment ago may still wait for its deletion.
    for (MergeDialog *dialog : findChildren<MergeDialog *>(Qt::FindDirectChildrenOnly)) {
        if (dialog->isVisible()) {
            return dialog;
        }
    }
    return nullptr;
}

void MainWindow::onPersonReady(const QUuid &requested, const Person &current, bool found)
{
    if (requested != m_summary->person().id || !found) {
        return;
    }
    if (current.id != requested) {
        const Person merged = m_summary->person();
        statusBar()->showMessage(tr("%1 (%2) was merged into this record by a team lead.")
                                     .arg(merged.displayName(), merged.reference),
                                 15'000);
    }
    if (current != m_summary->person()) {
        m_summary->setPerson(current);
        if (m_pane->currentWidget() == m_summary) {
            showPersonPane();
        }
    }
}

void MainWindow::logEnquiry(bool anonymous)
{
    // Ctrl+E with no one open is an enquiry without personal details, as Ctrl+Shift+E.
    const bool forPerson =
        !anonymous && !m_summary->person().id.isNull() &&
        (m_pane->currentWidget() == m_summary || m_pane->currentWidget() == m_enquiry);
    m_enquiry->setClerk(m_desk->user().username, m_desk->user().office);
    m_enquiry->startNew(forPerson ? m_summary->person() : Person(),
                        forPerson ? m_summary->enquiries() : QList<Enquiry>(),
                        QDateTime::currentDateTimeUtc());
    m_pane->setCurrentWidget(m_enquiry);
    m_enquiry->categoryEdit()->setFocus();
}

void MainWindow::bookAppointment()
{
    if (m_locked) {
        return;
    }
    // From an enquiry being logged, the booking becomes its outcome and the clerk comes back to it.
    m_bookingForEnquiry = m_pane->currentWidget() == m_enquiry && !m_enquiry->person().id.isNull();
    const Person &person = m_bookingForEnquiry ? m_enquiry->person() : m_summary->person();
    if (person.id.isNull()) {
        statusBar()->showMessage(tr("Open the person first: an appointment is for someone."), 6000);
        m_searchBox->setFocus();
        return;
    }
    m_booking->setPerson(person.id, person.displayName(), {},
                         m_bookingForEnquiry ? m_enquiry->categoryKey() : QString());
    m_pane->setCurrentWidget(m_booking);
    m_booking->findChild<QWidget *>(QStringLiteral("bookingTypeComboBox"))->setFocus();
}

void MainWindow::onAppointmentAction(const QUuid &id, int action)
{
    if (m_locked) {
        return;
    }
    AppointmentService *service = m_desk->appointments();
    const std::optional<Appointment> a = service->appointment(id);
    if (!a) {
        statusBar()->showMessage(tr("That appointment is no longer on this desk."), 6000);
        return;
    }
    const QString name =
        m_summary->person().id == a->personId ? m_summary->person().displayName() : QString();
    QString problem;
    switch (PersonSummary::AppointmentAction(action)) {
    case PersonSummary::AppointmentAction::Move:
        if (!a->holdsSlot() && a->status != Appointment::Status::Lost) {
            statusBar()->showMessage(tr("A cancelled appointment cannot be moved: book a new one "
                                        "(Ctrl+B)."),
                                     8000);
            return;
        }
        if (a->status == Appointment::Status::Arrived || a->status == Appointment::Status::Seen ||
            a->status == Appointment::Status::NoShow) {
            statusBar()->showMessage(tr("This appointment has taken place: book a new one "
                                        "(Ctrl+B)."),
                                     8000);
            return;
        }
        m_booking->moveAppointment(*a, name, m_alternatives.value(id));
        m_pane->setCurrentWidget(m_booking);
        m_booking->findChild<QWidget *>(QStringLiteral("bookingSlotsListWidget"))->setFocus();
        return;
    case PersonSummary::AppointmentAction::Cancel:
        cancelAppointment(id);
        return;
    case PersonSummary::AppointmentAction::Arrived:
        problem = service->setAttendance(id, Appointment::Status::Arrived);
        break;
    case PersonSummary::AppointmentAction::Seen:
        problem = service->setAttendance(id, Appointment::Status::Seen);
        break;
    case PersonSummary::AppointmentAction::NoShow:
        problem = service->setAttendance(id, Appointment::Status::NoShow);
        break;
    case PersonSummary::AppointmentAction::Confirmation:
        service->writeConfirmation(
            id, name, QDir(m_desk->dataDir()).filePath(QStringLiteral("confirmations")));
        statusBar()->showMessage(tr("Writing the resident's confirmation…"), 4000);
        return;
    }
    statusBar()->showMessage(problem.isEmpty()
                                 ? tr("Appointment updated: %1.").arg(service->typeName(a->typeId))
                                 : problem,
                             8000);
}

void MainWindow::cancelAppointment(const QUuid &id)
{
    AppointmentService *service = m_desk->appointments();
    const std::optional<Appointment> a = service->appointment(id);
    if (!a || m_locked) {
        return;
    }
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, tr("Cancel the appointment"),
        tr("Why is %1 on %2 cancelled?").arg(service->typeName(a->typeId), service->when(*a)),
        QLineEdit::Normal, QString(), &ok);
    if (!ok) {
        return;
    }
    const QString problem = service->cancel(id, reason);
    statusBar()->showMessage(problem.isEmpty() ? tr("Appointment cancelled: its time is free "
                                                    "again. Ctrl+P makes the resident's notice.")
                                               : problem,
                             8000);
}

void MainWindow::showDayView()
{
    if (m_locked) {
        return;
    }
    m_dayView->showDay(QDate::currentDate());
    m_pane->setCurrentWidget(m_dayView);
    m_dayView->view()->setFocus();
}

void MainWindow::showConflicts()
{
    m_desk->requestConflicts();
    m_pane->setCurrentWidget(m_conflicts);
    m_conflicts->view()->setFocus();
}

void MainWindow::showPlaceholder()
{
    m_pane->setCurrentWidget(m_placeholder);
}

void MainWindow::onSignedIn(const SignedInUser &user)
{
    const bool someoneElse = user.username.compare(m_user.username, Qt::CaseInsensitive) != 0;
    if (m_locked && !m_unlockPending) {
        return; // e.g. the session reconnecting by itself: only a typed password unlocks
    }
    m_user = user;
    m_conflicts->setCurrentUser(user.username);
    m_lockAction->setEnabled(!m_locked);
    m_mergeAction->setVisible(m_desk->canMergePeople());
    m_summary->setCanMerge(m_desk->canMergePeople());
    const PersonListAccess access = PersonListAccess::forRole(user.role);
    m_model->setAccess(access);
    m_results->setColumnHidden(PersonListModel::AddressColumn, !access.address);
    // Without the address, the reasons take the room it leaves.
    m_results->horizontalHeader()->setSectionResizeMode(
        PersonListModel::ReasonColumn,
        access.address ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    if (m_locked) {
        unlockScreen(!someoneElse);
    } else {
        m_idle->restart();
    }
    const QString who = user.displayName.isEmpty() ? user.username : user.displayName;
    m_userLabel->setText(user.office.isEmpty() ? tr("Signed in as %1").arg(who)
                                               : tr("Signed in as %1, %2").arg(who, user.office));
    setWindowTitle(tr("FirstStop — %1").arg(who));
}

void MainWindow::setIdleLockInterval(int milliseconds)
{
    m_idle->setInterval(milliseconds);
}

void MainWindow::showResidentScreen(bool show)
{
    // Turned to the resident, the window offers their question and nothing of the clerk's: no
    // toolbar or menu to wander into (the idle lock and Ctrl+L still work).
    for (QToolBar *bar : findChildren<QToolBar *>()) {
        bar->setVisible(!show);
    }
    menuBar()->setEnabled(!show);
    if (show) {
        m_screens->setCurrentWidget(m_satisfaction);
        m_satisfaction->start();
    } else {
        m_screens->setCurrentIndex(0);
    }
}

void MainWindow::lock()
{
    if (m_locked || m_user.username.isEmpty()) {
        return; // nobody signed in yet: the sign-in dialog is what shows
    }
    if (m_screens->currentWidget() == m_satisfaction) {
        showResidentScreen(false); // the rating is left unanswered
    }
    m_locked = true;
    if (MergeDialog *dialog = mergeDialog()) {
        dialog->reject(); // it shows two people's details
    }
    m_disabledWhileLocked.clear();
    for (QAction *action : findChildren<QAction *>(Qt::FindDirectChildrenOnly)) {
        if (action->isEnabled()) {
            action->setEnabled(false);
            m_disabledWhileLocked.append(action);
        }
    }
    menuBar()->setEnabled(false);
    m_screens->setCurrentWidget(m_lockScreen);
    setWindowTitle(tr("FirstStop — locked"));
    m_lockScreen->prepare(m_user.username, m_user.displayName);
}

void MainWindow::unlockScreen(bool sameUser)
{
    if (!m_locked) {
        return;
    }
    m_locked = false;
    m_unlockPending = false;
    if (!sameUser) {
        // Someone else carries on: nothing of the last person's work stays on screen.
        m_searchBox->clear();
        m_model->setMatches({});
        m_resultCount->clear();
        showPlaceholder();
    }
    for (QAction *action : std::as_const(m_disabledWhileLocked)) {
        action->setEnabled(true);
    }
    m_disabledWhileLocked.clear();
    menuBar()->setEnabled(true);
    m_lockAction->setEnabled(true);
    m_screens->setCurrentIndex(0);
    const QString who = m_user.displayName.isEmpty() ? m_user.username : m_user.displayName;
    setWindowTitle(tr("FirstStop — %1").arg(who));
    m_idle->restart();
    if (m_pane->currentWidget() == m_placeholder || !m_pane->currentWidget()) {
        m_searchBox->setFocus();
    } else {
        m_pane->currentWidget()->setFocus();
    }
}

void MainWindow::onResults(const QString &text, const QList<PersonMatch> &matches)
{
    const QUuid current = m_model->matchAt(m_results->currentIndex().row())
                              ? m_model->matchAt(m_results->currentIndex().row())->person.id
                              : QUuid();
    m_model->setMatches(matches);
    if (text.trimmed().isEmpty()) {
        m_resultCount->clear();
    } else if (const SearchQuery query = SearchQuery::parse(text, QDate::currentDate());
               matches.isEmpty() && !query.phone.isEmpty() &&
               query.phone.size() < PersonSearch::kPhonePrefixDigits) {
        // A phone number is looked for by its start only once that narrows it down.
        m_resultCount->setText(tr("Keep typing the phone number: it is looked up from %1 digits "
                                  "after the first 0.")
                                   .arg(PersonSearch::kPhonePrefixDigits));
    } else if (matches.isEmpty()) {
        m_resultCount->setText(tr("No one found for “%1”. Check the spelling, or press Ctrl+N to "
                                  "record a new person.")
                                   .arg(text.trimmed()));
    } else {
        // Plural forms come from the translations; these are the source (English) forms.
        m_resultCount->setText(
            matches.size() == 1
                ? tr("1 person found — Enter opens them")
                : tr("%1 people found — Enter opens the highlighted one").arg(matches.size()));
    }
    // Keep the clerk's place if they have moved into the list and the person is still listed;
    // otherwise highlight the best match, which is the one Enter in the search box opens.
    int keep = matches.isEmpty() ? -1 : 0;
    for (int row = 0; row < matches.size() && m_results->hasFocus(); ++row) {
        if (matches.at(row).person.id == current) {
            keep = row;
            break;
        }
    }
    if (keep >= 0) {
        m_results->selectionModel()->setCurrentIndex(m_model->index(keep, 0),
                                                     QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    }
}

} // namespace FirstStop
