// A team lead merges two records of one person at the centre, on SQLite and PostgreSQL: the
// history moves to the survivor with new seqs, the merged record stays as a redirect every desk
// pulls, the merge is audited, and a desk that had not heard of it loses nothing it sends later.
#include "BackendFixture.h"
#include "models/EntityType.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const QString kOffice = QStringLiteral("Cardiff Central");
const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);
const QString kNote = QString::fromUtf16(kTypeEnquiryNote);
const Wire::UserInfo kCounter{QStringLiteral("counter1"), QStringLiteral("Counter 1"),
                              QStringLiteral("counter"), kOffice};
const Wire::UserInfo kLead{QStringLiteral("lead1"), QStringLiteral("Lead 1"),
                           QStringLiteral("team_lead"), kOffice};

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

Wire::Mutation upsert(const QString &type, const QUuid &entity, qint64 base, const QJsonObject &f)
{
    return {QUuid::createUuid(), type, Wire::MutationOp::Upsert, entity, base, f};
}

Wire::Mutation person(const QUuid &entity, qint64 base, const QJsonObject &f)
{
    return upsert(QStringLiteral("person"), entity, base, f);
}

QJsonObject enquiryFor(const QUuid &personId, const QString &summary)
{
    return {{QStringLiteral("person_id"), idText(personId)},
            {QStringLiteral("office"), kOffice},
            {QStringLiteral("channel"), QStringLiteral("face_to_face")},
            {QStringLiteral("category"), QStringLiteral("lgsl:1")},
            {QStringLiteral("summary"), summary},
            {QStringLiteral("status"), QStringLiteral("open")},
            {QStringLiteral("opened_at"), QStringLiteral("2026-11-23T09:30:00.000Z")}};
}

QJsonObject noteFor(const QUuid &enquiry, const QUuid &personId, const QString &text)
{
    return {{QStringLiteral("enquiry_id"), idText(enquiry)},
            {QStringLiteral("person_id"), idText(personId)},
            {QStringLiteral("office"), kOffice},
            {QStringLiteral("text"), text},
            {QStringLiteral("created_at"), QStringLiteral("2026-11-23T09:31:00.000Z")}};
}

QList<Wire::MutationResult> push(SyncService &sync, const QList<Wire::Mutation> &mutations,
                                 const Wire::UserInfo &user = kCounter)
{
    QString error;
    const auto results = sync.apply({QUuid::createUuid(), mutations}, user, &error);
    if (!results) {
        qWarning("apply failed: %s", qPrintable(error));
        return {};
    }
    return *results;
}

QList<Wire::Change> pullAll(SyncService &sync, qint64 since = 0)
{
    QList<Wire::Change> all;
    for (int guard = 0; guard < 1000; ++guard) {
        QString error;
        const auto page = sync.changes(since, 2, kCounter, &error);
        if (!page) {
            qWarning("changes failed: %s", qPrintable(error));
            return {};
        }
        all += page->changes;
        since = page->cursor;
        if (!page->more) {
            break;
        }
    }
    return all;
}

std::optional<Wire::Change> latest(SyncService &sync, const QUuid &id)
{
    std::optional<Wire::Change> found;
    for (const Wire::Change &c : pullAll(sync)) {
        if (c.id == id) {
            found = c;
        }
    }
    return found;
}

std::optional<Wire::MergeResult> merge(SyncService &sync, const QUuid &survivor,
                                       const QUuid &merged, const QStringList &take = {},
                                       SyncService::MergeError *why = nullptr,
                                       QString *message = nullptr)
{
    SyncService::MergeError kind = SyncService::MergeError::None;
    QString error;
    auto result = sync.mergePeople({survivor, merged, take}, kLead, &kind, &error);
    if (why) {
        *why = kind;
    }
    if (message) {
        *message = error;
    }
    return result;
}

} // namespace

class TestPersonMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyMovesAndTheMergedRecordRedirects_data() { Test::BackendFixture::addRows(); }
    void historyMovesAndTheMergedRecordRedirects()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        // Two records of Siân Ap Rhys: the survivor lacks a phone and a date of birth, the
        // duplicate has them; both have an address, and the lead takes the duplicate's.
        const QUuid a = QUuid::createUuid();
        const QUuid b = QUuid::createUuid();
        const QUuid enquiryA = QUuid::createUuid();
        const QUuid enquiryB = QUuid::createUuid();
        const QUuid noteB = QUuid::createUuid();
        const auto made = push(
            sync,
            {person(a, 0,
                    {{QStringLiteral("given_name"), QStringLiteral("Siân")},
                     {QStringLiteral("family_name"), QStringLiteral("Ap Rhys")},
                     {QStringLiteral("address"), QStringLiteral("1 Old Road")},
                     {QStringLiteral("email"), QStringLiteral("sian@example.org")},
                     {QStringLiteral("previous_names"), QJsonArray{QStringLiteral("Siân Evans")}}}),
             person(b, 0,
                    {{QStringLiteral("given_name"), QStringLiteral("Sian")},
                     {QStringLiteral("family_name"), QStringLiteral("ap Rhys")},
                     {QStringLiteral("date_of_birth"), QStringLiteral("1985-03-12")},
                     {QStringLiteral("address"), QStringLiteral("2 New Street")},
                     {QStringLiteral("phone"), QStringLiteral("029 2087 1234")},
                     {QStringLiteral("email"), QStringLiteral("other@example.org")},
                     {QStringLiteral("previous_names"),
                      QJsonArray{QStringLiteral("Sian Ó Súilleabháin")}},
                     {QStringLiteral("accessibility_flags"),
                      QJsonArray{QStringLiteral("hearing_loop")}}}),
             upsert(kEnquiry, enquiryA, 0, enquiryFor(a, QStringLiteral("Blue badge"))),
             upsert(kEnquiry, enquiryB, 0, enquiryFor(b, QStringLiteral("Council tax"))),
             upsert(kNote, noteB, 0,
                    noteFor(enquiryB, b, QStringLiteral("Ó Súilleabháin rang too")))});
        QCOMPARE(made.size(), 5);
        for (const auto &r : made) {
            QCOMPARE(r.status, Wire::MutationStatus::Applied);
        }
        const qint64 before = made.last().version;
        const QString referenceA = latest(sync, a)->data.value(u"reference").toString();

        SyncService::MergeError why = SyncService::MergeError::None;
        QString message;
        const auto merged = merge(sync, a, b, {QStringLiteral("address")}, &why, &message);
        QVERIFY2(merged, qPrintable(message));
        QCOMPARE(why, SyncService::MergeError::None);
        QCOMPARE(merged->recordsMoved, 2);
        QCOMPARE(merged->mergedBy, kLead.username);
        QVERIFY(!merged->alreadyMerged);
        QCOMPARE(QSet<QString>(merged->fieldsTaken.begin(), merged->fieldsTaken.end()),
                 (QSet<QString>{QStringLiteral("date_of_birth"), QStringLiteral("phone"),
                                QStringLiteral("address"), QStringLiteral("previous_names"),
                                QStringLiteral("accessibility_flags")}));
        // Histories and adjustments are united, not chosen between: both previous names stay.
        const QJsonObject united = latest(sync, a)->data;
        QCOMPARE(united.value(u"previous_names").toArray(),
                 (QJsonArray{QStringLiteral("Siân Evans"), QStringLiteral("Sian Ó Súilleabháin")}));
        QCOMPARE(united.value(u"accessibility_flags").toArray(),
                 QJsonArray{QStringLiteral("hearing_loop")});

        // What every desk pulls after the merge: the survivor, the two moved records, and last
        // the redirect, each once, in seq order.
        const QList<Wire::Change> after = pullAll(sync, before);
        QCOMPARE(after.size(), 4);
        QCOMPARE(after.at(0).id, a);
        QCOMPARE(after.last().id, b);
        QSet<QUuid> moved{after.at(1).id, after.at(2).id};
        QCOMPARE(moved, (QSet<QUuid>{enquiryB, noteB}));
        const QJsonObject survivor = after.at(0).data;
        QCOMPARE(survivor.value(u"given_name").toString(), u"Siân"); // the survivor's own
        QCOMPARE(survivor.value(u"email").toString(), u"sian@example.org");
        QCOMPARE(survivor.value(u"reference").toString(), referenceA);
        QCOMPARE(survivor.value(u"phone").toString(), u"029 2087 1234");      // a blank filled
        QCOMPARE(survivor.value(u"date_of_birth").toString(), u"1985-03-12"); // a blank filled
        QCOMPARE(survivor.value(u"address").toString(), u"2 New Street");     // the lead's choice
        QVERIFY(!survivor.contains(u"merged_into"));
        QCOMPARE(after.at(1).data.value(u"person_id").toString(), idText(a));
        QCOMPARE(after.at(2).data.value(u"person_id").toString(), idText(a));
        const Wire::Change redirect = after.last();
        QVERIFY(!redirect.deleted); // kept, not deleted: an old slip still finds the person
        QCOMPARE(redirect.data.value(u"merged_into").toString(), idText(a));
        QCOMPARE(redirect.data.value(u"given_name").toString(), u"Sian");
        QCOMPARE(merged->version, after.at(0).seq);
        // The enquiry that was the survivor's all along did not move.
        QVERIFY(latest(sync, enquiryA)->seq <= before);

        // Audited at the centre: who, when, both records as they were.
        QSqlQuery audit(db->connection());
        QVERIFY(audit.exec(QStringLiteral(
            "SELECT survivor_id, merged_id, merged_by, merged_at, records_moved, merged_before,"
            " survivor_before FROM person_merge")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toString(), idText(a));
        QCOMPARE(audit.value(1).toString(), idText(b));
        QCOMPARE(audit.value(2).toString(), kLead.username);
        QVERIFY(!audit.value(3).toString().isEmpty());
        QCOMPARE(audit.value(4).toInt(), 2);
        QVERIFY(audit.value(5).toString().contains(u"2 New Street"));
        QVERIFY(audit.value(6).toString().contains(u"1 Old Road"));
        QVERIFY(!audit.next());
        audit.finish();

        // Sent again (the answer was lost): the same merge, nothing new written.
        const auto again = merge(sync, a, b, {QStringLiteral("address")});
        QVERIFY(again);
        QVERIFY(again->alreadyMerged);
        QCOMPARE(again->recordsMoved, 2);
        QCOMPARE(again->mergedBy, kLead.username);
        QCOMPARE(pullAll(sync, redirect.seq).size(), 0);
    }

    void refusesWhatCannotBeMerged_data() { Test::BackendFixture::addRows(); }
    void refusesWhatCannotBeMerged()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const QUuid a = QUuid::createUuid();
        const QUuid b = QUuid::createUuid();
        const QUuid c = QUuid::createUuid();
        const QUuid gone = QUuid::createUuid();
        const auto made =
            push(sync, {person(a, 0, {{QStringLiteral("family_name"), QStringLiteral("Nwosu")}}),
                        person(b, 0, {{QStringLiteral("family_name"), QStringLiteral("Nwosu")}}),
                        person(c, 0, {{QStringLiteral("family_name"), QStringLiteral("Nwosu")}}),
                        person(gone, 0, {{QStringLiteral("family_name"), QStringLiteral("X")}})});
        QCOMPARE(made.size(), 4);
        QCOMPARE(push(sync, {{QUuid::createUuid(),
                              QStringLiteral("person"),
                              Wire::MutationOp::Delete,
                              gone,
                              made.at(3).version,
                              {}}})
                     .at(0)
                     .status,
                 Wire::MutationStatus::Applied);
        const qint64 seqBefore = pullAll(sync).last().seq;

        SyncService::MergeError why = SyncService::MergeError::None;
        QString message;
        QVERIFY(!merge(sync, a, a, {}, &why, &message));
        QCOMPARE(why, SyncService::MergeError::Invalid);
        QVERIFY(!merge(sync, a, QUuid::createUuid(), {}, &why, &message));
        QCOMPARE(why, SyncService::MergeError::NotFound);
        QVERIFY(!merge(sync, a, gone, {}, &why, &message));
        QCOMPARE(why, SyncService::MergeError::Invalid);
        QVERIFY(message.contains(u"deleted"));
        QVERIFY(!merge(sync, a, b, {QStringLiteral("reference")}, &why, &message));
        QCOMPARE(why, SyncService::MergeError::Invalid);
        QVERIFY(message.contains(u"reference"));
        QVERIFY(!merge(sync, a, b, {QStringLiteral("shoe_size")}, &why, &message));
        QCOMPARE(why, SyncService::MergeError::Invalid);
        // Nothing of the refused attempts was written.
        QCOMPARE(pullAll(sync, seqBefore).size(), 0);

        QVERIFY(merge(sync, a, b));
        QVERIFY(!merge(sync, c, b, {}, &why, &message)); // b is already a's
        QCOMPARE(why, SyncService::MergeError::Invalid);
        QVERIFY(message.contains(u"already merged"));
        QVERIFY(!merge(sync, b, c, {}, &why, &message)); // into a redirect: merge into a
        QCOMPARE(why, SyncService::MergeError::Invalid);
        QVERIFY(message.contains(u"merge into that one"));
        // Merging the survivor on: b's chain still leads to the person (b → a → c).
        QVERIFY(merge(sync, c, a));
        QCOMPARE(push(sync, {person(b, made.at(1).version,
                                    {{QStringLiteral("phone"), QStringLiteral("087 123 4567")}})})
                     .at(0)
                     .mergedInto,
                 c);
        QCOMPARE(latest(sync, c)->data.value(u"phone").toString(), u"087 123 4567");
    }

    void aDeskThatMissedTheMergeLosesNothing_data() { Test::BackendFixture::addRows(); }
    void aDeskThatMissedTheMergeLosesNothing()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const QUuid a = QUuid::createUuid();
        const QUuid b = QUuid::createUuid();
        const auto made =
            push(sync, {person(a, 0,
                               {{QStringLiteral("given_name"), QStringLiteral("Zoë")},
                                {QStringLiteral("family_name"), QStringLiteral("O'Brien-Nwosu")},
                                {QStringLiteral("email"), QStringLiteral("zoe@example.org")}}),
                        person(b, 0,
                               {{QStringLiteral("given_name"), QStringLiteral("Zoe")},
                                {QStringLiteral("family_name"), QStringLiteral("OBrien-Nwosu")},
                                {QStringLiteral("phone"), QStringLiteral("07700 900123")},
                                {QStringLiteral("email"), QStringLiteral("zob@example.org")},
                                {QStringLiteral("postcode"), QStringLiteral("CF10 1AA")}})});
        const qint64 deskSawB = made.at(1).version; // the offline desk's base for its edits

        // At the centre, meanwhile: a's e-mail is corrected, then the lead merges b into a.
        QCOMPARE(push(sync, {person(a, made.at(0).version,
                                    {{QStringLiteral("email"), QStringLiteral("zoe@new.org")}})})
                     .at(0)
                     .status,
                 Wire::MutationStatus::Applied);
        QVERIFY(merge(sync, a, b));

        // The desk comes back with edits of b made offline.
        const QUuid enquiry = QUuid::createUuid();
        const auto results =
            push(sync,
                 {// The phone the merge filled in from b: the desk saw that very value, so its
                  // change applies to a.
                  person(b, deskSawB, {{QStringLiteral("phone"), QStringLiteral("07700 900999")}}),
                  // The e-mail a changed after the desk last saw b: a conflict, on a.
                  person(b, deskSawB, {{QStringLiteral("email"), QStringLiteral("zoe@desk.org")}}),
                  // A field neither touched since: applies.
                  person(b, deskSawB, {{QStringLiteral("address"), QStringLiteral("3 Quay St")}}),
                  // An enquiry made offline for b: it joins a's history.
                  upsert(kEnquiry, enquiry, 0, enquiryFor(b, QStringLiteral("Housing repair"))),
                  // A stale delete of b must not remove a.
                  {QUuid::createUuid(),
                   QStringLiteral("person"),
                   Wire::MutationOp::Delete,
                   b,
                   deskSawB,
                   {}}});
        QCOMPARE(results.size(), 5);
        QCOMPARE(results.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(results.at(0).mergedInto, a);
        QCOMPARE(results.at(1).status, Wire::MutationStatus::Conflict);
        QCOMPARE(results.at(1).mergedInto, a);
        QCOMPARE(results.at(1).conflictingFields, QStringList{QStringLiteral("email")});
        QCOMPARE(results.at(1).serverFields.value(u"email").toString(), u"zoe@new.org");
        QCOMPARE(results.at(2).status, Wire::MutationStatus::Applied);
        QCOMPARE(results.at(3).status, Wire::MutationStatus::Applied);
        QCOMPARE(results.at(3).serverFields.value(u"person_id").toString(), idText(a));
        QCOMPARE(results.at(4).status, Wire::MutationStatus::Rejected);
        QVERIFY(results.at(4).error.contains(u"merged"));

        const auto survivor = latest(sync, a);
        QVERIFY(survivor && !survivor->deleted);
        QCOMPARE(survivor->data.value(u"phone").toString(), u"07700 900999");
        QCOMPARE(survivor->data.value(u"email").toString(), u"zoe@new.org");
        QCOMPARE(survivor->data.value(u"address").toString(), u"3 Quay St");
        QCOMPARE(survivor->data.value(u"postcode").toString(), u"CF10 1AA");
        QCOMPARE(latest(sync, enquiry)->data.value(u"person_id").toString(), idText(a));
        // b stays a redirect with its own values as they were at the merge.
        const auto redirect = latest(sync, b);
        QCOMPARE(redirect->data.value(u"merged_into").toString(), idText(a));
        QCOMPARE(redirect->data.value(u"phone").toString(), u"07700 900123");
        // A merged record's own reference never moves onto the survivor.
        const QString referenceA = survivor->data.value(u"reference").toString();
        QCOMPARE(
            push(sync, {person(b, deskSawB,
                               {{QStringLiteral("reference"), QStringLiteral("FS-AAAAA-BBBBB")}})})
                .at(0)
                .status,
            Wire::MutationStatus::Applied);
        QCOMPARE(latest(sync, a)->data.value(u"reference").toString(), referenceA);
    }
};

QTEST_GUILESS_MAIN(TestPersonMerge)
#include "tst_personmerge.moc"
