#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace FirstStop {

// The `firststop VERB …` commands that run without a window (scripting, support, benchmarks).
// ui/main.cpp hands argv over before any QApplication exists; the tool makes its own
// QCoreApplication. A verb is one entry in verbs(): a name, a line of help and a function.
//
//   firststop search --data-dir DIR [--limit N] [--json] QUERY…
//   firststop provision --server URL --data-dir DIR --user NAME   (password on standard input)
class CommandLineTool final
{
public:
    // Whether the first argument names one of the verbs.
    static bool handles(int argc, char *argv[]);
    // Runs the verb; returns the process exit code (0 done, 1 failed, 2 bad usage).
    static int run(int argc, char *argv[]);

private:
    struct Verb
    {
        QString name;
        QString summary;
        std::function<int(const QStringList &arguments)> run; // arguments[0] is the program
    };
    static const QList<Verb> &verbs();
    static int search(const QStringList &arguments);
    static int provision(const QStringList &arguments);
};

} // namespace FirstStop
