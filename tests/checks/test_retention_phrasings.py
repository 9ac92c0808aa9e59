"""The retention classifier on English phrasings, in one table: a statement is vague when it gives neither a
period nor the criteria that fix one (Art. 13(2)(a): "the criteria used to determine that period")."""

import pytest

from ropa.checks.retention import states_period_or_criteria

VAGUE, CLEAR = True, False

PHRASINGS = [
    # -- vague: necessity restated, no period, no criterion --------------------------------------------------
    ("As long as necessary", VAGUE),
    ("As long as necessary for the purposes described in this notice.", VAGUE),
    ("For as long as is necessary.", VAGUE),
    ("No longer than necessary.", VAGUE),
    ("No longer than is needed for the purposes for which it was collected.", VAGUE),
    ("Until no longer needed.", VAGUE),
    ("Indefinitely.", VAGUE),
    ("Kept indefinitely.", VAGUE),
    ("Permanently.", VAGUE),
    ("For as long as we need it.", VAGUE),
    ("As long as required by law.", VAGUE),
    ("As required by applicable law.", VAGUE),
    ("In accordance with our retention policy.", VAGUE),
    ("Retained as appropriate.", VAGUE),
    ("For a reasonable period.", VAGUE),
    ("For the period necessary to fulfil the purposes.", VAGUE),
    ("Data is kept for as long as it is relevant to the business.", VAGUE),
    ("Kept while it is useful.", VAGUE),
    ("As long as needed to comply with legal obligations, resolve disputes and enforce agreements.", VAGUE),
    ("Stored until it is no longer necessary for the purposes of processing.", VAGUE),
    ("Retained for the duration required by regulations.", VAGUE),
    ("We keep your data for as long as necessary to provide the service and as required by law.", VAGUE),
    ("As long as necessary to perform the contract.", VAGUE),
    ("Kept during the processing.", VAGUE),
    ("As long as necessary for the purposes of the notice (§3). No period stated.", VAGUE),
    # -- clear: a period, an ending event, or a named rule ----------------------------------------------------
    ("For as long as the subscription lasts; deleted within 30 days of unsubscribing.", CLEAR),
    ("2 years after the last purchase.", CLEAR),
    ("Deleted when the account is closed.", CLEAR),
    ("Until consent is withdrawn.", CLEAR),
    ("Until the subscriber unsubscribes.", CLEAR),
    ("For the duration of the contract, then 10 years under the Law on Accounting.", CLEAR),
    ("Until the end of the limitation period for claims under the contract.", CLEAR),
    ("Session cookie: deleted when the browser is closed.", CLEAR),
    ("Deleted once the repair is collected and paid.", CLEAR),
    ("As long as the customer account is active; deleted 90 days after closure.", CLEAR),
    ("Until the warranty expires.", CLEAR),
    ("For 13 months from collection.", CLEAR),
    ("Invoices: ten years after the end of the financial year.", CLEAR),
    ("Retained for the period set by the Tax Administration Act.", CLEAR),
    ("Until the case is closed, then archived for five years.", CLEAR),
    ("As long as necessary to handle the request, and no more than 12 months.", CLEAR),
    ("Returned or deleted at the end of the services agreement.", CLEAR),
    ("Until the employee leaves the company.", CLEAR),
    ("While the membership is active.", CLEAR),
    ("Deleted upon termination of the contract.", CLEAR),
    ("Kept until the user deletes the account.", CLEAR),
    ("Until the claim against the fraudsters is settled, then 5 years.", CLEAR),
    ("Kept as required by Article 19 of the Law on Accounting.", CLEAR),
]


def test_the_table_has_at_least_twenty_phrasings_each_way():
    assert sum(v for _, v in PHRASINGS) >= 20 and sum(not v for _, v in PHRASINGS) >= 20


@pytest.mark.parametrize("note, vague", PHRASINGS, ids=[p[0][:50] for p in PHRASINGS])
def test_retention_phrasing(note, vague):
    assert states_period_or_criteria(note) is not vague
