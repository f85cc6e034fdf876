#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QTextStream;

namespace FirstStop {

class DeskController;

// `firststop provision`: sets up a desk from the command line, for new desks overnight and for
// scripts. Signs in, fills the local cache with one full sync, keeps the refresh token and the
// offline verifier in the keychain (so the desk can start work even if the network is down in
// the morning), prints a summary and exits.
//
//   firststop provision --server URL --data-dir DIR --user NAME   (password on standard input)
//
// Exit codes: 0 done, 1 failed (message on standard error), 2 bad usage.
class ProvisionCommand final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl server;
        QString dataDir;
        QString username;
        QString password;
    };

    explicit ProvisionCommand(Options options, QObject *parent = nullptr);
    ~ProvisionCommand() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void fail(const QString &message);
    void finishIfDone();

    Options m_options;
    std::unique_ptr<DeskController> m_desk;
    bool m_done = false;
    bool m_keychainWarned = false;
    bool m_synced = false;
    bool m_tokenSaved = false;
    bool m_verifierSaved = false;
    int m_people = 0;
};

} // namespace FirstStop
