#!/usr/bin/python3
"""Tree rules that CI holds (ctest: tree.*). Usage: check_tree.py SOURCE_DIR RULE...

standalone  No tracked file reads outside the repository: no path to a sibling "shared" folder, no machine
            path (a home or work folder), no fixed file name under /tmp (tests use temporary directories),
            and no LibreOffice install path outside the one place CMake detects it (cmake/LibreOfficeSDK.cmake
            writes BUILD/office-paths.json, which tools/crmpaths.py reads).
defaults    The visit defaults have one home (src/core/include/crm/visits.hpp): the cell functions' defaults in
            idl/functions.json (CRM_VISITS_PER_YEAR, CRM_NEXT_VISIT) are the same numbers, and no adapter
            writes a visit default of its own.
layering    What each folder may include (docs/ARCHITECTURE.md): src/core no office header at all; in src/uno
            the shared helpers include no front end, and the jobs and the panel include nothing of the add-in
            (its generated dispatch included), the panel nothing of the jobs' internals.
Prints each offending line as FILE:LINE: TEXT and exits 1 when there is one.
"""
import os
import re
import subprocess
import sys

# Assembled from pieces so that this file does not match its own rules.
DOT2 = "." + "."
RULES = {
    "standalone": [
        (re.compile(re.escape(DOT2) + r"/shared\b"), "a path to the shared folder beside the repository"),
        (re.compile(r"""[,(\[]\s*["']shared["']"""), "a path built to a sibling shared folder"),
        (re.compile(r"(?<![\w.])/(?:work|root|home)/[\w.-]"), "a machine path"),
        (re.compile(r"(?<![\w.])/tmp/[\w.-]"), "a fixed name in /tmp (use a temporary directory)"),
        (re.compile(r"/usr/lib/" + "libreoffice"), "an office path written by hand (CMake detects it)"),
    ],
}
# Per folder of the tree: the include lines it may not hold (the layering rule).
LAYERS = [
    ("src/core/", re.compile(r'#include\s*[<"](com/sun/star|cppu|cppuhelper|rtl|sal|uno|osl)/'), "an office header in the core"),
    ("src/uno/shared/", re.compile(r'#include\s*"(addin|jobs|panel)/'), "a front end in the shared helpers"),
    ("src/uno/jobs/", re.compile(r'#include\s*"(addin/|addin_methods\.hxx|addin_dispatch)'), "the add-in in the jobs"),
    ("src/uno/panel/", re.compile(r'#include\s*"(addin/|addin_methods\.hxx|addin_dispatch|jobs/)'),
     "the add-in or the jobs' internals in the panel"),
]

# Files a rule does not look at: the reference data itself (bytes as published) and pictures.
SKIP_PREFIXES = ("data/",)
SKIP_SUFFIXES = (".png", ".ods", ".ots", ".oxt", ".odb", ".xlsx", ".pdf", ".jpg", ".gz", ".zip", ".bin")
# Prose may explain where the office is (README's troubleshooting); code and scripts may not.
PROSE_SUFFIXES = (".md",)
# Office install paths are allowed as prose, and nowhere else.
PROSE_ONLY = {"an office path written by hand (CMake detects it)"}


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True).stdout
        return [f for f in out.decode("utf-8", "replace").split("\0") if f]
    except (OSError, subprocess.CalledProcessError):  # a tarball without .git: every file but the build trees
        files = []
        for base, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if not (d.startswith("build") or d in ("out", ".git", "__pycache__"))]
            files += [os.path.relpath(os.path.join(base, n), root) for n in names]
        return files


def check_layering(root):
    bad = []
    for name in tracked_files(root):
        for folder, pattern, what in LAYERS:
            if not name.startswith(folder):
                continue
            try:
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        if pattern.search(line):
                            bad.append("%s:%d: %s: %s" % (name, number, what, line.strip()))
            except (UnicodeDecodeError, OSError):
                continue
    return bad


def check_defaults(root):
    import json
    bad = []
    header = open(os.path.join(root, "src/core/include/crm/visits.hpp"), encoding="utf-8").read()
    found = re.search(r"default_visits_per_year\{(\d+), (\d+), (\d+)\}", header)
    if not found:
        return ["src/core/include/crm/visits.hpp: default_visits_per_year not found"]
    core = [float(v) for v in found.groups()]
    table = json.load(open(os.path.join(root, "idl/functions.json"), encoding="utf-8"))
    for f in table["functions"]:
        if f["name"] in ("CRM_VISITS_PER_YEAR", "CRM_NEXT_VISIT"):
            given = [float(p["default"]) for p in f["params"] if p["name"] in ("a", "b", "c")]
            if given != core:
                bad.append("idl/functions.json: %s defaults %s differ from the core's %s" % (f["name"], given, core))
    # An adapter restating a default: value_or(12) or a "12"/"4"/"1" visits text written into a control.
    restated = re.compile(r"value_or\((12|4|1)\)|set_control_text\(\"Visits[ABC]\", \"\d+\"\)")
    for name in tracked_files(root):
        if name.startswith("src/uno/") and name.endswith((".cxx", ".hxx")):
            for number, line in enumerate(open(os.path.join(root, name), encoding="utf-8"), 1):
                if restated.search(line):
                    bad.append("%s:%d: a visit default restated in an adapter: %s" % (name, number, line.strip()))
    return bad


def main():
    root, rules = sys.argv[1], sys.argv[2:]
    bad = []
    for rule in rules:
        if rule == "layering":
            bad += check_layering(root)
            continue
        if rule == "defaults":
            bad += check_defaults(root)
            continue
        for name in tracked_files(root):
            if name.startswith(SKIP_PREFIXES) or name.endswith(SKIP_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, encoding="utf-8") as f:
                    lines = f.read().splitlines()
            except (UnicodeDecodeError, OSError):
                continue
            for number, line in enumerate(lines, 1):
                for pattern, what in RULES[rule]:
                    if what in PROSE_ONLY and name.endswith(PROSE_SUFFIXES):
                        continue
                    if pattern.search(line):
                        bad.append("%s:%d: %s: %s" % (name, number, what, line.strip()[:160]))
    for line in bad:
        print(line)
    print("%s: %s" % (", ".join(rules), "%d offending lines" % len(bad) if bad else "all checks passed"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
