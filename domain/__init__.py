"""The pure model of the department's work: cases, their events, rules and calendars."""
