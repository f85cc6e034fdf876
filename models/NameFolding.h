#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// Folding of names and free text for matching as people say and write them: case and accents
// folded (Ó/O, Siân/Sian, Zoë/Zoe, ŵ/w), apostrophes dropped (O'Brien/OBrien), hyphens and other
// punctuation treated as spaces (Nwosu-Jones). Used on both the stored side and the query side,
// so the two always agree.
namespace FirstStop::NameFolding {

// "Ó Súilleabháin" → "o suilleabhain", "O'Brien-Nwosu" → "obrien nwosu", "  Siân " → "sian".
QString fold(QStringView text);

// The folded words of a text, in order, empty ones dropped.
QStringList tokens(QStringView text);

// Digits only ("+44 (0)29 2087 1234" → "4402920871234"); for phone and reference matching.
QString digits(QStringView text);

// Postcode/Eircode key: letters and digits only, upper case ("cf10 1ab" → "CF101AB").
QString postcodeKey(QStringView text);

} // namespace FirstStop::NameFolding
