#include "models/ConflictListModel.h"

#include "models/EntityType.h"

#include <QLocale>
#include <QRegularExpression>

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

void ConflictListModel::setCurrentUser(const QString &username)
{
    if (username == m_currentUser) {
        return;
    }
    m_currentUser = username;
    if (!m_conflicts.isEmpty()) {
        Q_EMIT dataChanged(index(0, DeskColumn), index(rowCount() - 1, CentreColumn));
    }
}

QString ConflictListModel::who(const Wire::FieldChange &change, bool atTheCentre) const
{
    if (!change.username.isEmpty() && !m_currentUser.isEmpty() &&
        change.username.compare(m_currentUser, Qt::CaseInsensitive) == 0) {
        return atTheCentre ? tr("you, on another desk") : tr("you");
    }
    if (!change.displayName.isEmpty()) {
        return change.displayName;
    }
    return change.username.isEmpty() ? tr("someone unknown") : change.username;
}

QString ConflictListModel::when(const QDateTime &utc) const
{
    if (!utc.isValid()) {
        return tr("time unknown");
    }
    const QLocale locale;
    const QDateTime local = utc.toLocalTime();
    const QDate today =
        (m_now.isValid() ? m_now : QDateTime::currentDateTime()).toLocalTime().date();
    // The locale's short time, to the minute (some locales' short form has seconds).
    QString timeFormat = locale.timeFormat(QLocale::ShortFormat);
    timeFormat.remove(QRegularExpression(QStringLiteral("[:.]ss?")));
    const QString time = locale.toString(local.time(), timeFormat);
    if (local.date() == today) {
        return tr("today %1").arg(time);
    }
    if (local.date() == today.addDays(-1)) {
        return tr("yesterday %1").arg(time);
    }
    if (local.date().year() == today.year()) {
        //: A day earlier this year, as QLocale formats it (e.g. 12 Nov); %2 is the time.
        return tr("%1 %2").arg(locale.toString(local.date(), tr("d MMM")), time);
    }
    return locale.toString(local, QLocale::ShortFormat);
}

QString ConflictListModel::changeText(const Wire::FieldChange &change, bool atTheCentre,
                                      bool forDisplay) const
{
    if (!change.isKnown()) {
        return tr("who and when not known");
    }
    if (forDisplay) {
        //: Under the value, who made the change and when: "you, today 13:55".
        return tr("%1, %2").arg(who(change, atTheCentre),
                                when(change.at).replace(u' ', QChar::Nbsp));
    }
    return atTheCentre ? tr("changed by %1, %2").arg(who(change, true), when(change.at))
                       : tr("%1, %2").arg(who(change, false), when(change.at));
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
    case PersonColumn: {
        const QString name = c.personName.isEmpty() ? tr("(record no longer on this desk)")
                             : c.entityType == u"person"
                                 ? c.personName
                                 : tr("%1: %2").arg(recordLabel(c.entityType), c.personName);
        // The pane hides the Noticed column; the tooltip and speech keep it.
        return role == Qt::DisplayRole
                   ? name
                   : tr("%1 (conflict noticed %2)").arg(name, when(c.noticedAt));
    }
    case FieldColumn:
        return c.entityType == u"person" ? Person::fieldLabel(c.field) : recordLabel(c.field);
    // Each value with who made it and when, on a second line; read out as one sentence.
    case DeskColumn:
        return role == Qt::DisplayRole
                   ? shown(c.deskValue) + u'\n' + changeText(c.deskChange, false, true)
                   : tr("This desk: %1 — %2")
                         .arg(shown(c.deskValue), changeText(c.deskChange, false));
    case CentreColumn:
        return role == Qt::DisplayRole
                   ? shown(c.centreValue) + u'\n' + changeText(c.centreChange, true, true)
                   : tr("Central service: %1 — %2 (version %3)")
                         .arg(shown(c.centreValue), changeText(c.centreChange, true),
                              QString::number(c.centreVersion));
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
        return tr("This desk");
    case CentreColumn:
        return tr("Central service");
    case NoticedColumn:
        return tr("Noticed");
    }
    return {};
}

} // namespace FirstStop
