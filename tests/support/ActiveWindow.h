#pragma once

class QWidget;

namespace FirstStop::Test {

// Shows a top-level window and makes it the active one, as a clerk's click on it would, before a
// test types into it: shortcuts and Tab only work in the active window.
//
// Under a bare Xvfb there is no window manager. Faking activation with
// QApplication::setActiveWindow is not enough there: the X server's own focus events for the
// window arrive later, under load even seconds later, and take the activation away in the middle
// of a test. So the window asks the X server for the input focus and the test waits until the
// platform says it has it; only if the platform never answers is activation set by hand.
bool showActive(QWidget *window);

} // namespace FirstStop::Test
