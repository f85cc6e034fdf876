#include "models/ConflictListModel.h"

#include "models/EntityType.h"

#include <QLocale>

namespace FirstStop {

namespace {

QString shown(const QJsonValue &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? ConflictListModel::tr("(empty)") : QString(s).replace(u'\n', u", "_qs);
}

} // namespace

ConflictListModel::ConflictListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ConflictListModel::setConflicts(QList<ConflictRecord> conflicts)
{
    beginResetModel();
    m_conflicts = std::move(conflicts);
    endResetModel();
}

const ConflictRecord *ConflictListModel::conflictAt(int row) const
{
    return row >= 0 && row < m_conflicts.size() ? &m_conflicts.at(row) : nullptr;
}

int ConflictListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_conflicts.size());
}

int ConflictListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConflictListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const ConflictRecord &c = m_conflicts.at(index.row());
    if (role == ConflictIdRole) {
        return c.id;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole) {
        return {};
    }
    switch (index.column()) {
    case PersonColumn:
        if (c.personName.isEmpty()) {
            return tr("(record no longer on this desk)");
        }
        return c.entityType == u"person"
                   ? c.personName
                   : tr("%1: %2").arg(recordLabel(c.entityType), c.personName);
    case FieldColumn:
        return c.entityType == u"person" ? Person::fieldLabel(c.field) : recordLabel(c.field);
    case DeskColumn:
        return role == Qt::DisplayRole ? shown(c.deskValue)
                                       : tr("On this desk: %1").arg(shown(c.deskValue));
    case CentreColumn:
        return role == Qt::DisplayRole ? shown(c.centreValue)
                                       : tr("At the central service (version %1): %2")
                                             .arg(c.centreVersion)
                                             .arg(shown(c.centreValue));
    case NoticedColumn:
        return QLocale().toString(c.noticedAt.toLocalTime(), QLocale::ShortFormat);
    }
    return {};
}

QVariant ConflictListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case PersonColumn:
        return tr("Person");
    case FieldColumn:
        return tr("Detail");
    case DeskColumn:
        return tr("Typed on this desk");
    case CentreColumn:
        return tr("Kept at the central service");
    case NoticedColumn:
        return tr("Noticed");
    }
    return {};
}

} // namespace FirstStop
