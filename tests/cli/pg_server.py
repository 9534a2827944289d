"""A throwaway PostgreSQL server on loopback for the database tests and benchmark: initdb in a fresh temporary
folder, a free port, password authentication; as root it runs as the package's unprivileged user "postgres"
(initdb refuses root). Stopped and deleted on exit. bin_dir() is None when no server is installed."""
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile


def bin_dir():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    found = shutil.which("initdb")
    return os.path.dirname(found) if found else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, port, user, password, home):
        self.port, self.user, self.password, self.home = port, user, password, home
        self.env = dict(os.environ, PGPASSWORD=password)  # psql's password, never on a command line

    def url(self, database="postgres"):
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def psql(self, *args, **kw):
        """Runs psql with the given arguments (-c …, -f …) on the server; returns the CompletedProcess."""
        command = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", "postgres",
                   "-v", "ON_ERROR_STOP=1", "-q"] + list(args)
        kw.setdefault("check", True)
        return subprocess.run(command, env=self.env, **kw)


@contextlib.contextmanager
def throwaway(password, settings=()):
    """Yields a running Server; `settings` are extra "name=value" server settings (e.g. work_mem=256MB)."""
    bindir = bin_dir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server installed (initdb not found)")
    as_user = []
    home = tempfile.mkdtemp(prefix="crm-pg-")  # the system's temporary folder, reachable by that user
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
    data, pwfile = os.path.join(home, "data"), os.path.join(home, "pw")
    with open(pwfile, "w") as f:
        f.write(password)
    if as_user:
        shutil.chown(pwfile, "postgres")
    port = free_port()
    server = as_user + [os.path.join(bindir, "pg_ctl"), "-D", data, "-w", "-l", os.path.join(home, "log")]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off" + "".join(f" -c {s}" for s in settings)
    try:
        subprocess.run(as_user + [os.path.join(bindir, "initdb"), "-D", data, "-U", "crm", "--pwfile", pwfile,
                                  "--auth", "scram-sha-256", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        os.remove(pwfile)
        subprocess.run(server + ["-o", options, "start"], check=True, capture_output=True, timeout=120)
        yield Server(port, "crm", password, home)
    finally:
        subprocess.run(server + ["-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
