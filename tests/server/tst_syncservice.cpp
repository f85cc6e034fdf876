#include "BackendFixture.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const Wire::UserInfo kCounter{QStringLiteral("counter1"), QStringLiteral("Counter 1"),
                              QStringLiteral("counter"), QStringLiteral("Cardiff Central")};
const Wire::UserInfo kLibrary{QStringLiteral("library1"), QStringLiteral("Library 1"),
                              QStringLiteral("library"), QStringLiteral("Cardiff Library")};

QJsonObject fields(std::initializer_list<std::pair<const char *, QJsonValue>> list)
{
    QJsonObject o;
    for (const auto &[k, v] : list) {
        o.insert(QString::fromUtf8(k), v);
    }
    return o;
}

Wire::Mutation upsert(const QUuid &entity, qint64 base, const QJsonObject &f)
{
    return {
        QUuid::createUuid(), QStringLiteral("person"), Wire::MutationOp::Upsert, entity, base, f};
}

Wire::Mutation remove(const QUuid &entity, qint64 base)
{
    return {
        QUuid::createUuid(), QStringLiteral("person"), Wire::MutationOp::Delete, entity, base, {}};
}

// Applies mutations as one batch from a fresh desk; fails the test on a database error.
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

// Every change after `since`, following pages of `limit` until `more` is false.
QList<Wire::Change> pullAll(SyncService &sync, qint64 since, int limit, qint64 *cursor = nullptr)
{
    QList<Wire::Change> all;
    for (int guard = 0; guard < 10000; ++guard) {
        QString error;
        const auto page = sync.changes(since, limit, &error);
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
    if (cursor) {
        *cursor = since;
    }
    return all;
}

std::optional<Wire::Change> latest(SyncService &sync, const QUuid &id)
{
    std::optional<Wire::Change> found;
    for (const Wire::Change &c : pullAll(sync, 0, Wire::kMaxPageSize)) {
        if (c.id == id) {
            found = c;
        }
    }
    return found;
}

} // namespace

