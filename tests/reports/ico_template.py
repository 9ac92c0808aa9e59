"""The UK ICO's documentation templates, kept as data: the controller template's header row, every column in order,
and what the ICO says a processor must record.

Controller template: ICO, "Documentation template for controllers" (XLSX), offered under "Is there a template we can
use?" on the ICO's documentation guidance,
https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/accountability-and-governance/documentation/
(file: https://ico.org.uk/media2/migrated/2172937/gdpr-documentation-controller-template.xlsx).

What was verified, and how (2026-11-30, with the search tool's stored copies; the live web is out of reach):
- On the ICO's own pages: that the ICO publishes "some basic templates to help you document your processing
  activities", and that for special category and criminal offence data a UK record documents the Data Protection
  Act 2018 Schedule 1 condition, the lawful basis, and whether the data are retained and erased in accordance with
  the policy document (https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/accountability-and-
  governance/guide-to-accountability-and-governance/accountability-and-governance/documentation/): the content of
  the last five columns below.
- NOT verified against the ICO's file itself: the exact wording and order of the 30 headings. The XLSX is in none
  of the search tool's corpora. The list below is the one two independent transcriptions of that file agree on: a
  research note in a public repository that quotes sheet "Template", row 9, columns A to AD "verbatim and in order"
  (citing the file address above), and a public form whose field labels repeat the headings of columns 7 to 11 word
  for word. Check it against the file when it can be opened, and again when the ICO publishes a new template.

Processor template: the ICO's processor template file was not found in any corpus either, so ropa does not claim to
follow its headings. The processor sheet is labelled by Art. 30(2)(a)-(d) and covers each item of the ICO's own list
of what a processor must record (ICO_PROCESSOR_RECORD, below, from the ICO's processors checklist).
"""

ICO_CONTROLLER_TEMPLATE = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 Condition for processing",
    "GDPR Article 6 lawful basis for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering to policy document (if applicable)",
]
# ropa's own columns, after the template's so that a paste into the ICO sheet lines up.
ROPA_CONTROLLER_EXTRAS = [
    "Reference",
    "Processing activity",
    "Status",
    "Last reviewed",
    "Next review due",
    "Transfers with their mechanism and safeguards",
]

# What a processor must record, in the ICO's words ("You must record: …", step 1.1 of the ICO's processors checklist,
# https://ico.org.uk/for-organisations/advice-for-small-organisations/checklists/data-protection-self-assessment/
# processors-checklist/), each with where the XLSX processor sheet holds it: a line of its header block, or a column.
ICO_PROCESSOR_RECORD = {
    "the name and details of your business": ("heading", "Processor"),
    "each controller you are acting on behalf of": ("column", "Name and contact details of the controller"),
    "the controllers' representative (if relevant)": ("column", "Controller's representative"),
    "your representative": ("heading", "Art. 27 representative"),
    "the data protection officer": ("heading", "Data protection officer"),
    "categories of the processing carried out on behalf of each controller": (
        "column",
        "Categories of processing carried out on behalf of the controller",
    ),
    "details of transfers to third countries including documentation of the transfer mechanism safeguards in place, "
    "if applicable": ("column", "Transfers to third countries or international organisations, with safeguards"),
    "where possible, a general description of technical and organisational security measures": (
        "column",
        "General description of technical and organisational security measures",
    ),
}
