"""One-line descriptions of the reminders issued on any case."""

from application.describe import Facts, day, describes


@describes("Agreement.ReminderIssued", "FoiRequest.ReminderIssued", "AidShipment.ReminderIssued")
def reminder_issued(f: Facts) -> str:
    """'Reminder foi overdue (overdue:2026-11-10): due 09.11.2026'."""
    what = str(f["what"]).replace("_", " ")
    return f"Reminder {what} ({f['key']}): due {day(f['due_on'])}"
