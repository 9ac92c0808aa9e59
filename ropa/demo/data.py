"""The content of the demo register, as plain data.

Source: the Mysterium VPN privacy notice, version 2.0 of 10 November 2023 (a copy is in the project's
shared reference folder), plus the vendor research in docs/demo-sources.md. Where the notice is vague the
records say what it says and leave the gap visible (no DPO, no retention periods, no security measures, no
TIAs), so the register's checks have something real to find. Values use the catalogue keys of migration 0002.
"""

from __future__ import annotations

REASON = "Demo register loaded from the Mysterium VPN privacy notice (v2.0, 10 Nov 2023)"

ORGANISATION = {
    "name": 'UAB "MN Technologijos"',
    "trade_name": "Mysterium VPN",
    "registration_number": "304869871",
    "address": "Konstitucijos pr. 21A, LT-08130 Vilnius, Lithuania",
    "country": "LT",
    "email": "help@mysteriumvpn.com",
    "phone": "",
    "website": "https://www.mysteriumvpn.com/",
    # The notice names no data protection officer and says nothing of an Art. 37(1) assessment: a real gap,
    # left open on purpose (a VPN provider may well need one: regular and systematic monitoring of its users).
    "dpo_designation": "not_assessed",
    "dpo_not_required_reason": "",
    "dpo_name": "",
    "dpo_email": "",
    "dpo_phone": "",
    # Established in the EU (Lithuania): no Art. 27 representative is needed.
    "representative_name": "",
    "representative_contact": "",
    "lead_supervisory_authority": (
        "State Data Protection Inspectorate of the Republic of Lithuania (Valstybinė duomenų apsaugos inspekcija)"
    ),
    "headcount": None,
    "is_public_body": False,
}

# ----------------------------------------------------------------------------------------------------
# The twelve distinct third parties of notice §4 (it lists X Corp. and Typeform twice). Keyed by trade name.
# ----------------------------------------------------------------------------------------------------

GOOGLE_IRELAND = "Google Ireland Limited"
GOOGLE_ADDRESS = "Gordon House, Barrow Street, Dublin 4, Ireland"
GOOGLE_DPA = "Google Ads Data Processing Terms"

