#!/usr/bin/python3
"""Tree rules that CI holds (ctest: tree.*). Usage: check_tree.py SOURCE_DIR RULE...

standalone  No tracked file reads outside the repository: no path to a sibling "shared" folder, no machine
            path (a home or work folder), no fixed file name under /tmp (tests use temporary directories),
            and no LibreOffice install path outside the one place CMake detects it (cmake/LibreOfficeSDK.cmake
            writes BUILD/office-paths.json, which tools/crmpaths.py reads).
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


def main():
    root, rules = sys.argv[1], sys.argv[2:]
    bad = []
    for rule in rules:
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
