#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace FirstStop {

// The screen turned to the resident at the end of an interaction: "How did we do today?", five
// large answers (keys 1–5 or a click), an optional comment, and nothing about anyone. Escape (or
// "No thanks") leaves it unanswered. The clerk's window comes back after either.
class SatisfactionScreen final : public QWidget
{
    Q_OBJECT

public:
    explicit SatisfactionScreen(QWidget *parent = nullptr);

    // Clears the last answer and puts the focus on the answers.
    void start();

Q_SIGNALS:
    // rating 1 (very poor) … 5 (very good)
    void rated(int rating, const QString &comment);
    void declined();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void answer(int rating);

    QList<QPushButton *> m_answers;
    QLineEdit *m_comment;
};

} // namespace FirstStop
