#include "models/LocalStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

Person makePerson(const QString &given, const QString &family, const QDate &dob,
                  const QString &postcode = {}, const QString &phone = {},
                  const QString &email = {})
{
    Person p;
    p.id = QUuid::createUuid();
    p.reference = makePersonReference(p.id);
    p.givenName = given;
    p.familyName = family;
    p.dateOfBirth = dob;
    p.postcode = postcode;
    p.phone = phone;
    p.email = email;
    return p;
}

QStringList names(const QList<PersonMatch> &matches)
{
    QStringList out;
    for (const PersonMatch &m : matches) {
        out << m.person.displayName();
    }
    return out;
}

} // namespace

// The check a new record goes through before it is saved: people already in a real cache file
// who may be the same resident, found with the citizen search's own variants and sound-alikes,
// each with the reason the clerk is shown.
class TestDuplicateCheck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    LocalStore m_store;
    QList<Person> m_people;

    const Person &known(const QString &given) const
    {
        for (const Person &p : m_people) {
            if (p.givenName == given) {
                return p;
            }
        }
        qFatal("no such person");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_store.open(m_dir.filePath(u"desk.sqlite"_qs), nullptr));
        m_people = {
            makePerson(u"Siobhán"_qs, u"Ní Shúilleabháin"_qs, QDate(1985, 3, 12), u"D02 X285"_qs,
                       u"087 123 4567"_qs, u"siobhan@example.ie"_qs),
            makePerson(u"John"_qs, u"Smith"_qs, QDate(1985, 3, 12), u"CF10 1AB"_qs),
            makePerson(u"Sian"_qs, u"Evans"_qs, QDate(1990, 1, 1), u"CF10 1AB"_qs,
                       u"029 2087 1234"_qs),
            makePerson(u"Mary"_qs, u"Jones"_qs, QDate(1979, 6, 30), u"PL1 4AB"_qs),
            makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs, QDate(2001, 7, 4)),
        };
        Wire::ChangePage page;
        for (const Person &p : m_people) {
            page.changes.append(
                {page.changes.size() + 1, u"person"_qs, p.id, false, Wire::personToJson(p)});
        }
        page.cursor = page.changes.size();
        QVERIFY(m_store.applyChangePage(page, nullptr));
    }

    void sameBirthAndSoundAlikeName()
    {
        // Heard as "Shivaun O'Sullivan": the Irish women's form and the sound-alike both count.
        const QList<PersonMatch> found = m_store.likelyDuplicates(
            makePerson(u"Shivaun"_qs, u"O'Sullivan"_qs, QDate(1985, 3, 12)));
        QCOMPARE(names(found), QStringList{u"Siobhán Ní Shúilleabháin"_qs});
        QVERIFY2(found.first().reason.startsWith(u"Same date of birth and a similar name"),
                 qPrintable(found.first().reason));
        QVERIFY(found.first().reason.contains(u"Shivaun"));
    }

    void sameBirthAloneIsNotEnough()
    {
        // John Smith shares the date of birth, nothing else.
        QVERIFY(m_store.likelyDuplicates(makePerson(u"Kwame"_qs, u"Mensah"_qs, QDate(1985, 3, 12)))
                    .isEmpty());
        QVERIFY(m_store
                    .likelyDuplicates(makePerson(u"Llŷr"_qs, u"Prys-Okafor"_qs, QDate(1999, 9, 9),
                                                 u"CF10 1AB"_qs))
                    .isEmpty());
    }

    void samePostcodeAndName()
    {
        // No date of birth given; the accent and the postcode's spacing do not matter.
        const QList<PersonMatch> found =
            m_store.likelyDuplicates(makePerson(u"Siân"_qs, u"Evans"_qs, QDate(), u"cf101ab"_qs));
        QCOMPARE(names(found), QStringList{u"Sian Evans"_qs});
        QVERIFY(found.first().reason.startsWith(u"Same postcode and a similar name"));
    }

    void samePhoneOrEmailHoweverWritten()
    {
        QList<PersonMatch> found = m_store.likelyDuplicates(
            makePerson(u"Kwame"_qs, u"Mensah"_qs, QDate(), {}, u"+44 (0)29 2087 1234"_qs));
        QCOMPARE(names(found), QStringList{u"Sian Evans"_qs});
        QVERIFY(found.first().reason.startsWith(u"Same phone number"));

        found = m_store.likelyDuplicates(
            makePerson(u"S"_qs, u"Sullivan"_qs, QDate(), {}, {}, u"SIOBHAN@Example.ie"_qs));
        QCOMPARE(names(found), QStringList{u"Siobhán Ní Shúilleabháin"_qs});
        QVERIFY(found.first().reason.startsWith(u"Same e-mail address"));

        // A number that only starts the same is someone else's.
        QVERIFY(m_store
                    .likelyDuplicates(
                        makePerson(u"Kwame"_qs, u"Mensah"_qs, QDate(), {}, u"029 2087 12"_qs))
                    .isEmpty());
    }

    void changedFamilyNameStillFoundByBirthAndGivenName()
    {
        const QList<PersonMatch> found =
            m_store.likelyDuplicates(makePerson(u"Mary"_qs, u"Okafor"_qs, QDate(1979, 6, 30)));
        QCOMPARE(names(found), QStringList{u"Mary Jones"_qs});
        QVERIFY(found.first().reason.startsWith(u"Same date of birth and a similar given name"));
    }

    void strongestReasonFirstAndEachPersonOnce()
    {
        // Same birth and name, same postcode and name, same phone: one row, the strongest reason.
        Person again = makePerson(u"Siobhan"_qs, u"Ni Shuilleabhain"_qs, QDate(1985, 3, 12),
                                  u"d02x285"_qs, u"+353 87 123 4567"_qs);
        const QList<PersonMatch> found = m_store.likelyDuplicates(again);
        QCOMPARE(names(found), QStringList{u"Siobhán Ní Shúilleabháin"_qs});
        QVERIFY(found.first().reason.startsWith(u"Same date of birth and a similar name"));
    }

    void theRecordItselfIsNeverItsOwnDuplicate()
    {
        Person zoe = known(u"Zoë"_qs);
        QVERIFY(m_store.likelyDuplicates(zoe).isEmpty());
        zoe.id = QUuid::createUuid();
        QCOMPARE(names(m_store.likelyDuplicates(zoe)), QStringList{u"Zoë O'Brien-Nwosu"_qs});
    }

    void aPersonSavedOnThisDeskCounts()
    {
        // Not yet at the centre, but already someone the next clerk must not record twice.
        const Person local =
            makePerson(u"Dafydd"_qs, u"ap Rhys"_qs, QDate(1962, 11, 2), u"SA1 1AA"_qs);
        QVERIFY(m_store.saveLocalEdit(local, nullptr));
        const QList<PersonMatch> found =
            m_store.likelyDuplicates(makePerson(u"David"_qs, u"Ap Rhys"_qs, QDate(1962, 11, 2)));
        QCOMPARE(names(found), QStringList{u"Dafydd ap Rhys"_qs});
    }
};

QTEST_GUILESS_MAIN(TestDuplicateCheck)

#include "tst_duplicatecheck.moc"
