"""Deadlines: every time limit a history triggers, its due date and its status.

For each event that triggers a rule, in force on the trigger date:

* the due date is the period counted from the trigger (the trigger day not
  counted: docs/design.md, Counting), on the working-day calendar where the unit is working days;
* an extension counts from the original due date, needs a grant on or before it,
  and is capped at the rule's maximum (longer or late grants are warned about);
* the duty is met by the first `done_by` event on or after the trigger date:
  `met` on or before the due date, `late` after it; without one it is `pending`
  until the due date has passed and `overdue` after;
* a minimum period (不少于) gives the earliest permitted date of the act it
  restrains: `met` if the act comes on or after it (or the period has run out
  without the act), `breached` if it comes sooner, `pending` while the period runs;
* a recurring monthly duty is due on a fixed day of each month, for the month
  before, from its start event onward, as far as `as_of` (and one pending ahead).

An event outside a rule's in-force interval, or matching one of its exceptions,
gives `not_applicable` with the reason: never a silent omission.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..calendar import WorkingDayCalendar
from ..errors import CalendarRangeError, ProvisionalDateError
from ..model.events import Event, HistoryError
from .compile.deadlines import CompiledDeadline, CompiledRecurring
from .compile.records import Where

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Counter", "Row", "counter_for", "evaluate_subject"]


def _matches(event: Event, event_type: str | None, where: Where) -> bool:
    if event.type != event_type:
        return False
    attrs = event.attrs
    for name, value in where:
        if attrs.get(name) != value:
            return False
    return True


def _holds(attrs: dict[str, Any], where: Where) -> bool:
    """Whether the attributes pass every test of `where`."""
    for name, value in where:
        if attrs.get(name) != value:
            return False
    return True


def _in_force(rule, day: date) -> str | None:
    """None when `rule` is in force on `day`, else the reason it is not."""
    if not rule.in_force_known:
        return f"{rule.jurisdiction}: the date it takes effect is unknown (see the pack's note)"
    if day < rule.in_force_from:
        return f"{rule.jurisdiction} is in force from {rule.in_force_from.isoformat()}"
    if rule.in_force_until is not None and day > rule.in_force_until:
        return f"{rule.jurisdiction} was in force until {rule.in_force_until.isoformat()}"
    return None


class Counter:
    """The period arithmetic of one calendar, by unit.

    Working days are counted on the calendar's own table (`working_day_flags`, read once: whether
    each of its days is a working day): the n-th working day after a day and the working days
    between two are then a look-up or two, without the argument checks the calendar makes of
    every call. What the table does not cover is the calendar's own answer, errors included:
    a date outside the calendar or not a plain `date`, a count that is not a positive `int` or
    that runs past the calendar's end, and every query of a strict calendar (which refuses
    provisional days).
    """

    __slots__ = ("cal", "add", "official_before", "_first", "_working", "_count", "_days")

    def __init__(self, cal: WorkingDayCalendar) -> None:
        self.cal = cal
        # spans wholly before this day need no provisional check
        self.official_before = cal.first_provisional_day or date.max
        first, flags = cal.working_day_flags()
        self._first = first.toordinal()
        self._working: list[bool] = []  # per day of the calendar, from its first
        self._count: list[int] = []  # working days from the first day to this one, both counted
        self._days: list[date] = []  # the working days, in order
        if not cal.strict:
            self._working = [flag == 1 for flag in flags]
            self._count = list(accumulate(flags))
            self._days = [date.fromordinal(self._first + i) for i, flag in enumerate(flags) if flag]
        self.add: dict[str, Callable[[date, int], date]] = {
            "working_days": self.add_working_days if self._count else cal.add_working_days,
            "natural_days": cal.add_days,
            "months": cal.add_months,
            "years": cal.add_years,
            "same_day": lambda d, n: d,
        }

    def add_working_days(self, start: date, n: int) -> date:
        """`cal.add_working_days(start, n)`: the n-th working day strictly after `start`."""
        if type(start) is date and type(n) is int and n > 0:
            i = start.toordinal() - self._first
            if 0 <= i < len(self._count):
                j = self._count[i] + n - 1
                if j < len(self._days):
                    return self._days[j]
        return self.cal.add_working_days(start, n)

    def late_by(self, unit: str, due: date, when: date) -> int:
        """How far `when` is past `due`, in the rule's unit (0 when not past)."""
        if when <= due:
            return 0
        if unit == "working_days":
            # the working days the period would have needed: done on a day off after the
            # due date is late by the working day it stands for, never by 0
            if type(due) is date and type(when) is date:
                i, j = due.toordinal() - self._first, when.toordinal() - self._first
                if 0 <= i < len(self._count) and 0 <= j < len(self._count):
                    return self._count[j] - self._count[i] + (not self._working[j])
            return self.cal.working_days_between(due, when) + (not self.cal.is_working_day(when))
        if unit in ("months", "years"):
            months = (when.year - due.year) * 12 + when.month - due.month
            if self.cal.add_months(due, months) < when:
                months += 1
            return months // 12 + (months % 12 > 0) if unit == "years" else months
        return (when - due).days


