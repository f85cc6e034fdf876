#pragma once

#include "models/LocalStore.h"

#include <QAbstractTableModel>

namespace FirstStop {

// Conflicts to resolve, one row per field, with both versions side by side.
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ConflictRecord> m_conflicts;
};

} // namespace FirstStop
