#pragma once

#include <QDate>
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

    QString displayName() const;
    friend bool operator==(const Person &, const Person &) = default;
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
