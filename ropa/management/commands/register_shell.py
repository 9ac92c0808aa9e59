"""The Django shell, with every change made in it attributed to a user and a reason in the history."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.core.management.commands.shell import Command as ShellCommand

from ropa.history import change_context


class Command(ShellCommand):
    help = "Open a Python shell whose writes are recorded in the history with --user and --reason."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", required=True, help="Username the changes are attributed to.")
        parser.add_argument("--reason", required=True, help="Why these changes are made (kept in the history).")

    def handle(self, **options):
        username, reason = options.pop("user"), options.pop("reason").strip()
        if not reason:
            raise CommandError("--reason must say why the changes are made.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        with change_context(reason, user=user):
            return super().handle(**options)
