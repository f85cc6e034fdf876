#pragma once

#include "models/LocalStore.h"

#include <QAbstractTableModel>

namespace FirstStop {

// Conflicts to resolve, one row per field, with both versions side by side: each value with who
// made it and when (this desk's edit; the centre's last change of the field), in local time.
class ConflictListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PersonColumn,
        FieldColumn,
        DeskColumn,
        CentreColumn,
        NoticedColumn,
        ColumnCount
    };
    enum Role
    {
        ConflictIdRole = Qt::UserRole + 1
    };

    explicit ConflictListModel(QObject *parent = nullptr);

    void setConflicts(QList<ConflictRecord> conflicts);
    const ConflictRecord *conflictAt(int row) const;
    // Who is signed in on this desk: their own changes are shown as "you".
    void setCurrentUser(const QString &username);
    // The moment "today" and "yesterday" are judged from (a test seam; invalid: the clock).
    void setNow(const QDateTime &now) { m_now = now; }

    // How a change is described, in a sentence ("you, today 13:55"; at the centre "changed by
    // Team Lead 1, yesterday 09:10"), or for the cell's second line under its column's heading
    // (without "changed by", the day and time kept together when the cell wraps).
    QString changeText(const Wire::FieldChange &change, bool atTheCentre,
                       bool forDisplay = false) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString who(const Wire::FieldChange &change, bool atTheCentre) const;
    QString when(const QDateTime &utc) const;

    QList<ConflictRecord> m_conflicts;
    QString m_currentUser;
    QDateTime m_now;
};

} // namespace FirstStop
