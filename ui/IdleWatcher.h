#pragma once

#include <QObject>
#include <QTimer>

namespace FirstStop {

// Tells when nobody has pressed a key, clicked, scrolled or moved the mouse in any window of
// the application for a while: shared counter PCs lock then (see MainWindow::lock).
class IdleWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit IdleWatcher(QObject *parent = nullptr);
    ~IdleWatcher() override;

    // 0 switches the watch off.
    void setInterval(int milliseconds);
    int interval() const { return m_interval; }
    // Starts counting again from now (e.g. after an unlock).
    void restart();

Q_SIGNALS:
    void idle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTimer m_timer;
    int m_interval = 0;
};

} // namespace FirstStop
