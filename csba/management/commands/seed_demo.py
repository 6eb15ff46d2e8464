"""`manage.py seed_demo [--seed N] [--size small|medium] [--if-empty]`."""

from django.conf import settings
from django.core.management.base import BaseCommand

from csba import clock
from csba.demo.builder import DEMO_PASSWORD, SIZES, seed_demo
from sellers.models import SellerAccount


class Command(BaseCommand):
    help = "Build the deterministic demo marketplace (running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when sellers already exist.")

    def handle(self, *args, seed: int, size: str, if_empty: bool, **options):
        if if_empty and SellerAccount.objects.exists():
            self.stdout.write("Demo data: the database already has sellers; nothing seeded.")
            return
        # The demo's tickets get their suggested answers and notifications while
        # seeding, in this process: no worker or broker is needed yet.
        from csba.celery import app

        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            report = seed_demo(seed=seed, size=size, now=clock.now())
        finally:
            app.conf.task_always_eager = eager
        self.stdout.write(f"Demo data (seed {seed}, {size}): {report.line()}")
        if settings.DEBUG:
            self.stdout.write(
                f"Demo users agent, agent2, agent_jp, operator, planner, seller, seller_de, seller_jp; password {DEMO_PASSWORD}"
            )
        else:
            self.stdout.write("DEBUG is off: no demo users were created.")
