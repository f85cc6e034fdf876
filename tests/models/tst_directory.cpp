// The directory of other agencies on a desk (models/Directory) and the sign-posting rules
// (models/Signposting): what a clerk finds for a resident, and what a referral may share.
#include "models/Directory.h"
#include "models/EntityType.h"
#include "models/Person.h"
#include "models/Signposting.h"

#include <QJsonDocument>
#include <QTest>

using namespace FirstStop;

namespace {

DirectoryOpening weekly(QList<int> days, const char *opens, const char *closes)
{
    DirectoryOpening o;
    o.days = std::move(days);
    o.opens = QTime::fromString(QString::fromLatin1(opens), u"HH:mm"_qs);
    o.closes = QTime::fromString(QString::fromLatin1(closes), u"HH:mm"_qs);
    return o;
}

DirectoryLocation at(const char *postcode, double lat, double lon)
{
    DirectoryLocation l;
    l.id = QString::fromLatin1(postcode);
    l.address = u"1 High Street\nCardiff"_qs;
    l.postcode = QString::fromLatin1(postcode);
    l.latitude = lat;
    l.longitude = lon;
    return l;
}

DirectoryService service(const QString &hsdsId, const QString &name, const QString &org)
{
    DirectoryService s;
    s.hsdsId = hsdsId;
    s.id = directoryServiceId(hsdsId);
    s.name = name;
    s.organization = org;
    s.status = u"active"_qs;
    return s;
}

QList<DirectoryService> sample()
{
    DirectoryService food =
        service(u"food-1"_qs, u"Emergency food parcels"_qs, u"Cardiff Foodbank"_qs);
    food.description = u"Three days of nutritionally balanced food for people in crisis."_qs;
    food.terms = {{u"ORUK"_qs, u"food"_qs, u"Food banks"_qs}};
    food.categories = {u"lgsl:58"_qs};
    food.openings = {weekly({1, 3, 5}, "10:00", "13:00"), weekly({6}, "09:30", "12:00")};
    food.locations = {at("CF24 1AB", 51.4866, -3.1610)};

    DirectoryService advice =
        service(u"ac148810-d857-441c-9679-408f346de14b"_qs, u"Debt and money advice"_qs,
                u"Citizens Advice Cardiff and Vale"_qs);
    advice.eligibility = u"Anyone over 18 living in Cardiff"_qs;
    advice.minimumAge = 18;
    advice.terms = {{u"ORUK"_qs, u"debt"_qs, u"Debt advice"_qs}};
    advice.categories = {u"lgsl:58"_qs, u"lgsl:120"_qs};
    advice.openings = {weekly({1, 2, 3, 4, 5}, "09:00", "17:00")};
    advice.locations = {at("CF10 1AA", 51.4816, -3.1791)};

    DirectoryService young =
        service(u"yp-7"_qs, u"Young carers' group"_qs, u"Carers Trust South East Wales"_qs);
    young.eligibility = u"Young carers aged 8 to 17"_qs;
    young.minimumAge = 8;
    young.maximumAge = 17;
    young.terms = {{u"ORUK"_qs, u"carers"_qs, u"Carers"_qs}};
    young.locations = {at("CF14 3XY", 51.5190, -3.2050)};

    DirectoryService closed = service(u"old"_qs, u"Debt helpline (closed)"_qs, u"Old org"_qs);
    closed.status = u"defunct"_qs;
    return {food, advice, young, closed};
}

} // namespace

class TestDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentRoundTrip()
    {
        DirectoryService s = sample().at(0);
        s.phones = {{u"029 2018 0123"_qs, u"100"_qs, u"voice"_qs, u"Reception"_qs}};
        s.languages = {u"English"_qs, u"Cymraeg"_qs};
        s.fees = u"Free"_qs;
        s.free = true;
        s.referralFields = {u"name"_qs, u"phone"_qs, u"address"_qs};
        QString error;
        const auto back = DirectoryService::fromDocument(s.toDocument(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, s);
        QCOMPARE(back->id, directoryServiceId(u"food-1"_qs));
        // The record's declaration accepts the document and refuses one without a name.
        const EntityType *type = entityType(kTypeDirectoryService);
        QVERIFY(type);
        QJsonObject fields{{u"name"_qs, s.name},
                           {u"document"_qs, QString::fromUtf8(s.toDocument())}};
        QCOMPARE(type->recordProblem(fields), QString());
        fields.insert(u"document"_qs, u"{\"v\":1,\"name\":\"  \"}"_qs);
        QVERIFY(type->recordProblem(fields).contains(u"needs a name"_qs));
        fields.insert(u"document"_qs, u"not json"_qs);
        QVERIFY(!type->recordProblem(fields).isEmpty());
    }

    void idsAreStable()
    {
        // A UUID is kept; anything else always maps to the same name-based UUID.
        QCOMPARE(directoryServiceId(u"ac148810-d857-441c-9679-408f346de14b"_qs),
                 QUuid(u"ac148810-d857-441c-9679-408f346de14b"_qs));
        QCOMPARE(directoryServiceId(u"food-1"_qs), directoryServiceId(u" food-1 "_qs));
        QVERIFY(directoryServiceId(u"food-1"_qs) != directoryServiceId(u"food-2"_qs));
        QCOMPARE(directoryServiceId(u"food-1"_qs).version(), QUuid::Sha1);
    }

    void findsByWordsCategoryAgeAndWhom()
    {
        const DirectoryIndex index(sample());
        auto names = [&](const DirectoryIndex::Query &q) {
            QStringList out;
            for (const auto &hit : index.find(q)) {
                out << hit.service->name;
            }
            return out;
        };
        DirectoryIndex::Query q;
        q.text = u"debt"_qs; // the defunct helpline is not offered
        QCOMPARE(names(q), QStringList{u"Debt and money advice"_qs});
        q.includeInactive = true;
        QCOMPARE(names(q).size(), 2);
        q = {};
        q.text = u"citizens adv"_qs; // prefixes of the organisation's words
        QCOMPARE(names(q), QStringList{u"Debt and money advice"_qs});
        q.text = u"nutritionally"_qs; // a word of the description only
        QCOMPARE(names(q), QStringList{u"Emergency food parcels"_qs});
        q = {};
        q.category = u"lgsl:58"_qs;
        QCOMPARE(names(q).size(), 2);
        q.age = 16; // too young for the debt advice
        QCOMPARE(names(q), QStringList{u"Emergency food parcels"_qs});
        q = {};
        q.forWhom = u"carers"_qs;
        QCOMPARE(names(q), QStringList{u"Young carers' group"_qs});
        q.age = 30;
        QVERIFY(names(q).isEmpty());
        q = {};
        q.termCode = u"food"_qs;
        QCOMPARE(names(q), QStringList{u"Emergency food parcels"_qs});
    }

    void openNow()
    {
        const DirectoryIndex index(sample());
        DirectoryIndex::Query q;
        // Saturday 5 December 2026, 10:00: only the food bank's Saturday morning.
        q.openAt = QDateTime(QDate(2026, 12, 5), QTime(10, 0));
        QCOMPARE(index.find(q).size(), 1);
        QCOMPARE(index.find(q).at(0).service->name, u"Emergency food parcels"_qs);
        // Monday 11:00: both; 12:00 on the dot of closing is closed (13:00 for the food bank).
        q.openAt = QDateTime(QDate(2026, 12, 7), QTime(11, 0));
        QCOMPARE(index.find(q).size(), 2);
        q.openAt = QDateTime(QDate(2026, 12, 7), QTime(13, 0));
        QCOMPARE(index.find(q).size(), 1);
        // A service with no structured times is "not known", never "open".
        QCOMPARE(sample().at(2).isOpenAt(q.openAt), std::nullopt);
        QCOMPARE(sample().at(0).openings.at(0).text(), u"Mon, Wed, Fri 10:00–13:00"_qs);
        QCOMPARE(sample().at(1).openings.at(0).text(), u"Mon–Fri 9:00–17:00"_qs);
    }

    void nearestToAPostcode()
    {
        const DirectoryIndex index(sample());
        // A resident in CF24 (the food bank's district): the food bank first, then the city
        // centre, then Llandaff North.
        DirectoryIndex::Query q;
        q.postcode = u"cf24 9zz"_qs;
        const auto hits = index.find(q);
        QCOMPARE(hits.size(), 3);
        QCOMPARE(hits.at(0).service->name, u"Emergency food parcels"_qs);
        QCOMPARE(hits.at(1).service->name, u"Debt and money advice"_qs);
        QVERIFY(hits.at(1).distanceKm > 1.0 && hits.at(1).distanceKm < 2.0);
        QCOMPARE(hits.at(2).service->name, u"Young carers' group"_qs);
        // A postcode nothing in the directory is near leaves the order by name, distance unknown.
        q.postcode = u"LL57 2AA"_qs;
        QCOMPARE(index.find(q).at(0).distanceKm, -1.0);
        QVERIFY(!index.placePostcode(u"LL57 2AA"_qs));
        QVERIFY(index.placePostcode(u"CF10"_qs));
        // Cardiff to London is about 210 km.
        QVERIFY(qAbs(distanceKm(51.4816, -3.1791, 51.5074, -0.1278) - 212) < 5);
    }

    void guides()
    {
        const QJsonObject fields{{u"title"_qs, u"Pay your council tax online"_qs},
                                 {u"services"_qs, u"lgsl:58, lgsl:59"_qs},
                                 {u"url"_qs, u"https://example.gov.uk/council-tax"_qs},
                                 {u"steps"_qs, u"Go to the web address\n\n  Sign in  \n"_qs}};
        const SelfServeGuide g = SelfServeGuide::fromFields(QUuid::createUuid(), fields);
        QCOMPARE(g.services, (QStringList{u"lgsl:58"_qs, u"lgsl:59"_qs}));
        QCOMPARE(g.steps, (QStringList{u"Go to the web address"_qs, u"Sign in"_qs}));
        QCOMPARE(entityType(kTypeSelfServeGuide)->recordProblem(g.toFields()), QString());
    }

    void referralSharesOnlyWhatWasConsentedTo()
    {
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = u"Siân"_qs;
        p.familyName = u"Ap Rhys"_qs;
        p.phone = u"029 2018 0456"_qs;
        p.email = u"sian@example.org"_qs;
        p.address = u"4 Heol y Coed\nCardiff"_qs;
        p.postcode = u"CF14 3XY"_qs;
        const QStringList fields{u"name"_qs, u"phone"_qs};
        Signposting s;
        s.enquiryId = QUuid::createUuid();
        s.personId = p.id;
        s.office = u"Cardiff Central"_qs;
        s.serviceId = QUuid::createUuid();
        s.serviceName = u"Debt and money advice"_qs;
        s.organization = u"Citizens Advice Cardiff and Vale"_qs;
        s.mode = Signposting::Mode::Referral;
        s.sharedFields = fields;
        s.sharedData = Signposting::sharedDataFor(p, fields, {});
        s.consent = true;
        s.consentStatement =
            Signposting::consentStatementFor(fields, s.organization, s.serviceName);
        s.consentAt = QDateTime::currentDateTimeUtc();
        s.createdAt = s.consentAt;
        // The data holds the name and phone and nothing else of the record.
        const QJsonObject sent = QJsonDocument::fromJson(s.sharedData.toUtf8()).object();
        QCOMPARE(sent.keys(), (QStringList{u"name"_qs, u"phone"_qs}));
        QCOMPARE(sent.value(u"name"_qs).toString(), p.displayName());
        QVERIFY(!s.sharedData.contains(u"sian@example.org"_qs));
        QVERIFY2(s.consentStatement.contains(u"name and phone"_qs), qPrintable(s.consentStatement));
        QVERIFY(s.consentStatement.contains(s.organization));
        const EntityType *type = entityType(kTypeSignposting);
        QVERIFY(type && type->appendOnly);
        QCOMPARE(type->recordProblem(s.toFields()), QString());
        QCOMPARE(Signposting::fromFields(s.id, s.toFields()).sharedFields, fields);

        // Data the resident did not consent to is refused, as is a referral without consent.
        Signposting more = s;
        more.sharedData = Signposting::sharedDataFor(p, {u"name"_qs, u"email"_qs}, {});
        QVERIFY(
            type->recordProblem(more.toFields()).contains(u"without the resident's consent"_qs));
        Signposting noConsent = s;
        noConsent.consent = false;
        QVERIFY(type->recordProblem(noConsent.toFields()).startsWith(u"consent"_qs));
        Signposting anonymous = s;
        anonymous.personId = {};
        QVERIFY(type->recordProblem(anonymous.toFields()).startsWith(u"person_id"_qs));
        Signposting unknownField = s;
        unknownField.sharedFields = {u"name"_qs, u"bank_account"_qs};
        QVERIFY(type->recordProblem(unknownField.toFields()).contains(u"bank_account"_qs));
        // Information only shares nothing.
        Signposting info = s;
        info.mode = Signposting::Mode::Information;
        QVERIFY(!type->recordProblem(info.toFields()).isEmpty());
        info.sharedFields.clear();
        info.sharedData.clear();
        info.consent = false;
        info.consentStatement.clear();
        info.consentAt = {};
        info.personId = {};
        QCOMPARE(type->recordProblem(info.toFields()), QString());
    }
};

QTEST_GUILESS_MAIN(TestDirectory)
#include "tst_directory.moc"
