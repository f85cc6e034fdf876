// libFuzzer target: the desk's side of the wire codec (models/WireCodec), fed whatever a
// central service, a proxy or a broken network could send back. Every decoder must either
// accept or refuse with a message (never crash, hang or read out of bounds), and what it
// accepts must survive a round trip: encoding it and decoding again gives the same bytes.
// Build and run: docs/development.md, "Fuzzing".

#include "models/WireCodec.h"

#include <QByteArray>
#include <QUuid>

#include <cstdint>
#include <cstdlib>

using namespace FirstStop;

namespace {

void require(bool condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_wirecodec: %s\n", what);
        abort();
    }
}

template <typename T, typename Decode>
void roundTrip(const T &decoded, Decode decode, const char *what)
{
    const QByteArray once = Wire::encode(decoded);
    QString error;
    const auto again = decode(once, &error);
    require(again.has_value(), what);
    require(Wire::encode(*again) == once, what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;

    if (const auto page = Wire::decodeChangePage(body, &error)) {
        roundTrip(*page, Wire::decodeChangePage, "a change page does not survive a round trip");
        for (const Wire::Change &c : page->changes) {
            QString personError;
            const auto person = Wire::personFromJson(c.id, c.data, &personError);
            require(person.has_value() || !personError.isEmpty(),
                    "a refused person has no message");
        }
    } else {
        require(!error.isEmpty(), "a refused change page has no message");
    }

    error.clear();
    if (const auto results = Wire::decodeMutationResults(body, &error)) {
        roundTrip(*results, Wire::decodeMutationResults,
                  "mutation results do not survive a round trip");
    } else {
        require(!error.isEmpty(), "refused mutation results have no message");
    }

    error.clear();
    if (const auto tokens = Wire::decodeAuthTokens(body, &error)) {
        roundTrip(*tokens, Wire::decodeAuthTokens, "tokens do not survive a round trip");
    } else {
        require(!error.isEmpty(), "refused tokens have no message");
    }

    error.clear();
    if (const auto apiError = Wire::decodeApiError(body, &error)) {
        roundTrip(*apiError, Wire::decodeApiError, "an API error does not survive a round trip");
    } else {
        require(!error.isEmpty(), "a refused API error has no message");
    }
    return 0;
}
