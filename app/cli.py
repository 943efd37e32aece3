"""Command-line tools: ``flask translate ...``, ``flask seed-demo``, ``flask backup`` and ``flask restore``."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import clock, demo, queue, tasks
from app.auth.services import create_user, find_user_by_email
from app.backups.archive import BackupError, restore_backup, write_backup
from app.extensions import db
from app.models import Role
from app.notifications.delivery import deliver_outbox
from config import BASE_DIR

TRANSLATIONS_DIR = BASE_DIR / "app" / "translations"
POT_FILE = BASE_DIR / "messages.pot"


def _pybabel(*args: str) -> None:
    """Run pybabel from this interpreter's environment; stop on failure."""
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(command, cwd=BASE_DIR).returncode != 0:
        raise click.ClickException("pybabel " + " ".join(args) + " failed")


def extract(pot_file: Path = POT_FILE) -> None:
    """Collect every marked string from app/ and templates/ into a .pot file."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "_plural_message:1,2", "--no-location", "--sort-output", "-o", str(pot_file), ".")


#: message ids are written in English, so the English catalogue is the ids themselves
SOURCE_LANGUAGE = "en"


def fill_source_language() -> int:
    """Give every empty entry of the English catalogue its own id as translation; returns how many."""
    path = TRANSLATIONS_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        empty = not any(message.string) if isinstance(message.string, tuple) else not message.string
        if message.id and empty:
            message.string = message.id  # a plural's (singular, plural) ids are its English forms
            filled += 1
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=76)
    return filled


def register(app: Flask) -> None:
    """Add this module's commands to the app's ``flask`` command."""
    app.cli.add_command(translate)
    app.cli.add_command(create_admin)
    app.cli.add_command(send_reminders)
    app.cli.add_command(send_notifications)
    app.cli.add_command(seed_demo)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(worker)


@click.group(cls=AppGroup)
def translate():
    """Translation catalogues: extract, update, compile, init."""


@translate.command("extract")
def translate_extract():
    """Write messages.pot from the source."""
    extract()


@translate.command("update")
def translate_update():
    """Extract, then merge new strings into every catalogue (edit the .po files next)."""
    extract()
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching", "--ignore-obsolete")
    POT_FILE.unlink()
    fill_source_language()


@translate.command("compile")
def translate_compile():
    """Compile the .po files into the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR))


@translate.command("init")
@click.argument("lang")
def translate_init(lang: str):
    """Start a catalogue for a new language."""
    extract()
    _pybabel("init", "-i", str(POT_FILE), "-d", str(TRANSLATIONS_DIR), "-l", lang)
    POT_FILE.unlink()


@click.command("create-admin")
@click.argument("email")
@click.option("--name", "full_name", prompt="Full name", help="The administrator's full name.")
@click.password_option(help="At least PASSWORD_MIN_LENGTH characters; prompted if omitted.")
@with_appcontext
def create_admin(email: str, full_name: str, password: str):
    """Create an administrator account (the first account of a real deployment)."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    if find_user_by_email(email) is not None:
        raise click.ClickException(f"{email} already has an account")
    if len(password) < min_length:
        raise click.ClickException(f"the password needs at least {min_length} characters")
    create_user(email=email, full_name=full_name, password=password, role=Role.ADMIN)
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@click.command("send-reminders")
@click.option("--today", "on", default=None, help="Pretend today is this date (YYYY-MM-DD).")
@with_appcontext
def send_reminders(on: str | None):
    """Send the deadline and contribution reminders due today (run daily from cron; safe to run again).
    Deadline reminders are committed before any e-mail goes out; e-mails the mail server could not take
    wait for the next run, and the command then exits with an error so cron reports it."""
    today = date.fromisoformat(on) if on else clock.today()
    recorded, sent, waiting = tasks.daily_reminders(today)
    click.echo(f"{recorded} reminder(s) recorded, {sent} e-mail(s) sent.")
    if waiting:
        raise click.ClickException(f"the mail server failed: {waiting} e-mail(s) wait for the next run")


@click.command("send-notifications")
@with_appcontext
def send_notifications():
    """Send the e-mails waiting in the notification outbox (the worker does it every five minutes; safe
    to run twice at once). E-mails the mail server could not take are tried again later; the command
    then exits with an error so cron reports it."""
    outbox = deliver_outbox()
    click.echo(f"Notifications: {outbox.sent} e-mail(s) sent, {outbox.waiting} waiting, {outbox.failed} given up.")
    if outbox.waiting:
        raise click.ClickException(f"the mail server failed: {outbox.waiting} e-mail(s) wait for the next run")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Tasks run at the same time (threads).")
@with_appcontext
def worker(workers: int):
    """Run the background worker: dossier renders, the daily reminders and the outboxes (Ctrl+C stops it)."""
    if queue.huey.immediate:
        raise click.ClickException("HUEY_IMMEDIATE is on (testing): tasks run inline, there is nothing to consume.")
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()


@click.command("seed-demo")
@click.option("--allow-production", is_flag=True,
              help="Load the demo into a production instance anyway (its accounts share a published password).")
@with_appcontext
def seed_demo(allow_production: bool):
    """Load the demo organizations, products and accounts (safe to run again)."""
    if current_app.config.get("PRODUCTION"):
        if not allow_production:
            raise click.ClickException(
                "Refused: this is a production instance and the demo accounts share a published password. "
                "Pass --allow-production only for a throwaway demonstration server.")
        click.echo("WARNING: loading demo accounts with a published password into a production instance.",
                   err=True)
    created = demo.seed()
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    click.echo(f"Demo accounts (password {demo.DEMO_PASSWORD}):")
    for account in demo.ACCOUNTS:
        click.echo(f"  {account.email:<28} {account.role.value}")


def _stop_on_backup_error(action, path: Path):
    """Run a backup action; its refusal becomes the command's error message and exit status 1."""
    try:
        return action(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path):
    """Write the database and the uploads into one archive with checksums (safe while the app runs)."""
    summary = _stop_on_backup_error(write_backup, path)
    click.echo(f"Backup written to {path}: {summary.database} database and {summary.files} file(s), "
               f"{summary.size_bytes} bytes.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore(path: Path):
    """Restore an archive written by `flask backup` into this instance, which must be empty."""
    summary = _stop_on_backup_error(restore_backup, path)
    click.echo(f"Restored {summary.database} database and {summary.files} file(s) from {path}. "
               "Run `flask db upgrade` if this version of the app is newer than the backup.")
