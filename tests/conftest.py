import pytest
from django.contrib.auth.models import Group, User

from ropa.roles import AUDITOR, CONTRIBUTOR, DPO


def _user(username: str, role: str | None, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True,
                                    is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def dpo(db) -> User:
    return _user("dpo", DPO)


@pytest.fixture
def contributor(db) -> User:
    return _user("contributor", CONTRIBUTOR)


@pytest.fixture
def auditor(db) -> User:
    return _user("auditor", AUDITOR)


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client