@lru_cache(maxsize=8)
def counter_for(cal: WorkingDayCalendar) -> Counter:
    """The counter of a calendar, made once (calendars compare by identity)."""
    return Counter(cal)


def _base(rule, subject: str, trigger: dict[str, Any], period: dict[str, Any] | None = None,
          compact: bool = False) -> dict[str, Any]:
    """A result entry with every key in its order, not yet decided (`not_applicable`);
    `compact`: in the compact record's form (`compact.py`), what the rule id fixes left out."""
    if compact:
        result = rule.compact_blank.copy()  # flat, of strings and numbers: a shallow copy is the caller's own
        result["subject"] = subject
        result["trigger"] = trigger
        return result
    result = rule.blank.copy()  # flat, of strings and numbers: a shallow copy is the caller's own
    result["subject"] = subject
    result["trigger"] = trigger
    result["period"] = period
    result["source"] = dict(rule.source)  # flat: a shallow copy is the caller's own
    return result


def _first_done(rule: CompiledDeadline, trigger: Event, events: list[Event]) -> Event | None:
    """The first event on or after the trigger date that fulfils `rule` (None: not done);
    `_deadline` does the usual case, one fulfilling type, inline."""
    return next((e for e in events if e.date >= trigger.date
                 and any(_matches(e, kind, where) for kind, where in rule.done)), None)


def _deadline(rule: CompiledDeadline, trigger: Event, events: list[Event], by_type: dict[str, list[Event]],
              as_of: date, counter: Counter, warnings: list[dict],
              next_trigger: date | None = None, compact: bool = False) -> tuple[dict[str, Any], Event | None]:
    """The entry of one triggered deadline, and the event that fulfilled it (if any).

    `next_trigger`: the date of the rule's next trigger for the subject; a grant of
    extension dated on or after it belongs to that later cycle. `compact`: the entry in
    the compact record's form (`_base`)."""
    day = trigger.date
    result = _base(rule, trigger.subject, {"type": trigger.type, "date": day.isoformat()},
                   None if compact else {"amount": rule.amount, "unit": rule.unit, "extended_by": 0}, compact)
    until = rule.in_force_until
    reason = None if rule.in_force_known and rule.in_force_from <= day and (until is None or day <= until) \
        else _in_force(rule, day)
    if reason is None and rule.exceptions:
        reason = _excepted(rule, trigger, events)
    start = day
    if reason is None and (rule.received or rule.routes):
        received, reason = _receipt(rule, trigger, events, next_trigger)
        if received is not None and received is not trigger:
            result["trigger"]["received"] = {"type": received.type, "date": received.date.isoformat()}
            start = received.date
    if reason is not None:
        result["reason"] = reason
        return result, None

    try:
        end = counter.add[rule.unit](start, rule.amount)
    except CalendarRangeError as exc:
        raise HistoryError(f"event {trigger.index} ({trigger.type}): {exc}") from None
    if len(rule.done) == 1:  # the usual case, `_first_done` inline: only events of the one fulfilling type
        kind, where = rule.done[0]
        done = None
        for event in by_type.get(kind, ()):
            if event.date >= day and (not where or _matches(event, kind, where)):
                done = event
                break
    else:
        done = _first_done(rule, trigger, events)
    # a span wholly before the first provisional day needs no provisional check (`_flag_provisional`)
    official_before = counter.official_before

    if rule.minimum:
        earliest = end + timedelta(days=1)  # the period's last day still belongs to it
        result["earliest"] = earliest.isoformat()
        if done is not None:
            result["completed_on"] = done.date.isoformat()
            result["status"] = "met" if done.date >= earliest else "breached"
        else:
            result["status"] = "met" if as_of >= earliest else "pending"
        if rule.unit == "working_days" and (end >= official_before or start >= official_before):
            _flag_provisional(result, rule.unit, start, end, counter, warnings, (rule.amount, True))
        return result, done

    due, granted = end, 0
    grants = by_type.get(rule.ext_type) if rule.ext_type is not None else None
    if grants:  # without one, nothing is extended and nothing warned of
        due, granted = _extend(rule, trigger, grants, due, counter, warnings, next_trigger,
                               done.date if done is not None else None)
        if compact:
            result["extended_by"] = granted
        else:
            result["period"]["extended_by"] = granted
    result["due"] = due.isoformat()
    if done is not None:
        result["completed_on"] = done.date.isoformat()
        if done.date <= due:
            result["status"] = "met"
        else:
            result["status"] = "late"
            result["late_by"] = counter.late_by(rule.unit, due, done.date)
    elif as_of <= due:
        result["status"] = "pending"
    else:
        result["status"] = "overdue"
        result["late_by"] = counter.late_by(rule.unit, due, as_of)
    if rule.unit == "working_days" and (due >= official_before or start >= official_before):
        _flag_provisional(result, rule.unit, start, due, counter, warnings, (rule.amount + granted, False))
    return result, done