class TestSyncService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void changesComeInPagesWithTombstones_data() { Test::BackendFixture::addRows(); }
    void changesComeInPagesWithTombstones()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        QList<QUuid> ids;
        QList<Wire::Mutation> creates;
        for (int i = 0; i < 5; ++i) {
            ids.append(QUuid::createUuid());
            creates.append(upsert(ids.last(), 0,
                                  fields({{"given_name", QStringLiteral("Person %1").arg(i)}})));
        }
        QCOMPARE(push(sync, creates).size(), 5);
        const auto deleted = push(sync, {remove(ids.at(1), 0)});
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.at(0).status, Wire::MutationStatus::Applied);

        QString error;
        const auto first = sync.changes(0, 2, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->changes.size(), 2);
        QVERIFY(first->more);
        QCOMPARE(first->cursor, first->changes.last().seq);

        qint64 cursor = 0;
        const QList<Wire::Change> all = pullAll(sync, 0, 2, &cursor);
        QCOMPARE(all.size(), 5); // the deleted person travels once, as a tombstone
        QSet<QUuid> seen;
        for (const Wire::Change &c : all) {
            seen.insert(c.id);
            QCOMPARE(c.type, u"person");
        }
        QCOMPARE(seen, QSet<QUuid>(ids.begin(), ids.end()));
        const Wire::Change &tombstone = all.last();
        QCOMPARE(tombstone.id, ids.at(1));
        QVERIFY(tombstone.deleted);
        QVERIFY(tombstone.data.isEmpty());
        QCOMPARE(tombstone.seq, deleted.at(0).version);

        // Nothing new: an empty page that keeps the cursor.
        const auto empty = sync.changes(cursor, 2, &error);
        QVERIFY2(empty, qPrintable(error));
        QVERIFY(empty->changes.isEmpty());
        QVERIFY(!empty->more);
        QCOMPARE(empty->cursor, cursor);

        // What the desk receives decodes with the shared codec.
        const auto decoded = Wire::decodeChangePage(Wire::encode(*first), &error);
        QVERIFY2(decoded, qPrintable(error));
    }

    void replayedMutationIsAppliedOnce_data() { Test::BackendFixture::addRows(); }
    void replayedMutationIsAppliedOnce()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid person = QUuid::createUuid();
        const Wire::Mutation create =
            upsert(person, 0, fields({{"given_name", QStringLiteral("Zoë")}}));
        const auto first = push(sync, {create});
        QCOMPARE(first.size(), 1);
        QCOMPARE(first.at(0).status, Wire::MutationStatus::Applied);

        const Wire::Mutation rename =
            upsert(person, first.at(0).version, fields({{"given_name", QStringLiteral("Zoe")}}));
        QCOMPARE(push(sync, {rename}).at(0).status, Wire::MutationStatus::Applied);

        // The reply to the first push was lost; the desk sends it again.
        const auto replay = push(sync, {create});
        QCOMPARE(replay.size(), 1);
        QCOMPARE(replay.at(0).status, Wire::MutationStatus::Duplicate);
        QCOMPARE(replay.at(0).version, first.at(0).version);
        const auto now = latest(sync, person);
        QVERIFY(now);
        QCOMPARE(now->data.value(u"given_name").toString(), u"Zoe"); // not rolled back to "Zoë"
        QCOMPARE(pullAll(sync, 0, 100).size(), 1);

        // The same mutation twice in one batch is also applied once.
        const Wire::Mutation phone =
            upsert(person, now->seq, fields({{"phone", QStringLiteral("029 2087 2000")}}));
        const auto twice = push(sync, {phone, phone});
        QCOMPARE(twice.size(), 2);
        QCOMPARE(twice.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(twice.at(1).status, Wire::MutationStatus::Duplicate);
        QCOMPARE(latest(sync, person)->seq, twice.at(0).version);
    }

    void disjointFieldEditsMerge_data() { Test::BackendFixture::addRows(); }
    void disjointFieldEditsMerge()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid person = QUuid::createUuid();
        const qint64 base = push(sync, {upsert(person, 0,
                                               fields({{"given_name", QStringLiteral("Aled")},
                                                       {"family_name", QStringLiteral("Jones")}}))})
                                .at(0)
                                .version;
        // Two desks edited the same person offline, both from `base`, different fields.
        const auto a =
            push(sync, {upsert(person, base, fields({{"phone", QStringLiteral("111")}}))});
        const auto b =
            push(sync, {upsert(person, base, fields({{"postcode", QStringLiteral("CF10 1AA")}}))});
        QCOMPARE(a.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(b.at(0).status, Wire::MutationStatus::Applied);
        QVERIFY(b.at(0).version > a.at(0).version);
        const auto now = latest(sync, person);
        QVERIFY(now);
        QCOMPARE(now->data.value(u"phone").toString(), u"111");
        QCOMPARE(now->data.value(u"postcode").toString(), u"CF10 1AA");
        QCOMPARE(now->data.value(u"family_name").toString(), u"Jones");
        QCOMPARE(now->seq, b.at(0).version);
    }

    void sameFieldEditIsAConflict_data() { Test::BackendFixture::addRows(); }
    void sameFieldEditIsAConflict()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid person = QUuid::createUuid();
        const qint64 base =
            push(sync, {upsert(person, 0, fields({{"given_name", QStringLiteral("Mair")}}))})
                .at(0)
                .version;
        const auto a =
            push(sync, {upsert(person, base, fields({{"phone", QStringLiteral("111")}}))});
        QCOMPARE(a.at(0).status, Wire::MutationStatus::Applied);

        const auto b =
            push(sync, {upsert(person, base,
                               fields({{"phone", QStringLiteral("222")},
                                       {"email", QStringLiteral("mair@example.org")}}))});
        QCOMPARE(b.size(), 1);
        QCOMPARE(b.at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(b.at(0).conflictingFields, QStringList{QStringLiteral("phone")});
        QCOMPARE(b.at(0).serverFields.value(u"phone").toString(), u"111");
        const auto now = latest(sync, person);
        QCOMPARE(now->data.value(u"phone").toString(), u"111"); // the centre's value is kept
        QCOMPARE(now->data.value(u"email").toString(), u"mair@example.org"); // the rest applied
        QCOMPARE(b.at(0).version, now->seq);

        // Proposing the value the centre already has is no conflict.
        const auto same =
            push(sync, {upsert(person, base, fields({{"phone", QStringLiteral("111")}}))});
        QCOMPARE(same.at(0).status, Wire::MutationStatus::Applied);
        // Based on the latest version, the same field is simply applied.
        const auto fresh =
            push(sync, {upsert(person, now->seq, fields({{"phone", QStringLiteral("333")}}))});
        QCOMPARE(fresh.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(latest(sync, person)->data.value(u"phone").toString(), u"333");
    }

    // The centre says who changed each conflicting field last and when, so the clerk can see
    // whose change they are overruling: the field's own last writer, not the row's.
    void conflictSaysWhoChangedEachFieldAndWhen_data() { Test::BackendFixture::addRows(); }
    void conflictSaysWhoChangedEachFieldAndWhen()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const Wire::UserInfo lead{u"lead1"_qs, u"Zoë O'Brien-Nwosu"_qs, u"team_lead"_qs, {}};
        {
            // The lead has an account (their display name is the centre's); library1 has none
            // (as for a user since removed): the user name alone is all there is to say.
            Sql add(*db, u"INSERT INTO app_user (username, display_name, password_hash, role)"
                         " VALUES ('lead1', :name, 'x', 'team_lead')"_qs);
            add.bind(u":name"_qs, lead.displayName);
            QString error;
            QVERIFY2(add.exec(&error), qPrintable(error));
        }

        const QUuid person = QUuid::createUuid();
        const qint64 base = push(sync, {upsert(person, 0,
                                               fields({{"given_name", u"Siân"_qs},
                                                       {"family_name", u"Ap Rhys"_qs},
                                                       {"phone", u"07700 900111"_qs}}))})
                                .at(0)
                                .version;
        const QDateTime beforeLead = QDateTime::currentDateTimeUtc().addMSecs(-1);
        QCOMPARE(push(sync, {upsert(person, base, fields({{"phone", u"07700 900123"_qs}}))}, lead)
                     .at(0)
                     .status,
                 Wire::MutationStatus::Applied);
        const QDateTime afterLead = QDateTime::currentDateTimeUtc().addMSecs(1);
        QTest::qWait(20);
        // A later write by someone else to another field: the row's last writer is now library1,
        // but the phone is still the lead's change.
        QCOMPARE(
            push(sync, {upsert(person, base + 1, fields({{"postcode", u"CF10 1AA"_qs}}))}, kLibrary)
                .at(0)
                .status,
            Wire::MutationStatus::Applied);

        const Wire::Mutation late = upsert(person, base,
                                           fields({{"phone", u"029 2018 0222"_qs},
                                                   {"postcode", u"SA1 1AA"_qs},
                                                   {"email", u"sian@example.org"_qs}}));
        const auto c = push(sync, {late});
        QCOMPARE(c.at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(c.at(0).conflictingFields, (QStringList{u"phone"_qs, u"postcode"_qs}));
        const Wire::FieldChange phone = c.at(0).serverChanges.value(u"phone"_qs);
        QCOMPARE(phone.username, u"lead1"_qs);
        QCOMPARE(phone.displayName, lead.displayName);
        QVERIFY2(phone.at >= beforeLead && phone.at <= afterLead,
                 qPrintable(phone.at.toString(Qt::ISODateWithMs)));
        QCOMPARE(phone.at.timeSpec(), Qt::UTC);
        const Wire::FieldChange postcode = c.at(0).serverChanges.value(u"postcode"_qs);
        QCOMPARE(postcode.username, u"library1"_qs);
        QVERIFY(postcode.displayName.isEmpty());
        QVERIFY(postcode.at > phone.at);
        QVERIFY(!c.at(0).serverChanges.contains(u"email"_qs)); // applied, not contested
        // The answer sent again (a lost reply) says the same.
        const auto again = push(sync, {late});
        QCOMPARE(again.at(0).status, Wire::MutationStatus::Duplicate);
        QCOMPARE(again.at(0).serverChanges, c.at(0).serverChanges);

        // Only the writers still named by a field are kept beside the row: once the phone
        // changes again, the lead's write is forgotten.
        const auto authors = [&] {
            Sql q(*db, u"SELECT version_authors FROM person WHERE id = :id"_qs);
            q.bind(u":id"_qs, person.toString(QUuid::WithoutBraces));
            QString error;
            return q.exec(&error) && q.next() ? q.value(0).toString() : QString();
        };
        QVERIFY2(authors().contains(u"lead1"), qPrintable(authors()));
        const qint64 latestVersion = latest(sync, person)->seq;
        push(sync, {upsert(person, latestVersion, fields({{"phone", u"07700 900999"_qs}}))});
        QVERIFY2(!authors().contains(u"lead1"), qPrintable(authors()));

        // A row written before the centre kept its writers knows only its last write: the
        // other fields' changes are unknown, and the reply leaves them out.
        push(sync, {upsert(person, latestVersion + 1, fields({{"postcode", u"CF11 9XR"_qs}}))},
             kLibrary);
        {
            Sql wipe(*db, u"UPDATE person SET version_authors = '{}' WHERE id = :id"_qs);
            wipe.bind(u":id"_qs, person.toString(QUuid::WithoutBraces));
            QString error;
            QVERIFY2(wipe.exec(&error), qPrintable(error));
        }
        const auto old = push(
            sync, {upsert(person, base,
                          fields({{"phone", u"029 2018 0333"_qs}, {"postcode", u"NP20 1AA"_qs}}))});
        QCOMPARE(old.at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(old.at(0).conflictingFields, (QStringList{u"phone"_qs, u"postcode"_qs}));
        QVERIFY(!old.at(0).serverChanges.contains(u"phone"_qs));
        QCOMPARE(old.at(0).serverChanges.value(u"postcode"_qs).username, u"library1"_qs);
    }

    void richerRecordTravelsAndListsMerge_data() { Test::BackendFixture::addRows(); }
    void richerRecordTravelsAndListsMerge()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid id = QUuid::createUuid();
        const auto created =
            push(sync, {upsert(id, 0,
                               fields({{"given_name", QStringLiteral("Siân")},
                                       {"family_name", QStringLiteral("Ap Rhys")},
                                       {"phone", QStringLiteral("07700 900123")},
                                       {"contact_channel", QStringLiteral("text")},
                                       {"ok_to_text", true},
                                       {"preferred_language", QStringLiteral("Cymraeg")},
                                       {"interpreter_needed", true},
                                       {"accessibility_flags", QJsonArray{u"hearing_loop"_qs}},
                                       {"accessibility_notes", QStringLiteral("Prefers mornings")},
                                       {"previous_names", QJsonArray{u"Siân Evans"_qs}}}))});
        QCOMPARE(created.at(0).status, Wire::MutationStatus::Applied);
        const qint64 base = created.at(0).version;
        auto now = latest(sync, id);
        QCOMPARE(now->data.value(u"preferred_language").toString(), u"Cymraeg"_qs);
        QCOMPARE(now->data.value(u"ok_to_text").toBool(), true);
        QCOMPARE(now->data.value(u"ok_to_email").toBool(), false);
        QCOMPARE(now->data.value(u"accessibility_flags").toArray(), QJsonArray{u"hearing_loop"_qs});

        // Two desks, both from the same version, each add a previous name: both are kept.
        const auto a =
            push(sync, {upsert(id, base,
                               fields({{"previous_names",
                                        QJsonArray{u"Siân Evans"_qs, u"Siân Morgan"_qs}}}))});
        QCOMPARE(a.at(0).status, Wire::MutationStatus::Applied);
        const auto b = push(
            sync,
            {upsert(id, base,
                    fields({{"previous_names", QJsonArray{u"Siân Evans"_qs, u"Sian Prys"_qs}}}))});
        QCOMPARE(b.at(0).status, Wire::MutationStatus::Applied);
        now = latest(sync, id);
        QCOMPARE(now->data.value(u"previous_names").toArray(),
                 (QJsonArray{u"Siân Evans"_qs, u"Siân Morgan"_qs, u"Sian Prys"_qs}));
        // A yes/no changed differently at two desks is an ordinary conflict.
        push(sync, {upsert(id, base, fields({{"interpreter_needed", false}}))});
        const auto c = push(
            sync, {upsert(id, base, fields({{"interpreter_needed", true}, {"ok_to_post", true}}))});
        QCOMPARE(c.at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(c.at(0).conflictingFields, QStringList{u"interpreter_needed"_qs});
        QCOMPARE(latest(sync, id)->data.value(u"ok_to_post").toBool(), true);
        // Nonsense is refused with a reason.
        const auto d = push(sync, {upsert(id, 0, fields({{"contact_channel", u"pigeon"_qs}}))});
        QCOMPARE(d.at(0).status, Wire::MutationStatus::Rejected);
        QJsonArray many;
        for (int i = 0; i < 51; ++i) {
            many.append(QStringLiteral("Name %1").arg(i));
        }
        const auto e = push(sync, {upsert(id, 0, fields({{"previous_names", many}}))});
        QCOMPARE(e.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(e.at(0).error.contains(u"entries"), qPrintable(e.at(0).error));
    }

    void referenceCollisionGetsAFreshReference_data() { Test::BackendFixture::addRows(); }
    void referenceCollisionGetsAFreshReference()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid first = QUuid::createUuid();
        const QUuid second = QUuid::createUuid();
        const auto a = push(sync, {upsert(first, 0,
                                          fields({{"given_name", QStringLiteral("A")},
                                                  {"reference", QStringLiteral("FS-TEST0001")}}))});
        QCOMPARE(a.at(0).status, Wire::MutationStatus::Applied);
        const auto b = push(sync, {upsert(second, 0,
                                          fields({{"given_name", QStringLiteral("B")},
                                                  {"reference", QStringLiteral("FS-TEST0001")}}))});
        // Not refused: the new record gets a fresh reference, and the desk is told which.
        QCOMPARE(b.at(0).status, Wire::MutationStatus::Applied);
        const QString fresh = b.at(0).serverFields.value(u"reference").toString();
        QVERIFY2(QRegularExpression(u"^FS-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$"_qs)
                     .match(fresh)
                     .hasMatch(),
                 qPrintable(fresh));
        QCOMPARE(latest(sync, second)->data.value(u"reference").toString(), fresh);
        QCOMPARE(latest(sync, first)->data.value(u"reference").toString(), u"FS-TEST0001"_qs);
        // Changing an existing record's reference to a taken one is still refused.
        const auto d = push(sync, {upsert(second, latest(sync, second)->seq,
                                          fields({{"reference", QStringLiteral("FS-TEST0001")}}))});
        QCOMPARE(d.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(d.at(0).error.contains(u"FS-TEST0001"), qPrintable(d.at(0).error));

        // Without a reference the centre makes one from the id.
        const QUuid third = QUuid::createUuid();
        const auto c =
            push(sync, {upsert(third, 0, fields({{"given_name", QStringLiteral("C")}}))});
        QCOMPARE(c.at(0).status, Wire::MutationStatus::Applied);
        QVERIFY(c.at(0).serverFields.isEmpty());
        QCOMPARE(latest(sync, third)->data.value(u"reference").toString(),
                 makePersonReference(third));
    }

    void invalidEditsAreRejectedWithAReason_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QJsonObject>("fieldValues");
        QTest::addColumn<QString>("mentions");
        const QString longText(SyncService::kMaxFieldLength + 1, u'x');
        for (const char *backend : {"sqlite", "postgresql"}) {
            const QString b = QString::fromLatin1(backend);
            QTest::addRow("%s: impossible date", backend)
                << b
                << fields({{"given_name", QStringLiteral("A")},
                           {"date_of_birth", QStringLiteral("1985-02-30")}})
                << QStringLiteral("date_of_birth");
            QTest::addRow("%s: number for a name", backend)
                << b << fields({{"given_name", 42}}) << QStringLiteral("given_name");
            QTest::addRow("%s: unknown field", backend)
                << b
                << fields({{"given_name", QStringLiteral("A")}, {"shoe_size", QStringLiteral("9")}})
                << QStringLiteral("shoe_size");
            QTest::addRow("%s: too long", backend)
                << b << fields({{"given_name", QStringLiteral("A")}, {"address", longText}})
                << QStringLiteral("address");
            QTest::addRow("%s: no name", backend)
                << b << fields({{"phone", QStringLiteral("111")}}) << QStringLiteral("name");
        }
    }
    void invalidEditsAreRejectedWithAReason()
    {
        QFETCH(QJsonObject, fieldValues);
        QFETCH(QString, mentions);
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const QUuid person = QUuid::createUuid();
        const auto r = push(sync, {upsert(person, 0, fieldValues)});
        QCOMPARE(r.size(), 1);
        QCOMPARE(r.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(r.at(0).error.contains(mentions), qPrintable(r.at(0).error));
        QVERIFY(!latest(sync, person));
    }

    void deletesFollowTheRules_data() { Test::BackendFixture::addRows(); }
    void deletesFollowTheRules()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const QUuid person = QUuid::createUuid();
        const qint64 v =
            push(sync, {upsert(person, 0, fields({{"given_name", QStringLiteral("Ann")}}))})
                .at(0)
                .version;

        const auto byLibrary = push(sync, {remove(person, v)}, kLibrary);
        QCOMPARE(byLibrary.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY(!latest(sync, person)->deleted);

        QCOMPARE(push(sync, {remove(person, v)}).at(0).status, Wire::MutationStatus::Applied);
        QVERIFY(latest(sync, person)->deleted);

        const auto edit = push(sync, {upsert(person, v, fields({{"phone", QStringLiteral("1")}}))});
        QCOMPARE(edit.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(edit.at(0).error.contains(u"deleted"), qPrintable(edit.at(0).error));
        QVERIFY(latest(sync, person)->deleted);
    }

    void otherTypesAreRejected_data() { Test::BackendFixture::addRows(); }
    void otherTypesAreRejected()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        Wire::Mutation m =
            upsert(QUuid::createUuid(), 0, fields({{"given_name", QStringLiteral("A")}}));
        m.type = QStringLiteral("appointment");
        const auto r = push(sync, {m});
        QCOMPARE(r.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY(pullAll(sync, 0, 10).isEmpty());
    }

    // The change feed never lets a reader skip a change that commits late: while one writer holds
    // its transaction open, a second writer waits, so a reader's cursor can never pass a change
    // that is not yet committed.
    void aLateCommitIsNeverSkipped_data() { Test::BackendFixture::addRows(); }
    void aLateCommitIsNeverSkipped()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto reader = fixture.openMigrated();
        QVERIFY2(reader, qPrintable(fixture.error()));
        SyncService readSync(*reader);
        push(readSync,
             {upsert(QUuid::createUuid(), 0, fields({{"given_name", QStringLiteral("Before")}}))});
        qint64 cursor = 0;
        QCOMPARE(pullAll(readSync, 0, 100, &cursor).size(), 1);

        const QUuid slowPerson = QUuid::createUuid();
        const QUuid fastPerson = QUuid::createUuid();
        QSemaphore slowInside;
        QSemaphore releaseSlow;
        std::atomic<bool> slowOk = false;
        std::atomic<bool> fastOk = false;
        const auto writer = [&](const QUuid &person, bool slow, std::atomic<bool> *ok) {
            auto db = fixture.open(); // each thread has its own connection
            if (!db) {
                return;
            }
            SyncService sync(*db);
            if (slow) {
                sync.setBeforeCommitHook([&] {
                    slowInside.release();
                    releaseSlow.acquire();
                });
            }
            QString error;
            const auto r = sync.apply(
                {QUuid::createUuid(),
                 {upsert(person, 0, fields({{"given_name", QStringLiteral("Writer")}}))}},
                kCounter, &error);
            *ok = r && r->at(0).status == Wire::MutationStatus::Applied;
            if (!*ok) {
                qWarning("writer failed: %s", qPrintable(error));
            }
        };
        std::unique_ptr<QThread> slow(QThread::create(writer, slowPerson, true, &slowOk));
        slow->start();
        if (!slowInside.tryAcquire(1, 10000)) {
            releaseSlow.release();
            slow->wait();
            QFAIL("the slow writer never reached its commit");
        }
        std::unique_ptr<QThread> fast(QThread::create(writer, fastPerson, false, &fastOk));
        fast->start();
        fast->wait(500); // give the fast writer every chance to overtake

        // A desk pulls now, while the slow writer's change is still uncommitted.
        const QList<Wire::Change> during = pullAll(readSync, cursor, 100, &cursor);
        releaseSlow.release();
        QVERIFY(slow->wait(20000));
        QVERIFY(fast->wait(20000));
        QVERIFY(slowOk);
        QVERIFY(fastOk);

        const QList<Wire::Change> after = pullAll(readSync, cursor, 100);
        QSet<QUuid> received;
        for (const Wire::Change &c : during + after) {
            received.insert(c.id);
        }
        QVERIFY2(received.contains(slowPerson), "the late-committing change was skipped");
        QVERIFY(received.contains(fastPerson));

        // And over the whole feed, seqs strictly increase.
        qint64 previous = 0;
        for (const Wire::Change &c : pullAll(readSync, 0, 1)) {
            QVERIFY(c.seq > previous);
            previous = c.seq;
        }
        QCOMPARE(previous, latest(readSync, fastPerson)->seq);
    }
};

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_syncservice.moc"
