// firststop: the desk client. Thin: parses the command line and wires the main window to the
// application layer.
#include "app/CommandLineTool.h"
#include "app/DeskController.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#include <cstdio>

using namespace FirstStop;

int main(int argc, char *argv[])
{
    // Verbs (`firststop search …`) run without a window, before any QApplication exists.
    if (CommandLineTool::handles(argc, argv)) {
        return CommandLineTool::run(argc, argv);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("firststop"));
    QApplication::setOrganizationName(QStringLiteral("FirstStop"));
    QApplication::setApplicationDisplayName(QStringLiteral("FirstStop"));
    QApplication::setApplicationVersion(QStringLiteral(FIRSTSTOP_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(FIRSTSTOP_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/firststop/icons/firststop.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "FirstStop front-desk case management"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(
        QStringLiteral("server"), QApplication::translate("main", "Central service address."),
        QStringLiteral("url"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QApplication::translate("main", "Folder for this desk's local cache."),
        QStringLiteral("dir"));
    const QCommandLineOption loginOption(
        QStringLiteral("login"),
        QApplication::translate("main", "User name to sign in with (pre-filled)."),
        QStringLiteral("user"));
    const QCommandLineOption searchOption(
        QStringLiteral("search"),
        QApplication::translate("main", "Text to put in the search box at start."),
        QStringLiteral("text"));
    const QCommandLineOption caFileOption(
        QStringLiteral("ca-file"),
        QApplication::translate("main", "Trust only the certificate authorities in this PEM "
                                        "file for the central service (a private CA)."),
        QStringLiteral("pem"));
    const QCommandLineOption pinOption(
        QStringLiteral("pin-sha256"),
        QApplication::translate("main", "Accept the central service only if its certificate "
                                        "key has this pin (base64 SHA-256 of the public key; "
                                        "repeatable)."),
        QStringLiteral("base64"));
    const QCommandLineOption lockOption(
        QStringLiteral("lock-after-minutes"),
        QApplication::translate("main", "Lock the screen after this many idle minutes (0: never; "
                                        "default 5, or the desk's setting)."),
        QStringLiteral("minutes"));
    parser.addOptions({serverOption, dataDirOption, loginOption, searchOption, caFileOption,
                       pinOption, lockOption});
    parser.process(app);
    QString tlsError;
    const std::optional<TlsTrust> tls =
        TlsTrust::fromOptions(parser.value(caFileOption), parser.values(pinOption), &tlsError);
    if (!tls) {
        std::fprintf(stderr, "firststop: %s\n", qUtf8Printable(tlsError));
        return 2;
    }

    QSettings settings;
    const QUrl server = QUrl::fromUserInput(
        parser.value(serverOption).isEmpty()
            ? settings.value(QStringLiteral("server"), QStringLiteral("http://127.0.0.1:8780"))
                  .toString()
            : parser.value(serverOption));
    const QString dataDir =
        parser.value(dataDirOption).isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
            : parser.value(dataDirOption);
    const QString username = parser.isSet(loginOption)
                                 ? parser.value(loginOption)
                                 : settings.value(QStringLiteral("lastUser")).toString();
    // Demo and screenshot runs only (scripts/run-demo.sh): sign in without the dialog.
    const QString demoPassword = qEnvironmentVariable("FIRSTSTOP_DEMO_PASSWORD");

    bool lockMinutesOk = false;
    const int lockMinutes = (parser.isSet(lockOption)
                                 ? parser.value(lockOption)
                                 : settings.value(QStringLiteral("lockAfterMinutes"), 5).toString())
                                .toInt(&lockMinutesOk);
    if (!lockMinutesOk || lockMinutes < 0) {
        std::fprintf(stderr, "firststop: --lock-after-minutes takes a number of minutes\n");
        return 2;
    }

    DeskController desk;
    MainWindow window(&desk);
    window.setIdleLockInterval(lockMinutes * 60 * 1000);
    auto *login = new LoginDialog(server.toDisplayString(), &window);
    login->setUsername(username);

    const auto showLogin = [&window, login](const QString &message) {
        window.show();
        if (!message.isEmpty()) {
            login->showError(message);
        }
        login->open();
    };
    QObject::connect(login, &LoginDialog::signInRequested, &desk, &DeskController::signIn);
    QObject::connect(login, &QDialog::rejected, &app, &QApplication::quit);
    QObject::connect(&desk, &DeskController::signInFailed, login,
                     [showLogin, &window](const QString &message, bool) {
                         if (!window.isLocked()) { // the lock screen shows its own errors
                             showLogin(message);
                         }
                     });
    QObject::connect(&desk, &DeskController::resumeUnavailable, login,
                     [showLogin](const QString &) { showLogin({}); });
    QObject::connect(&desk, &DeskController::signedIn, login,
                     [&window, login, &settings, server,
                      search = parser.value(searchOption)](const SignedInUser &user) {
                         if (window.isLocked()) {
                             return; // reconnected by itself; only the lock screen unlocks
                         }
                         settings.setValue(QStringLiteral("lastUser"), user.username);
                         settings.setValue(QStringLiteral("server"), server.toString());
                         login->accept();
                         window.show();
                         window.searchBox()->setFocus();
                         if (!search.isEmpty()) {
                             // Give the first pull a moment to land before searching.
                             QTimer::singleShot(1500, &window, [&window, search] {
                                 window.setSearchText(search);
                             });
                         }
                     });
    QObject::connect(&desk, &DeskController::ready, &window,
                     [&, showLogin](bool ok, const QString &error) {
                         if (!ok) {
                             window.show();
                             login->showError(error);
                             login->open();
                             return;
                         }
                         if (!demoPassword.isEmpty() && !username.isEmpty()) {
                             window.show();
                             desk.signIn(username, demoPassword);
                             return;
                         }
                         // Counter PCs are shared: whoever starts FirstStop signs in with their
                         // own password. The refresh token in the keychain only renews this
                         // session and reconnects after an offline sign-in.
                         showLogin({});
                     });
    desk.setTlsTrust(*tls);
    desk.start(dataDir, server);
    return QApplication::exec();
}
