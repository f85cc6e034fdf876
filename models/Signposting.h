#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace FirstStop {

struct DirectoryService;
struct Person;

// One sign-posting from an enquiry (issue 7): the service a resident was pointed to, what they
// were told, and whether it was information only or a referral that passed their details on. A
// `signposting` record (models/EntityType), written once like a note, so two desks never conflict
// over one. A referral shares only the fields the service needs (DirectoryService::
// referralFields) and only with the resident's recorded consent to exactly those fields going to
// exactly that organisation: the rules below are checked at the desk and again at the centre.
struct Signposting
{
    enum class Mode
    {
        Information, // the resident was given the details and contacts the service themselves
        Referral,    // the desk passed the resident's details to the service
    };

    QUuid id;
    QUuid enquiryId;
    QUuid personId; // null for an anonymous enquiry (information only)
    QString office;
    QUuid serviceId;
    QString serviceName;  // as the directory named it then
    QString organization; // who the data went to (a referral)
    Mode mode = Mode::Information;
    QString told; // what the resident was told, in the clerk's words
    // A referral: the fields shared (referralFieldNames()), the data exactly as shared, the
    // consent the resident gave to it in words, and when.
    QStringList sharedFields;
    QString sharedData;
    bool consent = false;
    QString consentStatement;
    QDateTime consentAt;
    QDateTime createdAt;
    QString createdBy; // stamped by the centre

    static QString modeName(Mode m);
    static bool modeFromName(const QString &name, Mode *out);
    static QStringList modeNames();

    QJsonObject toFields() const;
    static Signposting fromFields(const QUuid &id, const QJsonObject &fields);

    // A referral's data: one "Label: value" line per field, in the order given, from the person's
    // record (the reason is the clerk's words). Fields the record has no value for are left out.
    static QString sharedDataFor(const Person &person, const QStringList &fields,
                                 const QString &reason);
    // The words the resident agrees to ("I agree that First Stop may share my name and phone
    // number with Citizens Advice Cardiff and Vale so that they can contact me about …").
    static QString consentStatementFor(const QStringList &fields, const QString &organization,
                                       const QString &serviceName);
    // The rules: empty when acceptable, otherwise "field: reason". A referral needs a person, the
    // resident's consent with its time, at least one shared field, only known fields, and data
    // naming exactly those fields; information only shares nothing.
    static QString problem(const QJsonObject &fields);
};

} // namespace FirstStop
