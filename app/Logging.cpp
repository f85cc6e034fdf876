#include "app/Logging.h"

namespace FirstStop {
Q_LOGGING_CATEGORY(lcSync, "firststop.app.sync")
Q_LOGGING_CATEGORY(lcApi, "firststop.app.api")
Q_LOGGING_CATEGORY(lcCredentials, "firststop.app.credentials")
Q_LOGGING_CATEGORY(lcSearch, "firststop.app.search")
} // namespace FirstStop
