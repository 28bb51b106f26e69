#!/usr/bin/env python3
"""Summarises a JFR recording of the demo app: where the CPU of the request threads goes.

usage: profile.py recording.jfr scenario-name out.json
Reads jdk.ExecutionSample events (via the JDK's `jfr print`), keeps the samples of request and
library threads, and writes the share of samples by component (the first matching frame from the top of
the stack decides) and the hottest methods of this library (inclusive), as JSON.
"""
import collections
import json
import re
import subprocess
import sys

recording, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]

# first match from the top of the stack wins: the most specific component that is running
COMPONENTS = [
    ("bcrypt (password hash)", ("org.springframework.security.crypto.bcrypt.",)),
    ("JWT parse and verify (jjwt)", ("io.jsonwebtoken.",)),
    ("PostgreSQL driver and pool", ("org.postgresql.", "com.zaxxer.hikari.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.", "tools.jackson.")),
    ("this library", ("dev.systemauth.core.", "dev.systemauth.autoconfigure.")),
    ("Spring MVC and web", ("org.springframework.web.", "org.springframework.http.")),
    ("Tomcat and servlet", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("Micrometer / observation", ("io.micrometer.",)),
]

text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", recording],
                      capture_output=True, text=True, check=True).stdout
frame_pattern = re.compile(r"^\s+([\w.$]+)\(", re.M)
thread_pattern = re.compile(r'sampledThread = "([^"]+)"')
by_component = collections.Counter()
library_methods = collections.Counter()
total = 0
for event in text.split("jdk.ExecutionSample")[1:]:
    thread = thread_pattern.search(event)
    if not thread or not thread.group(1).startswith(("http-nio", "auth-")):
        continue
    frames = frame_pattern.findall(event)
    if not frames:
        continue
    total += 1
    component = "other (JDK, GC barriers, logging)"
    for frame in frames:
        found = next((name for name, prefixes in COMPONENTS if frame.startswith(prefixes)), None)
        if found:
            component = found
            break
    by_component[component] += 1
    for frame in set(frames):
        if frame.startswith(("dev.systemauth.core.", "dev.systemauth.autoconfigure.")):
            library_methods[frame] += 1

summary = {
    "scenario": scenario,
    "samples": total,
    "components": [[name, round(100.0 * n / max(1, total), 1)] for name, n in by_component.most_common()],
    "library_methods": [[name, round(100.0 * n / max(1, total), 1)] for name, n in library_methods.most_common(8)],
}
with open(out, "a") as f:
    f.write(json.dumps(summary) + "\n")
print(json.dumps(summary))
