#include "ui/SyncStatusLabel.h"

#include <QLocale>

namespace FirstStop {

SyncStatusLabel::SyncStatusLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("syncStatusLabel"));
    setAccessibleName(tr("Sync status"));
    setTextFormat(Qt::PlainText);
    setStatus({});
}

QString SyncStatusLabel::describe(const SyncStatus &s)
{
    QStringList parts;
    switch (s.connection) {
    case SyncStatus::Connection::NotSignedIn:
        parts << tr("Not signed in");
        break;
    case SyncStatus::Connection::Connecting:
        parts << tr("Connecting…");
        break;
    case SyncStatus::Connection::Online:
        parts << (s.syncing ? tr("Online, syncing…") : tr("Online"));
        break;
    case SyncStatus::Connection::Offline:
        parts << (s.nextRetrySeconds > 0 ? tr("Offline, retrying in %1 s").arg(s.nextRetrySeconds)
                                         : tr("Offline"));
        break;
    }
    if (s.pending > 0) {
        parts << (s.pending == 1 ? tr("1 change waiting to send")
                                 : tr("%1 changes waiting to send").arg(s.pending));
    }
    if (s.conflicts > 0) {
        parts << (s.conflicts == 1 ? tr("1 conflict to resolve")
                                   : tr("%1 conflicts to resolve").arg(s.conflicts));
    }
    if (s.rejected > 0) {
        parts << (s.rejected == 1 ? tr("1 change refused")
                                  : tr("%1 changes refused").arg(s.rejected));
    }
    if (s.lastSynced.isValid()) {
        parts << tr("last synced %1")
                     .arg(QLocale().toString(s.lastSynced.toLocalTime().time(),
                                             QLocale::ShortFormat));
    }
    return parts.join(QStringLiteral(" · "));
}

void SyncStatusLabel::setStatus(const SyncStatus &status)
{
    const QString text = describe(status);
    setText(text);
    setAccessibleDescription(text);
    setToolTip(status.lastError.isEmpty() ? text : text + u'\n' + status.lastError);
}

} // namespace FirstStop
