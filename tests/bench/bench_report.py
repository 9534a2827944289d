"""What every benchmark script writes into BENCHMARKS.md: the machine's CPU, and its own section of the file."""
import os
import platform


def machine(*extra):
    """"CPU, N cores, platform" and any extra words (the compiler, the office), for a table's heading."""
    cpu = "unknown CPU"
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), cpu)
    except OSError:
        pass
    return ", ".join(["%s, %d cores, %s" % (cpu, os.cpu_count(), platform.platform()), *[e for e in extra if e]])


def write_section(path, title, body):
    """Replaces the section `## title` of the benchmarks file (or appends it)."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
    start, section = text.find("## " + title), "## %s\n\n%s\n" % (title, body)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 3)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    open(path, "w", encoding="utf-8").write(text)
