#include "models/BankHolidays.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace FirstStop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BankHolidays", text);
}

int divisionRank(const QString &division)
{
    if (division == BankHolidays::EnglandAndWales) {
        return 0;
    }
    if (division == BankHolidays::Scotland) {
        return 1;
    }
    if (division == BankHolidays::NorthernIreland) {
        return 2;
    }
    return 3;
}

} // namespace

bool BankHoliday::isSubstitute() const
{
    return notes.contains(u"substitute", Qt::CaseInsensitive);
}

BankHolidays BankHolidays::bundled()
{
    QString error;
    BankHolidays h = fromFile(u":/firststop/data/bank-holidays.json"_qs, &error);
    Q_ASSERT_X(error.isEmpty(), "BankHolidays::bundled", qPrintable(error));
    return h;
}

BankHolidays BankHolidays::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    // The real feed is about 15 KiB; a file a thousand times that size is not a holiday list.
    constexpr qint64 maxSize = 16 * 1024 * 1024;
    if (file.size() > maxSize) {
        *error = tr("%1 is too large to be a bank-holiday list.").arg(path);
        return {};
    }
    return fromJson(file.readAll(), error);
}

BankHolidays BankHolidays::fromJson(const QByteArray &json, QString *error)
{
    error->clear();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("This is not a bank-holiday file in the gov.uk format: %1 (at character %2).")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return {};
    }
    if (!doc.isObject()) {
        *error = tr("This is not a bank-holiday file in the gov.uk format: it should be an "
                    "object of regions such as \"england-and-wales\".");
        return {};
    }
    BankHolidays result;
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString division = it.key();
        const QJsonObject body = it.value().toObject();
        if (!it.value().isObject() || !body.value(u"events").isArray()) {
            *error = tr("%1: no list of events.").arg(division);
            return {};
        }
        const QJsonArray events = body.value(u"events").toArray();
        QList<BankHoliday> list;
        list.reserve(events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject e = events.at(i).toObject();
            const QString dateText = e.value(u"date").toString();
            const QDate date = QDate::fromString(dateText, Qt::ISODate);
            if (!date.isValid() || dateText.size() != 10) {
                *error = tr("%1, event %2: the date \"%3\" is not a date (YYYY-MM-DD).")
                             .arg(division)
                             .arg(i + 1)
                             .arg(dateText);
                return {};
            }
            const QString title = e.value(u"title").toString().trimmed();
            if (title.isEmpty()) {
                *error = tr("%1, event %2 (%3): no title.").arg(division).arg(i + 1).arg(dateText);
                return {};
            }
            list.append({date, title, e.value(u"notes").toString().trimmed()});
        }
        std::sort(list.begin(), list.end(),
                  [](const BankHoliday &a, const BankHoliday &b) { return a.date < b.date; });
        // The same day listed twice (a hand-edited file) is kept once.
        list.erase(std::unique(
                       list.begin(), list.end(),
                       [](const BankHoliday &a, const BankHoliday &b) { return a.date == b.date; }),
                   list.end());
        result.m_divisions.insert(division, list);
    }
    if (result.m_divisions.isEmpty()) {
        *error = tr("The file lists no regions.");
        return {};
    }
    return result;
}

QStringList BankHolidays::divisions() const
{
    QStringList names = m_divisions.keys();
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const int ra = divisionRank(a);
        const int rb = divisionRank(b);
        return ra != rb ? ra < rb : a < b;
    });
    return names;
}

QDate BankHolidays::coveredUntil(const QString &division) const
{
    const QList<BankHoliday> list = m_divisions.value(division);
    if (list.isEmpty()) {
        return {};
    }
    // The feed lists whole years; a year whose holidays are listed is known to its end.
    return QDate(list.last().date.year(), 12, 31);
}

QString BankHolidays::divisionLabel(const QString &division)
{
    if (division == EnglandAndWales) {
        return tr("England and Wales");
    }
    if (division == Scotland) {
        return tr("Scotland");
    }
    if (division == NorthernIreland) {
        return tr("Northern Ireland");
    }
    return division;
}

} // namespace FirstStop
