#pragma once

#include <QLoggingCategory>

namespace FirstStop {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcWire)
Q_DECLARE_LOGGING_CATEGORY(lcPersonSearch)
} // namespace FirstStop
