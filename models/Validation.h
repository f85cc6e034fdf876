#pragma once

#include <QString>
#include <QStringView>

// Checks that help the clerk get contact details right first time, with the normal written form
// to store. Used by the editor before saving; the same rules are shared by anything that imports
// people (one place, so a desk and an import never disagree).
namespace FirstStop::Validation {

enum class PostcodeKind
{
    Invalid,
    UnitedKingdom,
    Eircode
};

struct PostcodeCheck
{
    PostcodeKind kind = PostcodeKind::Invalid;
    QString normalised; // "CF10 1AB", "D02 X285"; empty when invalid
};

// A full UK postcode or Irish Eircode in any case and spacing ("cf101ab", "D02x285").
PostcodeCheck checkPostcode(QStringView text);

struct PhoneCheck
{
    bool ok = false;
    QString nationalDigits; // "02920871234" / "0871234567": the form search keys use
    QString display;        // tidied for display: "+44 29 2087 1234" stays, odd spacing goes
};

// UK (+44 / 0, 10 digits after the 0) and Irish (+353 / 0, 7 to 9 digits after the 0) numbers,
// written with any spaces, dashes, dots, brackets and "(0)".
PhoneCheck checkPhone(QStringView text);

// Plausible enough to send a letter's worth of e-mail to: one @, a dot in the domain, no spaces.
bool isPlausibleEmail(QStringView text);

} // namespace FirstStop::Validation
