#!/usr/bin/env python3
"""Writes docs/benchmarks.md and docs/benchmarks.png from benchmarks/results (see benchmarks/run.sh)."""
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone

results, docs = sys.argv[1], sys.argv[2]

jmh = {}
jmh_classes = {}
for entry in json.load(open(os.path.join(results, "jmh.json"))):
    name = entry["benchmark"].rsplit(".", 2)
    key = name[-2] + "." + name[-1]
    params = entry.get("params") or {}
    if params:
        key += "[" + ",".join("{}={}".format(k, v) for k, v in sorted(params.items())) + "]"
    metric = entry["primaryMetric"]
    jmh[key] = (metric["score"], metric["scoreError"], metric["scoreUnit"])
    jmh_classes.setdefault(name[-2], []).append((name[-1], params, key))

# @Param values a lookup assumes when it names none (the benchmarks' own defaults)
DEFAULT_PARAMS = {"PasswordBenchmarks.bcryptVerify": {"cost": "10"}}


def bench(name, **params):
    """A JMH result by class.method, whatever the key's [param=value] suffix, or None.

    With params, only the result run with exactly those values; without, the one run with the benchmark's
    default params (DEFAULT_PARAMS) or, failing that, the only result of that name."""
    wanted = {k: str(v) for k, v in (params or DEFAULT_PARAMS.get(name, {})).items()}
    matches = [key for cls in jmh_classes.values() for method, values, key in cls
               if key.split("[", 1)[0] == name and all(str(values.get(k)) == v for k, v in wanted.items())]
    if len(matches) == 1:
        return jmh[matches[0]]
    return None


load = {}
for line in open(os.path.join(results, "load.jsonl")):
    row = json.loads(line)
    load[row["scenario"]] = row


def rps(name):
    return load[name]["wrk"]["rps"]


def per_request(name):
    return load[name]["statements"] / max(1, load[name]["wrk"]["requests"])


def cpu_per_request(name, field):
    row = load[name]
    if field not in row:
        return "—"
    # a process that exits during the scenario takes its ticks with it: never report less than nothing
    return "{:.0f}".format(max(0, row[field]) * 1e6 / row["clock_ticks_per_second"] / max(1, row["wrk"]["requests"]))


def rounds(name):
    """The scenario and its second, interleaved round when there is one."""
    return [n for n in (name, name + "_2") if n in load]


def mean_rps(name):
    return sum(rps(n) for n in rounds(name)) / len(rounds(name))


def statements_per_request(name):
    names = rounds(name)
    return sum(load[n]["statements"] for n in names) / max(1, sum(load[n]["wrk"]["requests"] for n in names))


profiles = []
if os.path.exists(os.path.join(results, "profile.jsonl")):
    profiles = [json.loads(line) for line in open(os.path.join(results, "profile.jsonl"))]
memory = None
if os.path.exists(os.path.join(results, "memory.json")):
    memory = json.load(open(os.path.join(results, "memory.json")))
analysis_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
analysis = open(analysis_file).read().strip() if os.path.exists(analysis_file) else ""


cores = os.cpu_count() or 1
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]

bcrypt = bench("PasswordBenchmarks.bcryptVerify")
if bcrypt is None:
    sys.exit("report.py: no PasswordBenchmarks.bcryptVerify result (cost=10) in " + os.path.join(results, "jmh.json"))
bcrypt_ms = bcrypt[0]
bcrypt_limit = cores / (bcrypt_ms / 1000.0)
protected_ratio = mean_rps("tenant_me") / mean_rps("public_ping")
check_ratio = (mean_rps("tenant_ping") / mean_rps("public_ping")) if "tenant_ping" in load else float("nan")
login_ratio = rps("login") / bcrypt_limit
refresh_rate = rps("refresh")
refresh_vs_login = refresh_rate / rps("login")
flood_ratio = rps("tenant_me_during_login_flood") / mean_rps("tenant_me")


def verdict(value, target, higher_is_better=True, fmt="{:.2f}"):
    met = value >= target if higher_is_better else value <= target
    if met:
        return "met"
    if higher_is_better:
        return "missed by " + fmt.format(target - value) + " ({:.0%} short)".format(1 - value / target)
    return "missed by " + fmt.format(value - target)


