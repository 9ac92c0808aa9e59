"""Seed the catalogues with stable keys: data categories, data subjects, purposes, security measures and the
Commission's adequacy decisions, including those that ended. Each seeded row gets its history."""

import datetime as dt

from django.db import migrations

from ropa.seeding import seed

REASON = "Catalogue seeded by migration 0002"

O, S, C = "ordinary", "special", "criminal"

DATA_CATEGORIES = [
    # key, name, sensitivity
    ("identity", "Identity", O),
    ("identity.name", "Name", O),
    ("identity.date_of_birth", "Date of birth", O),
    ("identity.government_id", "Government identifier", O),
    ("identity.signature", "Signature", O),
    ("contact", "Contact details", O),
    ("contact.email", "Email address", O),
    ("contact.phone", "Telephone number", O),
    ("contact.postal_address", "Postal address", O),
    ("account", "Account", O),
    ("account.identifier", "Account identifier", O),
    ("account.credentials", "Login credentials", O),
    ("account.preferences", "Settings and preferences", O),
    ("financial", "Economic and financial", O),
    ("financial.payment_card", "Payment card details (partial)", O),
    ("financial.bank_account", "Bank account details", O),
    ("financial.transaction", "Transaction and order history", O),
    ("financial.chargeback", "Chargeback and dispute records", O),
    ("financial.billing_address", "Billing address", O),
    ("online", "Online identifiers and connection data", O),
    ("online.ip_address", "IP address", O),
    ("online.device_identifier", "Device or advertising identifier", O),
    ("online.cookie_identifier", "Cookie and tracker identifiers", O),
    ("online.browser", "Browser and device information", O),
    ("online.request_log", "Requests, destinations and timestamps", O),
    ("online.usage", "Usage and interaction data", O),
    ("online.location", "Approximate location", O),
    ("communications", "Communications", O),
    ("communications.content", "Content of messages", O),
    ("communications.survey_response", "Survey responses", O),
    ("marketing", "Marketing", O),
    ("marketing.preferences", "Marketing preferences and consents", O),
    ("marketing.ad_interaction", "Advertising interactions and conversions", O),
    ("professional", "Professional life", O),
    ("professional.employment", "Employment details", O),
    ("special", "Special categories (Art. 9)", S),
    ("special.racial_ethnic_origin", "Racial or ethnic origin", S),
    ("special.political_opinions", "Political opinions", S),
    ("special.religious_beliefs", "Religious or philosophical beliefs", S),
    ("special.trade_union", "Trade union membership", S),
    ("special.genetic", "Genetic data", S),
    ("special.biometric", "Biometric data for unique identification", S),
    ("special.health", "Health data", S),
    ("special.sex_life", "Sex life or sexual orientation", S),
    ("criminal", "Criminal convictions and offences (Art. 10)", C),
    ("criminal.convictions", "Criminal convictions and offences", C),
]

DATA_SUBJECTS = [
    ("customers", "Customers", False),
    ("website_visitors", "Website visitors", False),
    ("app_users", "App users", False),
    ("newsletter_subscribers", "Newsletter subscribers", False),
    ("prospects", "Prospective customers", False),
    ("support_requesters", "People contacting support", False),
    ("survey_respondents", "Survey respondents", False),
    ("supplier_contacts", "Supplier and partner contacts", False),
    ("employees", "Employees", True),
    ("job_applicants", "Job applicants", False),
    ("children", "Children", True),
    ("patients", "Patients", True),
]

PURPOSES = [
    ("service_provision", "Providing the service"),
    ("account_management", "Managing user accounts"),
    ("payment_processing", "Processing payments"),
    ("fraud_prevention", "Detecting and preventing fraud"),
    ("security_monitoring", "Security monitoring"),
    ("troubleshooting", "Debugging, troubleshooting and performance"),
    ("customer_support", "Communicating with users and providing support"),
    ("direct_marketing", "Direct marketing (newsletters and promotions)"),
    ("web_analytics", "Analytics and service improvement"),
    ("advertising", "Advertising and remarketing"),
    ("user_research", "Surveys and user research"),
    ("legal_compliance", "Complying with legal obligations (e.g. tax and accounting)"),
    ("legal_claims", "Establishing, exercising or defending legal claims"),
    ("corporate_transactions", "Mergers, acquisitions and sale of assets"),
    ("hr_management", "Personnel management"),
    ("recruitment", "Recruitment"),
]

SECURITY_MEASURES = [
    ("encryption_in_transit", "Encryption in transit (TLS)", "technical"),
    ("encryption_at_rest", "Encryption at rest", "technical"),
    ("access_control", "Role-based access control", "technical"),
    ("mfa", "Multi-factor authentication", "technical"),
    ("logging_monitoring", "Logging and monitoring of access", "technical"),
    ("pseudonymisation", "Pseudonymisation or aggregation", "technical"),
    ("backup", "Backups and recovery tests", "technical"),
    ("vulnerability_management", "Patching and vulnerability management", "technical"),
    ("network_security", "Network segregation and firewalls", "technical"),
    ("security_policy", "Information security policy", "organisational"),
    ("staff_training", "Staff data protection training", "organisational"),
    ("confidentiality", "Confidentiality undertakings", "organisational"),
    ("processor_due_diligence", "Processor due diligence and Art. 28 contracts", "organisational"),
    ("incident_response", "Incident and breach response procedure", "organisational"),
    ("access_review", "Periodic access reviews", "organisational"),
]

