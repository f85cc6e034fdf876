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

    void ageIsWholeYearsOnTheBirthday()
    {
        QVERIFY(formatDateOfBirth(QDate(2000, 11, 23), QDate(2026, 11, 23)).endsWith(u"(26)"));
        QVERIFY(formatDateOfBirth(QDate(2000, 11, 24), QDate(2026, 11, 23)).endsWith(u"(25)"));
        QVERIFY(formatDateOfBirth(QDate(), QDate(2026, 11, 23)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPersonListModel)
#include "tst_personlistmodel.moc"