targets = [
    ("Protected request throughput / unauthenticated throughput", protected_ratio, ">= 0.90",
     verdict(protected_ratio, 0.90)),
    ("(for comparison) Protected request without an audit row (`/tenant/ping`) / unauthenticated", check_ratio,
     "—", "the check alone"),
    ("Database statements per protected request (steady state)", statements_per_request("tenant_me"), "<= 0.01",
     verdict(statements_per_request("tenant_me"), 0.01, False, "{:.3f}")),
    ("Login throughput / bcrypt limit ({} cores / {:.1f} ms)".format(cores, bcrypt_ms), login_ratio, ">= 0.85",
     verdict(login_ratio, 0.85)),
    ("Refresh throughput (per second)", refresh_rate, ">= 500", verdict(refresh_rate, 500, fmt="{:.0f}")),
    ("Refresh throughput / login throughput", refresh_vs_login, ">= 10", verdict(refresh_vs_login, 10)),
    ("Database statements per refresh", per_request("refresh"), "<= 3",
     verdict(per_request("refresh"), 3, False)),
    ("Protected throughput during a login flood / alone", flood_ratio, ">= 0.50", verdict(flood_ratio, 0.50)),
]
if memory:
    # run-to-run noise of the heap after a full GC is about 1 MB; 100 bytes kept per session would be 10 MB
    targets.append(("Heap growth after full GC with {:,} more stored sessions (MB)".format(memory["sessions"]),
                    memory["growth_mb"], "<= 2 (noise ~1)", verdict(memory["growth_mb"], 2.0, False)))


rows = []
for name, label in [("public_ping", "GET /public/ping (unauthenticated, same shape), round 1"),
                    ("tenant_me", "GET /tenant/me (token + x-workspace-id + membership), round 1"),
                    ("tenant_ping", "GET /tenant/ping (the same check, no audit row), round 1"),
                    ("public_ping_2", "GET /public/ping, round 2"),
                    ("tenant_me_2", "GET /tenant/me, round 2"),
                    ("tenant_ping_2", "GET /tenant/ping, round 2"),
                    ("refresh", "POST /auth/refresh (rotation)"),
                    ("login", "POST /auth/login (bcrypt cost 10)"),
                    ("tenant_me_during_login_flood", "GET /tenant/me during a login flood")]:
    if name not in load:
        continue
    row = load[name]
    rows.append("| {} | {} | {:.0f} | {:.2f} | {:.2f} | {:.2f} | {} | {} | {} |".format(
        label, row["connections"], row["wrk"]["rps"], row["wrk"]["p50_ms"], row["wrk"]["p99_ms"],
        per_request(name), cpu_per_request(name, "app_cpu_ticks"), cpu_per_request(name, "db_cpu_ticks"),
        row["wrk"]["errors"]))

def error_of(error):
    return error if error == error else 0.0  # JMH writes NaN when there are too few iterations


def jmh_tables():
    """One table per benchmark class, in the order of jmh.json."""
    out = []
    for cls, entries in jmh_classes.items():
        out.append("`{}`:\n\n| benchmark | score |\n|---|---|".format(cls))
        for method, params, key in entries:
            score, error, unit = jmh[key]
            label = method + "".join(" [{}={}]".format(k, v) for k, v in params.items())
            out.append("| `{}` | {:.3f} ± {:.3f} {} |".format(label, score, error_of(error), unit))
        out.append("")
    return "\n".join(out).rstrip()


def nan():
    return (float("nan"), float("nan"), "")


verify_us = (bench("TokenBenchmarks.verifyAccessToken") or nan())[0]
verify_first_us = (bench("TokenBenchmarks.verifyAccessTokenFirstPresentation") or nan())[0]
hmac_us = (bench("TokenBenchmarks.hmacSha256OfSameBytes") or nan())[0]


def micro(value):
    return "{:.2f}".format(value) if value < 10 else "{:.1f}".format(value)


signing_rows = []
signing = {}
for algorithm in ["HS256", "EdDSA", "ES256", "RS256"]:
    cells = [bench("SigningBenchmarks." + b, algorithm=algorithm) for b in
             ("sign", "verifyFirstPresentation", "verifyRepeatPresentation")]
    if all(cells):
        signing[algorithm] = [c[0] for c in cells]
        signing_rows.append("| {} | {} |".format(algorithm, " | ".join("{} ± {}".format(micro(c[0]), micro(error_of(c[1]))) for c in cells)))


def signing_text():
    if not signing_rows:
        return "(SigningBenchmarks did not run)"
    lines = ["| `auth.jwt.algorithm` | sign (issue) µs | verify, first presentation µs | verify, repeat presentation µs |",
             "|---|---|---|---|"] + signing_rows + [""]
    repeat = [v[2] for v in signing.values()]
    asymmetric = {a: v for a, v in signing.items() if a != "HS256"}
    text = ("A repeat presentation costs about the same under every algorithm ({} to {} µs: the verified-token cache, "
            "one SHA-256 and an expiry check), so steady-state protected requests do not change; the algorithm shows "
            "in sign-in, refresh and switch (one signature each) and in a client's first request with a new token."
            ).format(micro(min(repeat)), micro(max(repeat)))
    if asymmetric:
        cheapest = min(asymmetric, key=lambda a: asymmetric[a][1])
        dearest = max(asymmetric, key=lambda a: asymmetric[a][0])
        verify = "the cheapest to verify for the first time ({} µs)".format(micro(asymmetric[cheapest][1]))
        sign = "the dearest to sign ({} µs)".format(micro(asymmetric[dearest][0]))
        both = ("{} is {} and {}".format(cheapest, verify, sign) if cheapest == dearest
                else "{} is {} and {} {}".format(cheapest, verify, dearest, sign))
        text += " Of the asymmetric algorithms, {}, against a bcrypt of {:.1f} ms for a password sign-in.".format(
            both, bcrypt_ms)
    lines.append(text)
    return "\n".join(lines)


