#include "models/WireCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace FirstStop;

class TestWireCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void personRoundTripKeepsAccentsAndEmptyDate()
    {
        Person p;
        p.id = QUuid::createUuid();
        p.givenName = QStringLiteral("Siobhán");
        p.familyName = QStringLiteral("Ní Shúilleabháin");
        p.postcode = QStringLiteral("D02 X285");
        const auto back = Wire::personFromJson(p.id, Wire::personToJson(p), nullptr);
        QVERIFY(back.has_value());
        QCOMPARE(*back, p);
        QVERIFY(!back->dateOfBirth.isValid());
    }

    void personRejectsImpossibleDate()
    {
        QString error;
        const QJsonObject data{{QStringLiteral("date_of_birth"), QStringLiteral("1985-02-30")}};
        QVERIFY(!Wire::personFromJson(QUuid::createUuid(), data, &error));
        QVERIFY2(error.contains(u"date_of_birth"), qPrintable(error));
    }

    void changePageRoundTripWithTombstone()
    {
        Wire::ChangePage page;
        page.cursor = 42;
        page.more = true;
        page.changes.append({41, QStringLiteral("person"), QUuid::createUuid(), false,
                             QJsonObject{{QStringLiteral("given_name"), QStringLiteral("Zoë")}}});
        page.changes.append({42, QStringLiteral("person"), QUuid::createUuid(), true, {}});
        QString error;
        const auto back = Wire::decodeChangePage(Wire::encode(page), &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->cursor, 42);
        QVERIFY(back->more);
        QCOMPARE(back->changes.size(), 2);
        QVERIFY(back->changes.at(1).deleted);
        QCOMPARE(back->changes.at(0).data.value(u"given_name").toString(), u"Zoë");
    }

    // A record transferred to another office reaches the desks it left as "left your scope": not
    // a tombstone to this desk, but said with "deleted": true too, so an older desk that does not
    // know the member drops it from its cache as well. The page says whose scope it was made for.
    void leftScopeAndPageScopeRoundTrip()
    {
        Wire::ChangePage page;
        page.cursor = 9;
        const QUuid moved = QUuid::createUuid();
        Wire::Change left{8, QStringLiteral("enquiry"), moved, false, {}};
        left.leftScope = true;
        page.changes.append(left);
        page.changes.append({9, QStringLiteral("enquiry"), QUuid::createUuid(), true, {}});
        page.scope = DeskScope{QStringLiteral("counter"), QStringLiteral("Ysbyty Gwynedd")};
        const QByteArray bytes = Wire::encode(page);
        const QJsonObject json = QJsonDocument::fromJson(bytes).object();
        const QJsonObject first = json.value(u"changes").toArray().at(0).toObject();
        QCOMPARE(first.value(u"left_scope").toBool(), true);
        QCOMPARE(first.value(u"deleted").toBool(), true); // what an older desk acts on
        QVERIFY(!first.contains(u"data"));
        QVERIFY(!json.value(u"changes").toArray().at(1).toObject().contains(u"left_scope"));
        QCOMPARE(json.value(u"scope").toObject().value(u"office").toString(), u"Ysbyty Gwynedd");

        QString error;
        const auto back = Wire::decodeChangePage(bytes, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QVERIFY(back->changes.at(0).leftScope);
        QVERIFY(!back->changes.at(0).deleted); // left the scope; not deleted
        QCOMPARE(back->changes.at(0).id, moved);
        QVERIFY(back->changes.at(1).deleted);
        QVERIFY(!back->changes.at(1).leftScope);
        QVERIFY(back->scope == page.scope);

        // An older centre sends no scope: the desk cannot tell, and does not guess.
        page.scope.reset();
        const auto noScope = Wire::decodeChangePage(Wire::encode(page), &error);
        QVERIFY2(noScope.has_value(), qPrintable(error));
        QVERIFY(!noScope->scope.has_value());
    }

    void malformedRepliesGiveClearErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("truncated") << QByteArray(R"({"changes":[{"seq":1,)") << "JSON";
        QTest::newRow("array") << QByteArray("[]") << "object";
        QTest::newRow("cursor string")
            << QByteArray(R"({"changes":[],"cursor":"7","more":false})") << "cursor";
        QTest::newRow("fractional seq")
            << QByteArray(R"({"changes":[{"seq":1.5,"type":"person","id":")"
                          R"(6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001","deleted":true}],)"
                          R"("cursor":2,"more":false})")
            << "seq";
        QTest::newRow("bad uuid")
            << QByteArray(R"({"changes":[{"seq":1,"type":"person","id":"x","deleted":true}],)"
                          R"("cursor":2,"more":false})")
            << "UUID";
        QTest::newRow("seq beyond cursor")
            << QByteArray(R"({"changes":[{"seq":9,"type":"person","id":")"
                          R"(6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001","deleted":true}],)"
                          R"("cursor":2,"more":false})")
            << "cursor";
        // Found by fuzz_wirecodec: a number beyond any integer was converted without a check.
        QTest::newRow("left_scope without deleted")
            << QByteArray(R"({"changes":[{"seq":1,"type":"enquiry","id":")"
                          R"(6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001","deleted":false,)"
                          R"("left_scope":true}],"cursor":2,"more":false})")
            << "left_scope";
        QTest::newRow("left_scope not a boolean")
            << QByteArray(R"({"changes":[{"seq":1,"type":"enquiry","id":")"
                          R"(6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001","deleted":true,)"
                          R"("left_scope":"yes"}],"cursor":2,"more":false})")
            << "left_scope";
        QTest::newRow("scope without role")
            << QByteArray(R"({"changes":[],"cursor":2,"more":false,"scope":{"office":"x"}})")
            << "page.scope.role";
        QTest::newRow("scope not an object")
            << QByteArray(R"({"changes":[],"cursor":2,"more":false,"scope":"counter"})") << "scope";
        QTest::newRow("cursor 1e300") << QByteArray(R"({"changes":[],"cursor":1e300,"more":false})")
                                      << "cursor: is out of range";
        QTest::newRow("cursor -1e300")
            << QByteArray(R"({"changes":[],"cursor":-1e300,"more":false})")
            << "cursor: is out of range";
        QTest::newRow("cursor 2^63")
            << QByteArray(R"({"changes":[],"cursor":9223372036854775808,"more":false})")
            << "cursor: is out of range";
    }

    void malformedRepliesGiveClearErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!Wire::decodeChangePage(body, &error));
        QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
    }

    void mutationBatchRoundTrip()
    {
        Wire::MutationBatch batch;
        batch.clientId = QUuid::createUuid();
        Wire::Mutation m;
        m.id = QUuid::createUuid();
        m.type = QStringLiteral("person");
        m.entityId = QUuid::createUuid();
        m.baseVersion = 7;
        m.fields = {{QStringLiteral("family_name"), QStringLiteral("O'Brien-Nwosu")}};
        batch.mutations.append(m);
        QString error;
        const auto back = Wire::decodeMutationBatch(Wire::encode(batch), &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->clientId, batch.clientId);
        QCOMPARE(back->mutations.size(), 1);
        QCOMPARE(back->mutations.at(0).baseVersion, 7);
        QCOMPARE(back->mutations.at(0).fields, m.fields);
    }

    void mutationResultsRoundTripWithConflict()
    {
        Wire::MutationResult r;
        r.id = QUuid::createUuid();
        r.status = Wire::MutationStatus::Conflict;
        r.version = 12;
        r.conflictingFields = {QStringLiteral("phone")};
        r.serverFields = {{QStringLiteral("phone"), QStringLiteral("029 2087 2087")}};
        QString error;
        const auto back = Wire::decodeMutationResults(Wire::encode(QList{r}), &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->at(0).status, Wire::MutationStatus::Conflict);
        QCOMPARE(back->at(0).conflictingFields, r.conflictingFields);
        QCOMPARE(back->at(0).serverFields, r.serverFields);
    }

    void conflictSaysWhoChangedTheFieldAtTheCentreAndWhen()
    {
        Wire::MutationResult r;
        r.id = QUuid::createUuid();
        r.status = Wire::MutationStatus::Conflict;
        r.version = 12;
        r.conflictingFields = {u"phone"_qs, u"email"_qs};
        r.serverFields = {{u"phone"_qs, u"029 2087 2087"_qs}, {u"email"_qs, u"a@example.org"_qs}};
        const QDateTime at = QDateTime(QDate(2026, 11, 23), QTime(14, 2, 11, 250), Qt::UTC);
        r.serverChanges.insert(u"phone"_qs, {u"siân.aprhys"_qs, u"Siân Ap Rhys"_qs, at});
        // The centre may know only part of it (a change from before it kept who made it).
        r.serverChanges.insert(u"email"_qs, {{}, {}, at.addDays(-3)});
        QString error;
        const QByteArray body = Wire::encode(QList{r});
        QVERIFY(body.contains(R"("changed_at":"2026-11-23T14:02:11.250Z")"));
        const auto back = Wire::decodeMutationResults(body, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->at(0).serverChanges, r.serverChanges);
        QCOMPARE(back->at(0).serverChanges.value(u"phone"_qs).at.timeSpec(), Qt::UTC);
        QVERIFY(back->at(0).serverChanges.value(u"email"_qs).username.isEmpty());
        QVERIFY(back->at(0).serverChanges.value(u"email"_qs).isKnown());
    }

    void conflictFromAnOlderCentreHasNoWhoOrWhen()
    {
        // A centre from before server_changes: the reply decodes, who and when are unknown.
        const QByteArray old =
            R"({"results":[{"id":"6f1c6d9e-0000-4000-8000-000000000005","status":"conflict",)"
            R"("version":9,"conflicting_fields":["phone"],"server_fields":{"phone":"1"}}]})";
        QString error;
        const auto back = Wire::decodeMutationResults(old, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QVERIFY(back->at(0).serverChanges.isEmpty());
        QVERIFY(!back->at(0).serverChanges.value(u"phone"_qs).isKnown());
        // Another offset is read as the same instant in UTC.
        const QByteArray offset =
            R"({"results":[{"id":"6f1c6d9e-0000-4000-8000-000000000005","status":"conflict",)"
            R"("version":9,"conflicting_fields":["phone"],"server_fields":{"phone":"1"},)"
            R"("server_changes":{"phone":{"changed_at":"2026-06-01T15:00:00+01:00"}}}]})";
        const auto shifted = Wire::decodeMutationResults(offset, &error);
        QVERIFY2(shifted.has_value(), qPrintable(error));
        QCOMPARE(shifted->at(0).serverChanges.value(u"phone"_qs).at,
                 QDateTime(QDate(2026, 6, 1), QTime(14, 0), Qt::UTC));
    }

    void unreadableWhoOrWhenIsAnError_data()
    {
        QTest::addColumn<QByteArray>("changes");
        QTest::addColumn<QString>("complaint");
        QTest::newRow("not an object") << QByteArray(R"("yes")") << u"server_changes"_qs;
        QTest::newRow("entry not an object")
            << QByteArray(R"({"phone":"lead1"})") << u"entries must be objects"_qs;
        QTest::newRow("user not a string")
            << QByteArray(R"({"phone":{"changed_by":7}})") << u"server_changes.phone.changed_by"_qs;
        QTest::newRow("not a time") << QByteArray(R"({"phone":{"changed_at":"yesterday"}})")
                                    << u"server_changes.phone.changed_at"_qs;
        QTest::newRow("time without offset")
            << QByteArray(R"({"phone":{"changed_at":"2026-06-01T15:00:00"}})") << u"changed_at"_qs;
    }

    void unreadableWhoOrWhenIsAnError()
    {
        QFETCH(QByteArray, changes);
        QFETCH(QString, complaint);
        const QByteArray body =
            R"({"results":[{"id":"6f1c6d9e-0000-4000-8000-000000000005","status":"conflict",)"
            R"("version":9,"conflicting_fields":["phone"],"server_fields":{"phone":"1"},)"
            R"("server_changes":)" +
            changes + "}]}";
        QString error;
        QVERIFY(!Wire::decodeMutationResults(body, &error));
        QVERIFY2(error.contains(complaint), qPrintable(error));
    }

    void oversizedBatchRejected()
    {
        QByteArray body = R"({"client_id":"6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001","mutations":[)";
        for (int i = 0; i <= Wire::kMaxMutationsPerBatch; ++i) {
            body += i ? ",{}" : "{}";
        }
        body += "]}";
        QString error;
        QVERIFY(!Wire::decodeMutationBatch(body, &error));
        QVERIFY2(error.contains(u"more than"), qPrintable(error));
    }

    void referenceIsStableAndReadable()
    {
        const QUuid id = QUuid::fromString(u"6f1c2b9e-8a44-4a53-9d0e-0c5bb1f0a001");
        const QString ref = makePersonReference(id);
        QCOMPARE(ref, makePersonReference(id));
        // FS-XXXXX-XXXXX from the id; the former FS-XXXXXXXX form of the same id is its start.
        QCOMPARE(ref, u"FS-KQGC2-M9EB9"_qs);
        QVERIFY(personReferenceKey(ref).startsWith(personReferenceKey(u"FS-KQGC2M9E")));
        QCOMPARE(personReferenceKey(u" fs-kqgc2-m9eb9"), u"KQGC2M9EB9"_qs);
        QVERIFY(!ref.contains(u'O') && !ref.contains(u'0') && !ref.contains(u'I'));
        QSet<QString> seen;
        for (int i = 0; i < 20000; ++i) {
            const QString r = makePersonReference(QUuid::createUuid());
            QVERIFY2(QRegularExpression(u"^FS-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$"_qs)
                         .match(r)
                         .hasMatch(),
                     qPrintable(r));
            seen.insert(r);
        }
        QCOMPARE(seen.size(), 20000);
    }

    void appliedResultCarriesAReferenceTheCentreChose()
    {
        const QUuid id = QUuid::createUuid();
        Wire::MutationResult r{id, Wire::MutationStatus::Applied, 7, {}, {}, {}, {}};
        r.serverFields.insert(u"reference"_qs, u"FS-ABCDE-FGHJK"_qs);
        QString error;
        const auto back = Wire::decodeMutationResults(Wire::encode(QList{r}), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->at(0).serverFields.value(u"reference").toString(), u"FS-ABCDE-FGHJK"_qs);
        // And a plain applied result still has none.
        const auto plain = Wire::decodeMutationResults(
            Wire::encode(
                QList{Wire::MutationResult{id, Wire::MutationStatus::Applied, 7, {}, {}, {}, {}}}),
            &error);
        QVERIFY(plain && plain->at(0).serverFields.isEmpty());
        QVERIFY(plain->at(0).mergedInto.isNull());
    }

    void mergeTravelsWhole()
    {
        // A redirect keeps its survivor through the wire; a desk cannot read a broken one.
        Person merged;
        merged.id = QUuid::createUuid();
        merged.reference = u"FS-ABCDE-FGHJK"_qs;
        merged.familyName = u"Ó Súilleabháin"_qs;
        merged.mergedInto = QUuid::createUuid();
        QString error;
        const auto back = Wire::personFromJson(merged.id, Wire::personToJson(merged), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, merged);
        QJsonObject broken = Wire::personToJson(merged);
        broken.insert(u"merged_into"_qs, u"not-a-uuid"_qs);
        QVERIFY(!Wire::personFromJson(merged.id, broken, &error));
        QVERIFY(!Wire::personToJson(Person{}).contains(u"merged_into"));

        const Wire::MergeRequest request{
            QUuid::createUuid(), QUuid::createUuid(), {u"phone"_qs, u"address"_qs}};
        const auto request2 = Wire::decodeMergeRequest(Wire::encode(request), &error);
        QVERIFY2(request2, qPrintable(error));
        QCOMPARE(request2->survivorId, request.survivorId);
        QCOMPARE(request2->mergedId, request.mergedId);
        QCOMPARE(request2->takeFromMerged, request.takeFromMerged);
        QVERIFY(!Wire::decodeMergeRequest(R"({"survivor_id":"x","merged_id":"y"})", &error));
        QVERIFY(error.contains(u"survivor_id"));
        QVERIFY(!Wire::decodeMergeRequest(
            R"({"survivor_id":"0b7f5c1e-3a52-4d7e-9a0c-6a1f2d9e8b41",)"
            R"("merged_id":"5d2c8e3a-1f6b-4c9d-8e7a-2b3c4d5e6f70","take_from_merged":[1]})",
            &error));

        Wire::MergeResult result;
        result.survivorId = request.survivorId;
        result.mergedId = request.mergedId;
        result.version = 57;
        result.recordsMoved = 3;
        result.fieldsTaken = {u"phone"_qs};
        result.mergedBy = u"lead1"_qs;
        result.mergedAt = u"2026-11-23T14:02:11.532Z"_qs;
        const auto result2 = Wire::decodeMergeResult(Wire::encode(result), &error);
        QVERIFY2(result2, qPrintable(error));
        QCOMPARE(result2->version, 57);
        QCOMPARE(result2->recordsMoved, 3);
        QCOMPARE(result2->fieldsTaken, result.fieldsTaken);
        QCOMPARE(result2->mergedBy, result.mergedBy);
        QVERIFY(!result2->alreadyMerged);

        Wire::MutationResult redirected{
            QUuid::createUuid(), Wire::MutationStatus::Applied, 9, {}, {}, {}, request.survivorId};
        const auto results = Wire::decodeMutationResults(Wire::encode(QList{redirected}), &error);
        QVERIFY2(results, qPrintable(error));
        QCOMPARE(results->at(0).mergedInto, request.survivorId);
    }
};

QTEST_GUILESS_MAIN(TestWireCodec)
#include "tst_wirecodec.moc"
