#include "ui/PersonEditor.h"

#include "models/PersonListModel.h"
#include "models/Validation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTableView>
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
    , m_previousNames(addText(QStringLiteral("previousNamesPlainTextEdit"),
                              tr("Previous names, one a line"), 2))
    , m_contactChannel(new QComboBox(this))
    , m_okToText(addCheck(QStringLiteral("okToTextCheckBox"), tr("&Texts")))
    , m_okToEmail(addCheck(QStringLiteral("okToEmailCheckBox"), tr("E-&mails")))
    , m_okToPost(addCheck(QStringLiteral("okToPostCheckBox"), tr("&Letters")))
    , m_language(addLine(QStringLiteral("languageLineEdit"), tr("Preferred language")))
    , m_interpreter(addCheck(QStringLiteral("interpreterCheckBox"), tr("&Interpreter needed")))
    , m_accessibilityNotes(addText(QStringLiteral("accessibilityNotesPlainTextEdit"),
                                   tr("Other accessibility needs"), 2))
    , m_message(new QLabel(this))
    , m_duplicatesPanel(new QWidget(this))
    , m_duplicatesLabel(new QLabel(m_duplicatesPanel))
    , m_duplicates(new QTableView(m_duplicatesPanel))
    , m_duplicateModel(new PersonListModel(this))
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

    // Likely matches: already on record? The clerk takes one or says this is someone new.
    m_duplicatesPanel->setObjectName(QStringLiteral("duplicatesPanel"));
    m_duplicatesPanel->setAccessibleName(tr("People who may already be on record"));
    m_duplicatesLabel->setObjectName(QStringLiteral("duplicatesLabel"));
    m_duplicatesLabel->setWordWrap(true);
    m_duplicatesLabel->setTextFormat(Qt::PlainText);
    m_duplicates->setObjectName(QStringLiteral("duplicatesTableView"));
    m_duplicates->setAccessibleName(tr("Possible matches already on record"));
    m_duplicates->setModel(m_duplicateModel);
    m_duplicates->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_duplicates->setSelectionMode(QAbstractItemView::SingleSelection);
    m_duplicates->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_duplicates->setTabKeyNavigation(false);
    m_duplicates->setWordWrap(false);
    m_duplicates->verticalHeader()->hide();
    m_duplicates->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_duplicates->horizontalHeader()->setStretchLastSection(true);
    m_duplicates->setColumnHidden(PersonListModel::AddressColumn, true);
    m_duplicates->setColumnHidden(PersonListModel::ReferenceColumn, true);
    connect(m_duplicates, &QTableView::activated, this, &PersonEditor::openSelectedDuplicate);
    auto *openExisting = new QPushButton(tr("Open the selected &record"), m_duplicatesPanel);
    openExisting->setObjectName(QStringLiteral("openDuplicatePushButton"));
    openExisting->setAccessibleName(tr("Open the selected person instead of saving a new one"));
    connect(openExisting, &QPushButton::clicked, this, &PersonEditor::openSelectedDuplicate);
    auto *confirmNew = new QPushButton(tr("This is a &new person"), m_duplicatesPanel);
    confirmNew->setObjectName(QStringLiteral("confirmNewPersonPushButton"));
    confirmNew->setAccessibleName(tr("None of these: save as a new person"));
    connect(confirmNew, &QPushButton::clicked, this, &PersonEditor::confirmNew);
    auto *choice = new QHBoxLayout;
    choice->addWidget(openExisting);
    choice->addWidget(confirmNew);
    choice->addStretch(1);
    auto *panelLayout = new QVBoxLayout(m_duplicatesPanel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    panelLayout->addWidget(m_duplicatesLabel);
    panelLayout->addWidget(m_duplicates, 1);
    panelLayout->addLayout(choice);
    m_duplicatesPanel->hide();

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

    m_contactChannel->setObjectName(QStringLiteral("contactChannelComboBox"));
    m_contactChannel->setAccessibleName(tr("Preferred way to contact them"));
    for (const QString &channel : Person::contactChannels()) {
        m_contactChannel->addItem(Person::contactChannelLabel(channel), channel);
    }
    m_language->setPlaceholderText(tr("e.g. Polish, Cymraeg, BSL"));
    auto *agreed = new QWidget(this);
    auto *agreedLayout = new QHBoxLayout(agreed);
    agreedLayout->setContentsMargins(0, 0, 0, 0);
    agreedLayout->addWidget(m_okToText);
    agreedLayout->addWidget(m_okToEmail);
    agreedLayout->addWidget(m_okToPost);
    agreedLayout->addStretch(1);
    auto *needs = new QWidget(this);
    auto *needsLayout = new QGridLayout(needs);
    needsLayout->setContentsMargins(0, 0, 0, 0);
    for (const QString &flag : Person::accessibilityFlagNames()) {
        QCheckBox *box =
            addCheck(flag + QStringLiteral("CheckBox"), Person::accessibilityFlagLabel(flag));
        box->setProperty("flag", flag);
        // One a row: two columns of these labels do not fit the pane beside the results.
        needsLayout->addWidget(box, static_cast<int>(m_flags.size()), 0);
        m_flags.append(box);
    }

    auto *form = new QFormLayout;
    form->addRow(tr("&Given name:"), m_given);
    form->addRow(tr("&Family name:"), m_family);
    form->addRow(tr("&Known as:"), m_preferred);
    form->addRow(tr("&Date of birth:"), m_dateOfBirth);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("P&ostcode:"), m_postcode);
    form->addRow(tr("P&hone:"), m_phone);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("Pre&vious names:"), m_previousNames);
    form->addRow(tr("&Contact by:"), m_contactChannel);
    form->addRow(tr("Agreed to:"), agreed);
    form->addRow(tr("Lang&uage:"), m_language);
    form->addRow(QString(), m_interpreter);
    form->addRow(tr("Adjustments:"), needs);
    form->addRow(tr("Other needs:"), m_accessibilityNotes);
    // The details scroll when the pane is short; the buttons and the likely matches stay put.
    auto *fields = new QWidget(this);
    fields->setObjectName(QStringLiteral("personFieldsWidget"));
    fields->setLayout(form);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("personFieldsScrollArea"));
    scroll->setAccessibleName(tr("Person details"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(fields);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(scroll, 2);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    layout->addWidget(m_duplicatesPanel, 1);
    layout->addStretch(0);
}

QCheckBox *PersonEditor::addCheck(const QString &objectName, const QString &text)
{
    auto *box = new QCheckBox(text, this);
    box->setObjectName(objectName);
    box->setAccessibleName(QString(text).remove(u'&'));
    return box;
}

QPlainTextEdit *PersonEditor::addText(const QString &objectName, const QString &accessibleName,
                                      int lines)
{
    auto *text = new QPlainTextEdit(this);
    text->setObjectName(objectName);
    text->setAccessibleName(accessibleName);
    text->setTabChangesFocus(true);
    text->setFixedHeight(text->fontMetrics().lineSpacing() * (lines + 1) + 6);
    return text;
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
    m_previousNames->setPlainText(person.previousNames.join(u'\n'));
    m_contactChannel->setCurrentIndex(
        std::max(0, m_contactChannel->findData(person.contactChannel)));
    m_okToText->setChecked(person.okToText);
    m_okToEmail->setChecked(person.okToEmail);
    m_okToPost->setChecked(person.okToPost);
    m_language->setText(person.preferredLanguage);
    m_interpreter->setChecked(person.interpreterNeeded);
    for (QCheckBox *box : std::as_const(m_flags)) {
        box->setChecked(person.accessibilityFlags.contains(box->property("flag").toString()));
    }
    m_accessibilityNotes->setPlainText(person.accessibilityNotes);
    m_message->hide();
    m_checking.reset();
    hideDuplicates();
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

std::optional<Person> PersonEditor::collect()
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
    p.previousNames.clear();
    for (const QString &line : m_previousNames->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty() && !p.previousNames.contains(line.trimmed())) {
            p.previousNames.append(line.trimmed());
        }
    }
    p.contactChannel = m_contactChannel->currentData().toString();
    p.okToText = m_okToText->isChecked();
    p.okToEmail = m_okToEmail->isChecked();
    p.okToPost = m_okToPost->isChecked();
    p.preferredLanguage = m_language->text().trimmed();
    p.interpreterNeeded = m_interpreter->isChecked();
    // Flags the editor does not offer (added elsewhere) are kept as they were.
    for (QCheckBox *box : std::as_const(m_flags)) {
        const QString flag = box->property("flag").toString();
        if (box->isChecked() && !p.accessibilityFlags.contains(flag)) {
            p.accessibilityFlags.append(flag);
        } else if (!box->isChecked()) {
            p.accessibilityFlags.removeAll(flag);
        }
    }
    p.accessibilityNotes = m_accessibilityNotes->toPlainText().trimmed();
    if (p.givenName.isEmpty() && p.familyName.isEmpty()) {
        showError(tr("Enter a given name or a family name."));
        m_given->setFocus();
        return std::nullopt;
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
            return std::nullopt;
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
            return std::nullopt;
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
        return std::nullopt;
    }
    if (!p.email.isEmpty() && !Validation::isPlausibleEmail(p.email)) {
        showError(tr("“%1” does not look like an e-mail address.").arg(p.email));
        m_email->setFocus();
        m_email->selectAll();
        return std::nullopt;
    }
    if (const QString problem = p.contactProblem(); !problem.isEmpty()) {
        showError(problem);
        m_contactChannel->setFocus();
        return std::nullopt;
    }
    return p;
}

