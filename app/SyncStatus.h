#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace FirstStop {

// What the status area shows: online / offline / n waiting / conflicts / last synced.
struct SyncStatus
{
    enum class Connection
    {
        NotSignedIn,
        Connecting,
        Online,
        Offline
    };
    Connection connection = Connection::NotSignedIn;
    bool syncing = false;
    int pending = 0;
    int rejected = 0;
    int conflicts = 0;
    qint64 people = 0;
    QDateTime lastSynced; // UTC
    QString lastError;    // why the last attempt failed, for the tooltip
    int nextRetrySeconds = 0;
};

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::SyncStatus)
