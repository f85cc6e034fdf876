#include "models/PersonListModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace FirstStop;

class TestPersonListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesModelTesterAndShowsWhatTellsPeopleApart()
    {
        PersonListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Margaret"_qs;
        p.familyName = u"Ní Bhriain"_qs;
        p.preferredName = u"Peggy"_qs;
        p.dateOfBirth = QDate(1950, 1, 2);
        p.address = u"12 Heol y Coed\nRhiwbina"_qs;
        p.postcode = u"CF14 6HR"_qs;
        p.reference = u"FS-ABC23456"_qs;
        model.setMatches({{p, u"name"_qs}});
        QCOMPARE(model.rowCount(), 1);
        const QString name = model.index(0, PersonListModel::NameColumn).data().toString();
        QVERIFY(name.contains(u"Margaret Ní Bhriain") && name.contains(u"Peggy"));
        QVERIFY(
            model.index(0, PersonListModel::DateOfBirthColumn).data().toString().contains(u'('));
        QCOMPARE(model.index(0, PersonListModel::AddressColumn).data().toString(),
                 u"12 Heol y Coed, Rhiwbina"_qs);
        QCOMPARE(model.index(0, 0).data(PersonListModel::PersonIdRole).toUuid(), p.id);
        QVERIFY(!model.index(0, 0).data(PersonListModel::SyncedRole).toBool());
        QVERIFY(model.index(0, PersonListModel::ReferenceColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"not yet"));
        // Never in touch on this desk: the column is empty, and says so to a screen reader.
        QVERIFY(model.index(0, PersonListModel::LastContactColumn).data().toString().isEmpty());
        QVERIFY(!model.index(0, PersonListModel::LastContactColumn)
                     .data(Qt::AccessibleTextRole)
                     .toString()
                     .isEmpty());
        PersonMatch seen{p, u"name"_qs};
        seen.lastContact = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
        model.setMatches({seen});
        QCOMPARE(model.index(0, PersonListModel::LastContactColumn).data().toString(),
                 QLocale().toString(seen.lastContact.toLocalTime().date(), QLocale::ShortFormat));
        QCOMPARE(model.headerData(PersonListModel::LastContactColumn, Qt::Horizontal).toString(),
                 u"Last contact"_qs);
        model.setMatches({});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.matchAt(0));
    }

    void aLibraryDeskSeesAgeAndPostcodeButNoDateOfBirthOrAddress()
    {
        PersonListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Siân"_qs;
        p.familyName = u"Ap Rhys"_qs;
        p.dateOfBirth = QDate(1950, 1, 2);
        p.address = u"12 Heol y Coed\nRhiwbina"_qs;
        p.postcode = u"CF14 6HR"_qs;
        model.setMatches({{p, u"name"_qs}});
        QCOMPARE(model.access(), PersonListAccess::forRole(u"counter"));
        model.setAccess(PersonListAccess::forRole(u"library"));
        const int age = ageOn(p.dateOfBirth, QDate::currentDate());
        QVERIFY(age >= 76);
        const QModelIndex dob = model.index(0, PersonListModel::DateOfBirthColumn);
        QCOMPARE(dob.data().toString(), QString::number(age));
        QVERIFY(!dob.data(Qt::AccessibleTextRole).toString().contains(u"1950"));
        QVERIFY(dob.data(Qt::AccessibleTextRole).toString().contains(QString::number(age)));
        QCOMPARE(model.headerData(PersonListModel::DateOfBirthColumn, Qt::Horizontal).toString(),
                 u"Age"_qs);
        QVERIFY(model.index(0, PersonListModel::AddressColumn).data().toString().isEmpty());
        QCOMPARE(model.index(0, PersonListModel::PostcodeColumn).data().toString(), u"CF14 6HR"_qs);
        // Every column of the row, read as a screen reader would: no date of birth, no street.
        for (int c = 0; c < model.columnCount(); ++c) {
            const QString text = model.index(0, c).data(Qt::AccessibleTextRole).toString();
            QVERIFY2(!text.contains(u"Heol") && !text.contains(u"1950"), qPrintable(text));
        }
        // A team lead signing in at the same desk sees both again.
        model.setAccess(PersonListAccess::forRole(u"team_lead"));
        QVERIFY(
            model.index(0, PersonListModel::DateOfBirthColumn).data().toString().contains(u'('));
        QVERIFY(model.index(0, PersonListModel::AddressColumn).data().toString().contains(u"Heol"));
    }

    void ageIsWholeYearsOnTheBirthday()
    {
        QVERIFY(formatDateOfBirth(QDate(2000, 11, 23), QDate(2026, 11, 23)).endsWith(u"(26)"));
        QVERIFY(formatDateOfBirth(QDate(2000, 11, 24), QDate(2026, 11, 23)).endsWith(u"(25)"));
        QVERIFY(formatDateOfBirth(QDate(), QDate(2026, 11, 23)).isEmpty());
        QCOMPARE(ageOn(QDate(2027, 1, 1), QDate(2026, 11, 23)), -1);
    }
};

QTEST_GUILESS_MAIN(TestPersonListModel)
#include "tst_personlistmodel.moc"
