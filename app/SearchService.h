#pragma once

#include "models/LocalStore.h"

#include <QAtomicInteger>
#include <QObject>
#include <QThread>

#include <memory>

namespace FirstStop {

class SearchWorker;

// Search as you type without ever blocking the GUI thread: each keystroke posts a request to a
// worker thread with its own read connection; requests overtaken by a newer keystroke are skipped
// before they run, and results from an older request never replace newer ones.
class SearchService final : public QObject
{
    Q_OBJECT

public:
    explicit SearchService(QObject *parent = nullptr);
    ~SearchService() override;

    // Opens the worker's read connection to the cache (after the writer created it).
    void open(const QString &cachePath);
    void search(const QString &text, int limit = 50);
    // The duplicate check before a new record is saved (LocalStore::likelyDuplicates), on the
    // search thread; always answered with duplicatesReady, an empty list when none.
    void checkDuplicates(const Person &candidate);
    // Runs the last query again (the cache changed underneath it).
    void refresh();
    QString currentText() const { return m_text; }

Q_SIGNALS:
    void resultsReady(const QString &text, const QList<FirstStop::PersonMatch> &matches);
    void duplicatesReady(const FirstStop::Person &candidate,
                         const QList<FirstStop::PersonMatch> &matches);

private:
    void deliver(quint64 generation, const QString &text, const QList<PersonMatch> &matches);

    QThread m_thread;
    SearchWorker *m_worker = nullptr;
    std::shared_ptr<QAtomicInteger<quint64>> m_latest;
    QString m_text;
    int m_limit = 50;
};

} // namespace FirstStop