chart = os.path.join(docs, "benchmarks.png")
data = os.path.join(results, "chart.dat")
with open(data, "w") as out:
    for name, label in [("public_ping", "ping"), ("tenant_me", "tenant/me"), ("tenant_ping", "tenant/ping"),
                        ("refresh", "refresh"),
                        ("login", "login"), ("tenant_me_during_login_flood", "tenant/me+flood")]:
        if name not in load:
            continue
        row = dict(load[name]["wrk"], rps=mean_rps(name))
        out.write('"{}" {:.1f} {:.3f} {:.3f}\n'.format(label, row["rps"], row["p50_ms"], row["p99_ms"]))
chart_note = "![Throughput and latency per operation](benchmarks.png)"
if shutil.which("gnuplot"):
    script = """
set terminal pngcairo size 1000,420 font ",10"
set output '{chart}'
set multiplot layout 1,2
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.8
set grid ytics
set xtics rotate by -20
set title 'Throughput (requests/s)'
set logscale y
plot '{data}' using 2:xtic(1) title 'req/s' lc rgb '#3b6ea8'
unset logscale y
set title 'Latency (ms)'
set logscale y
plot '{data}' using 3:xtic(1) title 'p50' lc rgb '#59a14f', '' using 4 title 'p99' lc rgb '#e15759'
unset multiplot
""".format(chart=chart, data=data)
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
else:
    chart_note = "(gnuplot was not installed: no chart this run)"

def profile_text():
    if not profiles:
        return "(no JFR profile this run)"
    lines = ["JFR execution samples of the request threads (and the library's own threads) during a separate",
             "run of each scenario, attributed to the innermost known component on the stack:", ""]
    components = []
    for p in profiles:
        for name, _ in p["components"]:
            if name not in components:
                components.append(name)
    lines.append("| component | " + " | ".join("{} ({} samples)".format(p["scenario"], p["samples"]) for p in profiles) + " |")
    lines.append("|---|" + "---|" * len(profiles))
    for component in components:
        shares = [dict(p["components"]).get(component, 0.0) for p in profiles]
        lines.append("| {} | {} |".format(component, " | ".join("{:.1f} %".format(v) for v in shares)))
    lines.append("")
    lines.append("Hottest methods of this library (inclusive share of samples):")
    lines.append("")
    for p in profiles:
        top = ", ".join("`{}` {:.1f} %".format(m.rsplit(".", 2)[-2] + "." + m.rsplit(".", 1)[-1], v)
                        for m, v in p["library_methods"][:5])
        lines.append("- **{}**: {}".format(p["scenario"], top or "none sampled"))
    return "\n".join(lines)


def memory_text():
    if not memory:
        return "(benchmarks/memory.sh was not run: no memory figures this run)"
    return ("Heap used after a full GC with the app warmed up: {before:.1f} MB; after {sessions:,} stored sessions "
            "and traffic over them: {after:.1f} MB (growth {growth:+.1f} MB, {per:.1f} bytes per session). "
            "Measured by `benchmarks/memory.sh` ({gc}).").format(
        before=memory["heap_before_mb"], sessions=memory["sessions"], after=memory["heap_after_mb"],
        growth=memory["growth_mb"], per=memory.get("per_session_bytes", 0.0), gc=memory.get("gc", "JVM default GC"))


HAND_WRITTEN = re.compile(r"^<!-- (?P<name>[^>]+?): begin -->\n.*?^<!-- (?P=name): end -->\n", re.M | re.S)


def keep_hand_written_blocks(previous, page):
    """Carries the blocks marked `<!-- name: begin -->` ... `<!-- name: end -->` of the previous page into the
    new one, each at the end of the section whose heading it followed (or at the end of the page)."""
    for block in HAND_WRITTEN.finditer(previous):
        if "<!-- {}: begin -->".format(block.group("name")) in page:
            continue
        headings = [line for line in previous[:block.start()].splitlines() if line.startswith("#")]
        position = len(page)
        if headings and ("\n" + headings[-1] + "\n") in page:
            level = len(headings[-1]) - len(headings[-1].lstrip("#"))
            after = page.index("\n" + headings[-1] + "\n") + len(headings[-1]) + 2
            following = re.compile(r"^#{{1,{}}} ".format(level), re.M).search(page, after)
            position = following.start() if following else len(page)
        if position == len(page):
            page = page.rstrip("\n") + "\n\n" + block.group(0)
        else:
            page = page[:position].rstrip("\n") + "\n\n" + block.group(0) + "\n" + page[position:]
    return page