def _excepted(rule: CompiledDeadline, trigger: Event, events: list[Event]) -> str | None:
    """The reason of the first exception that holds, else None. An exception naming an
    earlier event tests the subject's latest event of that type on or before the trigger."""
    for where, why, earlier in rule.exceptions:
        attrs = trigger.attrs
        if earlier is not None:
            found = None
            for event in events:  # sorted by date
                if event.date > trigger.date:
                    break
                if event.type == earlier:
                    found = event
            if found is None:
                continue
            attrs = found.attrs
        if _holds(attrs, where):
            return why
    return None


def _receipt(rule: CompiledDeadline, trigger: Event, events: list[Event],
             next_trigger: date | None) -> tuple[Event | None, str | None]:
    """(the event by which the party received what the trigger made, or the trigger itself;
    the reason the duty has not arisen, or None).

    Receipt is the first `received` event of the subject on or after the trigger (and
    before the rule's next trigger), else the trigger's day; a routing of a binding pack
    in force that day may say the party receives it only by forwarding, or never."""
    received = trigger
    day = trigger.date
    for event in events:
        if event.date < day:
            continue
        if next_trigger is not None and event.date >= next_trigger:
            break
        for kind, where in rule.received:
            if event.type == kind and _holds(event.attrs, where):
                break
        else:
            continue
        received = event
        break
    for route in rule.routes:
        if route.in_force_from is None or day < route.in_force_from \
                or (route.in_force_until is not None and day > route.in_force_until):
            continue
        if _holds(trigger.attrs, route.where):
            if route.received == "never" or received is trigger:
                source = route.source
                return None, f"{route.reason} ({source['jurisdiction']} art. {source['article']}, {route.id})"
    return received, None


def _extend(rule: CompiledDeadline, trigger: Event, grants: Iterable[Event], due: date, counter: Counter,
            warnings: list[dict], next_trigger: date | None = None,
            done_on: date | None = None) -> tuple[date, int]:
    """Apply the grants made on or before the original due date, capped at the maximum:
    (the due date extended, the extension).

    `grants`: the subject's events of the granting type, in history order. A grant
    belongs to the latest trigger on or before its date, so grants from `next_trigger`
    on are the next cycle's. A grant dated after the duty was met (`done_on`) is moot:
    it changes nothing, and a warning says so."""
    granted = 0
    for event in grants:
        if event.date < trigger.date or not _matches(event, rule.ext_type, rule.ext_where):
            continue
        if next_trigger is not None and event.date >= next_trigger:
            break
        if done_on is not None and event.date > done_on and done_on <= due:
            warnings.append(_warning("extension_moot", event,
                                     f"{rule.id}: extension granted on {event.date} after the duty was met "
                                     f"on {done_on}; it changes no date"))
            continue
        if event.date > due:
            warnings.append(_warning("extension_after_due", event,
                                     f"{rule.id}: extension granted on {event.date} is after the due "
                                     f"date {due}; an extension must be granted on or before it"))
            continue
        amount = event.attrs.get("amount")
        granted += rule.ext_max if amount is None else amount
    if granted > rule.ext_max:
        warnings.append(_warning("extension_capped", trigger,
                                 f"{rule.id}: extensions of {granted} {rule.unit} exceed the "
                                 f"maximum of {rule.ext_max}; capped"))
        granted = rule.ext_max
    return counter.add[rule.unit](due, granted) if granted else due, granted


