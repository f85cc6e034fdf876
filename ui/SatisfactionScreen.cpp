#include "ui/SatisfactionScreen.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace FirstStop {

SatisfactionScreen::SatisfactionScreen(QWidget *parent)
    : QWidget(parent)
    , m_comment(new QLineEdit(this))
{
    setObjectName(QStringLiteral("satisfactionScreen"));
    setAccessibleName(tr("How did we do today?"));

    auto *heading = new QLabel(tr("How did we do today?"), this);
    heading->setObjectName(QStringLiteral("satisfactionHeadingLabel"));
    QFont big = heading->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    heading->setFont(big);
    heading->setAlignment(Qt::AlignCenter);
    auto *hint = new QLabel(tr("Press a number from 1 to 5, or touch an answer. Your answer "
                               "helps us improve; it is not shared with anyone else."),
                            this);
    hint->setObjectName(QStringLiteral("satisfactionHintLabel"));
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);

    const QStringList words = {tr("Very poor"), tr("Poor"), tr("Fair"), tr("Good"),
                               tr("Very good")};
    auto *answers = new QHBoxLayout;
    QFont answerFont = font();
    answerFont.setPointSizeF(answerFont.pointSizeF() * 1.5);
    for (int i = 0; i < words.size(); ++i) {
        const int rating = i + 1;
        auto *button = new QPushButton(tr("%1\n%2").arg(rating).arg(words.at(i)), this);
        button->setObjectName(QStringLiteral("rating%1PushButton").arg(rating));
        button->setAccessibleName(tr("%1 out of 5: %2").arg(rating).arg(words.at(i)));
        button->setFont(answerFont);
        button->setMinimumSize(fontMetrics().averageCharWidth() * 18, fontMetrics().height() * 5);
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, [this, rating] { answer(rating); });
        answers->addWidget(button);
        m_answers.append(button);
    }

    m_comment->setObjectName(QStringLiteral("satisfactionCommentLineEdit"));
    m_comment->setAccessibleName(tr("Anything you would like to tell us (optional)"));
    m_comment->setPlaceholderText(
        tr("Anything you would like to tell us? (optional — type it before choosing)"));
    m_comment->setMaxLength(500);
    auto *decline = new QPushButton(tr("No thanks (Esc)"), this);
    decline->setObjectName(QStringLiteral("declineRatingPushButton"));
    decline->setAccessibleName(tr("Do not answer"));
    decline->setAutoDefault(false);
    connect(decline, &QPushButton::clicked, this, &SatisfactionScreen::declined);

    auto *column = new QVBoxLayout;
    column->addStretch(2);
    column->addWidget(heading);
    column->addWidget(hint);
    column->addSpacing(fontMetrics().height() * 2);
    column->addLayout(answers);
    column->addSpacing(fontMetrics().height());
    column->addWidget(m_comment);
    column->addWidget(decline, 0, Qt::AlignRight);
    column->addStretch(3);
    auto *layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 6);
    layout->addStretch(1);
}

void SatisfactionScreen::start()
{
    m_comment->clear();
    m_answers.at(2)->setFocus();
}

void SatisfactionScreen::keyPressEvent(QKeyEvent *event)
{
    // The digits answer unless the resident is typing a comment.
    if (!m_comment->hasFocus() && event->key() >= Qt::Key_1 && event->key() <= Qt::Key_5) {
        answer(event->key() - Qt::Key_0);
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT declined();
        return;
    }
    QWidget::keyPressEvent(event);
}

void SatisfactionScreen::answer(int rating)
{
    Q_EMIT rated(rating, m_comment->text().trimmed());
}

} // namespace FirstStop
