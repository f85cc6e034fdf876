#include "models/Logging.h"

namespace FirstStop {
Q_LOGGING_CATEGORY(lcStore, "firststop.models.store")
Q_LOGGING_CATEGORY(lcWire, "firststop.models.wire")
Q_LOGGING_CATEGORY(lcPersonSearch, "firststop.models.search")
} // namespace FirstStop
