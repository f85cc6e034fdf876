#pragma once

#include <QLoggingCategory>

namespace FirstStop::Server {
Q_DECLARE_LOGGING_CATEGORY(lcDatabase) // firststop.server.database
Q_DECLARE_LOGGING_CATEGORY(lcSync)     // firststop.server.sync
Q_DECLARE_LOGGING_CATEGORY(lcAuth)     // firststop.server.auth
Q_DECLARE_LOGGING_CATEGORY(lcHttp)     // firststop.server.http
} // namespace FirstStop::Server
