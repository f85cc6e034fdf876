#include "models/LocalStore.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace FirstStop;

namespace {

Person makePerson(const QString &given, const QString &family)
{
    Person p;
    p.id = QUuid::createUuid();
    p.givenName = given;
    p.familyName = family;
    p.dateOfBirth = QDate(1985, 3, 12);
    p.postcode = u"CF10 1AB"_qs;
    return p;
}

Wire::Change changeFor(const Person &p, qint64 seq)
{
    return {seq, u"person"_qs, p.id, false, Wire::personToJson(p)};
}

// Runs SQL on the cache file through a second, independent connection (as a crash or another
// process would see it).
void rawExec(const QString &path, const QString &sql)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"raw"_qs);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(u"raw"_qs);
}

} // namespace

class TestLocalStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<LocalStore> m_store;

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_path = m_dir.filePath(QStringLiteral("desk-%1.sqlite").arg(++n));
        m_store = std::make_unique<LocalStore>();
        QString error;
        QVERIFY2(m_store->open(m_path, &error), qPrintable(error));
    }

    void cleanup() { m_store.reset(); }

    void reopenKeepsDataAndRefusesNewerSchema()
    {
        QVERIFY(m_store->saveLocalEdit(makePerson(u"Seán"_qs, u"Ó Briain"_qs), nullptr));
        const QUuid client = m_store->clientId();
        m_store.reset();
        LocalStore again;
        QVERIFY(again.open(m_path, nullptr));
        QCOMPARE(again.counts().people, 1);
        QCOMPARE(again.clientId(), client);
        QCOMPARE(again.counts().pending, 1);

        rawExec(m_path, u"PRAGMA user_version = 99"_qs);
        LocalStore newer;
        QString error;
        QVERIFY(!newer.open(m_path, &error));
        QVERIFY2(error.contains(u"newer"), qPrintable(error));
    }

    void newPersonQueuesAllFieldsWithReference()
    {
        const Person p = makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs);
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        const auto stored = m_store->person(p.id);
        QVERIFY(stored);
        QVERIFY(stored->reference.startsWith(u"FS-"));
        QCOMPARE(stored->familyName, u"O'Brien-Nwosu"_qs);
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 1);
        QCOMPARE(out.at(0).mutation.entityId, p.id);
        QCOMPARE(out.at(0).mutation.baseVersion, 0);
        QCOMPARE(out.at(0).mutation.fields.value(u"given_name").toString(), u"Zoë"_qs);
        QCOMPARE(out.at(0).mutation.fields.value(u"reference").toString(), stored->reference);
        QVERIFY(!out.at(0).mutation.fields.contains(u"email")); // empty fields are not sent
    }

    void editQueuesOnlyChangedFieldsAgainstSeenVersion()
    {
        Person p = makePerson(u"Siân"_qs, u"ap Rhys"_qs);
        p.reference = u"FS-TEST0001"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(p, 7)}, 7, false}, nullptr));
        p.phone = u"029 2018 0123"_qs;
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 1);
        QCOMPARE(out.at(0).mutation.baseVersion, 7);
        QCOMPARE(out.at(0).mutation.fields.keys(), QStringList{u"phone"_qs});
        // Saving the same values again queues nothing.
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        QCOMPARE(m_store->counts().pending, 1);
    }

    void editAndOutboxLandTogetherOrNotAtAll()
    {
        // A failure while queueing (here: the outbox refuses writes, as a full disk would) must
        // not leave an edit that will never reach the centre.
        rawExec(m_path, u"CREATE TRIGGER full BEFORE INSERT ON outbox BEGIN "
                        "SELECT RAISE(ABORT, 'database or disk is full'); END"_qs);
        const Person p = makePerson(u"Aoife"_qs, u"Ní Cheallaigh"_qs);
        QString error;
        QVERIFY(!m_store->saveLocalEdit(p, &error));
        QVERIFY2(error.contains(u"disk is full"), qPrintable(error));
        QVERIFY(!m_store->person(p.id));
        QCOMPARE(m_store->counts().people, 0);
        QCOMPARE(m_store->search(u"aoife"_qs, 10).size(), 0);
    }

    void refusesNamelessPerson()
    {
        Person p = makePerson(QString(), u"  "_qs);
        QString error;
        QVERIFY(!m_store->saveLocalEdit(p, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(m_store->counts().pending, 0);
    }

    void pullAppliesPageTombstonesAndCursorTogether()
    {
        Person a = makePerson(u"Pádraig"_qs, u"Mac Cárthaigh"_qs);
        a.reference = u"FS-A"_qs;
        Person b = makePerson(u"Rhiannon"_qs, u"Evans"_qs);
        b.reference = u"FS-B"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(a, 1), changeFor(b, 2)}, 2, true}, nullptr));
        QCOMPARE(m_store->cursor(), 2);
        QCOMPARE(m_store->counts().people, 2);
        QVERIFY(m_store->applyChangePage({{{3, u"person"_qs, a.id, true, {}}}, 3, false}, nullptr));
        QVERIFY(!m_store->person(a.id));
        QCOMPARE(m_store->search(u"padraig"_qs, 10).size(), 0);
        QCOMPARE(m_store->cursor(), 3);
    }

    void pulledPeopleKeepTheirRicherRecord()
    {
        // A page from the centre goes through the bulk write (one statement for the whole
        // page): the details must arrive whole and a previous name must find the person.
        Person a = makePerson(u"Siân"_qs, u"Ap Rhys"_qs);
        a.reference = u"FS-A"_qs;
        a.previousNames = {u"Siân Ó Súilleabháin"_qs};
        a.previousAddresses = {u"1 Stryd Fawr\nBangor\nLL57 1AA"_qs};
        a.preferredLanguage = u"Cymraeg"_qs;
        a.interpreterNeeded = true;
        a.accessibilityFlags = {u"hearing_loop"_qs, u"large_print"_qs};
        a.accessibilityNotes = u"Prefers mornings"_qs;
        Person b = makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs);
        b.reference = u"FS-B"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(a, 1), changeFor(b, 2)}, 2, false}, nullptr));
        const Person stored = *m_store->person(a.id);
        QCOMPARE(stored.previousNames, a.previousNames);
        QCOMPARE(stored.previousAddresses, a.previousAddresses);
        QCOMPARE(stored.preferredLanguage, u"Cymraeg"_qs);
        QVERIFY(stored.interpreterNeeded);
        QCOMPARE(stored.accessibilityFlags, a.accessibilityFlags);
        QCOMPARE(stored.accessibilityNotes, u"Prefers mornings"_qs);
        QVERIFY(m_store->person(b.id)->details().isEmpty());
        const QList<PersonMatch> hits = m_store->search(u"o'sullivan"_qs, 10);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).person.id, a.id);

        // The next page drops the history again (the centre's word is final): nothing is left.
        Person cleared = a;
        cleared.previousNames.clear();
        QVERIFY(m_store->applyChangePage({{changeFor(cleared, 3)}, 3, false}, nullptr));
        QVERIFY(m_store->person(a.id)->previousNames.isEmpty());
        QCOMPARE(m_store->search(u"o'sullivan"_qs, 10).size(), 0);
    }

    void unreadablePageChangesNothing()
    {
        Person good = makePerson(u"Iolo"_qs, u"Prys"_qs);
        good.reference = u"FS-G"_qs;
        Wire::Change bad{
            2, u"person"_qs, QUuid::createUuid(), false, {{u"date_of_birth"_qs, u"1990-02-31"_qs}}};
        QString error;
        QVERIFY(!m_store->applyChangePage({{changeFor(good, 1), bad}, 2, false}, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(m_store->counts().people, 0); // the good half of the page was rolled back too
        QCOMPARE(m_store->cursor(), 0);        // so it is fetched again, not skipped
    }

    void pullNeverOverwritesPendingLocalFields()
    {
        Person p = makePerson(u"Margaret"_qs, u"Jones"_qs);
        p.reference = u"FS-M"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(p, 5)}, 5, false}, nullptr));
        Person local = p;
        local.phone = u"07700 900123"_qs; // edited at the desk, not yet pushed
        QVERIFY(m_store->saveLocalEdit(local, nullptr));
        Person remote = p;
        remote.email = u"peggy@example.org"_qs; // edited at another desk
        remote.phone = u"029 2018 0999"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(remote, 9)}, 9, false}, nullptr));
        const auto now = m_store->person(p.id);
        QVERIFY(now);
        QCOMPARE(now->phone, u"07700 900123"_qs);      // the desk's pending edit stays
        QCOMPARE(now->email, u"peggy@example.org"_qs); // the other desk's field arrives
        QCOMPARE(now->version, 9);
    }

    // The pull after a push brings this desk's own edits back at the centre's versions, as the
    // desk already has them: only the version changes (the row and its search entry are left as
    // they are), in the same page as people that did change.
    void ownEditsConfirmedByThePullTakeTheNewVersionAndStayFindable()
    {
        Person p = makePerson(u"Gwenllian"_qs, u"Pritchard"_qs);
        p.reference = u"FS-P"_qs;
        Person q = makePerson(u"Tomasz"_qs, u"Wiśniewski"_qs);
        q.reference = u"FS-Q"_qs;
        Person r = makePerson(u"Aoife"_qs, u"Byrne"_qs);
        r.reference = u"FS-R"_qs;
        QVERIFY(m_store->applyChangePage(
            {{changeFor(p, 5), changeFor(q, 6), changeFor(r, 7)}, 7, false}, nullptr));

        Person edited = *m_store->person(p.id);
        edited.phone = u"07700 900123"_qs;
        QVERIFY(m_store->saveLocalEdit(edited, nullptr));
        Person editedToo = *m_store->person(q.id);
        editedToo.email = u"tomasz@example.org"_qs;
        QVERIFY(m_store->saveLocalEdit(editedToo, nullptr));
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 2);
        QVERIFY(m_store->applyMutationResults(
            {{out.at(0).mutation.id, Wire::MutationStatus::Applied, 12, {}, {}, {}, {}}}, nullptr));
        // q's edit is still on its way (pushed in a later batch): its pending field is kept.

        Person atCentre = edited;
        atCentre.version = 12;
        Person qAtCentre = q; // the centre has not seen q's edit yet
        Person rAtCentre = r;
        rAtCentre.familyName = u"Ní Bhroin"_qs; // changed at another desk
        QVERIFY(m_store->applyChangePage(
            {{changeFor(atCentre, 12), changeFor(qAtCentre, 13), changeFor(rAtCentre, 14)},
             14,
             false},
            nullptr));
        QCOMPARE(m_store->cursor(), 14);

        const Person nowP = *m_store->person(p.id);
        QCOMPARE(nowP.version, 12);
        QCOMPARE(nowP.phone, u"07700 900123"_qs);
        QCOMPARE(nowP.givenName, u"Gwenllian"_qs);
        const Person nowQ = *m_store->person(q.id);
        QCOMPARE(nowQ.version, 13);
        QCOMPARE(nowQ.email, u"tomasz@example.org"_qs); // the pending edit stays on top
        QCOMPARE(m_store->pendingMutations(10).size(), 1);
        const Person nowR = *m_store->person(r.id);
        QCOMPARE(nowR.version, 14);
        QCOMPARE(nowR.familyName, u"Ní Bhroin"_qs);

        // Each is found once, by what it now holds (r by its new family name).
        const auto ids = [this](const QString &query) {
            QList<QUuid> found;
            for (const PersonMatch &m : m_store->search(query, 10)) {
                found.append(m.person.id);
            }
            return found;
        };
        QCOMPARE(ids(u"07700 900123"_qs), QList<QUuid>{p.id});
        QCOMPARE(ids(u"Gwenllian Pritchard"_qs), QList<QUuid>{p.id});
        QCOMPARE(ids(u"tomasz@example.org"_qs), QList<QUuid>{q.id});
        QCOMPARE(ids(u"Aoife Ní Bhroin"_qs), QList<QUuid>{r.id});
        QCOMPARE(ids(u"Bhroin"_qs), QList<QUuid>{r.id});
        QCOMPARE(m_store->search(u"07700 900123"_qs, 10).at(0).person.version, 12);

        // The next edit at this desk is based on the confirmed version.
        Person again = nowP;
        again.email = u"gwen@example.org"_qs;
        QVERIFY(m_store->saveLocalEdit(again, nullptr));
        const QList<OutboxEntry> next = m_store->pendingMutations(10);
        QCOMPARE(next.size(), 2);
        QCOMPARE(next.at(1).mutation.entityId, p.id);
        QCOMPARE(next.at(1).mutation.baseVersion, 12);

        // The same page again (a replay after a lost reply) changes nothing.
        QVERIFY(m_store->applyChangePage({{changeFor(atCentre, 12)}, 14, false}, nullptr));
        QCOMPARE(m_store->person(p.id)->email, u"gwen@example.org"_qs);
        QCOMPARE(ids(u"07700 900123"_qs), QList<QUuid>{p.id});
    }

    void resultsSettleTheOutbox()
    {
        Person p = makePerson(u"Dafydd"_qs, u"Llewellyn"_qs);
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        Person q = makePerson(u"Chloë"_qs, u"Kowalski"_qs);
        QVERIFY(m_store->saveLocalEdit(q, nullptr));
        Person r = makePerson(u"Niamh"_qs, u"Okafor"_qs);
        QVERIFY(m_store->saveLocalEdit(r, nullptr));
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 3);

        Wire::MutationResult applied{
            out.at(0).mutation.id, Wire::MutationStatus::Applied, 11, {}, {}, {}, {}};
        Wire::MutationResult rejected{out.at(1).mutation.id,
                                      Wire::MutationStatus::Rejected,
                                      0,
                                      u"reference already in use"_qs,
                                      {},
                                      {},
                                      {}};
        Wire::MutationResult conflict{
            out.at(2).mutation.id, Wire::MutationStatus::Conflict,   12, {},
            {u"given_name"_qs},    {{u"given_name"_qs, u"Neve"_qs}}, {}};
        QVERIFY(m_store->applyMutationResults({applied, rejected, conflict}, nullptr));
        const SyncCounts c = m_store->counts();
        QCOMPARE(c.pending, 0);   // nothing left blocking the queue
        QCOMPARE(c.rejected, 1);  // set aside and shown
        QCOMPARE(c.conflicts, 1); // for a person to resolve
        QCOMPARE(m_store->person(r.id)->givenName, u"Neve"_qs);
        // A replayed reply changes nothing.
        QVERIFY(m_store->applyMutationResults({applied}, nullptr));
        QCOMPARE(m_store->counts().rejected, 1);
    }

    void richerRecordIsKeptAndCorrectionsKeepHistory()
    {
        Person p = makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs);
        p.address = u"12 Heol y Deri\nCardiff"_qs;
        p.phone = u"07700 900123"_qs;
        p.contactChannel = u"text"_qs;
        p.okToText = true;
        p.preferredLanguage = u"Igbo"_qs;
        p.interpreterNeeded = true;
        p.accessibilityFlags = {u"step_free_access"_qs};
        p.accessibilityNotes = u"Guide dog"_qs;
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.last().mutation.fields.value(u"preferred_language").toString(), u"Igbo"_qs);
        QVERIFY(!out.last().mutation.fields.contains(u"ok_to_post")); // false: nothing to send
        QVERIFY(!out.last().mutation.fields.contains(u"previous_names"));

        Person moved = *m_store->person(p.id);
        moved.address = u"3 Bute Street\nCardiff"_qs;
        moved.postcode = u"CF10 5AA"_qs;
        QVERIFY(m_store->saveLocalEdit(moved, nullptr));
        out = m_store->pendingMutations(10);
        QCOMPARE(out.last().mutation.fields.value(u"previous_addresses").toArray(),
                 (QJsonArray{u"12 Heol y Deri\nCardiff\nCF10 1AB"_qs}));

        m_store.reset();
        LocalStore again;
        QVERIFY(again.open(m_path, nullptr));
        const Person stored = *again.person(p.id);
        QCOMPARE(stored.previousAddresses, QStringList{u"12 Heol y Deri\nCardiff\nCF10 1AB"_qs});
        QCOMPARE(stored.accessibilityFlags, QStringList{u"step_free_access"_qs});
        QVERIFY(stored.interpreterNeeded && stored.okToText && !stored.okToEmail);
        QCOMPARE(stored.accessibilityNotes, u"Guide dog"_qs);
        QCOMPARE(stored.contactChannel, u"text"_qs);
    }

    void aReferenceTheCentreGaveReplacesTheDesksOwn()
    {
        Person p = makePerson(u"Siân"_qs, u"Ap Rhys"_qs);
        QVERIFY(m_store->saveLocalEdit(p, nullptr));
        const QString mine = m_store->person(p.id)->reference;
        QCOMPARE(mine, makePersonReference(p.id));
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        Wire::MutationResult applied{
            out.last().mutation.id, Wire::MutationStatus::Applied, 21, {}, {}, {}, {}};
        applied.serverFields.insert(u"reference"_qs, u"FS-ZZZZZ-ZZZZ2"_qs);
        QVERIFY(m_store->applyMutationResults({applied}, nullptr));
        QCOMPARE(m_store->person(p.id)->reference, u"FS-ZZZZZ-ZZZZ2"_qs);
        // Found by the reference the resident is told, not the one that collided.
        QCOMPARE(m_store->search(u"fs-zzzzz-zzzz2"_qs, 5).size(), 1);
        QCOMPARE(m_store->search(mine, 5).size(), 0);
    }

    void conflictsAreListedAndResolvedEitherWay()
    {
        // Two fields of one person met changes made at another desk.
        Person p = makePerson(u"Seán"_qs, u"Ó Briain"_qs);
        p.reference = u"FS-C"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(p, 4)}, 4, false}, nullptr));
        Person mine = p;
        mine.phone = u"029 2018 0111"_qs;
        mine.email = u"sean@example.org"_qs;
        m_store->setEditor(u"counter1"_qs, u"Siân Ap Rhys"_qs);
        const QDateTime beforeEdit = QDateTime::currentDateTimeUtc().addMSecs(-1);
        QVERIFY(m_store->saveLocalEdit(mine, nullptr));
        const QDateTime afterEdit = QDateTime::currentDateTimeUtc().addMSecs(1);
        const QList<OutboxEntry> out = m_store->pendingMutations(10);
        QCOMPARE(out.size(), 1);
        Wire::MutationResult conflict{
            out.at(0).mutation.id,
            Wire::MutationStatus::Conflict,
            8,
            {},
            {u"phone"_qs, u"email"_qs},
            {{u"phone"_qs, u"029 2018 0999"_qs}, {u"email"_qs, u"s.obriain@example.org"_qs}},
            {}};
        // The centre says who changed the phone there and when; of the e-mail it knows nothing
        // (as an older centre would say of both).
        const Wire::FieldChange lead{u"lead1"_qs, u"Zoë O'Brien-Nwosu"_qs,
                                     QDateTime(QDate(2026, 11, 23), QTime(14, 2, 11), Qt::UTC)};
        conflict.serverChanges.insert(u"phone"_qs, lead);
        QVERIFY(m_store->applyMutationResults({conflict}, nullptr));
        Person atCentre = p;
        atCentre.phone = u"029 2018 0999"_qs;
        atCentre.email = u"s.obriain@example.org"_qs;
        QVERIFY(m_store->applyChangePage({{changeFor(atCentre, 8)}, 8, false}, nullptr));

        QList<ConflictRecord> open = m_store->openConflicts();
        QCOMPARE(open.size(), 2);
        QCOMPARE(open.at(0).personName, u"Seán Ó Briain"_qs);
        QCOMPARE(open.at(0).field, u"phone"_qs);
        QCOMPARE(open.at(0).deskValue.toString(), u"029 2018 0111"_qs); // both sides shown
        QCOMPARE(open.at(0).centreValue.toString(), u"029 2018 0999"_qs);
        QVERIFY(open.at(0).noticedAt.isValid());
        // Who and when on both sides: this desk's edit from its outbox entry, the centre's
        // change from its answer, kept in UTC.
        QCOMPARE(open.at(0).deskChange.username, u"counter1"_qs);
        QCOMPARE(open.at(0).deskChange.displayName, u"Siân Ap Rhys"_qs);
        QVERIFY(open.at(0).deskChange.at >= beforeEdit && open.at(0).deskChange.at <= afterEdit);
        QCOMPARE(open.at(0).centreChange, lead);
        QCOMPARE(open.at(0).centreChange.at.timeSpec(), Qt::UTC);
        QCOMPARE(open.at(1).field, u"email"_qs);
        QCOMPARE(open.at(1).deskChange.username, u"counter1"_qs);
        QVERIFY(!open.at(1).centreChange.isKnown());

        // Keep this desk's phone: it is queued again, based on the version now seen.
        QVERIFY(m_store->resolveConflict(open.at(0).id, true, nullptr));
        QCOMPARE(m_store->person(p.id)->phone, u"029 2018 0111"_qs);
        const QList<OutboxEntry> again = m_store->pendingMutations(10);
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.at(0).mutation.baseVersion, 8);
        QCOMPARE(again.at(0).mutation.fields, QJsonObject({{u"phone"_qs, u"029 2018 0111"_qs}}));
        // Keep the centre's e-mail: nothing is sent.
        QVERIFY(m_store->resolveConflict(open.at(1).id, false, nullptr));
        QCOMPARE(m_store->person(p.id)->email, u"s.obriain@example.org"_qs);
        QCOMPARE(m_store->counts().pending, 1);
        QCOMPARE(m_store->counts().conflicts, 0);
        QVERIFY(m_store->openConflicts().isEmpty());
        QString error;
        QVERIFY(!m_store->resolveConflict(open.at(1).id, true, &error)); // only once
        QVERIFY(!error.isEmpty());
    }

    void searchFoldsAccentsAndApostrophes_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expectedFamily");
        QTest::newRow("no fada") << u"sean"_qs << u"Ó Súilleabháin"_qs;
        QTest::newRow("prefix of family") << u"suill"_qs << u"Ó Súilleabháin"_qs;
        QTest::newRow("both names") << u"sean o s"_qs << u"Ó Súilleabháin"_qs;
        QTest::newRow("diaeresis") << u"zoe"_qs << u"O'Brien-Nwosu"_qs;
        QTest::newRow("apostrophe dropped") << u"obrien"_qs << u"O'Brien-Nwosu"_qs;
        QTest::newRow("second barrel") << u"nwosu"_qs << u"O'Brien-Nwosu"_qs;
        QTest::newRow("circumflex") << u"SIAN"_qs << u"ap Rhys"_qs;
    }

    void searchFoldsAccentsAndApostrophes()
    {
        QFETCH(QString, query);
        QFETCH(QString, expectedFamily);
        QVERIFY(m_store->saveLocalEdit(makePerson(u"Seán"_qs, u"Ó Súilleabháin"_qs), nullptr));
        QVERIFY(m_store->saveLocalEdit(makePerson(u"Zoë"_qs, u"O'Brien-Nwosu"_qs), nullptr));
        QVERIFY(m_store->saveLocalEdit(makePerson(u"Siân"_qs, u"ap Rhys"_qs), nullptr));
        const QList<PersonMatch> hits = m_store->search(query, 10);
        // Sound-alikes may follow ("sean" sounds like Siân), but the person asked for comes first.
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.at(0).person.familyName, expectedFamily);
        QVERIFY(hits.at(0).tier <= MatchTier::Prefix);
        QVERIFY(!hits.at(0).reason.isEmpty());
    }

    void searchIgnoresQuerySyntax()
    {
        QVERIFY(m_store->saveLocalEdit(makePerson(u"Ann"_qs, u"Smith"_qs), nullptr));
        QCOMPARE(m_store->search(u"\"smith* OR NEAR("_qs, 10).size(), 0);
        QCOMPARE(m_store->search(u"smith\""_qs, 10).size(), 1);
        QCOMPARE(m_store->search(u"   "_qs, 10).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLocalStore)
#include "tst_localstore.moc"
