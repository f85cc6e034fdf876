#include "ui/ConflictsPane.h"

#include "models/ConflictListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace FirstStop {

ConflictsPane::ConflictsPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConflictListModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_keepDesk(new QPushButton(tr("Keep this &desk's value"), this))
    , m_keepCentre(new QPushButton(tr("Keep the &central value"), this))
{
    setObjectName(QStringLiteral("conflictsPane"));
    setAccessibleName(tr("Conflicts to resolve"));

    auto *heading = new QLabel(tr("Conflicts to resolve"), this);
    QFont big = heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    heading->setFont(big);
    m_summary->setObjectName(QStringLiteral("conflictSummaryLabel"));
    m_summary->setWordWrap(true);

    m_view->setObjectName(QStringLiteral("conflictsTableView"));
    m_view->setAccessibleName(tr("Conflicting details"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    // Each value has who and when on a second line.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Both values with who and when share the width the pane has (about 500 pixels of a 1280
    // screen beside the search), wrapping rather than scrolling sideways; when the desk noticed
    // is in the person's tooltip.
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(ConflictListModel::DeskColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(ConflictListModel::CentreColumn, QHeaderView::Stretch);
    m_view->setColumnHidden(ConflictListModel::NoticedColumn, true);
    m_view->setWordWrap(true);
    // Tab leaves the table for the choices, rather than walking its cells.
    m_view->setTabKeyNavigation(false);

    m_keepDesk->setObjectName(QStringLiteral("keepDeskPushButton"));
    m_keepDesk->setAccessibleName(tr("Keep the value typed on this desk"));
    m_keepCentre->setObjectName(QStringLiteral("keepCentrePushButton"));
    m_keepCentre->setAccessibleName(tr("Keep the value at the central service"));
    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("closeConflictsPushButton"));
    close->setAccessibleName(tr("Close the conflicts pane"));
    connect(m_keepDesk, &QPushButton::clicked, this, [this] { resolveCurrent(true); });
    connect(m_keepCentre, &QPushButton::clicked, this, [this] { resolveCurrent(false); });
    connect(close, &QPushButton::clicked, this, &ConflictsPane::closeRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &ConflictsPane::closeRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConflictsPane::updateButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_keepDesk);
    buttons->addWidget(m_keepCentre);
    buttons->addStretch(1);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    updateButtons();
}

void ConflictsPane::setConflicts(const QList<ConflictRecord> &conflicts)
{
    const int row = std::max(0, m_view->currentIndex().row());
    m_model->setConflicts(conflicts);
    m_summary->setText(
        conflicts.isEmpty()
            ? tr("Nothing to resolve: every change made on this desk has reached the central "
                 "service.")
            : tr("Another desk changed these details at the same time as this one. The central "
                 "service kept its value; choose which one is right for each."));
    if (!conflicts.isEmpty()) {
        m_view->setCurrentIndex(m_model->index(std::min<int>(row, conflicts.size() - 1), 0));
        m_view->selectRow(m_view->currentIndex().row());
    }
    updateButtons();
}

void ConflictsPane::setCurrentUser(const QString &username)
{
    m_model->setCurrentUser(username);
}

void ConflictsPane::resolveCurrent(bool keepDeskValue)
{
    if (const ConflictRecord *c = m_model->conflictAt(m_view->currentIndex().row())) {
        Q_EMIT resolveRequested(c->id, keepDeskValue);
    }
}

void ConflictsPane::updateButtons()
{
    const bool any = m_model->conflictAt(m_view->currentIndex().row()) != nullptr;
    m_keepDesk->setEnabled(any);
    m_keepCentre->setEnabled(any);
}

} // namespace FirstStop
