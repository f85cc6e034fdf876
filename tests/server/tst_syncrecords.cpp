// The generic record path at the centre (enquiries, their notes, the service catalogue) on SQLite
// and PostgreSQL: the same idempotency, merge, conflict, paging and role rules as people.
#include "BackendFixture.h"
#include "models/Enquiry.h"
#include "models/EntityType.h"
#include "server/Database.h"
#include "server/SyncService.h"

#include <QSet>
#include <QTest>

using namespace FirstStop;
using namespace FirstStop::Server;

namespace {

const QString kOffice = QStringLiteral("Cardiff Central");
const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);
const QString kNote = QString::fromUtf16(kTypeEnquiryNote);
const QString kCategory = QString::fromUtf16(kTypeServiceCategory);
const Wire::UserInfo kCounter{QStringLiteral("counter1"), QStringLiteral("Counter 1"),
                              QStringLiteral("counter"), kOffice};
const Wire::UserInfo kCounter2{QStringLiteral("counter2"), QStringLiteral("Counter 2"),
                               QStringLiteral("counter"), kOffice};
const Wire::UserInfo kElsewhere{QStringLiteral("counter9"), QStringLiteral("Counter 9"),
                                QStringLiteral("counter"), QStringLiteral("Swansea")};
const Wire::UserInfo kLead{QStringLiteral("lead1"), QStringLiteral("Lead 1"),
                           QStringLiteral("team_lead"), kOffice};
const Wire::UserInfo kAdmin{QStringLiteral("admin"), QStringLiteral("Admin"),
                            QStringLiteral("admin"), QString()};

Wire::Mutation upsert(const QString &type, const QUuid &entity, qint64 base, const QJsonObject &f)
{
    return {QUuid::createUuid(), type, Wire::MutationOp::Upsert, entity, base, f};
}

QJsonObject newEnquiry(const QString &office = kOffice)
{
    return {{QStringLiteral("office"), office},
            {QStringLiteral("channel"), QStringLiteral("face_to_face")},
            {QStringLiteral("category"), QStringLiteral("lgsl:1")},
            {QStringLiteral("summary"), QStringLiteral("Council tax bill query")},
            {QStringLiteral("status"), QStringLiteral("open")},
            {QStringLiteral("opened_at"), QStringLiteral("2026-11-23T09:30:00.000Z")}};
}

