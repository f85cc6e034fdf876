#include "models/WorkingCalendar.h"

#include <QCoreApplication>

namespace FirstStop {

WorkingCalendar::WorkingCalendar() = default;

WorkingCalendar::WorkingCalendar(const BankHolidays &holidays, const QString &division)
{
    for (const BankHoliday &h : holidays.holidays(division)) {
        m_closed.insert(
            h.date,
            h.isSubstitute()
                ? QCoreApplication::translate("WorkingCalendar", "%1 (substitute day)").arg(h.title)
                : h.title);
    }
    m_coveredUntil = holidays.coveredUntil(division);
}

void WorkingCalendar::setWeekend(const QList<Qt::DayOfWeek> &days)
{
    m_weekend = 0;
    for (const Qt::DayOfWeek d : days) {
        m_weekend |= 1u << d;
    }
}

void WorkingCalendar::addClosure(const QDate &date, const QString &name)
{
    if (date.isValid()) {
        m_closed.insert(date, name);
    }
}

bool WorkingCalendar::isWorkingDay(const QDate &date) const
{
    return date.isValid() && !isWeekend(date) && !m_closed.contains(date);
}

QString WorkingCalendar::holidayName(const QDate &date) const
{
    return m_closed.value(date);
}

QDate WorkingCalendar::nextWorkingDayOnOrAfter(const QDate &date) const
{
    if (!date.isValid() || (m_weekend & 0xFEu) == 0xFEu) {
        return {};
    }
    QDate d = date;
    while (!isWorkingDay(d)) {
        d = d.addDays(1);
    }
    return d;
}

QDate WorkingCalendar::addWorkingDays(const QDate &from, int days) const
{
    // Seven closed weekdays would make every day closed: nothing to count.
    if (!from.isValid() || (m_weekend & 0xFEu) == 0xFEu) {
        return {};
    }
    if (days == 0) {
        return nextWorkingDayOnOrAfter(from);
    }
    const int step = days > 0 ? 1 : -1;
    int left = days > 0 ? days : -days;
    QDate d = from;
    while (left > 0) {
        d = d.addDays(step);
        if (isWorkingDay(d)) {
            --left;
        }
    }
    return d;
}

int WorkingCalendar::countForward(const QDate &from, const QDate &to) const
{
    // Whole weeks in one step (each has the same number of weekday working days), the rest day by
    // day; then the closures in the range that are not already weekend days.
    const qint64 span = from.daysTo(to);
    int weekdays = 0;
    for (int d = 1; d <= 7; ++d) {
        if (!(m_weekend & (1u << d))) {
            ++weekdays;
        }
    }
    qint64 count = (span / 7) * weekdays;
    QDate d = from.addDays((span / 7) * 7);
    while (d < to) {
        d = d.addDays(1);
        if (!isWeekend(d)) {
            ++count;
        }
    }
    for (auto it = m_closed.upperBound(from); it != m_closed.end() && it.key() <= to; ++it) {
        if (!isWeekend(it.key())) {
            --count;
        }
    }
    return int(count);
}

int WorkingCalendar::workingDaysBetween(const QDate &from, const QDate &to) const
{
    if (!from.isValid() || !to.isValid()) {
        return 0;
    }
    return from <= to ? countForward(from, to) : -countForward(to, from);
}

} // namespace FirstStop
