"""One-line descriptions of the reminders issued on any case."""

from domain.describe import Facts, Line, day, describes, label

WHAT_UK = {
    "agreement_expiry_window": "наближається закінчення строку дії угоди",
    "agreement_notice_deadline": "спливає строк повідомлення про непродовження угоди",
    "agreement_expired": "строк дії угоди закінчився",
    "agreement_auto_renewed": "угоду продовжено автоматично",
    "foi_third_working_day": "третій робочий день: вирішити щодо продовження чи передачі запиту",
    "foi_day_before_due": "завтра спливає строк відповіді на запит",
    "foi_due": "сьогодні спливає строк відповіді на запит",
    "foi_overdue": "строк відповіді на запит минув",
    "foi_urgent_24h": "минуло 24 години розгляду термінового запиту",
    "foi_urgent_40h": "минуло 40 годин розгляду термінового запиту",
    "shipment_report_window": "наближається строк звіту про гуманітарну допомогу",
    "shipment_report_overdue": "строк звіту про гуманітарну допомогу минув",
    "shipment_arrival_late": "вантаж не надійшов в очікуваний день",
    "engagement_follow_up": "наближається строк доручення за підсумками заходу",
    "engagement_follow_up_overdue": "строк доручення за підсумками заходу минув",
    "project_milestone": "наближається строк етапу проєкту",
    "project_milestone_overdue": "строк етапу проєкту минув",
    "consul_term_window": "наближається закінчення повноважень почесного консула",
    "membership_renewal_window": "наближається строк поновлення членства в асоціації",
}


@describes(
    "Agreement.ReminderIssued",
    "FoiRequest.ReminderIssued",
    "AidShipment.ReminderIssued",
    "Engagement.ReminderIssued",
    "Project.ReminderIssued",
    "HonoraryConsul.ReminderIssued",
    "Membership.ReminderIssued",
)
def reminder_issued(f: Facts) -> Line:
    """'Reminder foi overdue (overdue:2026-11-10): due 09.11.2026'."""
    what = str(f["what"]).replace("_", " ")
    due = day(f["due_on"])
    return Line(
        f"Reminder {what} ({f['key']}): due {due}",
        f"Сформовано нагадування ({f['key']}): {label(WHAT_UK, f['what'])}, строк {due}",
    )
