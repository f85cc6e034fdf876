#pragma once

#include "models/LocalStore.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace FirstStop {

class ConflictListModel;

// Where a person decides between two desks' edits of the same detail: both values side by side,
// and one key to keep either. Nothing is lost until they decide.
class ConflictsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ConflictsPane(QWidget *parent = nullptr);

    void setConflicts(const QList<ConflictRecord> &conflicts);
    // Who is signed in: their own changes read "you".
    void setCurrentUser(const QString &username);
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void resolveRequested(qint64 conflictId, bool keepDeskValue);
    void closeRequested();

private:
    void resolveCurrent(bool keepDeskValue);
    void updateButtons();

    ConflictListModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QPushButton *m_keepDesk;
    QPushButton *m_keepCentre;
};

} // namespace FirstStop
