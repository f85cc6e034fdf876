#include "server/ServerApp.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("firststop-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("FirstStop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIRSTSTOP_VERSION));
    // Per-request debug lines are opt-in (QT_LOGGING_RULES="firststop.server.*.debug=true").
    QLoggingCategory::setFilterRules(QStringLiteral("firststop.*.debug=false"));

    FirstStop::Server::ServerApp server;
    const int code = server.start(QCoreApplication::arguments());
    if (code != FirstStop::Server::ServerApp::kRunning) {
        return code;
    }
    return QCoreApplication::exec();
}
