#include "ui/IdleWatcher.h"

#include <QCoreApplication>
#include <QEvent>

namespace FirstStop {

IdleWatcher::IdleWatcher(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleWatcher::idle);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher()
{
    if (QCoreApplication::instance()) {
        QCoreApplication::instance()->removeEventFilter(this);
    }
}

void IdleWatcher::setInterval(int milliseconds)
{
    m_interval = qMax(0, milliseconds);
    restart();
}

void IdleWatcher::restart()
{
    if (m_interval > 0) {
        m_timer.start(m_interval);
    } else {
        m_timer.stop();
    }
}

bool IdleWatcher::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TabletPress:
        // Restarting a running timer is cheap; an event reaches the filter once per object in
        // its path, which does not matter here.
        if (m_timer.isActive()) {
            m_timer.start(m_interval);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace FirstStop
