from chalice import Blueprint, Cron, Rate

from chalicelib import clock
from chalicelib.daily import job
from chalicelib.mail import get_mailer
from chalicelib.storage import get_store

bp = Blueprint(__name__)


# The name stays "daily_reminders": the stack and the stage configuration know the function by it.
@bp.schedule(Cron(0, 15, "*", "*", "?", "*"), name="daily_reminders")
def daily_reminders(event: object) -> dict:
    """Every day at 15:00 UTC."""
    done = job.run(get_store(), get_mailer(), clock.now())
    return {"reminders": done.reminders, "purged": done.purged}


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="every_five_minutes")
def every_five_minutes(event: object) -> dict:
    """Ends unanswered waiting-list offers and offers free seats to the people waiting."""
    return job.run_often(get_store(), get_mailer(), clock.now())
