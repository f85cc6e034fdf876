#include "ui/MergeDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace FirstStop {

namespace {

constexpr int kFieldRole = Qt::UserRole + 1;

bool isBlank(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() || (v.isString() && v.toString().trimmed().isEmpty());
}

QString shown(const QJsonValue &v)
{
    return isBlank(v) ? QString() : v.toString();
}

QString describe(const Person &p)
{
    return QStringLiteral("%1 (%2)").arg(p.displayName(), p.reference);
}

} // namespace

MergeDialog::MergeDialog(const Person &survivor, QWidget *parent)
    : QDialog(parent)
    , m_survivor(survivor)
    , m_find(new QLineEdit(this))
    , m_candidates(new QListWidget(this))
    , m_compare(new QTableWidget(this))
    , m_same(new QCheckBox(this))
    , m_status(new QLabel(this))
    , m_merge(new QPushButton(tr("&Merge into this record"), this))
{
    setObjectName(QStringLiteral("mergeDialog"));
    setWindowTitle(tr("Merge another record into this one"));
    setAccessibleName(windowTitle());

    auto *intro = new QLabel(
        tr("%1 stays. Find the duplicate record: everything recorded for it (enquiries, notes, "
           "appointments) moves here, and its reference will lead here.")
            .arg(describe(survivor)),
        this);
    intro->setObjectName(QStringLiteral("mergeIntroLabel"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    auto *findLabel = new QLabel(tr("&Find the duplicate:"), this);
    findLabel->setBuddy(m_find);
    m_find->setObjectName(QStringLiteral("mergeFindLineEdit"));
    m_find->setAccessibleName(tr("Find the duplicate record"));
    m_find->setPlaceholderText(tr("Name, date of birth, postcode or reference"));
    m_find->installEventFilter(this);
    connect(m_find, &QLineEdit::textChanged, this, &MergeDialog::searchRequested);

    m_candidates->setObjectName(QStringLiteral("mergeCandidatesListWidget"));
    m_candidates->setAccessibleName(tr("Records that may be the duplicate"));
    connect(m_candidates, &QListWidget::currentRowChanged, this, &MergeDialog::choose);

    m_compare->setObjectName(QStringLiteral("mergeCompareTableWidget"));
    m_compare->setAccessibleName(
        tr("The two records side by side; tick a detail to take the duplicate's value"));
    m_compare->setColumnCount(3);
    m_compare->setHorizontalHeaderLabels(
        {tr("Detail"), tr("This record (stays)"), tr("Duplicate (take its value?)")});
    m_compare->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_compare->verticalHeader()->hide();
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setTabKeyNavigation(false); // Tab leaves the table; the arrows move in it
    m_compare->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_compare->setSelectionMode(QAbstractItemView::SingleSelection);
    m_compare->setRowCount(static_cast<int>(Person::fieldNames().size()));
    for (int row = 0; row < Person::fieldNames().size(); ++row) {
        const QString &field = Person::fieldNames().at(row);
        auto *label = new QTableWidgetItem(Person::fieldLabel(field));
        label->setData(kFieldRole, field);
        m_compare->setItem(row, 0, label);
        m_compare->setItem(row, 1, new QTableWidgetItem(shown(survivor.field(field))));
        m_compare->setItem(row, 2, new QTableWidgetItem);
    }
    // Space on a row ticks or unticks taking the duplicate's value.
    m_compare->installEventFilter(this);

    m_same->setObjectName(QStringLiteral("mergeSamePersonCheckBox"));
    m_same->setText(tr("I have checked that these are the &same person"));
    m_same->setAccessibleName(tr("I have checked that these are the same person"));
    connect(m_same, &QCheckBox::toggled, this, &MergeDialog::updateButton);

    m_status->setObjectName(QStringLiteral("mergeStatusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_merge->setObjectName(QStringLiteral("mergeConfirmPushButton"));
    m_merge->setAccessibleName(tr("Merge the duplicate into this record"));
    m_merge->setAutoDefault(false);
    connect(m_merge, &QPushButton::clicked, this, &MergeDialog::confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_merge, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("mergeCancelPushButton"));
    cancel->setAccessibleName(tr("Cancel: merge nothing"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(findLabel);
    layout->addWidget(m_find);
    layout->addWidget(m_candidates, 1);
    layout->addWidget(m_compare, 2);
    layout->addWidget(m_same);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    setTabOrder(m_find, m_candidates);
    setTabOrder(m_candidates, m_compare);
    setTabOrder(m_compare, m_same);
    setTabOrder(m_same, m_merge);
    resize(720, 560);
    updateButton();
    m_find->setFocus();
}

QStringList MergeDialog::fieldsToTake() const
{
    QStringList fields;
    for (int row = 0; row < m_compare->rowCount(); ++row) {
        const QTableWidgetItem *theirs = m_compare->item(row, 2);
        if ((theirs->flags() & Qt::ItemIsUserCheckable) && theirs->checkState() == Qt::Checked) {
            fields.append(m_compare->item(row, 0)->data(kFieldRole).toString());
        }
    }
    return fields;
}

void MergeDialog::setCandidates(const QString &text, const QList<PersonMatch> &matches)
{
    if (text != m_find->text() || m_busy) {
        return; // an answer to an earlier keystroke
    }
    const QUuid chosen = m_duplicate.id;
    m_matches.clear();
    m_candidates->clear();
    for (const PersonMatch &m : matches) {
        if (m.person.id == m_survivor.id) {
            continue;
        }
        m_matches.append(m);
        const QString dob = m.person.dateOfBirth.isValid()
                                ? m.person.dateOfBirth.toString(QStringLiteral("dd/MM/yyyy"))
                                : tr("date of birth not known");
        auto *item =
            new QListWidgetItem(QStringLiteral("%1 — %2 — %3 — %4")
                                    .arg(describe(m.person), dob, m.person.postcode, m.reason),
                                m_candidates);
        item->setData(Qt::AccessibleTextRole,
                      tr("%1, born %2, %3").arg(describe(m.person), dob, m.reason));
        if (m.person.id == chosen) {
            m_candidates->setCurrentItem(item);
        }
    }
    if (m_candidates->currentRow() < 0) {
        choose(-1);
    }
}

void MergeDialog::choose(int row)
{
    m_duplicate = row >= 0 && row < m_matches.size() ? m_matches.at(row).person : Person{};
    const bool chosen = !m_duplicate.id.isNull();
    for (int r = 0; r < m_compare->rowCount(); ++r) {
        const QString field = m_compare->item(r, 0)->data(kFieldRole).toString();
        const QJsonValue ours = m_survivor.field(field);
        const QJsonValue theirs = chosen ? m_duplicate.field(field) : QJsonValue();
        QTableWidgetItem *item = m_compare->item(r, 2);
        item->setText(shown(theirs));
        item->setData(Qt::CheckStateRole, QVariant());
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setToolTip({});
        if (!chosen || field == u"reference" || shown(theirs) == shown(ours) || isBlank(theirs)) {
            continue; // nothing to choose: the same, nothing there, or the reference (kept)
        }
        if (isBlank(ours)) {
            // Filled in from the duplicate whatever is ticked: shown ticked, fixed.
            item->setCheckState(Qt::Checked);
            item->setToolTip(tr("This record has none: the duplicate's is kept"));
            continue;
        }
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_same->setChecked(false);
    m_status->setText(
        chosen ? tr("%1 will be merged into %2.").arg(describe(m_duplicate), describe(m_survivor))
               : QString());
    updateButton();
}

void MergeDialog::updateButton()
{
    m_merge->setEnabled(!m_busy && !m_duplicate.id.isNull() && m_same->isChecked());
}

void MergeDialog::confirm()
{
    if (m_duplicate.id.isNull() || !m_same->isChecked() || m_busy) {
        return;
    }
    m_busy = true;
    m_find->setEnabled(false);
    m_candidates->setEnabled(false);
    m_compare->setEnabled(false);
    m_same->setEnabled(false);
    m_status->setText(tr("Merging at the central service…"));
    updateButton();
    Q_EMIT mergeRequested(m_survivor.id, m_duplicate.id, fieldsToTake());
}

void MergeDialog::mergeFailed(const QString &message)
{
    m_busy = false;
    m_find->setEnabled(true);
    m_candidates->setEnabled(true);
    m_compare->setEnabled(true);
    m_same->setEnabled(true);
    m_status->setText(tr("Nothing was merged: %1").arg(message));
    updateButton();
    m_candidates->setFocus();
}

bool MergeDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_find && key->key() == Qt::Key_Down && m_candidates->count() > 0) {
            m_candidates->setFocus();
            if (m_candidates->currentRow() < 0) {
                m_candidates->setCurrentRow(0);
            }
            return true;
        }
        if (watched == m_compare && key->key() == Qt::Key_Space) {
            QTableWidgetItem *item = m_compare->item(m_compare->currentRow(), 2);
            if (item && (item->flags() & Qt::ItemIsUserCheckable)) {
                item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked
                                                                      : Qt::Checked);
                return true;
            }
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace FirstStop