def _flag_provisional(result: dict[str, Any], unit: str, start: date, end: date, counter: Counter,
                      warnings: list[dict], count: tuple[int, bool] | None = None) -> None:
    """Mark an entry counted across a year without an announced schedule, and warn.

    `count`: (the working days counted from `start`, whether the entry shows the day after
    them, a minimum period); None: read from the entry's period and bound, if it has them."""
    if unit != "working_days" or (end < counter.official_before and start < counter.official_before):
        return
    span = counter.cal.provisional_dates(start, end)
    if span is not None:
        result["provisional"] = True
        if count is None and result.get("period"):
            count = result["period"]["amount"] + result["period"]["extended_by"], result["bound"] == "minimum"
        bounds = None if count is None else _provisional_range(count, start, end, counter)
        where = "" if bounds is None else f", to a day from {bounds[0]} to {bounds[1]}"
        if bounds is not None:
            result["provisional_range"] = {"earliest": bounds[0], "latest": bounds[1]}
        warnings.append({
            "code": "provisional_calendar",
            "message": (f"{result['rule']} ({result['subject']}): counted across "
                        f"{span[0].isoformat()} to {span[1].isoformat()}, which have no announced "
                        f"holiday schedule; the due date may change{where}"),
        })


def _provisional_range(count: tuple[int, bool], start: date, end: date,
                       counter: Counter) -> tuple[str, str] | None:
    """Where the date the entry shows can fall once the notices are out (the calendar's
    `provisional_range`); None when the period is not a plain count of working days from `start`."""
    n, minimum = count
    try:
        if counter.cal.add_working_days(start, n) != end:
            return None
        bounds = counter.cal.provisional_range(start, n)
    except (CalendarRangeError, ProvisionalDateError):
        return None
    if bounds is None:
        return None
    shift = timedelta(days=1 if minimum else 0)  # it shows the day after the period
    return (bounds[0] + shift).isoformat(), (bounds[1] + shift).isoformat()


def _warning(code: str, event: Event, message: str) -> dict[str, Any]:
    return {"code": code, "event": event.index, "message": message}


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _recurring(rule: CompiledRecurring, start: Event, reported: Iterable[Event], as_of: date,
               counter: Counter, compact: bool = False) -> list[tuple[dict, str | None]]:
    """(entry, the month it covers) for each month from the start (never before `first_due`
    nor the start of the rule's force), each due date judged by the rule in force on it;
    `compact`: the entries in the compact record's form (`_base`)."""
    trigger = {"type": start.type, "date": start.date.isoformat()}
    reason = None
    if not rule.in_force_known:
        reason = _in_force(rule, start.date)
    elif rule.in_force_until is not None and start.date > rule.in_force_until:
        reason = _in_force(rule, start.date)
    if reason is not None:
        result = _base(rule, start.subject, trigger, compact=compact)
        result["reason"] = reason
        return [(result, None)]
    reports: dict[str, Event] = {}
    for event in reported:  # the subject's events of the reporting type, in history order
        if _matches(event, rule.done_type, rule.done_where):
            reports.setdefault(event.attrs.get("period"), event)
    year, month = start.date.year, start.date.month
    if rule.first_due is not None:  # the first period is the month before the first due date
        first = (rule.first_due.year, rule.first_due.month - 1) if rule.first_due.month > 1 \
            else (rule.first_due.year - 1, 12)
        year, month = max((year, month), first)
    results = []
    while True:
        due_year, due_month = _month_after(year, month)
        due = date(due_year, due_month, rule.due_day)
        if rule.in_force_until is not None and due > rule.in_force_until:
            break
        if due < rule.in_force_from:  # uploading began before the duty existed
            year, month = due_year, due_month
            continue
        covers = f"{year:04d}-{month:02d}"
        result = _base(rule, start.subject, dict(trigger), compact=compact)
        # due on a fixed day of the next month: lateness is counted in days past that date
        if compact:
            result["covers"] = covers
        else:
            result["period"] = {"amount": rule.due_day, "unit": "day_of_next_month", "extended_by": 0,
                                "covers": covers}
        result["due"] = due.isoformat()
        report = reports.get(covers)
        if report is not None:
            result["completed_on"] = report.date.isoformat()
            result["status"] = "met" if report.date <= due else "late"
            result["late_by"] = max(0, (report.date - due).days)
        elif as_of <= due:
            result["status"] = "pending"
        else:
            result["status"] = "overdue"
            result["late_by"] = (as_of - due).days
        if rule.alternative_due == "next_working_day" and not counter.cal.is_working_day(due):
            alternative = _alternative(rule, counter.cal.add_working_days(due, 1), report, as_of)
            result["alternative"] = {"due": alternative["due"], "status": alternative["status"]} if compact \
                else alternative
        results.append((result, covers))
        if due >= as_of:  # one period ahead is shown; later ones are not yet due
            break
        year, month = due_year, due_month
    return results


