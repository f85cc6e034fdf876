#include "tests/support/ActiveWindow.h"

#include <QApplication>
#include <QTest>
#include <QWidget>

namespace FirstStop::Test {

bool showActive(QWidget *window)
{
    window->show();
    if (!QTest::qWaitForWindowExposed(window)) {
        return false;
    }
    window->raise();
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window, 5000)) {
        QApplication::setActiveWindow(window);
    }
    // Let the focus events that follow activation be delivered before the test types.
    QCoreApplication::processEvents();
    return QTest::qWaitFor([window] { return QApplication::activeWindow() == window; }, 5000);
}

} // namespace FirstStop::Test