now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
measured = datetime.fromtimestamp(os.path.getmtime(os.path.join(results, "load.jsonl")), timezone.utc) \
    .strftime("%Y-%m-%d %H:%M UTC")
page_file = os.path.join(docs, "benchmarks.md")
page = """# Benchmarks

Figures of the run that ended on {measured}, written on {now} by `BENCH_DURATION={duration_arg} benchmarks/run.sh` (needs `wrk` and, for the chart,
`gnuplot`: `apt-get install -y wrk gnuplot-nox`); rerun it to regenerate this page and its chart. Absolute
figures drift on a shared machine; read the ratios.

## Method

- **Micro-benchmarks** (JMH, `benchmarks/` module, built only with `-Pbenchmarks`): access-token
  verification beside one HMAC-SHA256 of the same bytes; signing and verification per `auth.jwt.algorithm`;
  a TOTP code check with and without opening the sealed secret; one bcrypt verification at cost 10; the whole
  protected-request check (JWT verification, header comparison, membership query) and one refresh rotation
  against the embedded PostgreSQL 17 that the tests use. One fork, 3 warm-up and 5 measured iterations of 2 s.
- **Load run** (`wrk` on loopback against the demo app and its embedded PostgreSQL 17, both on this machine):
  `GET /public/ping` (unauthenticated, a body of the same structure and size), `GET /tenant/me` (protected,
  `@Audited` as in the original design) and `GET /tenant/ping` (the same check, no audit row) with 2 threads
  and 16 connections, in two interleaved rounds whose mean gives the ratio, after
  every scenario has been warmed up (the JIT keeps speeding the app up for about a minute); `POST /auth/refresh` along 8 independent session chains (8 connections, each following its
  own rotation); `POST /auth/login` with 4 connections; `GET /tenant/me` again while a second wrk floods login
  with 8 connections. Each scenario runs {duration}. Database statements are counted with
  `pg_stat_statements` (reset before each scenario; the driver's `BEGIN`, sent with the first statement of a
  transaction, is not counted, so the figure is close to round trips). CPU per request is the user + system
  time of the app's JVM and of all PostgreSQL processes over the scenario (`/proc/<pid>/stat`), divided by the
  requests served.
- **Machine**: {cores} cores, {cpu}, {system}; {java}. The load generator, the app and PostgreSQL share the
  same cores.

## Figures

{chart_note}

| scenario | connections | requests/s | p50 ms | p99 ms | DB statements / request | app CPU µs / request | PostgreSQL CPU µs / request | errors |
|---|---|---|---|---|---|---|---|---|
{rows}

JMH (lower is better), one table per benchmark class:

{jmh_tables}

A repeat presentation of an access token costs {verify:.1f} µs (one SHA-256 and a map lookup in the
verified-token cache), a first presentation {verify_first:.1f} µs (parse, HS256 signature, claims) against
{hmac:.1f} µs for the bare HMAC of the same bytes: JSON parsing and claim checks dominate a first
verification, not cryptography. A bcrypt verification at cost 10 costs {bcrypt:.1f} ms, so {cores} cores
cannot log in more than {limit:.0f} users per second whatever the library does.

### Signing algorithms

`SigningBenchmarks`, per `auth.jwt.algorithm` (keys: Ed25519, P-256, RSA 2048):

{signing}

## Targets

| target | measured | goal | status |
|---|---|---|---|
{targets}

## Profiles

{profiles}

## Memory

{memory}

## Where the time goes

{analysis}
""".format(now=now, measured=measured, duration_arg="{:.0f}s".format(load["tenant_me"]["wrk"]["seconds"]), duration=load["tenant_me"]["wrk"]["seconds"] and "{:.0f} s".format(load["tenant_me"]["wrk"]["seconds"]),
           cores=cores, cpu=cpu, system=platform.platform(), java=java, chart_note=chart_note, rows="\n".join(rows),
           jmh_tables=jmh_tables(), signing=signing_text(), verify=verify_us, verify_first=verify_first_us, hmac=hmac_us, bcrypt=bcrypt_ms, limit=bcrypt_limit,
           targets="\n".join("| {} | {:.3f} | {} | {} |".format(*t) for t in targets),
           profiles=profile_text(), memory=memory_text(), analysis=analysis or "(benchmarks/analysis.md is missing)")
page = keep_hand_written_blocks(open(page_file).read() if os.path.exists(page_file) else "", page)
with open(page_file, "w") as md:
    md.write(page)
print("wrote", os.path.join(docs, "benchmarks.md"), "and", chart)
