#pragma once

#include "app/SyncStatus.h"

#include <QLabel>

namespace FirstStop {

// The status area's sync state in words (never colour alone): "Online · 3 waiting · synced 10:42".
class SyncStatusLabel final : public QLabel
{
    Q_OBJECT

public:
    explicit SyncStatusLabel(QWidget *parent = nullptr);
    void setStatus(const SyncStatus &status);

    static QString describe(const SyncStatus &status);
};

} // namespace FirstStop
