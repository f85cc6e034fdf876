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
    // What the signed-in role sees in the list (PersonListAccess); everything until told.
    void setAccess(PersonListAccess access);
    PersonListAccess access() const { return m_access; }
    const PersonMatch *matchAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<PersonMatch> m_matches;
    PersonListAccess m_access;
};

// "12 Mar 1985 (40)": the date people say, with the age that helps tell two people apart.
QString formatDateOfBirth(const QDate &dateOfBirth, const QDate &today);
// The age alone, in whole years; -1 when the date is not known or in the future.
int ageOn(const QDate &dateOfBirth, const QDate &today);

} // namespace FirstStop
