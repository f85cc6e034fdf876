#include "models/Logging.h"

namespace FirstStop {
Q_LOGGING_CATEGORY(lcStore, "firststop.models.store")
Q_LOGGING_CATEGORY(lcWire, "firststop.models.wire")
// Each keystroke's levels at debug level: off unless asked for (QT_LOGGING_RULES).
Q_LOGGING_CATEGORY(lcPersonSearch, "firststop.models.search", QtInfoMsg)
} // namespace FirstStop