THIRD_PARTIES: list[dict] = [
    {
        "name": "Google Analytics",
        "legal_entity": GOOGLE_IRELAND,
        "country": "IE",
        "address": GOOGLE_ADDRESS,
        "processing_locations": ["IE", "US"],
        "default_role": "processor",
        "dpa_reference": GOOGLE_DPA,
        "dpf_certified": True,
        "privacy_policy_url": "https://policies.google.com/privacy",
        "opt_out_url": "https://tools.google.com/dlpage/gaoptout",
        "notes": (
            "The notice names no entity, only Google's privacy policy. An EEA customer contracts with "
            "Google Ireland Limited; Google classes Analytics as a processor service under the Google Ads "
            "Data Processing Terms. Google LLC (US), which receives the data onward, is certified under "
            "the EU-US Data Privacy Framework. If the Analytics 'data sharing' settings are on, Google "
            "acts as a controller for the shared data."
        ),
    },
    {
        "name": "Google Tag Manager",
        "legal_entity": GOOGLE_IRELAND,
        "country": "IE",
        "address": GOOGLE_ADDRESS,
        "processing_locations": ["IE", "US"],
        "default_role": "processor",
        "dpa_reference": GOOGLE_DPA,
        "dpf_certified": True,
        "privacy_policy_url": "https://policies.google.com/privacy",
        "opt_out_url": "",
        "notes": (
            "The notice names no entity, only Google's privacy policy. Contracting entity for EEA "
            "customers: Google Ireland Limited; Tag Manager is on Google's list of processor services. No "
            "opt-out of its own: the tags it loads are controlled through cookie consent."
        ),
    },
    {
        "name": "Microsoft Clarity",
        "legal_entity": "Microsoft Corporation",
        "country": "US",
        "address": "One Microsoft Way, Redmond, WA 98052, United States",
        "processing_locations": ["US"],
        "default_role": "independent_controller",
        "dpa_reference": "",
        "dpf_certified": False,
        "privacy_policy_url": "https://privacy.microsoft.com/privacystatement",
        "opt_out_url": "",
        "notes": (
            "The notice links only the Clarity terms, which are an agreement with Microsoft Corporation "
            "(or an affiliate); no EEA contracting entity was found. Role uncertain: the terms offer no "
            "Art. 28 DPA and Microsoft uses Clarity data for its own purposes, so it is recorded as an "
            "independent controller. DPF certification of Microsoft Corporation is likely but was not "
            "confirmed: check the DPF list. From 31 October 2025 Clarity expects a consent signal for "
            "EEA, UK and Swiss visitors."
        ),
    },
    {
        "name": "Facebook",
        "legal_entity": "Meta Platforms Ireland Limited",
        "country": "IE",
        "address": "Merrion Road, Dublin 4, D04 X2K5, Ireland",
        "processing_locations": ["IE", "US"],
        "default_role": "joint_controller",
        "dpa_reference": "",
        "dpf_certified": True,
        "privacy_policy_url": "https://www.facebook.com/privacy/policy/",
        "opt_out_url": "https://www.facebook.com/adpreferences",
        "notes": (
            "The notice says 'Facebook' with no entity and broken links. The advertiser contracts with "
            "Meta Platforms Ireland Limited under the Meta Business Tools Terms, which incorporate the "
            "Controller Addendum: joint controllers (Art. 26, CJEU C-40/17 Fashion ID) for collecting "
            "pixel data and sending it to Meta; Meta alone controls what it does afterwards. Mysterium "
            "makes no Chapter V transfer: Meta Ireland's onward transfer to Meta Platforms, Inc. (US) is "
            "its own and relies on the DPF (the DPF flag is for that US entity)."
        ),
    },
    {
        "name": "LinkedIn",
        "legal_entity": "LinkedIn Ireland Unlimited Company",
        "country": "IE",
        "address": "Wilton Place, Dublin 2, Ireland",
        "processing_locations": ["IE", "US"],
        "default_role": "independent_controller",
        "dpa_reference": "",
        "dpf_certified": False,
        "privacy_policy_url": "https://www.linkedin.com/legal/privacy-policy",
        "opt_out_url": "",
        "notes": (
            "The notice says 'Linkedin' with its links missing. EEA entity: LinkedIn Ireland Unlimited "
            "Company. Role conflict, said plainly: LinkedIn's Independent Controller Addendum (covering the "
            "Insight Tag, retargeting and conversion tracking) makes LinkedIn an independent controller, and "
            "the register records that; under Fashion ID (C-40/17) the collection step could be joint control. "
            "Mysterium makes no Chapter V transfer; LinkedIn Ireland's onward transfer to LinkedIn "
            "Corporation (US) is its own. DPF status not confirmed."
        ),
    },
    {
        "name": "Reddit",
        "legal_entity": "Reddit, Inc.",
        "country": "US",
        "address": "",
        "processing_locations": ["US"],
        "default_role": "joint_controller",
        "dpa_reference": "",
        "dpf_certified": False,
        "privacy_policy_url": "https://www.reddit.com/policies/privacy-policy",
        "opt_out_url": "",
        "notes": (
            "The notice says 'Reddit' with its links missing. No EU contracting entity and no Reddit "
            "advertiser data terms were found, so the counterparty is Reddit, Inc. (San Francisco). "
            "Recorded as joint controller for the pixel's collection by inference from CJEU C-40/17 Fashion "
            "ID, Reddit controlling the data afterwards: not confirmed by any Reddit document. DPF status not "
            "confirmed. Address not confirmed, left empty."
        ),
    },
    {
        "name": "X",
        "legal_entity": "Twitter International Unlimited Company",
        "country": "IE",
        "address": "One Cumberland Place, Fenian Street, Dublin 2, Ireland",
        "processing_locations": ["IE", "US"],
        "default_role": "independent_controller",
        "dpa_reference": "",
        "dpf_certified": False,
        "privacy_policy_url": "https://x.com/en/privacy",
        "aliases": "X Corp.\nTwitter",
        "opt_out_url": "",
        "notes": (
            "The notice names X Corp. (twice) and its privacy link is malformed. For advertisers outside "
            "the US the X Ads terms are with Twitter International Unlimited Company (Dublin), which X's "
            "privacy policy makes the controller for EEA users. X's controller-to-controller terms make "
            "each party an independent controller. Mysterium makes no Chapter V transfer; TIUC's onward "
            "transfer to X Corp. (US) is its own. Users restrict ads in their X account settings (Privacy "
            "and safety, Ads preferences)."
        ),
    },
    {
        "name": "Typeform",
        "legal_entity": "TYPEFORM S.L.",
        "country": "ES",
        "address": "Carrer Bac de Roda 163, 08018 Barcelona, Spain",
        "processing_locations": ["ES"],
        "default_role": "processor",
        "dpa_reference": "Typeform DPA",
        "dpf_certified": False,
        "privacy_policy_url": "https://www.typeform.com/privacy-policy/",
        "opt_out_url": "",
        "notes": (
            "The notice names TYPEFORM S. L. (twice); its link is Typeform's terms of use. Spanish "
            "company (CIF B65831836): no Chapter V transfer from Mysterium. Processor for survey "
            "responses (the usual role of a form tool, Typeform's DPA text not checked). Where Typeform "
            "hosts responses and which US sub-processors it uses was not confirmed: processing locations "
            "list Spain only until checked."
        ),
    },
    {
        "name": "Intercom",
        "legal_entity": "Intercom R&D Unlimited Company",
        "country": "IE",
        "address": "124 St Stephen's Green, Dublin 2, D02 C628, Ireland",
        "processing_locations": ["US", "IE"],
        "default_role": "processor",
        "dpa_reference": "Intercom DPA",
        "dpf_certified": False,
        "privacy_policy_url": "https://www.intercom.com/legal/privacy",
        "opt_out_url": "",
        "notes": (
            "The notice names Intercom, Inc., but Intercom's terms make Intercom R&D Unlimited Company "
            "(Ireland) the counterparty for customers outside certain US states, so a Lithuanian customer "
            "contracts with the Irish company. Intercom calls itself a processor of customer data. Data "
            "is hosted in the US by default (optional EU region in Dublin): an onward transfer by the "
            "processor. DPF status of Intercom, Inc. not confirmed."
        ),
    },
    {
        "name": "Mailchimp",
        "legal_entity": "The Rocket Science Group LLC",
        "country": "US",
        "address": "675 Ponce de Leon Ave NE, Suite 5000, Atlanta, GA 30308, United States",
        "processing_locations": ["US"],
        "default_role": "processor",
        "dpa_reference": "Mailchimp Data Processing Addendum",
        "dpf_certified": True,
        "privacy_policy_url": "https://mailchimp.com/legal/privacy/",
        "opt_out_url": "",
        "notes": (
            "Named correctly in the notice (The Rocket Science Group LLC, d/b/a Mailchimp, an Intuit "
            "company). Processor under the Mailchimp Data Processing Addendum, part of the standard "
            "terms. Covered by Intuit's DPF certification; the addendum falls back to SCCs. Recipients "
            "opt out through the unsubscribe link in every email."
        ),
    },
    {
        "name": "AppsFlyer",
        "legal_entity": "AppsFlyer Ltd.",
        "country": "IL",
        "address": "",
        "processing_locations": ["IL"],
        "default_role": "processor",
        "dpa_reference": "AppsFlyer DPA",
        "dpf_certified": False,
        "privacy_policy_url": "https://www.appsflyer.com/legal/privacy-policy/",
        "opt_out_url": "",
        "notes": (
            "The notice names no entity, only AppsFlyer's privacy policy. AppsFlyer Ltd. is established "
            "in Israel (registered address not confirmed). Processor for customers' attribution data "
            "under the AppsFlyer DPA (controller only for its own log and registration data). The "
            "transfer to Israel rests on adequacy decision 2011/61/EU; onward transfers to its cloud "
            "sub-processors fall under its DPA."
        ),
    },
    {
        "name": "Sentry",
        "legal_entity": "Functional Software, Inc.",
        "country": "US",
        "address": "45 Fremont Street, 8th Floor, San Francisco, CA 94105, United States",
        "processing_locations": ["US"],
        "default_role": "processor",
        "dpa_reference": "Sentry DPA",
        "dpf_certified": True,
        "privacy_policy_url": "https://sentry.io/privacy/",
        "opt_out_url": "",
        "notes": (
            "The notice names no entity, only Sentry's privacy policy. Functional Software, Inc. d/b/a "
            "Sentry, processor under the Sentry DPA (v5.1.0 of 29 May 2024). US hosting by default; an EU "
            "data region exists (whether Mysterium uses it is unknown). Self-certified under the EU-US "
            "DPF."
        ),
    },
]

