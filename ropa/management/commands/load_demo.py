"""Load the demo register (the Mysterium VPN privacy notice as records); safe to run again."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ropa.demo import load_demo
from ropa.demo.data import ORGANISATION


class Command(BaseCommand):
    help = (
        "Load the demo register built from the Mysterium VPN privacy notice (v2.0, 10 Nov 2023). "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username the change is attributed to in the history.")

    def handle(self, *args, user: str | None = None, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user named {user!r}.") from exc
        try:
            summary = load_demo(user=actor)
        except ValidationError as exc:
            raise CommandError(f"The demo data is invalid, nothing was written: {exc}") from exc
        self.stdout.write(f"Demo register for {ORGANISATION['name']} ({ORGANISATION['trade_name']}):")
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        if summary.changed:
            self.stdout.write(self.style.SUCCESS("Demo register loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo register already up to date: nothing changed."))
