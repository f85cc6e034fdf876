#pragma once

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace FirstStop {

// A resident as the desk and the centre both know them. Names are kept exactly as the person
// gives them, in separate parts: a name is never split or reassembled from one string.
struct Person
{
    QUuid id;          // client-generated, so a record can be made offline
    QString reference; // the number read out to a resident; unique without the network
    QString givenName;
    QString familyName;
    QString preferredName;
    QDate dateOfBirth; // invalid when not known
    QString address;   // one line per '\n'
    QString postcode;  // UK postcode or Irish Eircode, as typed (normalised on save)
    QString phone;
    QString email;
    // History: earlier names ("Mary Jones", a maiden or former name) and addresses (the address
    // lines and postcode), newest first. Kept by keepHistoryFrom() when a name or address changes;
    // searched like the current name.
    QStringList previousNames;
    QStringList previousAddresses;
    // Contact preferences: the channel the resident prefers ("", "phone", "text", "email",
    // "post") and what they agreed to receive.
    QString contactChannel;
    bool okToText = false;
    bool okToEmail = false;
    bool okToPost = false;
    QString preferredLanguage; // as the resident says it ("Polish", "Cymraeg", "BSL")
    bool interpreterNeeded = false;
    // Accessibility needs and reasonable adjustments: common ones by key
    // (accessibilityFlagNames()) and anything else in words.
    QStringList accessibilityFlags;
    QString accessibilityNotes;
    qint64 version = 0; // the centre's change sequence number of the last write; 0 = never synced
    bool deleted = false;
    // Set when a team lead merged this record into another (the survivor): the record stays only
    // as a redirect, so an old reference or id still leads to the person. Not an editable field
    // (not in fieldNames()); only the centre's merge sets it.
    QUuid mergedInto;

    // The editable fields by their wire names, in display order. Field-level merge works on these.
    static const QStringList &fieldNames();
    // The field's name as the desk shows it ("Date of birth" for "date_of_birth").
    static QString fieldLabel(const QString &name);
    QJsonValue field(const QString &name) const;
    // Returns false (and leaves the person unchanged) when the value has the wrong type or an
    // impossible date.
    bool setField(const QString &name, const QJsonValue &value);
    // Fields whose value is a list of strings (previous names and addresses, accessibility
    // flags). Two desks adding to the same list both keep what they added (mergeLists), rather
    // than one of them meeting a conflict.
    static bool isListField(const QString &name);
    // Union in order: a's entries, then b's that a lacks.
    static QJsonArray mergeLists(const QJsonArray &a, const QJsonArray &b);
    // The fields after the first nine, stored together as one JSON object in a `details` column
    // (desk and centre), so adding one is no schema change. Wire names, as in the wire format.
    static const QStringList &detailFieldNames();
    QJsonObject details() const;
    // Reads a stored details object; unknown or wrongly typed members are ignored.
    void setDetails(const QJsonObject &details);
    // When a name or address changes, the one it replaces goes to the front of the history
    // (never twice). `before` is the record as it was.
    void keepHistoryFrom(const Person &before);
    // Said to the clerk when the contact preferences cannot work ("Add an e-mail address to
    // contact them by e-mail."); empty when they can. The same rule for the desk and an import.
    QString contactProblem() const;

    static const QStringList &contactChannels(); // "", "phone", "text", "email", "post"
    static QString contactChannelLabel(const QString &channel);
    static const QStringList &accessibilityFlagNames();
    static QString accessibilityFlagLabel(const QString &flag);

    QString displayName() const;
    friend bool operator==(const Person &, const Person &) = default;
};

// What a role sees of each person in a list of search results: several residents at once, on a
// screen the person at the counter can see too. A library desk (staff helping residents
// self-serve) tells people apart by name, age, postcode and reference, and sees neither dates of
// birth nor address lines there; counter staff, team leads and admins see both. Opening a record
// is a separate step for the person in front of the desk.
struct PersonListAccess
{
    bool dateOfBirth = true; // false: the age alone
    bool address = true;     // false: no address lines (the postcode stays)

    static PersonListAccess forRole(QStringView role);
    friend bool operator==(const PersonListAccess &, const PersonListAccess &) = default;
};

// A fresh human-facing reference: "FS-XXXXX-XXXXX", 10 characters from an alphabet without
// look-alikes (no 0/O, 1/I/L), derived from the record's UUID so two offline desks never collide
// in practice (31^10 values: about a 0.06 % chance of one collision anywhere among 1,000,000
// residents; the centre gives a fresh reference when one does collide). References made before
// (FS- and 8 characters, the first 8 of today's form for the same UUID) stay valid.
QString makePersonReference(const QUuid &id);

// The letters and digits of a reference without "FS" and hyphens, upper case: "FS-ABCDE-FGHJK"
// and "fsabcdefghjk" → "ABCDEFGHJK". What search compares.
QString personReferenceKey(QStringView reference);

// A full date of birth as people type it: 12/03/1985, 12.3.85, 12-3-1985, 1985-03-12. Day first
// (UK and Irish usage). Two-digit years are taken as the most recent year not after today.
// Returns an invalid date for anything impossible (31/02/1990) or in the future.
QDate parseDateOfBirth(QStringView text, const QDate &today);

} // namespace FirstStop

Q_DECLARE_METATYPE(FirstStop::Person)
