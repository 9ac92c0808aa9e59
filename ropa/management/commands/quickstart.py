"""One command from a fresh clone to a running register: migrate, load the demo, print a login, serve."""

import secrets

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from ropa.demo.data import ORGANISATION
from ropa.history import change_context
from ropa.models import Membership, Organisation, clean_and_save
from ropa.roles import AUDITOR, CONTRIBUTOR, DPO

DEMO_USERS = (("dpo", DPO), ("contributor", CONTRIBUTOR), ("auditor", AUDITOR))


class Command(BaseCommand):
    help = "Migrate the database, load the demo register, create demo logins (printed) and run the server."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything but do not start the server.")

    def handle(self, *args, addrport: str, no_serve: bool, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Logins for this demo (passwords are new on every quickstart):"))
        for username, role in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            user.is_staff = True
            user.set_password(password)
            user.save()
            join_demo(user, role)
            self.stdout.write(f"  {role:<12} user: {username:<12} password: {password}")
        self.stdout.write(f"Open http://{addrport}/admin/ (API at /api/v1/, docs at /api/docs/).")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)


def join_demo(user: User, role: str) -> Membership:
    """Make `user` a member of the demo organisation with `role` (and nothing installation-wide), so the demo
    shows what a member sees: that organisation's register only (`ropa.access`)."""
    organisation = Organisation.objects.get(name=ORGANISATION["name"])
    with transaction.atomic(), change_context("Demo login", user=None):
        user.groups.clear()
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if membership is None:
            membership = Membership(user=user, organisation=organisation)
        if membership.role != role or membership.pk is None:
            membership.role = role
            clean_and_save(membership)
    return membership
