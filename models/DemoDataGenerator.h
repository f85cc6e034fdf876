#pragma once

#include "models/Person.h"

#include <QList>
#include <QtGlobal>

namespace FirstStop {

// Realistic, deterministic demo residents for the demo server, the tests and the
// 1,000,000-resident benchmarks: a Welsh/English council's mix of English, Welsh, Irish (in
// Irish and English forms), Scottish and other communities, with UK postcodes, Irish Eircodes,
// Ofcom/ComReg drama-range phone numbers, reserved-domain e-mails and a few near-duplicates.
//
// Every person depends only on (seed, index), never on earlier calls, on the clock or on the
// standard library's distributions (whose output differs between implementations), so any
// slice can be generated on its own and a benchmark sees the same people on every machine.
// Ids are random-looking version-4 UUIDs whose references (makePersonReference) are unique for
// every index below 31^8.
class DemoDataGenerator final
{
public:
    static constexpr quint64 kDefaultSeed = 20261123;

    explicit DemoDataGenerator(quint64 seed = kDefaultSeed);

    // Deterministic and independent per index: the same seed and index always give the same
    // person, on every machine and compiler.
    Person person(qint64 index) const;
    // person(first) … person(first + count - 1); empty when count <= 0.
    QList<Person> people(qint64 first, qint64 count) const;

    // Ages are computed against this fixed date (not today), so the data never drifts.
    static QDate referenceDate();

private:
    quint64 m_seed;
};

} // namespace FirstStop