QJsonObject newNote(const QUuid &enquiry, const QString &text)
{
    return {{QStringLiteral("enquiry_id"), enquiry.toString(QUuid::WithoutBraces)},
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

// Every change after since as the user's desk sees it, checking the paging guarantees on the way.
QList<Wire::Change> pullAll(SyncService &sync, const Wire::UserInfo &user, int limit,
                            qint64 since = 0, qint64 *cursor = nullptr)
{
    QList<Wire::Change> all;
    for (int guard = 0; guard < 10000; ++guard) {
        QString error;
        const auto page = sync.changes(since, limit, user, &error);
        if (!page) {
            qWarning("changes failed: %s", qPrintable(error));
            return {};
        }
        if (page->changes.size() > limit || page->cursor < since ||
            (page->more && page->cursor == since)) {
            qWarning("page breaks the paging rules");
            return {};
        }
        for (const Wire::Change &c : page->changes) {
            if (c.seq <= since || c.seq > page->cursor ||
                (!all.isEmpty() && c.seq <= all.last().seq)) {
                qWarning("change out of order");
                return {};
            }
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

std::optional<Wire::Change> latest(SyncService &sync, const QUuid &id,
                                   const Wire::UserInfo &user = kAdmin)
{
    std::optional<Wire::Change> found;
    for (const Wire::Change &c : pullAll(sync, user, Wire::kMaxPageSize)) {
        if (c.id == id) {
            found = c;
        }
    }
    return found;
}

} // namespace

class TestSyncRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registryDeclaresTheEnquiryKinds()
    {
        const EntityType *enquiry = entityType(kEnquiry);
        QVERIFY(enquiry);
        QCOMPARE(enquiry->scopeField, u"office");
        // An enquiry can be transferred to another office, by team leads; its notes follow it.
        QVERIFY(!enquiry->field(u"office")->immutable);
        QVERIFY(enquiry->canTransfer(u"team_lead"));
        QVERIFY(!enquiry->canTransfer(u"counter"));
        const EntityType *note = entityType(kNote);
        QVERIFY(note->field(u"office")->immutable);
        QCOMPARE(note->scopeParentType, kEnquiry);
        QCOMPARE(note->scopeParentField, u"enquiry_id");
        QCOMPARE(entityType(QString::fromUtf16(kTypeEnquiryEvent))->scopeParentType, kEnquiry);
        QVERIFY(enquiry->recordProblem(newEnquiry()).isEmpty());
        QJsonObject closed = newEnquiry();
        closed.insert(QStringLiteral("status"), QStringLiteral("closed"));
        QVERIFY(enquiry->recordProblem(closed).contains(u"outcome"));
        QVERIFY(enquiry->fieldProblem(QStringLiteral("channel"), QStringLiteral("pigeon"))
                    .contains(u"face_to_face"));
        QVERIFY(!enquiry->fieldProblem(QStringLiteral("nonsense"), 1).isEmpty());
        QVERIFY(!enquiry->fieldProblem(QStringLiteral("person_id"), QStringLiteral("x")).isEmpty());
        QVERIFY(!enquiry->fieldProblem(QStringLiteral("follow_up"), QStringLiteral("2026-02-30"))
                     .isEmpty());
        QVERIFY(enquiry->fieldProblem(QStringLiteral("follow_up"), QStringLiteral("2026-12-01"))
                    .isEmpty());
        QVERIFY(!enquiry->fieldProblem(QStringLiteral("satisfaction"), 2.5).isEmpty());
        // The declaration and the enquiry model agree: every field Enquiry writes is declared,
        // and a valid Enquiry's fields pass the declaration's rules.
        Enquiry e;
        e.id = QUuid::createUuid();
        e.personId = QUuid::createUuid();
        e.categoryKey = QStringLiteral("lgsl:1");
        e.channel = Channel::Phone;
        e.summary = QStringLiteral("Blue badge renewal");
        e.office = kOffice;
        e.openedAt = QDateTime(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC);
        const QJsonObject modelFields = e.toFields();
        for (auto it = modelFields.begin(); it != modelFields.end(); ++it) {
            QVERIFY2(enquiry->field(it.key()), qPrintable(it.key()));
        }
        QVERIFY2(enquiry->recordProblem(modelFields).isEmpty(),
                 qPrintable(enquiry->recordProblem(modelFields)));
        QCOMPARE(Enquiry::fromFields(e.id, modelFields), e);
        QVERIFY(entityType(kNote)->appendOnly);
        QVERIFY(!entityType(kCategory)->canWrite(u"counter"));
        QVERIFY(entityType(kCategory)->canWrite(u"team_lead"));
        QVERIFY(!entityType(u"person")); // people keep their own typed path
    }

    void enquiryMergesConflictsAndKeepsEveryNote_data() { Test::BackendFixture::addRows(); }
    void enquiryMergesConflictsAndKeepsEveryNote()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid enquiry = QUuid::createUuid();
        const Wire::Mutation create = upsert(kEnquiry, enquiry, 0, newEnquiry());
        const auto created = push(sync, {create});
        QCOMPARE(created.size(), 1);
        QCOMPARE(created.at(0).status, Wire::MutationStatus::Applied);
        const qint64 base = created.at(0).version;

        // A replay is applied once.
        QCOMPARE(push(sync, {create}).at(0).status, Wire::MutationStatus::Duplicate);

        // Two desks, both based on the same version: different fields merge.
        const auto a =
            push(sync, {upsert(kEnquiry, enquiry, base,
                               {{QStringLiteral("category"), QStringLiteral("LGSL-1")}})});
        const auto b = push(sync,
                            {upsert(kEnquiry, enquiry, base,
                                    {{QStringLiteral("priority"), QStringLiteral("high")}})},
                            kCounter2);
        QCOMPARE(a.at(0).status, Wire::MutationStatus::Applied);
        QCOMPARE(b.at(0).status, Wire::MutationStatus::Applied);
        auto now = latest(sync, enquiry);
        QCOMPARE(now->data.value(u"category").toString(), u"LGSL-1");
        QCOMPARE(now->data.value(u"priority").toString(), u"high");

        // The same field from a desk that has not seen the other's change: a conflict, the
        // centre's value kept and returned.
        const auto c = push(sync,
                            {upsert(kEnquiry, enquiry, base,
                                    {{QStringLiteral("category"), QStringLiteral("LGSL-2")},
                                     {QStringLiteral("handled_by"), QStringLiteral("Bea")}})},
                            kCounter2);
        QCOMPARE(c.at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(c.at(0).conflictingFields, QStringList{QStringLiteral("category")});
        QCOMPARE(c.at(0).serverFields.value(u"category").toString(), u"LGSL-1");
        // Whose change it was: the category's own last writer (counter1), although counter2
        // wrote the enquiry since.
        QCOMPARE(c.at(0).serverChanges.value(u"category"_qs).username, u"counter1"_qs);
        QVERIFY(qAbs(c.at(0)
                         .serverChanges.value(u"category"_qs)
                         .at.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        now = latest(sync, enquiry);
        QCOMPARE(now->data.value(u"category").toString(), u"LGSL-1");
        QCOMPARE(now->data.value(u"handled_by").toString(), u"Bea"); // the rest applied

        // Notes written at two desks offline are two records: both kept, never a conflict.
        const QUuid n1 = QUuid::createUuid();
        const QUuid n2 = QUuid::createUuid();
        // The centre writes who made a note, whatever the desk claimed.
        QJsonObject claimed = newNote(enquiry, u"Claimed"_qs);
        claimed.insert(QStringLiteral("created_by"), QStringLiteral("someone_else"));
        const QUuid n0 = QUuid::createUuid();
        QCOMPARE(push(sync, {upsert(kNote, n0, 0, claimed)}).at(0).status,
                 Wire::MutationStatus::Applied);
        QCOMPARE(latest(sync, n0)->data.value(u"created_by").toString(), u"counter1");
        QCOMPARE(
            push(sync, {upsert(kNote, n1, 0, newNote(enquiry, u"Called back"_qs))}).at(0).status,
            Wire::MutationStatus::Applied);
        QCOMPARE(push(sync, {upsert(kNote, n2, 0, newNote(enquiry, u"Letter sent"_qs))}, kCounter2)
                     .at(0)
                     .status,
                 Wire::MutationStatus::Applied);
        // A note cannot be rewritten.
        const auto edit =
            push(sync, {upsert(kNote, n1, 0, {{QStringLiteral("text"), u"Changed"_qs}})});
        QCOMPARE(edit.at(0).status, Wire::MutationStatus::Rejected);
        QVERIFY2(edit.at(0).error.contains(u"add a new one"), qPrintable(edit.at(0).error));
        int notes = 0;
        for (const Wire::Change &ch : pullAll(sync, kCounter, 3)) {
            notes += ch.type == kNote ? 1 : 0;
        }
        QCOMPARE(notes, 3);
    }

    void rulesAreKeptAtTheCentre_data() { Test::BackendFixture::addRows(); }
    void rulesAreKeptAtTheCentre()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        const QUuid enquiry = QUuid::createUuid();
        const qint64 base = push(sync, {upsert(kEnquiry, enquiry, 0, newEnquiry())}).at(0).version;
        const auto rejected = [&](const Wire::Mutation &m, const Wire::UserInfo &user,
                                  QStringView why) {
            const auto r = push(sync, {m}, user);
            if (r.size() != 1 || r.at(0).status != Wire::MutationStatus::Rejected ||
                !r.at(0).error.contains(why)) {
                qWarning("expected a rejection about %s, got %s", qPrintable(why.toString()),
                         r.isEmpty() ? "nothing" : qPrintable(r.at(0).error));
                return false;
            }
            return true;
        };
        QVERIFY(rejected(upsert(kEnquiry, enquiry, base,
                                {{QStringLiteral("office"), QStringLiteral("Swansea")}}),
                         kCounter, u"may not move"));
        QVERIFY(rejected(
            upsert(kEnquiry, enquiry, base, {{QStringLiteral("status"), QStringLiteral("closed")}}),
            kCounter, u"outcome"));
        QVERIFY(rejected(upsert(kEnquiry, enquiry, base,
                                {{QStringLiteral("channel"), QStringLiteral("pigeon")}}),
                         kCounter, u"channel"));
        QVERIFY(rejected(upsert(kEnquiry, enquiry, base,
                                {{QStringLiteral("summary"), QStringLiteral("x").repeated(2001)}}),
                         kCounter, u"longer than"));
        QJsonObject noSummary = newEnquiry();
        noSummary.remove(QStringLiteral("summary"));
        QVERIFY(
            rejected(upsert(kEnquiry, QUuid::createUuid(), 0, noSummary), kCounter, u"summary"));
        // Another office's desk may neither make nor touch this office's enquiries.
        QVERIFY(rejected(upsert(kEnquiry, QUuid::createUuid(), 0, newEnquiry()), kElsewhere,
                         u"office"));
        QVERIFY(rejected(
            upsert(kEnquiry, enquiry, base, {{QStringLiteral("priority"), QStringLiteral("high")}}),
            kElsewhere, u"another office"));
        // The same id cannot be two kinds of record.
        QVERIFY(rejected(upsert(kNote, enquiry, 0, newNote(enquiry, u"x"_qs)), kCounter,
                         u"belongs to a enquiry"));
        QVERIFY(rejected(upsert(u"appointment_slot"_qs, QUuid::createUuid(), 0, {}), kCounter,
                         u"unknown record type"));

        // Roles: a counter may not change the service catalogue (the API answers 403) nor delete
        // an enquiry; a team lead may do both.
        const Wire::Mutation category =
            upsert(kCategory, QUuid::createUuid(), 0,
                   {{QStringLiteral("key"), QStringLiteral("lgsl:1")},
                    {QStringLiteral("label"), QStringLiteral("Council tax")}});
        QVERIFY(SyncService::roleRefusal({QUuid::createUuid(), {category}}, kCounter)
                    .contains(u"service_category"));
        QVERIFY(SyncService::roleRefusal({QUuid::createUuid(), {category}}, kLead).isEmpty());
        QVERIFY(rejected(category, kCounter, u"may not change"));
        Wire::Mutation again = category;
        again.id = QUuid::createUuid(); // the refused id stays refused; a lead sends it anew
        QCOMPARE(push(sync, {again}, kLead).at(0).status, Wire::MutationStatus::Applied);
        const Wire::Mutation del{
            QUuid::createUuid(), kEnquiry, Wire::MutationOp::Delete, enquiry, base, {}};
        QVERIFY(rejected(del, kCounter, u"may not delete"));
        Wire::Mutation leadDel = del;
        leadDel.id = QUuid::createUuid();
        const auto deleted = push(sync, {leadDel}, kLead);
        QCOMPARE(deleted.at(0).status, Wire::MutationStatus::Applied);
        const auto tombstone = latest(sync, enquiry, kCounter);
        QVERIFY(tombstone && tombstone->deleted && tombstone->data.isEmpty());
        QVERIFY(rejected(upsert(kEnquiry, enquiry, deleted.at(0).version,
                                {{QStringLiteral("priority"), QStringLiteral("high")}}),
                         kCounter, u"deleted"));
    }

    // A team lead transfers an enquiry to another office: its notes go with it, the old office's
    // desks hear "left your scope" for both (at new seqs, so a desk behind the move cannot miss
    // it, and on every later change too), the new office's desks receive them whole, and an edit
    // the old office still sends is refused with the reason.
    void aTransferredEnquiryLeavesTheOldOfficesScope_data() { Test::BackendFixture::addRows(); }
    void aTransferredEnquiryLeavesTheOldOfficesScope()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);
        const Wire::UserInfo swanseaLead{QStringLiteral("lead9"), QStringLiteral("Lead 9"),
                                         QStringLiteral("team_lead"), QStringLiteral("Swansea")};

        const QUuid enquiry = QUuid::createUuid();
        const QUuid noteId = QUuid::createUuid();
        const QUuid staying = QUuid::createUuid();
        const QUuid stayingNote = QUuid::createUuid();
        const qint64 base = push(sync, {upsert(kEnquiry, enquiry, 0, newEnquiry())}).at(0).version;
        push(sync, {upsert(kNote, noteId, 0, newNote(enquiry, u"Zoë O'Brien-Nwosu rang"_qs)),
                    upsert(kEnquiry, staying, 0, newEnquiry()),
                    upsert(kNote, stayingNote, 0, newNote(staying, u"Stays here"_qs))});
        qint64 cardiffCursor = 0;
        QCOMPARE(pullAll(sync, kCounter, 100, 0, &cardiffCursor).size(), 4);
        qint64 swanseaCursor = 0;
        QCOMPARE(pullAll(sync, kElsewhere, 100, 0, &swanseaCursor).size(), 0);

        const auto rejected = [&](const Wire::Mutation &m, const Wire::UserInfo &user,
                                  QStringView why) {
            const auto r = push(sync, {m}, user);
            return r.size() == 1 && r.at(0).status == Wire::MutationStatus::Rejected &&
                   r.at(0).error.contains(why);
        };
        const QJsonObject toSwansea{{QStringLiteral("office"), QStringLiteral("Swansea")}};
        // A counter may not hand an enquiry on; another office may not take one.
        QVERIFY(rejected(upsert(kEnquiry, enquiry, base, toSwansea), kCounter, u"may not move"));
        QVERIFY(
            rejected(upsert(kEnquiry, enquiry, base, toSwansea), swanseaLead, u"another office"));
        // The Cardiff team lead may.
        const auto moved = push(sync, {upsert(kEnquiry, enquiry, base, toSwansea)}, kLead);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.at(0).status, Wire::MutationStatus::Applied);

        // Cardiff's desks: "left your scope" for the enquiry and its note, nothing of their data,
        // and nothing about the enquiry that stayed.
        const QList<Wire::Change> cardiff = pullAll(sync, kCounter, 1, cardiffCursor);
        QCOMPARE(cardiff.size(), 2);
        QCOMPARE(cardiff.at(0).id, enquiry);
        QCOMPARE(cardiff.at(0).seq, moved.at(0).version);
        QCOMPARE(cardiff.at(1).id, noteId);
        for (const Wire::Change &c : cardiff) {
            QVERIFY(c.leftScope);
            QVERIFY(!c.deleted);
            QVERIFY(c.data.isEmpty());
        }
        // Swansea's: both, whole, with their new office.
        const QList<Wire::Change> swansea = pullAll(sync, kElsewhere, 1, swanseaCursor);
        QCOMPARE(swansea.size(), 2);
        QCOMPARE(swansea.at(0).id, enquiry);
        QCOMPARE(swansea.at(0).data.value(u"office").toString(), u"Swansea");
        QCOMPARE(swansea.at(1).id, noteId);
        QCOMPARE(swansea.at(1).data.value(u"office").toString(), u"Swansea");
        QCOMPARE(swansea.at(1).data.value(u"text").toString(), u"Zoë O'Brien-Nwosu rang");
        QVERIFY(!swansea.at(0).leftScope && !swansea.at(1).leftScope);
        // An administrator sees it moved, never "left".
        const auto forAdmin = latest(sync, enquiry);
        QVERIFY(forAdmin && !forAdmin->leftScope);
        QCOMPARE(forAdmin->data.value(u"office").toString(), u"Swansea");

        // Cardiff's late edit of it is refused, saying where it went; Swansea's goes through.
        QVERIFY(rejected(
            upsert(kEnquiry, enquiry, base, {{QStringLiteral("priority"), QStringLiteral("high")}}),
            kCounter, u"transferred to Swansea"));
        // So is a note it wrote offline on it, which would otherwise stay behind in Cardiff.
        QVERIFY(rejected(upsert(kNote, QUuid::createUuid(), 0, newNote(enquiry, u"Late"_qs)),
                         kCounter, u"transferred to Swansea"));
        const auto swanseaEdit =
            push(sync,
                 {upsert(kEnquiry, enquiry, moved.at(0).version,
                         {{QStringLiteral("priority"), QStringLiteral("high")}})},
                 kElsewhere);
        QCOMPARE(swanseaEdit.at(0).status, Wire::MutationStatus::Applied);
        // A Cardiff desk that was offline through the move and that edit still hears of it, at
        // the enquiry's newest seq, with any page size.
        for (const int limit : {1, 2, 100}) {
            qint64 end = 0;
            const QList<Wire::Change> behind = pullAll(sync, kCounter, limit, 0, &end);
            QSet<QUuid> left;
            QSet<QUuid> whole;
            for (const Wire::Change &c : behind) {
                (c.leftScope ? left : whole).insert(c.id);
            }
            QCOMPARE(left, (QSet<QUuid>{enquiry, noteId}));
            QCOMPARE(whole, (QSet<QUuid>{staying, stayingNote}));
            QCOMPARE(end, swanseaEdit.at(0).version);
        }

        // Moved back by an administrator: Cardiff has it whole again, Swansea hears it left.
        qint64 since = swanseaEdit.at(0).version;
        const auto back =
            push(sync, {upsert(kEnquiry, enquiry, since, {{QStringLiteral("office"), kOffice}})},
                 kAdmin);
        QCOMPARE(back.at(0).status, Wire::MutationStatus::Applied);
        const QList<Wire::Change> home = pullAll(sync, kCounter, 100, since);
        QCOMPARE(home.size(), 2);
        QVERIFY(!home.at(0).leftScope && !home.at(1).leftScope);
        QCOMPARE(home.at(1).data.value(u"office").toString(), kOffice);
        const QList<Wire::Change> away = pullAll(sync, kElsewhere, 100, since);
        QCOMPARE(away.size(), 2);
        QVERIFY(away.at(0).leftScope && away.at(1).leftScope);

        // Deleted later in Cardiff: Cardiff's desks get the tombstone, Swansea's (which no longer
        // hold it) only "left".
        since = back.at(0).version + 1;
        const Wire::Mutation del{QUuid::createUuid(), kEnquiry, Wire::MutationOp::Delete, enquiry,
                                 back.at(0).version,  {}};
        QCOMPARE(push(sync, {del}, kLead).at(0).status, Wire::MutationStatus::Applied);
        const QList<Wire::Change> tomb = pullAll(sync, kCounter, 100, since);
        QCOMPARE(tomb.size(), 1);
        QVERIFY(tomb.at(0).deleted && !tomb.at(0).leftScope);
        const QList<Wire::Change> gone = pullAll(sync, kElsewhere, 100, since);
        QCOMPARE(gone.size(), 1);
        QVERIFY(gone.at(0).leftScope && !gone.at(0).deleted);
    }

    // People and records share one change sequence: a desk paging through with any page size
    // gets each change once, in seq order, and sees only its own office's enquiries, while its
    // cursor still moves past the others.
    void peopleAndRecordsInterleaveInPages_data() { Test::BackendFixture::addRows(); }
    void peopleAndRecordsInterleaveInPages()
    {
        FIRSTSTOP_BACKEND_FIXTURE(fixture);
        auto db = fixture.openMigrated();
        QVERIFY2(db, qPrintable(fixture.error()));
        SyncService sync(*db);

        QSet<QUuid> people;
        QSet<QUuid> ours;
        QSet<QUuid> theirs;
        for (int i = 0; i < 12; ++i) {
            const QUuid id = QUuid::createUuid();
            if (i % 3 == 0) {
                people.insert(id);
                push(sync, {{QUuid::createUuid(),
                             QStringLiteral("person"),
                             Wire::MutationOp::Upsert,
                             id,
                             0,
                             {{QStringLiteral("given_name"), QStringLiteral("P%1").arg(i)}}}});
            } else if (i % 3 == 1) {
                ours.insert(id);
                push(sync, {upsert(kEnquiry, id, 0, newEnquiry())});
            } else {
                theirs.insert(id);
                push(sync, {upsert(kEnquiry, id, 0, newEnquiry(QStringLiteral("Swansea")))},
                     kElsewhere);
            }
        }
        qint64 end = 0;
        QList<Wire::Change> everything = pullAll(sync, kAdmin, 1000, 0, &end);
        QCOMPARE(everything.size(), 12);

        for (const int limit : {1, 2, 3, 5, 12, 100}) {
            qint64 cursor = 0;
            const QList<Wire::Change> seen = pullAll(sync, kCounter, limit, 0, &cursor);
            QSet<QUuid> ids;
            for (const Wire::Change &c : seen) {
                ids.insert(c.id);
            }
            QCOMPARE(seen.size(), ids.size()); // each once
            QCOMPARE(ids, people + ours);
            QCOMPARE(cursor, end); // moved past the other office's changes too
        }
        // The other office sees its own and the people, never ours.
        QSet<QUuid> there;
        for (const Wire::Change &c : pullAll(sync, kElsewhere, 4)) {
            there.insert(c.id);
        }
        QCOMPARE(there, people + theirs);
    }
};

QTEST_GUILESS_MAIN(TestSyncRecords)
#include "tst_syncrecords.moc"
