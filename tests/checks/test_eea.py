"""EU territory with an ISO code of its own is in the EU, so sending data there is not a transfer; overseas
countries and territories are not EU territory (Art. 349 and 355 TFEU)."""

import pytest
from django.core.exceptions import ValidationError

from ropa.choices import RecipientRole, TransferMechanism
from ropa.countries import is_eea
from ropa.models import Recipient, Transfer
from tests import factories as f

from .conftest import codes, findings

EU_TERRITORY_WITH_OWN_CODE = ["GF", "GP", "MQ", "RE", "YT", "MF", "AX"]  # outermost regions and Åland
NOT_EU_TERRITORY = ["GL", "NC", "PF", "BL", "PM", "AW", "SJ", "FO", "GB", "CH", "EL"]  # OCTs, others, EU's own "EL"


@pytest.mark.parametrize("code", [*EU_TERRITORY_WITH_OWN_CODE, "GR", "PT", "ES", "FI", "FR", "NO", "IS", "LI"])
def test_eu_and_eea_territory_is_in_the_eea(code):
    assert is_eea(code) and is_eea(code.lower())


@pytest.mark.parametrize("code", NOT_EU_TERRITORY)
def test_overseas_countries_and_territories_are_not(code):
    assert not is_eea(code)


@pytest.mark.django_db
def test_a_transfer_to_reunion_is_refused_as_no_transfer(act):
    vendor = f.third_party(country="RE")
    with pytest.raises(ValidationError) as error:
        f.save(Transfer(activity=act, third_party=vendor, destination_country="RE", mechanism=TransferMechanism.SCC))
    assert "is in the EEA" in str(error.value.message_dict["destination_country"])


@pytest.mark.django_db
def test_a_processor_in_an_outermost_region_needs_no_transfer_one_in_greenland_does(act, org):
    guadeloupe = f.third_party(country="GP", processing_locations=["GP"])
    f.save(Recipient(activity=act, third_party=guadeloupe, role=RecipientRole.PROCESSOR))
    assert "TRANSFER-NOT-RECORDED" not in codes(org.pk)
    greenland = f.third_party(country="GL", processing_locations=["GL"])
    f.save(Recipient(activity=act, third_party=greenland, role=RecipientRole.PROCESSOR))
    assert [x.third_party_id for x in findings(org.pk, "TRANSFER-NOT-RECORDED")] == [greenland.pk]
