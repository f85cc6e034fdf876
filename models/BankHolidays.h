#pragma once

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace FirstStop {

// One day off from the gov.uk bank-holidays feed. gov.uk lists only the day actually taken off:
// when Christmas falls on a Saturday the feed has "Christmas Day" on the Monday with the note
// "Substitute day", and nothing on the Saturday.
struct BankHoliday
{
    QDate date;
    QString title;
    QString notes;
    bool isSubstitute() const;
};

// The UK bank holidays in the gov.uk feed format (https://www.gov.uk/bank-holidays.json):
// { "england-and-wales": { "division": …, "events": [ {title, date, notes, bunting} ] }, … }.
// The desk ships a copy (Open Government Licence; resources/data/README.md); an administrator can
// load a newer file, and choose the region (division) the office is in.
class BankHolidays
{
public:
    static constexpr QStringView EnglandAndWales = u"england-and-wales";
    static constexpr QStringView Scotland = u"scotland";
    static constexpr QStringView NorthernIreland = u"northern-ireland";

    // The copy compiled into the program.
    static BankHolidays bundled();
    // Parses the feed. On a bad file returns an empty set and says why in *error (what is wrong and
    // where, e.g. "scotland, event 3: the date \"2025-13-01\" is not a date"); nothing is half
    // loaded.
    static BankHolidays fromJson(const QByteArray &json, QString *error);
    static BankHolidays fromFile(const QString &path, QString *error);

    bool isEmpty() const { return m_divisions.isEmpty(); }
    // The divisions in the file, in a stable order (England and Wales, Scotland, Northern Ireland,
    // then any others alphabetically).
    QStringList divisions() const;
    bool hasDivision(const QString &division) const { return m_divisions.contains(division); }
    // The holidays of a division, in date order.
    QList<BankHoliday> holidays(const QString &division) const
    {
        return m_divisions.value(division);
    }
    // The last date the file knows about for a division: after the end of that year the desk can
    // only count weekends, and should say so.
    QDate coveredUntil(const QString &division) const;
    // A readable name for a division ("England and Wales").
    static QString divisionLabel(const QString &division);

private:
    QHash<QString, QList<BankHoliday>> m_divisions;
};

} // namespace FirstStop