D = dt.date
ADEQUACY = [
    # key, name, country, international organisation, reference, from, ended, certification, scope
    ("ch", "Switzerland", "CH", "", "2000/518/EC", D(2000, 7, 26), None, False, ""),
    ("ca", "Canada", "CA", "", "2002/2/EC", D(2001, 12, 20), None, False,
     "Commercial organisations subject to PIPEDA only."),
    ("ar", "Argentina", "AR", "", "2003/490/EC", D(2003, 6, 30), None, False, ""),
    ("gg", "Guernsey", "GG", "", "2003/821/EC", D(2003, 11, 21), None, False, ""),
    ("im", "Isle of Man", "IM", "", "2004/411/EC", D(2004, 4, 28), None, False, ""),
    ("je", "Jersey", "JE", "", "2008/393/EC", D(2008, 5, 8), None, False, ""),
    ("fo", "Faroe Islands", "FO", "", "2010/146/EU", D(2010, 3, 5), None, False, ""),
    ("ad", "Andorra", "AD", "", "2010/625/EU", D(2010, 10, 19), None, False, ""),
    ("il", "Israel", "IL", "", "2011/61/EU", D(2011, 1, 31), None, False, ""),
    ("uy", "Uruguay", "UY", "", "2012/484/EU", D(2012, 8, 21), None, False, ""),
    ("nz", "New Zealand", "NZ", "", "2013/65/EU", D(2012, 12, 19), None, False, ""),
    ("jp", "Japan", "JP", "", "(EU) 2019/419", D(2019, 1, 23), None, False, "Private sector."),
    ("gb", "United Kingdom (2021)", "GB", "", "(EU) 2021/1772", D(2021, 6, 28), D(2025, 12, 27), False,
     "Four-year sunset, technically extended to 27 December 2025, then renewed."),
    ("gb_2025", "United Kingdom (renewal)", "GB", "", "Commission Implementing Decision of 19 December 2025",
     D(2025, 12, 27), None, False, "Renews (EU) 2021/1772 for six years, to 27 December 2031."),
    ("kr", "Republic of Korea", "KR", "", "(EU) 2022/254", D(2021, 12, 17), None, False, ""),
    ("us_safe_harbour", "United States — Safe Harbour", "US", "", "2000/520/EC", D(2000, 7, 26), D(2015, 10, 6),
     True, "Only self-certified organisations. Invalidated by the CJEU in C-362/14 (Schrems I)."),
    ("us_privacy_shield", "United States — Privacy Shield", "US", "", "(EU) 2016/1250", D(2016, 7, 12),
     D(2020, 7, 16), True, "Only certified organisations. Invalidated by the CJEU in C-311/18 (Schrems II)."),
    ("us_dpf", "United States — EU-US Data Privacy Framework", "US", "", "(EU) 2023/1795", D(2023, 7, 10), None,
     True, "Only organisations certified under the DPF."),
    ("epo", "European Patent Organisation", "", "European Patent Organisation",
     "Commission Implementing Decision of 15 July 2025", D(2025, 7, 15), None, False,
     "First adequacy decision for an international organisation."),
    ("br", "Brazil", "BR", "", "(EU) 2026/179", D(2026, 1, 26), None, False,
     "Public and private sectors; mutual adequacy announced 27 January 2026."),
]


def seed_catalogues(apps, schema_editor):
    categories = {}
    for key, name, sensitivity in DATA_CATEGORIES:
        parent = categories.get(key.rsplit(".", 1)[0]) if "." in key else None
        row = {"key": key, "name": name, "sensitivity": sensitivity, "parent": parent}
        categories.update(seed(apps, "DataCategory", [row], REASON))
    seed(apps, "DataSubjectCategory",
         [{"key": k, "name": n, "vulnerable": v} for k, n, v in DATA_SUBJECTS], REASON)
    seed(apps, "Purpose", [{"key": k, "name": n} for k, n in PURPOSES], REASON)
    seed(apps, "SecurityMeasure", [{"key": k, "name": n, "kind": kind} for k, n, kind in SECURITY_MEASURES], REASON)
    seed(apps, "AdequacyDecision", [
        {"key": k, "name": n, "country": c, "international_organisation": io, "reference": ref,
         "in_force_from": start, "ended_on": end, "requires_certification": cert, "scope_note": note}
        for k, n, c, io, ref, start, end, cert, note in ADEQUACY
    ], REASON)


class Migration(migrations.Migration):
    dependencies = [("ropa", "0001_initial")]

    operations = [migrations.RunPython(seed_catalogues, migrations.RunPython.noop)]
