#include "app/SearchService.h"

#include "app/Logging.h"

#include <QMetaObject>

namespace FirstStop {

class SearchWorker final : public QObject
{
    Q_OBJECT

public:
    explicit SearchWorker(std::shared_ptr<QAtomicInteger<quint64>> latest)
        : m_latest(std::move(latest))
    {}

    void open(const QString &path)
    {
        m_store = std::make_unique<LocalStore>();
        QString error;
        if (!m_store->open(path, &error)) {
            qCWarning(lcSearch).noquote() << error;
            m_store.reset();
            return;
        }
        m_store->prepareSearch(); // the name tables load here, not on the first keystroke
    }

    void run(quint64 generation, const QString &text, int limit)
    {
        if (generation != m_latest->loadAcquire() || !m_store) {
            return; // overtaken by a newer keystroke before it started
        }
        QList<PersonMatch> matches = m_store->search(text, limit);
        if (generation == m_latest->loadAcquire()) {
            m_store->fillLastContacts(matches); // only for the page shown, and only if wanted
        }
        Q_EMIT finished(generation, text, matches);
    }

    void checkDuplicates(const Person &candidate)
    {
        // Always answers, even without a cache to look in: the editor is waiting to save.
        QList<PersonMatch> matches;
        if (m_store) {
            matches = m_store->likelyDuplicates(candidate);
            m_store->fillLastContacts(matches);
        }
        Q_EMIT duplicatesChecked(candidate, matches);
    }

    void close() { m_store.reset(); }

Q_SIGNALS:
    void finished(quint64 generation, const QString &text,
                  const QList<FirstStop::PersonMatch> &matches);
    void duplicatesChecked(const FirstStop::Person &candidate,
                           const QList<FirstStop::PersonMatch> &matches);

private:
    std::shared_ptr<QAtomicInteger<quint64>> m_latest;
    std::unique_ptr<LocalStore> m_store;
};

SearchService::SearchService(QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<QAtomicInteger<quint64>>(0))
{
    qRegisterMetaType<QList<FirstStop::PersonMatch>>();
    qRegisterMetaType<FirstStop::Person>();
    m_thread.setObjectName(QStringLiteral("firststop-search"));
    m_worker = new SearchWorker(m_latest);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SearchWorker::finished, this, &SearchService::deliver);
    connect(m_worker, &SearchWorker::duplicatesChecked, this, &SearchService::duplicatesReady);
    m_thread.start();
}

SearchService::~SearchService()
{
    QMetaObject::invokeMethod(m_worker, &SearchWorker::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SearchService::open(const QString &cachePath)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, cachePath] { w->open(cachePath); });
}

void SearchService::search(const QString &text, int limit)
{
    m_text = text;
    m_limit = limit;
    const quint64 generation = ++(*m_latest);
    if (text.trimmed().isEmpty()) {
        Q_EMIT resultsReady(text, {});
        return;
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, generation, text, limit] { w->run(generation, text, limit); });
}

void SearchService::checkDuplicates(const Person &candidate)
{
    QMetaObject::invokeMethod(m_worker,
                              [w = m_worker, candidate] { w->checkDuplicates(candidate); });
}

void SearchService::refresh()
{
    if (!m_text.trimmed().isEmpty()) {
        search(m_text, m_limit);
    }
}

void SearchService::deliver(quint64 generation, const QString &text,
                            const QList<PersonMatch> &matches)
{
    if (generation != m_latest->loadAcquire()) {
        return; // a newer keystroke is on its way; never let older results overwrite it
    }
    Q_EMIT resultsReady(text, matches);
}

} // namespace FirstStop

#include "SearchService.moc"