# ----------------------------------------------------------------------------------------------------
# Shared wording taken from the notice.
# ----------------------------------------------------------------------------------------------------

RIGHTS = (
    "Notice §7 (EEA residents): access, rectification, erasure, restriction, objection, data portability "
    "and withdrawal of consent. Access, update and deletion are partly self-service in the account "
    "settings; otherwise write to help@mysteriumvpn.com. Identity may be verified before answering. "
    "Complaints go to a data protection authority."
)
FROM_SUBJECT = "The data subject."
AUTOMATIC = "Collected automatically from the data subject's device and browser."

KEEP_NECESSARY = "As long as necessary for the purposes of the notice (§3). No period stated."
KEEP_LEGAL = (
    "As long as necessary for the purposes of the notice, and as needed to comply with legal obligations "
    "(for example, applicable tax calculation), resolve disputes and enforce agreements (§3). No period "
    "stated."
)
# The notice speaks of users of the "Service"; that some use the Mysterium VPN apps is an inference from the
# apps offered on the website's Downloads page (linked from the notice's page header).
APP_USERS = " App users: an inference (the notice speaks of users of the Service; the website offers apps)."
UNTIL_WITHDRAWN = "Until consent is withdrawn through the unsubscribe link or a request (§1)."


def cat(key: str, note: str = KEEP_NECESSARY, **retention) -> dict:
    """A data category of an activity with its retention rule."""
    return {"data_category": key, "retention_note": note, **retention}


