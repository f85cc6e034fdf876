#pragma once

#include "models/BankHolidays.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

namespace FirstStop {

// Working-day arithmetic: weekends (Saturday and Sunday unless told otherwise) and closed days
// (bank holidays of the office's region, and any closures an office adds) are not working days.
// Used for complaint deadlines, customer-charter targets and appointment closures.
//
// The conventions, the ones the complaint handling codes use ("respond within 10 working days"):
// * addWorkingDays(d, n) is the n-th working day after d; d itself is never counted, whether or
//   not it is a working day (a complaint received on Saturday and one received on Friday are both
//   due 10 working days after, counting from the Monday). n = 0 gives d if it is a working day,
//   otherwise the next one. Negative n counts back.
// * workingDaysBetween(a, b) counts the working days in (a, b]; it is the inverse:
//   workingDaysBetween(d, addWorkingDays(d, n)) == n for n > 0, and it is negative when b < a.
class WorkingCalendar
{
public:
    // Weekends only.
    WorkingCalendar();
    // Weekends and the bank holidays of one region of the feed.
    WorkingCalendar(const BankHolidays &holidays, const QString &division);

    // The days of the week that are never working days (default Saturday and Sunday).
    void setWeekend(const QList<Qt::DayOfWeek> &days);
    // Closes one more day (an office's training day, a one-off extra holiday). Replaces the name
    // if the day was already closed.
    void addClosure(const QDate &date, const QString &name);
    // The last date the holiday list covers; later dates are counted on weekends alone.
    QDate coveredUntil() const { return m_coveredUntil; }
    bool covers(const QDate &date) const
    {
        return m_coveredUntil.isValid() && date <= m_coveredUntil;
    }

    bool isWorkingDay(const QDate &date) const;
    // "Christmas Day" (with "(substitute day)" added when the feed says so), the closure's name,
    // or empty for a working day or a plain weekend.
    QString holidayName(const QDate &date) const;
    // The first working day on or after date (a deadline in calendar days that lands on a holiday
    // moves to the next working day).
    QDate nextWorkingDayOnOrAfter(const QDate &date) const;
    QDate addWorkingDays(const QDate &from, int days) const;
    int workingDaysBetween(const QDate &from, const QDate &to) const;

private:
    bool isWeekend(const QDate &date) const { return m_weekend & (1u << date.dayOfWeek()); }
    // Working days in (from, to] for from <= to.
    int countForward(const QDate &from, const QDate &to) const;

    unsigned m_weekend = (1u << Qt::Saturday) | (1u << Qt::Sunday);
    QMap<QDate, QString> m_closed;
    QDate m_coveredUntil;
};

} // namespace FirstStop
