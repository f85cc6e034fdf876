#pragma once

// Runs tests/e2e/desk_sync_tool (one desk in its own process) and reads what it says, so a test
// can SIGKILL it at an exact point and run it again on the same cache.

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

namespace FirstStop::Test {

class DeskToolProcess final
{
public:
    DeskToolProcess() { m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); }
    ~DeskToolProcess() { kill(); }
    Q_DISABLE_COPY_MOVE(DeskToolProcess)

    // program: FIRSTSTOP_DESK_SYNC_TOOL, or wrapped (e.g. {"faketime", "-f", "+1d", tool}).
    void start(const QStringList &args, const QStringList &wrapper = {})
    {
        m_lines.clear();
        const QString tool = QStringLiteral(FIRSTSTOP_DESK_SYNC_TOOL);
        if (wrapper.isEmpty()) {
            m_process.start(tool, args);
        } else {
            m_process.start(wrapper.first(), wrapper.mid(1) + QStringList{tool} + args);
        }
    }

    // Waits for a line starting with prefix; returns it (empty on timeout or exit).
    QString waitForLine(const QString &prefix, int timeoutMs = 45'000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lines.append(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (deadline.hasExpired() ||
                (m_process.state() == QProcess::NotRunning && !m_process.canReadLine())) {
                return {};
            }
            m_process.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
        }
    }

    // Runs to the end and returns the "result …" line.
    QString result() { return waitForLine(QStringLiteral("result ")); }

    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill(); // SIGKILL
            m_process.waitForFinished(5000);
        }
    }

    QStringList lines() const { return m_lines; }

    // "result ok people=3 pending=0 …" → value of key.
    static qint64 field(const QString &resultLine, const QString &key)
    {
        const QRegularExpression re(QStringLiteral("\\b%1=(\\d+)").arg(key));
        return re.match(resultLine).captured(1).toLongLong();
    }

private:
    QProcess m_process;
    QStringList m_lines;
};

} // namespace FirstStop::Test
