// libFuzzer target: what the central service parses from a request before it touches the
// database, exactly as server/ApiServer runs it, without a socket. The first byte picks the
// endpoint ('0' POST /auth/login, '1' POST /auth/refresh, '2' POST /mutations, '3' the query
// of GET /changes); the rest is the body or the query string. Every input must be accepted or
// refused with a message; an accepted mutation batch must survive the desk's round trip.
// Build and run: docs/development.md, "Fuzzing".

#include "models/WireCodec.h"
#include "server/RequestParsing.h"

#include <QByteArray>
#include <QUrl>
#include <QUrlQuery>

#include <cstdint>
#include <cstdlib>

using namespace FirstStop;

namespace {

void require(bool condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_requests: %s\n", what);
        abort();
    }
}

void mutations(const QByteArray &body)
{
    QString error;
    const auto batch = Wire::decodeMutationBatch(body, &error);
    if (!batch) {
        require(!error.isEmpty(), "a refused batch has no message");
        return;
    }
    require(batch->mutations.size() <= Wire::kMaxMutationsPerBatch, "too many mutations accepted");
    const QByteArray once = Wire::encode(*batch);
    const auto again = Wire::decodeMutationBatch(once, &error);
    require(again.has_value(), "an accepted batch does not decode after encoding");
    require(Wire::encode(*again) == once, "a batch does not survive a round trip");
    for (const Wire::Mutation &m : batch->mutations) {
        // What the service does with a person's fields before it stores them.
        QString fieldError;
        const auto person = Wire::personFromJson(m.entityId, m.fields, &fieldError);
        require(person.has_value() || !fieldError.isEmpty(), "refused fields have no message");
    }
}

void changesQuery(const QByteArray &query)
{
    const QUrl url = QUrl::fromEncoded("http://127.0.0.1/changes?" + query);
    QString error;
    const auto parsed = Server::parseChangesQuery(QUrlQuery(url), &error);
    if (!parsed) {
        require(!error.isEmpty(), "a refused query has no message");
        return;
    }
    require(parsed->since >= 0, "a negative since was accepted");
    require(parsed->limit >= 1 && parsed->limit <= Wire::kMaxPageSize,
            "a limit out of range was accepted");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const QByteArray rest = QByteArray::fromRawData(reinterpret_cast<const char *>(data) + 1,
                                                    static_cast<qsizetype>(size - 1));
    QString error;
    switch (data[0] % 4) {
    case 0:
        if (!Wire::decodeLoginRequest(rest, &error)) {
            require(!error.isEmpty(), "a refused log-in has no message");
        }
        break;
    case 1:
        if (!Wire::decodeRefresh(rest, &error)) {
            require(!error.isEmpty(), "a refused refresh has no message");
        }
        break;
    case 2:
        mutations(rest);
        break;
    default:
        changesQuery(rest);
        break;
    }
    return 0;
}
