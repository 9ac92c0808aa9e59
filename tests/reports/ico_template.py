"""The UK ICO's controller template, kept as data: the header row of its sheet "Template", every column in order.

Source: ICO, "Documentation template for controllers" (XLSX), linked from the ICO's documentation guidance,
https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/accountability-and-governance/documentation/
(file: https://ico.org.uk/media2/migrated/2172937/gdpr-documentation-controller-template.xlsx). The labels were
read from a column-by-column transcription of that file (row 9, columns A to AD); the file itself could not be
opened from the build machine, so check it again when the ICO publishes a new template.
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
