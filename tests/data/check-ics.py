#!/usr/bin/env python3
"""Reads an iCalendar file with a real parser (python3-icalendar) and prints what a calendar
would take from it, as JSON: method, uid, dtstamp, sequence, status, summary, location,
description, tzid, and the start and end as UTC instants worked out from the file's own
VTIMEZONE (not from the system's zone database). Exits 1 with the parser's complaint on stderr
when the file is not accepted."""
import datetime
import json
import sys

import icalendar


def main(path):
    with open(path, 'rb') as f:
        data = f.read()
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk('VEVENT')
    zones = cal.walk('VTIMEZONE')
    if len(events) != 1:
        raise SystemExit('expected one VEVENT, found %d' % len(events))
    ev = events[0]
    for required in ('UID', 'DTSTAMP', 'DTSTART'):
        if required not in ev:
            raise SystemExit('VEVENT without ' + required)
    tzid = ev['DTSTART'].params.get('TZID')
    if not tzid:
        raise SystemExit('DTSTART has no TZID')
    zone = [z for z in zones if str(z['TZID']) == tzid]
    if not zone:
        raise SystemExit('no VTIMEZONE for TZID ' + tzid)
    tz = zone[0].to_tz()

    def utc(prop):
        raw = ev[prop].to_ical().decode()  # the local time as written
        naive = datetime.datetime.strptime(raw, '%Y%m%dT%H%M%S')
        local = tz.localize(naive) if hasattr(tz, 'localize') else naive.replace(tzinfo=tz)
        return local.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

    print(json.dumps({
        'method': str(cal.get('METHOD', '')),
        'version': str(cal.get('VERSION', '')),
        'prodid': str(cal.get('PRODID', '')),
        'uid': str(ev['UID']),
        'dtstamp': ev['DTSTAMP'].dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'sequence': int(ev.get('SEQUENCE', 0)),
        'status': str(ev.get('STATUS', '')),
        'summary': str(ev.get('SUMMARY', '')),
        'location': str(ev.get('LOCATION', '')),
        'description': str(ev.get('DESCRIPTION', '')),
        'organizer': str(ev.get('ORGANIZER', '')),
        'tzid': tzid,
        'start_utc': utc('DTSTART'),
        'end_utc': utc('DTEND'),
    }, ensure_ascii=False))


if __name__ == '__main__':
    try:
        main(sys.argv[1])
    except SystemExit:
        raise
    except Exception as e:  # the parser's own complaint
        print('not accepted: %s: %s' % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
