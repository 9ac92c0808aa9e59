"""One command from a fresh clone to a running register: migrate, load the demo, print a login, serve."""

import secrets

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand

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
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<12} user: {username:<12} password: {password}")
        self.stdout.write(f"Open http://{addrport}/admin/ (API at /api/v1/, docs at /api/docs/).")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
