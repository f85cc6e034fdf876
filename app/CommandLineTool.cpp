#include "app/CommandLineTool.h"

#include "app/ProvisionCommand.h"
#include "models/LocalStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <iostream>
#include <string>

namespace FirstStop {

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("FirstStop::CommandLineTool", text);
}

} // namespace

const QList<CommandLineTool::Verb> &CommandLineTool::verbs()
{
    static const QList<Verb> list = {
        {u"search"_qs, tr("Search the desk's local cache and print the ranked results."),
         &CommandLineTool::search},
        {u"provision"_qs,
         tr("Set up this desk: sign in, fill the local cache, keep the sign-in in the keychain."),
         &CommandLineTool::provision},
    };
    return list;
}

bool CommandLineTool::handles(int argc, char *argv[])
{
    if (argc < 2) {
        return false;
    }
    const QString verb = QString::fromLocal8Bit(argv[1]);
    return std::any_of(verbs().begin(), verbs().end(),
                       [&verb](const Verb &v) { return v.name == verb; });
}

int CommandLineTool::run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"firststop"_qs);
    QCoreApplication::setOrganizationName(u"FirstStop"_qs);
    QCoreApplication::setApplicationVersion(QStringLiteral(FIRSTSTOP_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    const QString verb = arguments.size() > 1 ? arguments.takeAt(1) : QString();
    for (const Verb &v : verbs()) {
        if (v.name == verb) {
            arguments[0] += u' ' + verb; // "firststop search" in help and messages
            return v.run(arguments);
        }
    }
    return 2;
}

int CommandLineTool::search(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Search this desk's local cache as the search box does, best match first."));
    parser.addHelpOption();
    const QCommandLineOption dataDirOption(
        u"data-dir"_qs, tr("Folder of the desk's local cache (desk.sqlite)."), tr("dir"));
    const QCommandLineOption limitOption(u"limit"_qs, tr("How many results (default 10)."), tr("n"),
                                         u"10"_qs);
    const QCommandLineOption jsonOption(u"json"_qs, tr("Print the results as JSON."));
    parser.addOptions({dataDirOption, limitOption, jsonOption});
    parser.addPositionalArgument(tr("query"),
                                 tr("What the clerk would type, e.g. \"mary 12/3/85\"."));
    parser.process(arguments);

    const QString query = parser.positionalArguments().join(u' ');
    bool limitOk = false;
    const int limit = parser.value(limitOption).toInt(&limitOk);
    if (!parser.isSet(dataDirOption) || query.trimmed().isEmpty() || !limitOk || limit <= 0) {
        print(stderr, tr("firststop search: --data-dir and a query are needed "
                         "(firststop search --help)\n"));
        return 2;
    }
    const QString path = QDir(parser.value(dataDirOption)).filePath(u"desk.sqlite"_qs);
    if (!QFileInfo::exists(path)) {
        print(stderr, tr("firststop search: there is no local cache at %1\n").arg(path));
        return 1;
    }
    LocalStore store;
    QString error;
    if (!store.open(path, &error)) {
        print(stderr, tr("firststop search: %1\n").arg(error));
        return 1;
    }
    const QList<PersonMatch> matches = store.search(query, limit);
    if (parser.isSet(jsonOption)) {
        QJsonArray out;
        int rank = 0;
        for (const PersonMatch &m : matches) {
            const Person &p = m.person;
            out.append(QJsonObject{
                {u"rank"_qs, ++rank},
                {u"id"_qs, p.id.toString(QUuid::WithoutBraces)},
                {u"reference"_qs, p.reference},
                {u"name"_qs, p.displayName()},
                {u"given_name"_qs, p.givenName},
                {u"family_name"_qs, p.familyName},
                {u"date_of_birth"_qs, p.dateOfBirth.isValid()
                                          ? QJsonValue(p.dateOfBirth.toString(Qt::ISODate))
                                          : QJsonValue()},
                {u"postcode"_qs, p.postcode},
                {u"reason"_qs, m.reason},
                {u"tier"_qs, matchTierName(m.tier)},
            });
        }
        print(stdout, QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return 0;
    }
    int rank = 0;
    for (const PersonMatch &m : matches) {
        const Person &p = m.person;
        print(stdout, u"%1. %2  %3  %4  %5  [%6] %7\n"_qs.arg(++rank).arg(
                          p.reference, p.displayName(), p.dateOfBirth.toString(Qt::ISODate),
                          p.postcode, matchTierName(m.tier), m.reason));
    }
    if (matches.isEmpty()) {
        print(stdout, tr("No one matches.\n"));
    }
    return 0;
}

int CommandLineTool::provision(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Set up this desk: sign in, fill the local cache with one full sync and keep the "
           "sign-in in the keychain, so the desk can start work even if the network is down. "
           "The password is read from standard input."));
    parser.addHelpOption();
    const QCommandLineOption serverOption(u"server"_qs, tr("Central service address."), tr("url"));
    const QCommandLineOption dataDirOption(u"data-dir"_qs,
                                           tr("Folder for this desk's local cache."), tr("dir"));
    const QCommandLineOption userOption(u"user"_qs, tr("User name."), tr("name"));
    parser.addOptions({serverOption, dataDirOption, userOption});
    parser.process(arguments);
    if (!parser.isSet(serverOption) || !parser.isSet(dataDirOption) || !parser.isSet(userOption)) {
        print(stderr, tr("firststop provision: --server, --data-dir and --user are needed "
                         "(firststop provision --help)\n"));
        return 2;
    }
    std::string password;
    std::getline(std::cin, password);
    if (password.empty()) {
        print(stderr, tr("firststop provision: no password on standard input\n"));
        return 2;
    }
    ProvisionCommand command({QUrl::fromUserInput(parser.value(serverOption)),
                              parser.value(dataDirOption), parser.value(userOption),
                              QString::fromStdString(password)});
    QObject::connect(&command, &ProvisionCommand::finished, QCoreApplication::instance(),
                     &QCoreApplication::exit);
    command.start();
    return QCoreApplication::exec();
}

} // namespace FirstStop