bool PersonEditor::isNewPerson() const
{
    return m_original.version == 0 && m_original.reference.isEmpty();
}

void PersonEditor::submit()
{
    const std::optional<Person> p = collect();
    if (!p) {
        return;
    }
    if (!isNewPerson()) {
        save(*p);
        return;
    }
    // A new person: look for them on record first (on the search thread).
    hideDuplicates();
    m_message->setText(tr("Checking whether this person is already on record…"));
    m_message->show();
    setSaving(true);
    m_checking = *p;
    Q_EMIT duplicateCheckRequested(*p);
}

void PersonEditor::save(const Person &p)
{
    m_message->hide();
    setSaving(true);
    m_submitted = p;
    Q_EMIT saveRequested(p);
}

void PersonEditor::showDuplicates(const Person &candidate, const QList<PersonMatch> &matches)
{
    if (!m_checking || !(*m_checking == candidate)) {
        return; // an answer for details that have since changed, or for another editor session
    }
    m_checking.reset();
    if (matches.isEmpty()) {
        save(candidate);
        return;
    }
    setSaving(false);
    m_message->hide();
    m_checked = candidate;
    m_duplicateModel->setMatches(matches);
    m_duplicatesLabel->setText(
        matches.size() == 1
            ? tr("This may be someone already on record. Enter opens them instead; Alt+N saves "
                 "a new person.")
            : tr("These %1 people may already be on record. Choose one and press Enter to open "
                 "them instead; Alt+N saves a new person.")
                  .arg(matches.size()));
    m_duplicatesPanel->show();
    m_duplicates->setFocus();
    m_duplicates->selectRow(0);
}

void PersonEditor::hideDuplicates()
{
    m_checked.reset();
    m_duplicateModel->setMatches({});
    m_duplicatesPanel->hide();
}

void PersonEditor::confirmNew()
{
    const std::optional<Person> p = collect();
    if (!p) {
        return;
    }
    if (m_checked && *m_checked == *p) {
        hideDuplicates();
        save(*p);
        return;
    }
    submit(); // the details changed since they were checked: check again
}

void PersonEditor::openSelectedDuplicate()
{
    const int row = m_duplicates->currentIndex().isValid() ? m_duplicates->currentIndex().row() : 0;
    const PersonMatch *match = m_duplicateModel->matchAt(row);
    if (!match) {
        return;
    }
    const Person existing = match->person;
    hideDuplicates();
    Q_EMIT openExistingRequested(existing);
}

} // namespace FirstStop
