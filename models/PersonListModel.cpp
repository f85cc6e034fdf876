#include "models/PersonListModel.h"

namespace FirstStop {

PersonListModel::PersonListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PersonListModel::setMatches(QList<PersonMatch> matches)
{
    beginResetModel();
    m_matches = std::move(matches);
    endResetModel();
}

const PersonMatch *PersonListModel::matchAt(int row) const
{
    return row >= 0 && row < m_matches.size() ? &m_matches.at(row) : nullptr;
}

int PersonListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_matches.size());
}

int PersonListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ageOn(const QDate &dob, const QDate &today)
{
    if (!dob.isValid() || dob > today) {
        return -1;
    }
    int age = today.year() - dob.year();
    if (today.month() < dob.month() || (today.month() == dob.month() && today.day() < dob.day())) {
        --age;
    }
    return age;
}

QString formatDateOfBirth(const QDate &dob, const QDate &today)
{
    if (!dob.isValid()) {
        return {};
    }
    return QLocale().toString(dob, QLocale::ShortFormat) + QStringLiteral(" (") +
           QString::number(ageOn(dob, today)) + u')';
}

void PersonListModel::setAccess(PersonListAccess access)
{
    if (access == m_access) {
        return;
    }
    beginResetModel();
    m_access = access;
    endResetModel();
}

QVariant PersonListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const PersonMatch &m = m_matches.at(index.row());
    const Person &p = m.person;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: {
            const QString full = p.givenName + u' ' + p.familyName;
            return p.preferredName.isEmpty()
                       ? full.trimmed()
                       : tr("%1 (known as %2)").arg(full.trimmed(), p.preferredName);
        }
        case DateOfBirthColumn:
            if (!m_access.dateOfBirth) {
                const int age = ageOn(p.dateOfBirth, QDate::currentDate());
                return age < 0 ? QString() : QString::number(age);
            }
            return formatDateOfBirth(p.dateOfBirth, QDate::currentDate());
        case AddressColumn:
            return m_access.address ? QString(p.address).replace(u'\n', QStringLiteral(", "))
                                    : QString();
        case PostcodeColumn:
            return p.postcode;
        case LastContactColumn:
            return m.lastContact.isValid() ? QLocale().toString(m.lastContact.toLocalTime().date(),
                                                                QLocale::ShortFormat)
                                           : QString();
        case ReferenceColumn:
            return p.reference;
        case ReasonColumn:
            return m.reason;
        }
        break;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        if (index.column() == ReferenceColumn && p.version == 0) {
            return tr("%1, not yet sent to the central service").arg(p.reference);
        }
        if (index.column() == DateOfBirthColumn && !m_access.dateOfBirth) {
            const int age = ageOn(p.dateOfBirth, QDate::currentDate());
            return age < 0 ? tr("Age not known") : tr("Aged %1").arg(age);
        }
        if (index.column() == LastContactColumn) {
            return m.lastContact.isValid()
                       ? tr("Last contact %1")
                             .arg(QLocale().toString(m.lastContact.toLocalTime(),
                                                     QLocale::ShortFormat))
                       : tr("No contact recorded on this desk");
        }
        return data(index, Qt::DisplayRole);
    case PersonIdRole:
        return p.id;
    case SyncedRole:
        return p.version > 0;
    case TierRole:
        return QVariant::fromValue(static_cast<int>(m.tier));
    default:
        break;
    }
    return {};
}

QVariant PersonListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DateOfBirthColumn:
        return m_access.dateOfBirth ? tr("Date of birth") : tr("Age");
    case AddressColumn:
        return tr("Address");
    case PostcodeColumn:
        return tr("Postcode");
    case LastContactColumn:
        return tr("Last contact");
    case ReferenceColumn:
        return tr("Reference");
    case ReasonColumn:
        return tr("Matched on");
    }
    return {};
}

} // namespace FirstStop
