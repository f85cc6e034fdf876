// The desk's cache for every kind of record but people: local edits and their outbox entries in
// one transaction, pulled pages with rebase and tombstones, conflicts, the person's history.
#include "models/ConflictListModel.h"
#include "models/LocalStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

const QString kEnquiry = QString::fromUtf16(kTypeEnquiry);
const QString kNote = QString::fromUtf16(kTypeEnquiryNote);

Record enquiry(const QUuid &person, const QString &createdAt,
               const QString &summary = u"Council tax bill query"_qs)
{
    Record r;
    r.type = kEnquiry;
    r.id = QUuid::createUuid();
    r.data = {{u"office"_qs, u"Cardiff Central"_qs},
              {u"channel"_qs, u"phone"_qs},
              {u"category"_qs, u"lgsl:1"_qs},
              {u"summary"_qs, summary},
              {u"status"_qs, u"open"_qs},
              {u"opened_at"_qs, createdAt}};
    if (!person.isNull()) {
        r.data.insert(u"person_id"_qs, person.toString(QUuid::WithoutBraces));
    }
    return r;
}

Record note(const Record &on, const QString &text, const QString &createdAt)
{
    Record r;
    r.type = kNote;
    r.id = QUuid::createUuid();
    r.data = {{u"enquiry_id"_qs, on.id.toString(QUuid::WithoutBraces)},
              {u"office"_qs, u"Cardiff Central"_qs},
              {u"text"_qs, text},
              {u"created_at"_qs, createdAt}};
    return r;
}

Wire::Change changeFor(const Record &r, qint64 seq)
{
    return {seq, r.type, r.id, false, r.data};
}

} // namespace

class TestLocalStoreRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<LocalStore>();
        QString error;
        QVERIFY2(m_store->open(m_dir->filePath(u"desk.sqlite"_qs), &error), qPrintable(error));
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void aNewRecordAndItsOutboxEntryAreWrittenTogether()
    {
        const QUuid person = QUuid::createUuid();
        const Record e = enquiry(person, u"2026-11-23T09:30:00.000Z"_qs);
        QString error;
        QVERIFY2(m_store->saveRecord(e, &error), qPrintable(error));
        QCOMPARE(m_store->record(e.id)->data, e.data);
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 1);
        QCOMPARE(out.at(0).mutation.type, kEnquiry);
        QCOMPARE(out.at(0).mutation.baseVersion, 0);
        QCOMPARE(out.at(0).mutation.fields, e.data);

        // An edit sends only what changed, based on the version the desk holds.
        Record edited = e;
        edited.data.insert(u"priority"_qs, u"high"_qs);
        edited.data.remove(u"person_id"_qs); // made anonymous: sent as a cleared value
        QVERIFY2(m_store->saveRecord(edited, &error), qPrintable(error));
        const QList<OutboxEntry> both = m_store->pendingMutations(10);
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.at(1).mutation.fields,
                 (QJsonObject{{u"priority"_qs, u"high"_qs}, {u"person_id"_qs, QJsonValue()}}));
        // Saving the same again queues nothing.
        QVERIFY(m_store->saveRecord(edited, &error));
        QCOMPARE(m_store->pendingMutations(10).size(), 2);
    }

    void badRecordsAreRefusedAndNothingIsWritten()
    {
        QString error;
        Record e = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        e.data.remove(u"summary"_qs);
        QVERIFY(!m_store->saveRecord(e, &error));
        QVERIFY2(error.contains(u"summary"), qPrintable(error));
        e.data.insert(u"summary"_qs, u"x"_qs);
        e.data.insert(u"channel"_qs, u"pigeon"_qs);
        QVERIFY(!m_store->saveRecord(e, &error));
        QVERIFY(!m_store->record(e.id));
        QVERIFY(m_store->pendingMutations(10).isEmpty());

        // A note is written once, and its office is its enquiry's; an enquiry may be transferred
        // to another office (the centre judges whether this user may: team leads).
        const Record ok = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        QVERIFY(m_store->saveRecord(ok, &error));
        Record n = note(ok, u"Rang back"_qs, u"2026-11-23T09:31:00.000Z"_qs);
        QVERIFY(m_store->saveRecord(n, &error));
        Record noteMoved = n;
        noteMoved.data.insert(u"office"_qs, u"Swansea"_qs);
        QVERIFY(!m_store->saveRecord(noteMoved, &error));
        n.data.insert(u"text"_qs, u"Rang back twice"_qs);
        QVERIFY(!m_store->saveRecord(n, &error));
        QVERIFY2(error.contains(u"add a new one"), qPrintable(error));
        QCOMPARE(m_store->pendingMutations(10).size(), 2);
        Record moved = ok;
        moved.data.insert(u"office"_qs, u"Swansea"_qs);
        QVERIFY2(m_store->saveRecord(moved, &error), qPrintable(error));
        QCOMPARE(m_store->pendingMutations(10).constLast().mutation.fields,
                 (QJsonObject{{u"office"_qs, u"Swansea"_qs}}));
    }

    // A record transferred to another office reaches this desk as "left your scope": it leaves
    // the cache, but it is not a deletion. Nothing is queued, and this desk's own pending edit of
    // it stays in the outbox (the centre judges it when it is pushed).
    void aRecordThatLeftTheScopeLeavesTheCacheButNotTheOutbox()
    {
        const Record e = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        const Record n = note(e, u"Rang back"_qs, u"2026-11-23T09:31:00.000Z"_qs);
        QString error;
        QVERIFY2(m_store->applyChangePage({{changeFor(e, 5), changeFor(n, 6)}, 6, false}, &error),
                 qPrintable(error));
        Record mine = *m_store->record(e.id);
        mine.data.insert(u"priority"_qs, u"high"_qs);
        QVERIFY(m_store->saveRecord(mine, &error));
        const QList<OutboxEntry> before = m_store->pendingMutations(10);
        QCOMPARE(before.size(), 1);

        Wire::Change left{9, kEnquiry, e.id, false, {}};
        left.leftScope = true;
        Wire::Change noteLeft{10, kNote, n.id, false, {}};
        noteLeft.leftScope = true;
        QVERIFY2(m_store->applyChangePage({{left, noteLeft}, 10, false}, &error),
                 qPrintable(error));
        QVERIFY(!m_store->record(e.id));
        QVERIFY(!m_store->record(n.id));
        QCOMPARE(m_store->cursor(), 10);
        const QList<OutboxEntry> after = m_store->pendingMutations(10);
        QCOMPARE(after.size(), 1); // the edit is kept, and no delete was queued
        QCOMPARE(after.at(0).mutation.id, before.at(0).mutation.id);
        QCOMPARE(after.at(0).mutation.op, Wire::MutationOp::Upsert);

        // The centre's answer to it is what the desk keeps: set aside, with the reason.
        Wire::MutationResult refused;
        refused.id = after.at(0).mutation.id;
        refused.status = Wire::MutationStatus::Rejected;
        refused.error = u"this enquiry was transferred to Swansea"_qs;
        QVERIFY2(m_store->applyMutationResults({refused}, &error), qPrintable(error));
        QCOMPARE(m_store->counts().rejected, 1);
        QCOMPARE(m_store->counts().pending, 0);
        QVERIFY(!m_store->record(e.id)); // the answer brings nothing back into the cache
    }

    // Another user signs in on this PC (or the user is moved): the cache keeps only what the new
    // role and office may hold, pulls the records again when the new scope may hold more, and
    // never loses the outbox.
    void aNewScopeEmptiesWhatItMayNotHold()
    {
        QString error;
        const DeskScope admin{u"admin"_qs, u"Cardiff Central"_qs};
        const DeskScope cardiff{u"counter"_qs, u"Cardiff Central"_qs};
        const DeskScope bangor{u"counter"_qs, u"Ysbyty Gwynedd"_qs};
        QVERIFY(m_store->cacheScope().isEmpty());
        // A cache that never pulled takes the first scope as it is.
        QVERIFY2(m_store->adoptScope(admin, nullptr, &error), qPrintable(error));
        QCOMPARE(m_store->cacheScope(), admin);
        QCOMPARE(m_store->cursor(), 0);
        QCOMPARE(m_store->peopleThrough(), 0);

        // An administrator's desk holds every office.
        const Record here = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        Record there = enquiry({}, u"2026-11-23T09:35:00.000Z"_qs, u"Lost bus pass"_qs);
        there.data.insert(u"office"_qs, u"Ysbyty Gwynedd"_qs);
        const Record thereNote = [&] {
            Record r = note(there, u"Ó Súilleabháin rang"_qs, u"2026-11-23T09:36:00.000Z"_qs);
            r.data.insert(u"office"_qs, u"Ysbyty Gwynedd"_qs);
            return r;
        }();
        const Record service{QString::fromUtf16(kTypeServiceCategory),
                             QUuid::createUuid(),
                             0,
                             {{u"key"_qs, u"lgsl:1"_qs}, {u"label"_qs, u"Council tax"_qs}}};
        QVERIFY2(m_store->applyChangePage({{changeFor(here, 3), changeFor(there, 4),
                                            changeFor(thereNote, 5), changeFor(service, 6)},
                                           6,
                                           false},
                                          &error),
                 qPrintable(error));
        // Edits made here and not yet sent, of the other office's enquiry too.
        Record edited = *m_store->record(there.id);
        edited.data.insert(u"priority"_qs, u"high"_qs);
        QVERIFY(m_store->saveRecord(edited, &error));
        const Record offline = enquiry({}, u"2026-11-23T10:00:00.000Z"_qs, u"Made offline"_qs);
        QVERIFY(m_store->saveRecord(offline, &error));
        QCOMPARE(m_store->pendingMutations(10).size(), 2);

        // A Cardiff counter signs in: Bangor's enquiry and note go; everything an admin's cache
        // held covers what a Cardiff counter may hold, so nothing is pulled again.
        QStringList removed;
        QVERIFY2(m_store->adoptScope(cardiff, &removed, &error), qPrintable(error));
        QVERIFY(!m_store->record(there.id));
        QVERIFY(!m_store->record(thereNote.id));
        QVERIFY(m_store->record(here.id));
        QVERIFY(m_store->record(offline.id));
        QVERIFY(m_store->record(service.id)); // every desk holds the service catalogue
        removed.sort();
        QCOMPARE(removed, (QStringList{kEnquiry, kNote}));
        QCOMPARE(m_store->cursor(), 6);
        QCOMPARE(m_store->peopleThrough(), 0);
        QCOMPARE(m_store->pendingMutations(10).size(), 2); // the outbox is whole

        // The same scope again changes nothing.
        removed.clear();
        QVERIFY(m_store->adoptScope(cardiff, &removed, &error));
        QVERIFY(removed.isEmpty());

        // Then a Bangor counter: Cardiff's records go, and Bangor's have to come from the centre
        // again, from the start, without the people already here (people_through).
        QVERIFY2(m_store->adoptScope(bangor, &removed, &error), qPrintable(error));
        QVERIFY(!m_store->record(here.id));
        QVERIFY(!m_store->record(offline.id));
        QVERIFY(m_store->record(service.id));
        QCOMPARE(m_store->cacheScope(), bangor);
        QCOMPARE(m_store->cursor(), 0);
        QCOMPARE(m_store->peopleThrough(), 6);
        QCOMPARE(m_store->pendingMutations(10).size(), 2);
        QVERIFY(!m_store->canAdoptSnapshot()); // a re-pull is not a first sync

        // Reopened, the cache remembers whose scope it holds.
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(m_dir->filePath(u"desk.sqlite"_qs), &error));
        QCOMPARE(m_store->cacheScope(), bangor);
    }

    // A cache from before the scope was kept, that has pulled: whose scope filled it is not known,
    // so its records are pulled again for the user who signs in.
    void aCacheOfUnknownScopeIsPulledAgain()
    {
        const Record here = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        QString error;
        QVERIFY(m_store->applyChangePage({{changeFor(here, 3)}, 40, false}, &error));
        QVERIFY2(m_store->adoptScope({u"counter"_qs, u"Cardiff Central"_qs}, nullptr, &error),
                 qPrintable(error));
        QVERIFY(m_store->record(here.id));
        QCOMPARE(m_store->cursor(), 0);
        QCOMPARE(m_store->peopleThrough(), 40);
    }

    void pulledRecordsRebaseOnPendingEditsAndTombstonesRemove()
    {
        const Record e = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        QString error;
        QVERIFY2(m_store->applyChangePage({{changeFor(e, 5)}, 5, false}, &error),
                 qPrintable(error));
        QCOMPARE(m_store->record(e.id)->version, 5);
        QCOMPARE(m_store->cursor(), 5);

        Record mine = *m_store->record(e.id);
        mine.data.insert(u"summary"_qs, u"Bin collection missed"_qs);
        QVERIFY(m_store->saveRecord(mine, &error));

        // The centre changed the status and (not yet knowing this desk's edit) kept the summary.
        Record theirs = e;
        theirs.data.insert(u"status"_qs, u"in_progress"_qs);
        // A kind this desk does not know yet is skipped; the cursor still moves.
        const Wire::Change unknown{7, u"parking_permit"_qs, QUuid::createUuid(), false, {}};
        QVERIFY2(m_store->applyChangePage({{changeFor(theirs, 6), unknown}, 7, false}, &error),
                 qPrintable(error));
        const Record now = *m_store->record(e.id);
        QCOMPARE(now.version, 6);
        QCOMPARE(now.data.value(u"status"), u"in_progress"_qs);
        QCOMPARE(now.data.value(u"summary"), u"Bin collection missed"_qs); // the pending edit
        QCOMPARE(m_store->cursor(), 7);

        // A page with a record of the wrong shape is refused whole, cursor and all.
        Record broken = enquiry({}, u"2026-11-23T09:40:00.000Z"_qs);
        broken.data.insert(u"status"_qs, 3);
        QVERIFY(!m_store->applyChangePage(
            {{changeFor(enquiry({}, u"2026-11-23T09:41:00.000Z"_qs), 8), changeFor(broken, 9)},
             9,
             false},
            &error));
        QVERIFY2(error.contains(u"status"), qPrintable(error));
        QCOMPARE(m_store->cursor(), 7);

        QVERIFY(m_store->applyChangePage({{{10, kEnquiry, e.id, true, {}}}, 10, false}, &error));
        QVERIFY(!m_store->record(e.id));
    }

    void conflictsOfRecordsAreShownAndResolved()
    {
        const Record e = enquiry({}, u"2026-11-23T09:30:00.000Z"_qs);
        QString error;
        QVERIFY(m_store->applyChangePage({{changeFor(e, 5)}, 5, false}, &error));
        Record mine = e;
        mine.version = 5;
        mine.data.insert(u"category"_qs, u"lgsl:2"_qs);
        QVERIFY(m_store->saveRecord(mine, &error));
        const OutboxEntry sent = m_store->pendingMutations(1).at(0);

        Wire::MutationResult conflict;
        conflict.id = sent.mutation.id;
        conflict.status = Wire::MutationStatus::Conflict;
        conflict.version = 6;
        conflict.conflictingFields = {u"category"_qs};
        conflict.serverFields = {{u"category"_qs, u"lgsl:1x"_qs}};
        QVERIFY(m_store->applyMutationResults({conflict}, &error));
        QCOMPARE(m_store->record(e.id)->data.value(u"category"), u"lgsl:1x"_qs);
        QCOMPARE(m_store->counts().conflicts, 1);

        const QList<ConflictRecord> open = m_store->openConflicts();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).entityType, kEnquiry);
        QCOMPARE(open.at(0).personName, u"Council tax bill query"_qs); // what it is about
        QCOMPARE(open.at(0).deskValue, u"lgsl:2"_qs);
        QCOMPARE(open.at(0).centreValue, u"lgsl:1x"_qs);
        // The Conflicts pane's model says what kind of record and which detail.
        ConflictListModel model;
        model.setConflicts(open);
        QCOMPARE(model.index(0, ConflictListModel::PersonColumn).data().toString(),
                 u"Enquiry: Council tax bill query"_qs);
        QCOMPARE(model.index(0, ConflictListModel::FieldColumn).data().toString(), u"Service"_qs);

        // The pull brings the centre's version; keeping the desk's value re-queues it on that.
        Record centre = e;
        centre.data.insert(u"category"_qs, u"lgsl:1x"_qs);
        QVERIFY(m_store->applyChangePage({{changeFor(centre, 6)}, 6, false}, &error));
        QVERIFY2(m_store->resolveConflict(open.at(0).id, true, &error), qPrintable(error));
        QCOMPARE(m_store->record(e.id)->data.value(u"category"), u"lgsl:2"_qs);
        const QList<OutboxEntry> requeued = m_store->pendingMutations(10);
        QCOMPARE(requeued.size(), 1);
        QCOMPARE(requeued.at(0).mutation.baseVersion, 6);
        QCOMPARE(requeued.at(0).mutation.fields, (QJsonObject{{u"category"_qs, u"lgsl:2"_qs}}));
        QCOMPARE(m_store->counts().conflicts, 0);
    }

    void lastContactIsTheNewestOfTheirRecords()
    {
        Person zoe;
        zoe.id = QUuid::createUuid();
        zoe.reference = u"FS-Z"_qs;
        zoe.givenName = u"Zoë"_qs;
        zoe.familyName = u"O'Brien-Nwosu"_qs;
        Person sian = zoe;
        sian.id = QUuid::createUuid();
        sian.reference = u"FS-S"_qs;
        sian.givenName = u"Siân"_qs;
        sian.familyName = u"Ap Rhys"_qs;
        QVERIFY(
            m_store->applyChangePage({{{1, u"person"_qs, zoe.id, false, Wire::personToJson(zoe)},
                                       {2, u"person"_qs, sian.id, false, Wire::personToJson(sian)}},
                                      2,
                                      false},
                                     nullptr));
        QString error;
        const Record older = enquiry(zoe.id, u"2026-10-02T09:30:00.000Z"_qs);
        QVERIFY2(m_store->saveRecord(older, &error), qPrintable(error));
        QVERIFY2(m_store->saveRecord(enquiry(zoe.id, u"2026-11-20T15:05:00.000Z"_qs), &error),
                 qPrintable(error));
        QVERIFY2(m_store->saveRecord(enquiry(QUuid(), u"2026-11-22T10:00:00.000Z"_qs), &error),
                 qPrintable(error)); // anonymous: nobody's contact

        QList<PersonMatch> matches = {{zoe, {}}, {sian, {}}};
        m_store->fillLastContacts(matches);
        QCOMPARE(matches.at(0).lastContact, QDateTime(QDate(2026, 11, 20), QTime(15, 5), Qt::UTC));
        QVERIFY(!matches.at(1).lastContact.isValid()); // no record: no date, not "never"

        // A later note on the older enquiry is a later contact.
        Record later =
            note(older, u"Rang back about the refund"_qs, u"2026-11-21T08:00:00.000Z"_qs);
        later.data.insert(u"person_id"_qs, zoe.id.toString(QUuid::WithoutBraces));
        QVERIFY2(m_store->saveRecord(later, &error), qPrintable(error));
        m_store->fillLastContacts(matches);
        QCOMPARE(matches.at(0).lastContact, QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC));

        // The search's own results carry none until asked (the search itself stays as fast).
        const QList<PersonMatch> found = m_store->search(u"zoe"_qs, 10);
        QCOMPARE(found.size(), 1);
        QVERIFY(!found.at(0).lastContact.isValid());
    }

    void personHistoryIsNewestFirstAndNotesFollowTheirEnquiry()
    {
        const QUuid person = QUuid::createUuid();
        const Record older = enquiry(person, u"2026-10-01T09:00:00.000Z"_qs, u"Older"_qs);
        const Record newer = enquiry(person, u"2026-11-20T09:00:00.000Z"_qs, u"Newer"_qs);
        const Record someoneElse = enquiry(QUuid::createUuid(), u"2026-11-21T09:00:00.000Z"_qs);
        QString error;
        QVERIFY(m_store->applyChangePage({{changeFor(newer, 3)}, 3, false}, &error));
        QVERIFY(m_store->saveRecord(older, &error));
        QVERIFY(m_store->saveRecord(someoneElse, &error));
        Record n1 = note(newer, u"First"_qs, u"2026-11-20T09:01:00.000Z"_qs);
        n1.data.insert(u"person_id"_qs, person.toString(QUuid::WithoutBraces));
        const Record n2 = note(newer, u"Second"_qs, u"2026-11-20T09:02:00.000Z"_qs);
        QVERIFY(m_store->saveRecord(n2, &error));
        QVERIFY(m_store->saveRecord(n1, &error));

        const QList<Record> history = m_store->recordsForPerson(person, {kEnquiry});
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(0).value(u"summary"_qs), u"Newer"_qs);
        QCOMPARE(history.at(1).value(u"summary"_qs), u"Older"_qs);
        QCOMPARE(m_store->recordsForPerson(person).size(), 3); // with the note linked to them

        const QList<Record> notes =
            m_store->recordsWhere(kNote, u"enquiry_id"_qs, newer.id.toString(QUuid::WithoutBraces));
        QCOMPARE(notes.size(), 2);
        QCOMPARE(notes.at(0).value(u"text"_qs), u"First"_qs);
        QCOMPARE(notes.at(1).value(u"text"_qs), u"Second"_qs);
        QVERIFY(m_store->recordsWhere(kNote, u"no_such_field"_qs, u"x"_qs).isEmpty());

        // Deleting removes it here and queues the deletion.
        QVERIFY(m_store->deleteRecord(older.id, &error));
        QVERIFY(!m_store->record(older.id));
        QCOMPARE(m_store->pendingMutations(10).last().mutation.op, Wire::MutationOp::Delete);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
};

QTEST_GUILESS_MAIN(TestLocalStoreRecords)
#include "tst_localstorerecords.moc"
