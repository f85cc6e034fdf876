#pragma once

#include "models/LocalStore.h"

#include <QAbstractTableModel>
#include <QList>

namespace FirstStop {

// Search results as a table: what tells two people apart at a glance, and why each one matched.
// Fed with finished result lists (the search runs elsewhere); the model itself never touches SQL.
class PersonListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        DateOfBirthColumn,
        AddressColumn,
        PostcodeColumn,
        LastContactColumn,
        ReferenceColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role
    {
        PersonIdRole = Qt::UserRole + 1,
        SyncedRole,
        TierRole, // how the row matched: FirstStop::MatchTier
    };

    explicit PersonListModel(QObject *parent = nullptr);

    void setMatches(QList<PersonMatch> matches);
    const PersonMatch *matchAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<PersonMatch> m_matches;
};

// "12 Mar 1985 (40)": the date people say, with the age that helps tell two people apart.
QString formatDateOfBirth(const QDate &dateOfBirth, const QDate &today);

} // namespace FirstStop
