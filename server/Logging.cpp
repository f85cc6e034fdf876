#include "server/Logging.h"

namespace FirstStop::Server {
Q_LOGGING_CATEGORY(lcDatabase, "firststop.server.database")
Q_LOGGING_CATEGORY(lcSync, "firststop.server.sync")
Q_LOGGING_CATEGORY(lcAuth, "firststop.server.auth")
Q_LOGGING_CATEGORY(lcHttp, "firststop.server.http")
} // namespace FirstStop::Server
