#include "ui/PersonSummary.h"

#include "models/PersonListModel.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace FirstStop {

PersonSummary::PersonSummary(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("personSummary"));
    setAccessibleName(tr("Person"));
    m_heading->setObjectName(QStringLiteral("personHeadingLabel"));
    m_heading->setTextFormat(Qt::PlainText);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setObjectName(QStringLiteral("personDetailsLabel"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *edit = new QPushButton(tr("&Edit details"), this);
    edit->setObjectName(QStringLiteral("editPersonPushButton"));
    edit->setAccessibleName(tr("Edit this person's details"));
    connect(edit, &QPushButton::clicked, this, [this] { Q_EMIT editRequested(m_person); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_details, 1);
    layout->addWidget(edit, 0, Qt::AlignLeft);
}

void PersonSummary::setPerson(const Person &person)
{
    m_person = person;
    m_heading->setText(person.displayName());
    const auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(),
                 value.isEmpty() ? QStringLiteral("—")
                                 : value.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    };
    QString html = QStringLiteral("<table>");
    html += row(tr("Given name"), person.givenName);
    html += row(tr("Family name"), person.familyName);
    if (!person.preferredName.isEmpty()) {
        html += row(tr("Known as"), person.preferredName);
    }
    html += row(tr("Date of birth"), formatDateOfBirth(person.dateOfBirth, QDate::currentDate()));
    html += row(tr("Address"), person.address);
    html += row(tr("Postcode"), person.postcode);
    html += row(tr("Phone"), person.phone);
    html += row(tr("E-mail"), person.email);
    html += row(tr("Reference"), person.reference);
    html += row(tr("Record"), person.version > 0
                                  ? tr("On the central service")
                                  : tr("Saved on this desk; not yet on the central service"));
    html += QStringLiteral("</table>");
    m_details->setText(html);
    setAccessibleDescription(person.displayName());
}

} // namespace FirstStop
