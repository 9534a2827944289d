#!/usr/bin/python3
"""calc-crm's jobs from a script outside the office, through the service org.calccrm.Jobs.

org.calccrm.Jobs offers every job through com.sun.star.task.XJob, a type every office knows, so this script
needs nothing but LibreOffice's own Python bridge (Debian: python3-uno, run with /usr/bin/python3) and no
URE_MORE_TYPES. Start an office that listens, with calc-crm installed, then run the script:

    soffice --headless --accept="pipe,name=crm;urp;" &
    /usr/bin/python3 samples/scripts/crm_jobs_client.py --pipe crm samples/customers.ods --out out

It opens the file, runs analyze, planVisits and exportCalendar, saves the result as OUT/<name>-crm.ods with
OUT/visits.ics and OUT/visits.csv (the source file is never written), and prints the jobs' results as JSON.
A job's refusal (a bad option, say) is printed on stderr in the office's language, exit code 2.
"""
import argparse
import json
import os
import sys
import time

import uno
from com.sun.star.beans import NamedValue, PropertyValue
from com.sun.star.lang import IllegalArgumentException


def connect(pipe=None, port=None, timeout=60.0):
    """The component context of the office listening on a named pipe or on a local TCP port."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    where = "pipe,name=%s" % pipe if pipe else "socket,host=127.0.0.1,port=%d" % port
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve("uno:%s;urp;StarOffice.ComponentContext" % where)
        except Exception:  # the office is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run_job(jobs, job, document, options=None, **arguments):
    """Runs one job of org.calccrm.Jobs; its results as a dict. options: {name: value} (the job's options)."""
    named = [NamedValue("Job", job), NamedValue("Document", document)]
    if options:
        named.append(NamedValue("Options", tuple(NamedValue(k, v) for k, v in options.items())))
    named += [NamedValue(k, v) for k, v in arguments.items()]  # FileUrl for exportCalendar
    return {value.Name: value.Value for value in jobs.execute(tuple(named))}


def plain(value):
    """A UNO result as JSON: sequences as lists."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="the customer sheet (.ods, .xlsx, .csv)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pipe", help="the office's pipe name (soffice --accept=\"pipe,name=NAME;urp;\")")
    where.add_argument("--port", type=int, help="the office's local port (soffice --accept=\"socket,port=N;urp;\")")
    parser.add_argument("--out", default="out", help="folder for the results (default: out)")
    parser.add_argument("--year", type=int, help="the year to plan (default: the next calendar year)")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="an option of planVisits, e.g. MaxVisitsPerDay=5 (numbers are read as numbers)")
    args = parser.parse_args()

    ctx = connect(args.pipe, args.port)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    jobs = ctx.ServiceManager.createInstanceWithContext("org.calccrm.Jobs", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(args.file)), "_blank", 0, ())
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    plan_options = {"Year": args.year} if args.year else {}
    for item in args.option:
        name, _, text = item.partition("=")
        try:
            plan_options[name] = float(text)
        except ValueError:
            plan_options[name] = text
    try:
        analysis = run_job(jobs, "analyze", doc)
        plan = run_job(jobs, "planVisits", doc, plan_options)
        run_job(jobs, "exportCalendar", doc, {"CsvUrl": uno.systemPathToFileUrl(os.path.join(out, "visits.csv"))},
                FileUrl=uno.systemPathToFileUrl(os.path.join(out, "visits.ics")))
        target = os.path.join(out, os.path.splitext(os.path.basename(args.file))[0] + "-crm.ods")
        doc.storeToURL(uno.systemPathToFileUrl(target), (PropertyValue("FilterName", 0, "calc8", 0),))
    except IllegalArgumentException as refused:
        print(refused.Message, file=sys.stderr)
        return 2
    finally:
        doc.close(True)
    print(json.dumps({"analyze": {k: plain(v) for k, v in analysis.items()},
                      "planVisits": {k: plain(v) for k, v in plan.items()}, "saved": target}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