def basis(purpose: str, lawful_basis: str, **evidence) -> dict:
    return {"purpose": purpose, "basis": lawful_basis, **evidence}


def to(third_party: str, role: str, data_shared: str, purpose: str) -> dict:
    return {"third_party": third_party, "role": role, "data_shared": data_shared, "purpose": purpose}


def scc(third_party: str, safeguard: str, country: str = "US") -> dict:
    """A transfer on the Commission's standard contractual clauses; no TIA is known from the notice."""
    return {
        "third_party": third_party,
        "destination_country": country,
        "mechanism": "scc",
        "safeguard_reference": safeguard,
    }


# The notice describes no consent banner or consent record for cookies: a gap the checks should show.
CONSENT_COOKIES = ""

CONTRACT = "Terms and conditions of the Mysterium VPN service"

ANALYTICS_ONWARD = (
    "Google Ads Data Processing Terms: SCCs 2021/914 for Google Ireland's onward transfer to Google LLC "
    "(Module 3, processor to processor: module inferred); Google LLC is also DPF-certified"
)

# ----------------------------------------------------------------------------------------------------
# The processing activities the notice describes (§1, §4, §5), one entry each.
# ----------------------------------------------------------------------------------------------------

ACTIVITIES: list[dict] = [
    {
        "reference": "MVPN-01",
        "name": "Providing the VPN service and user accounts",
        "description": (
            "Running the VPN service and the user's account (notice §1(a)). The notice states that no record "
            "is kept of websites visited, IP addresses, traffic volume or nature, content or session "
            "duration, but that HTTPS requests to the service, data destinations and timestamps are "
            "processed." + APP_USERS
        ),
        "business_function": "VPN service operations",
        "systems": "VPN service and account backend (not named in the notice)",
        "data_source": FROM_SUBJECT + " Requests and timestamps are generated by the use of the service.",
        "recipients_statement": "Hosting and data storage providers (not named in the notice).",
        "purposes": ["service_provision", "account_management"],
        "data_subjects": ["customers", "app_users"],
        "data_categories": [cat("identity.name"), cat("contact.email"), cat("online.request_log")],
        "legal_bases": [
            basis("service_provision", "contract", law_reference=CONTRACT),
            basis("account_management", "contract", law_reference=CONTRACT),
        ],
    },
    {
        "reference": "MVPN-02",
        "name": "Payments",
        "description": (
            "Managing payments for the service (notice §1(b)): card issuer, partial card details, the "
            "cardholder's name, address and email, chargeback requests, cancelled orders and other "
            "information the payment processors request. Kept as long as needed for tax obligations (§3)."
        ),
        "business_function": "Finance and billing",
        "systems": "Payment processors' systems (not named in the notice)",
        "data_source": "The data subject, and the payment processors (chargebacks, cancelled orders).",
        "recipients_statement": (
            "Payment processors, debt collection companies and archiving service providers (notice §4; none named)."
        ),
        "purposes": ["payment_processing", "legal_compliance"],
        "data_subjects": ["customers"],
        "data_categories": [
            cat("financial.payment_card", KEEP_LEGAL),
            cat("identity.name", KEEP_LEGAL),
            cat("financial.billing_address", KEEP_LEGAL),
            cat("contact.email", KEEP_LEGAL),
            cat("financial.chargeback", KEEP_LEGAL),
            cat("financial.transaction", KEEP_LEGAL),
        ],
        "legal_bases": [
            basis("payment_processing", "contract", law_reference=CONTRACT),
            basis(
                "legal_compliance",
                "legal_obligation",
                law_reference="Tax law applicable to the sale (the notice says 'applicable tax "
                "calculation' and names no statute)",
            ),
        ],
    },
    {
        "reference": "MVPN-03",
        "name": "Security monitoring, performance, debugging and fraud detection",
        "description": (
            "Server logs with IP address, browser type, timestamp and request URI, used for security "
            "monitoring, performance optimisation, debugging, troubleshooting, fraud detection and other "
            "operational purposes (notice §1(c)). The notice claims the logs cannot be associated with a "
            "person and are typically aggregated or anonymised; IP addresses in raw logs are still personal "
            "data, so the activity is recorded." + APP_USERS
        ),
        "business_function": "Engineering and operations",
        "systems": "Server logs; Sentry (error monitoring)",
        "data_source": AUTOMATIC,
        "purposes": ["security_monitoring", "troubleshooting", "fraud_prevention"],
        "data_subjects": ["customers", "website_visitors", "app_users"],
        "data_categories": [cat("online.ip_address"), cat("online.browser"), cat("online.request_log")],
        "legal_bases": [
            basis(
                "security_monitoring",
                "legitimate_interests",
                legitimate_interest="Keeping the service and its users secure.",
            ),
            basis(
                "troubleshooting",
                "legitimate_interests",
                legitimate_interest="Keeping the service working: finding and fixing errors and slowness.",
            ),
            basis(
                "fraud_prevention",
                "legitimate_interests",
                legitimate_interest="Detecting and preventing fraudulent use of the service.",
            ),
        ],
        "recipients": [
            to(
                "Sentry",
                "processor",
                "Error reports with IP address, browser and request details.",
                "Error monitoring and debugging (that Sentry serves this activity is an inference from its product: "
                "the notice lists it without saying what for).",
            ),
        ],
        "transfers": [
            scc("Sentry", "Sentry DPA: SCCs 2021/914, Module 2 controller to processor (module inferred)"),
        ],
    },
    {
        "reference": "MVPN-04",
        "name": "Customer support and communication",
        "description": "Communicating with users and providing support (notice §1(d), §4 Intercom).",
        "business_function": "Customer support",
        "systems": "Intercom",
        "data_source": FROM_SUBJECT,
        "purposes": [
            "customer_support",
            {
                "purpose": "web_analytics",
                "details": "Intercom's analytics (notice §4: 'communication and analytics'); its basis, consent, is "
                "an inference: the notice ties none to it",
            },
        ],
        "data_subjects": ["support_requesters", "customers"],
        "data_categories": [cat("contact.email"), cat("communications.content")],
        "legal_bases": [
            basis("customer_support", "contract", law_reference=CONTRACT),
            basis(
                "customer_support",
                "legitimate_interests",
                legitimate_interest="Answering people who contact the company but are not (yet) customers.",
            ),
            # Inference: the notice ties no basis to Intercom's analytics; it runs on Intercom's Messenger
            # cookies, which need consent (ePrivacy Directive Art. 5(3)).
            basis("web_analytics", "consent"),
        ],
        "recipients": [
            to(
                "Intercom",
                "processor",
                "Email address and the content of messages.",
                "Support messaging and its analytics (notice §4: 'communication and analytics').",
            ),
        ],
        "transfers": [
            scc(
                "Intercom",
                "Intercom DPA: SCCs 2021/914 for the onward transfer to US hosting (Module 3, "
                "processor to processor: module inferred)",
            ),
        ],
    },
    {
        "reference": "MVPN-05",
        "name": "Newsletter and marketing e-mails",
        "description": (
            "Newsletters, marketing and promotional emails to people who consented (notice §1, the footer "
            "sign-up form); consent can be withdrawn through the unsubscribe link or by contacting the "
            "company."
        ),
        "business_function": "Marketing",
        "systems": "Mailchimp",
        "data_source": FROM_SUBJECT,
        "purposes": ["direct_marketing"],
        "data_subjects": ["newsletter_subscribers"],
        "data_categories": [
            cat(
                "contact.email",
                UNTIL_WITHDRAWN,
                retention_period=0,
                retention_unit="days",
                retention_event="consent_withdrawn",
            ),
        ],
        "legal_bases": [
            basis(
                "direct_marketing",
                "consent",
                consent_record="Sign-up checkbox in the website footer ('Check this box if you agree to "
                "receive infrequent emails & promotions'); withdrawal through the "
                "unsubscribe link in every email or by request.",
            ),
        ],
        "recipients": [
            to(
                "Mailchimp",
                "processor",
                "Email address.",
                "Sending newsletters and marketing messages (that Mailchimp serves this activity is an inference from "
                "its product: the notice lists it without saying what for).",
            ),
        ],
        "transfers": [
            scc(
                "Mailchimp",
                "Mailchimp Data Processing Addendum: SCCs 2021/914, Module 2 controller to "
                "processor (module inferred); Mailchimp is also DPF-certified",
            ),
        ],
    },
    {
        "reference": "MVPN-06",
        "name": "Cookies and analytics",
        "description": (
            "Cookies, tags, beacons and scripts that track activity on the service to analyse and improve it "
            "(notice §1 cookies; §4 Google Analytics, Google Tag Manager, Microsoft Clarity, AppsFlyer). "
            "Strictly necessary cookies are MVPN-11. That these four vendors serve this activity is an "
            "inference from their products: the notice lists them without saying what for. The notice "
            "describes no consent banner or consent record." + APP_USERS
        ),
        "business_function": "Marketing and product analytics",
        "systems": "Google Analytics, Google Tag Manager, Microsoft Clarity, AppsFlyer",
        "data_source": AUTOMATIC,
        "purposes": ["web_analytics"],
        "data_subjects": ["website_visitors", "app_users"],
        "data_categories": [
            cat("online.cookie_identifier"),
            cat("online.usage"),
            cat("online.browser"),
            cat("online.ip_address"),
        ],
        "legal_bases": [basis("web_analytics", "consent", consent_record=CONSENT_COOKIES)],
        "recipients": [
            to(
                "Google Analytics",
                "processor",
                "Cookie identifiers, usage data, device and browser data, IP address.",
                "Website analytics.",
            ),
            to(
                "Google Tag Manager", "processor", "Device and browser data, IP address.", "Loading the website's tags."
            ),
            to(
                "Microsoft Clarity",
                "independent_controller",
                "Cookie identifiers, usage data (clicks, scrolls, session replays), device and browser data, "
                "IP address.",
                "Behaviour analytics; Microsoft also uses the data for its own purposes.",
            ),
            to(
                "AppsFlyer",
                "processor",
                "Device identifiers, usage data, IP address.",
                "App install attribution and analytics.",
            ),
        ],
        "transfers": [
            scc("Google Analytics", ANALYTICS_ONWARD),
            scc("Google Tag Manager", ANALYTICS_ONWARD),
            scc(
                "Microsoft Clarity",
                "SCCs 2021/914, Module 1 controller to controller (module inferred "
                "from the role; no Clarity document names it)",
            ),
            # The Israel decision covers automated transfers only; an SDK sending attribution events is automated.
            {
                "third_party": "AppsFlyer",
                "destination_country": "IL",
                "mechanism": "adequacy",
                "adequacy_scope_confirmed": True,
                "safeguard_reference": "Commission Decision 2011/61/EU (Israel), as amended by (EU) 2016/2295; "
                "automated transfers by the AppsFlyer SDK",
            },
        ],
    },
    {
        "reference": "MVPN-07",
        "name": "Advertising and remarketing",
        "description": (
            "Advertising cookies and pixels serving ads relevant to the visitor's interests and measuring "
            "conversions (notice §1 'Advertising Cookies'; §4 Facebook, LinkedIn, Reddit, X)."
        ),
        "business_function": "Marketing",
        "systems": "Meta Pixel, LinkedIn Insight Tag, Reddit Pixel, X Pixel",
        "data_source": AUTOMATIC,
        "profiling": True,
        "automated_decision_details": (
            "Interest-based advertising: the platforms combine pixel events from the website with what they "
            "know about their users to choose which ads to show them and to measure conversions. No decision "
            "with legal or similarly significant effects is taken."
        ),
        "dpia_screening": ["wp248_1", "wp248_3"],
        "dpia_status": "required",
        "purposes": ["advertising"],
        "data_subjects": ["website_visitors"],
        "data_categories": [cat("online.cookie_identifier"), cat("marketing.ad_interaction")],
        "legal_bases": [basis("advertising", "consent", consent_record=CONSENT_COOKIES)],
        "recipients": [
            {
                **to(
                    "Facebook",
                    "joint_controller",
                    "Pixel events: cookie identifiers, pages visited, conversions.",
                    "Interest-based ads and conversion measurement (joint control of collection, Meta "
                    "Controller Addendum).",
                ),
                # Meta's Controller Addendum is the Art. 26 arrangement; the notice does not give its essence.
                "arrangement_reference": "Meta Controller Addendum, incorporated in the Meta Business Tools Terms",
            },
            to(
                "LinkedIn",
                "independent_controller",
                "Insight Tag events: cookie identifiers, pages visited, conversions.",
                "Retargeting and conversion tracking. LinkedIn's Independent Controller Addendum makes LinkedIn "
                "an independent controller of Insight Tag data; Fashion ID (C-40/17) would make the collection "
                "joint: the register follows LinkedIn's terms and says so.",
            ),
            to(
                "Reddit",
                "joint_controller",
                "Pixel events: cookie identifiers, pages visited, conversions.",
                "Remarketing and conversion tracking. Joint control of the collection is an inference from "
                "Fashion ID (C-40/17): no Reddit advertiser data terms were found.",
            ),
            to(
                "X",
                "independent_controller",
                "Pixel events: cookie identifiers, pages visited, conversions.",
                "Interest-based ads and conversion tracking.",
            ),
        ],
        "transfers": [
            scc(
                "Reddit",
                "SCCs 2021/914, Module 1 controller to controller (module inferred; no Reddit "
                "advertiser data terms found)",
            ),
        ],
    },
    {
        "reference": "MVPN-08",
        "name": "Surveys",
        "description": "Conducting user surveys with Typeform (notice §4).",
        "business_function": "Product and user research",
        "systems": "Typeform",
        "data_source": FROM_SUBJECT,
        "purposes": [
            "user_research",
            {"purpose": "customer_support", "details": "Inviting users by email to take a survey (inference)"},
        ],
        "data_subjects": ["survey_respondents"],
        "data_categories": [cat("contact.email"), cat("communications.survey_response")],
        "legal_bases": [
            basis(
                "user_research",
                "consent",
                consent_record="Answering is voluntary: the respondent submits the Typeform survey (the "
                "notice describes no consent wording).",
            ),
            basis(
                "customer_support",
                "legitimate_interests",
                legitimate_interest="Inviting users to give feedback that improves the service.",
            ),
        ],
        "recipients": [
            to("Typeform", "processor", "Email address and survey answers.", "Hosting and running the surveys."),
        ],
    },
    {
        "reference": "MVPN-09",
        "name": "Legal compliance, claims and disclosures to authorities",
        "description": (
            "Disclosing personal data when believed in good faith to be necessary to comply with a legal "
            "obligation, protect the company's rights or property, prevent or investigate wrongdoing, "
            "protect users' or the public's safety, or protect against legal liability (notice §5); keeping "
            "data to resolve disputes and enforce agreements (§3)."
        ),
        "business_function": "Legal",
        "data_source": "Records of the other activities.",
        "recipients_statement": "Public authorities and courts on request; professional advisers.",
        "purposes": ["legal_compliance", "legal_claims"],
        "data_subjects": ["customers", "support_requesters"],
        "data_categories": [
            cat("identity.name", KEEP_LEGAL),
            cat("contact.email", KEEP_LEGAL),
            cat("financial.transaction", KEEP_LEGAL),
            cat("communications.content", KEEP_LEGAL),
        ],
        "legal_bases": [
            basis(
                "legal_compliance",
                "legal_obligation",
                law_reference="Legal obligations to disclose on lawful request (no law named in the notice)",
            ),
            basis(
                "legal_claims",
                "legitimate_interests",
                legitimate_interest="Protecting and defending the company's rights and property, "
                "preventing or investigating wrongdoing, protecting the safety of "
                "users and the public, and protecting the company against legal "
                "liability.",
            ),
        ],
    },
    {
        "reference": "MVPN-10",
        "name": "Corporate transactions",
        "description": (
            "Transferring personal data in a merger, acquisition or sale of assets, after notifying the "
            "people concerned (notice §5). A contingency the notice announces, not a processing that runs "
            "today: recorded as a draft."
        ),
        "status": "draft",
        "business_function": "Management",
        "data_source": "Records of the other activities.",
        "recipients_statement": "Prospective buyers and their advisers.",
        "purposes": ["corporate_transactions"],
        "data_subjects": ["customers", "newsletter_subscribers"],
        "data_categories": [cat("identity.name"), cat("contact.email"), cat("financial.transaction")],
        "legal_bases": [
            basis(
                "corporate_transactions",
                "legitimate_interests",
                legitimate_interest="Carrying out a merger, acquisition or sale of assets and letting the "
                "business continue under its new owner.",
            ),
        ],
    },
    {
        "reference": "MVPN-11",
        "name": "Strictly necessary cookies",
        "description": (
            "Session cookies that operate the service, preference cookies that remember the user's settings "
            "and security cookies (notice §1 'Examples of Cookies we use'). Set without consent where strictly "
            "necessary for the service the user asked for (ePrivacy Directive Art. 5(3), second sentence); "
            "treating preference cookies as such assumes they only keep settings the user chose (an "
            "inference: the notice does not say which preferences)."
        ),
        "business_function": "VPN service operations",
        "systems": "Website and account area (not named in the notice)",
        "data_source": AUTOMATIC,
        "purposes": [
            {"purpose": "service_provision", "details": "Session and preference cookies"},
            {"purpose": "security_monitoring", "details": "Security cookies"},
        ],
        "data_subjects": ["website_visitors", "customers"],
        "data_categories": [cat("online.cookie_identifier")],
        "legal_bases": [
            basis("service_provision", "contract", law_reference=CONTRACT),
            basis(
                "security_monitoring",
                "legitimate_interests",
                legitimate_interest="Keeping the service and its users' accounts secure.",
            ),
        ],
        "recipients_statement": "None: first-party cookies (the notice names no recipient).",
    },
]

# Fields every activity shares unless its entry says otherwise.
ACTIVITY_DEFAULTS = {
    "status": "active",
    "role": "controller",
    "description": "",
    "systems": "",
    "data_locations": "",
    "recipients_statement": "",
    "data_subject_rights": RIGHTS,
    "automated_decision_making": False,
    "profiling": False,
    "automated_decision_details": "",
    "art22_exception": "",
    "art22_safeguards": "",
    "dpia_screening": [],
    "dpia_status": "not_screened",
    "dpia_reference": "",
}

# The published notice the register was read from, loaded as the organisation's notice (a copy of the page as
# published, ships next to this module).
NOTICE = {
    "version_label": "2.0",
    "language": "en",
    "published_on": "2023-11-10",
    "url": "https://www.mysteriumvpn.com/privacy-policy-vpn",
    "format": "markdown",
    "file": "privacy-policy-mysterium-vpn.md",
}