def _alternative(rule: CompiledRecurring, due: date, report: Event | None, as_of: date) -> dict[str, Any]:
    """The due date and status under the rejected reading, where they differ from the adopted one."""
    if report is not None:
        status = "met" if report.date <= due else "late"
    else:
        status = "pending" if as_of <= due else "overdue"
    return {"due": due.isoformat(), "status": status, "reading": rule.alternative}


#: One evaluated obligation: [entry, group, sort key, trigger event, fulfilling event, rule].
#: The last five stay out of the public entry; binding and liability need them.
Row = list


def evaluate_subject(events: list[Event], plan: Plan, as_of: date, counter: Counter,
                     warnings: list[dict], compact: bool = False) -> list[Row]:
    """All obligations of one subject's events (already sorted by date), rule by rule.

    Rules are visited in plan order (nearest layer first) and, for each, its
    triggers in history order, so warnings come out in a stable order; only the
    rules triggered by a type present among the events are visited at all.
    `compact`: the entries in the compact record's form (`_base`).
    """
    by_type: dict[str, list[Event]] = {}
    for event in events:
        same = by_type.get(event.type)
        if same is None:
            by_type[event.type] = [event]
        else:
            same.append(event)
    fired: list[int] = []
    triggered = plan.triggers
    for event_type in by_type:
        numbers = triggered.get(event_type)
        if numbers is not None:
            fired += numbers
    if len(by_type) > 1:
        fired.sort()
    rows: list[Row] = []
    deadlines = plan.deadlines
    for number in fired:
        rule, depth = deadlines[number]
        where = rule.trigger_where
        triggers = by_type[rule.trigger_type]
        if where:
            triggers = [e for e in triggers if _matches(e, rule.trigger_type, where)]
        last = len(triggers) - 1
        fulfils = rule.done[0][0] if rule.done else None
        for cycle, event in enumerate(triggers):
            later = triggers[cycle + 1].date if cycle < last else None
            try:  # an extension or a lateness count can also run off the calendar
                entry, done = _deadline(rule, event, events, by_type, as_of, counter, warnings, later, compact)
            except CalendarRangeError as exc:
                raise HistoryError(f"event {event.index} ({event.type}): {rule.id}: {exc}") from None
            rows.append([entry, (rule.kind, rule.party, event.subject, fulfils, cycle),
                         (event.subject, (event.date, event.index), rule.kind, -depth, rule.id, ""), event, done,
                         rule])
    for rule, depth in plan.recurring:
        start = next((e for e in by_type.get(rule.start_type, ()) if _matches(e, rule.start_type, rule.start_where)),
                     None)
        if start is None:
            continue
        for entry, covers in _recurring(rule, start, by_type.get(rule.done_type, ()), as_of, counter, compact):
            group = (rule.kind, rule.party, start.subject, rule.done_type, covers)
            key = (entry["subject"], (start.date, start.index), rule.kind, -depth, rule.id, covers or "")
            rows.append([entry, group, key, None, None, rule])
    return rows
