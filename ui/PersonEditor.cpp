#include "ui/PersonEditor.h"

#include "models/Validation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace FirstStop {

PersonEditor::PersonEditor(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_given(addLine(QStringLiteral("givenNameLineEdit"), tr("Given name")))
    , m_family(addLine(QStringLiteral("familyNameLineEdit"), tr("Family name")))
    , m_preferred(addLine(QStringLiteral("preferredNameLineEdit"), tr("Known as")))
    , m_dateOfBirth(addLine(QStringLiteral("dateOfBirthLineEdit"), tr("Date of birth")))
    , m_address(new QPlainTextEdit(this))
    , m_postcode(addLine(QStringLiteral("postcodeLineEdit"), tr("Postcode or Eircode")))
    , m_phone(addLine(QStringLiteral("phoneLineEdit"), tr("Phone")))
    , m_email(addLine(QStringLiteral("emailLineEdit"), tr("E-mail")))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("personEditor"));
    setAccessibleName(tr("Person details"));
    m_heading->setObjectName(QStringLiteral("editorHeadingLabel"));
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);

    m_dateOfBirth->setPlaceholderText(tr("e.g. 12/03/1985"));
    m_address->setObjectName(QStringLiteral("addressPlainTextEdit"));
    m_address->setAccessibleName(tr("Address"));
    m_address->setTabChangesFocus(true);
    m_address->setFixedHeight(m_address->fontMetrics().lineSpacing() * 4);

    m_message->setObjectName(QStringLiteral("editorMessageLabel"));
    m_message->setAccessibleName(tr("Message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    auto *buttons = new QDialogButtonBox(this);
    auto *save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("savePersonPushButton"));
    save->setAccessibleName(tr("Save person"));
    save->setToolTip(tr("Save (Ctrl+S)"));
    auto *cancel = buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    cancel->setObjectName(QStringLiteral("cancelPersonPushButton"));
    cancel->setAccessibleName(tr("Cancel editing"));
    m_buttons = buttons;
    connect(buttons, &QDialogButtonBox::accepted, this, &PersonEditor::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &PersonEditor::cancelled);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, &PersonEditor::submit);
    auto *cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    cancelShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelShortcut, &QShortcut::activated, this, &PersonEditor::cancelled);

    auto *form = new QFormLayout;
    form->addRow(tr("&Given name:"), m_given);
    form->addRow(tr("&Family name:"), m_family);
    form->addRow(tr("&Known as:"), m_preferred);
    form->addRow(tr("&Date of birth:"), m_dateOfBirth);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("P&ostcode:"), m_postcode);
    form->addRow(tr("P&hone:"), m_phone);
    form->addRow(tr("&E-mail:"), m_email);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    layout->addStretch(1);
}

QLineEdit *PersonEditor::addLine(const QString &objectName, const QString &accessibleName)
{
    auto *line = new QLineEdit(this);
    line->setObjectName(objectName);
    line->setAccessibleName(accessibleName);
    line->setMaxLength(200);
    return line;
}

void PersonEditor::edit(const Person &person)
{
    m_original = person;
    m_heading->setText(person.version == 0 && person.reference.isEmpty()
                           ? tr("New person")
                           : tr("Correct details: %1").arg(person.displayName()));
    m_given->setText(person.givenName);
    m_family->setText(person.familyName);
    m_preferred->setText(person.preferredName);
    m_dateOfBirth->setText(person.dateOfBirth.isValid()
                               ? person.dateOfBirth.toString(QStringLiteral("dd/MM/yyyy"))
                               : QString());
    m_address->setPlainText(person.address);
    m_postcode->setText(person.postcode);
    m_phone->setText(person.phone);
    m_email->setText(person.email);
    m_message->hide();
    setSaving(false);
    m_given->setFocus();
}

void PersonEditor::showError(const QString &message)
{
    setSaving(false);
    m_message->setText(message);
    m_message->show();
}

void PersonEditor::setSaving(bool saving)
{
    m_buttons->setEnabled(!saving);
}

void PersonEditor::submit()
{
    Person p = m_original;
    // Names are kept exactly as given (only outer spaces trimmed): never split or reassembled.
    p.givenName = m_given->text().trimmed();
    p.familyName = m_family->text().trimmed();
    p.preferredName = m_preferred->text().trimmed();
    p.address = m_address->toPlainText().trimmed();
    p.postcode = m_postcode->text().simplified();
    p.phone = m_phone->text().simplified();
    p.email = m_email->text().trimmed();
    if (p.givenName.isEmpty() && p.familyName.isEmpty()) {
        showError(tr("Enter a given name or a family name."));
        m_given->setFocus();
        return;
    }
    const QString dob = m_dateOfBirth->text().trimmed();
    if (dob.isEmpty()) {
        p.dateOfBirth = QDate();
    } else {
        p.dateOfBirth = parseDateOfBirth(dob, QDate::currentDate());
        if (!p.dateOfBirth.isValid()) {
            showError(tr("“%1” is not a date of birth this desk can use. Type it as day, month "
                         "and year, e.g. 12/03/1985.")
                          .arg(dob));
            m_dateOfBirth->setFocus();
            m_dateOfBirth->selectAll();
            return;
        }
    }
    if (!p.postcode.isEmpty()) {
        const Validation::PostcodeCheck postcode = Validation::checkPostcode(p.postcode);
        if (postcode.kind == Validation::PostcodeKind::Invalid) {
            showError(tr("“%1” is not a full UK postcode (e.g. CF10 1AB) or Eircode (e.g. D02 "
                         "X285). Check it with the resident, or leave it empty.")
                          .arg(p.postcode));
            m_postcode->setFocus();
            m_postcode->selectAll();
            return;
        }
        p.postcode = postcode.normalised;
        m_postcode->setText(p.postcode);
    }
    if (!p.phone.isEmpty() && !Validation::checkPhone(p.phone).ok) {
        showError(tr("“%1” is not a UK or Irish phone number this desk can use. Include the area "
                     "code, e.g. 029 2087 1234 or +353 87 123 4567.")
                      .arg(p.phone));
        m_phone->setFocus();
        m_phone->selectAll();
        return;
    }
    if (!p.email.isEmpty() && !Validation::isPlausibleEmail(p.email)) {
        showError(tr("“%1” does not look like an e-mail address.").arg(p.email));
        m_email->setFocus();
        m_email->selectAll();
        return;
    }
    m_message->hide();
    setSaving(true);
    m_submitted = p;
    Q_EMIT saveRequested(p);
}

} // namespace FirstStop
