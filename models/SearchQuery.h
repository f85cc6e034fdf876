#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// What a clerk typed into the search box, understood: name words, a date of birth (whole or
// partial), a postcode or Eircode (whole, outward part, or being typed), a phone number, an e-mail
// address and the organisation's reference. Pure: no database, no clock (today is passed in).
namespace FirstStop {

// One name as typed: a word, or a particle with the word after it ("o sullivan", "ni bhriain").
struct NameTerm
{
    QString typed; // as typed, for the reason shown ("O'Sullivan")
    QString text;  // folded and run together: "osullivan"
    // Forms without a particle: the explicit one ("o sullivan" → "sullivan") or those a word typed
    // in one piece may hide ("mccarthy" → "carthy"). May be empty.
    QStringList stems;
    QString particle; // canonical particle when one was typed as a word ("ni"), else empty

    friend bool operator==(const NameTerm &, const NameTerm &) = default;
};

// A date of birth, whole or in part; 0 = not given. "1985" → year; "03/1985" → month and year;
// "12/3" (or "12/3/1" while the year is being typed) → day and month.
struct DateTerm
{
    int year = 0;
    int month = 0;
    int day = 0;
    QString typed;

    bool isFull() const { return year > 0 && month > 0 && day > 0; }
    friend bool operator==(const DateTerm &, const DateTerm &) = default;
};

// A UK postcode or Irish Eircode, upper case without spaces.
struct PostcodeTerm
{
    QString outward; // "PL1", "D02"; empty when unknown
    QString key;     // what is known of the whole code: "PL14AB", or "PL14" while typing
    bool complete = false;
    QString typed;

    friend bool operator==(const PostcodeTerm &, const PostcodeTerm &) = default;
};

struct SearchQuery
{
    QList<NameTerm> names;
    std::optional<DateTerm> dateOfBirth;
    std::optional<PostcodeTerm> postcode;
    QString phone;     // national significant number ("2920871234"), perhaps only its start
    QString email;     // folded to letters and digits ("johnsmithexampleorg"), perhaps a start
    QString reference; // after "FS", no hyphens, upper case ("ABC23456XY"), perhaps a start

    bool isEmpty() const;

    static SearchQuery parse(QStringView text, const QDate &today);
};

// The national significant number of a UK or Irish phone number in any format: "+44 29 2087
// 1234", "0044 (0)29 2087 1234" and "029 2087 1234" → "2920871234"; "+353 87 123 4567" and
// "087 123 4567" → "871234567". Used on both the stored and the typed side.
QString phoneKey(QStringView text);

// A postcode or Eircode's canonical key (upper case, no spaces) and its outward part (UK: all but
// the last three characters; Eircode: the routing key), or an empty outward when the text is not a
// recognisable code.
struct PostcodeKey
{
    QString key;
    QString outward;
};
PostcodeKey postcodeKey(QStringView text);

// Whether the text (upper case, no spaces) is a UK outward code or an Eircode routing key.
bool isOutwardCode(QStringView text);

// An e-mail address folded for matching: lower-case letters and digits only.
QString emailKey(QStringView text);

} // namespace FirstStop
