"""Where things are, for every Python tool, test and benchmark: the repository, its reference data, the build,
and the LibreOffice the build was configured against (detected once, by CMake, into BUILD/office-paths.json).

Import this before `uno` when the process must know the extension's own types (see ure_more_types).
Nothing here names a machine path: the office's directories are whatever CMake found.
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")  # the public reference data committed with the project (data/README.md)
BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
OXT = os.path.join(BUILD, "calc-crm.oxt")
RDB = os.path.join(BUILD, "calc-crm.rdb")


def data(*parts):
    """A file of the committed reference data, e.g. data("cdnow", "CDNOW_master.txt")."""
    return os.path.join(DATA, *parts)


def _office_paths():
    path = os.path.join(BUILD, "office-paths.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError:
        raise SystemExit("%s is missing: configure the build first (bash tools/setup.sh)" % path)


def program_dir():
    """LibreOffice's program directory (soffice, unopkg, types.rdb), as CMake detected it."""
    return _office_paths()["program_dir"]


def sdk_bin_dir():
    """The SDK's tool directory (unoidl-read, cppumaker), as CMake detected it."""
    return _office_paths()["sdk_bin_dir"]


def ure_more_types(with_extension=True):
    """The URE_MORE_TYPES value that lets a process outside the office receive the extension's own types
    (org.calccrm.XCustomerJobs): the office's type libraries, plus the extension's calc-crm.rdb."""
    value = "<file://%s/types>*" % program_dir()
    if with_extension:
        value += " file://" + RDB
    return value


def know_extension_types():
    """Lets this process receive the extension's own types; call it before `import uno`."""
    os.environ["URE_MORE_TYPES"] = ure_more_types()
