#!/usr/bin/env python3
"""Record the functions the gateway runs at start-up and write the linker's order file.

Usage (from the repository root, after a release build with function sections, see README
"Running it for real"):

    python3 tools/startup_order.py [--binary .build/release/tsunagu] [--out Linker/tsunagu-startup.order]

Why: start-up runs a few MiB of code spread over the binary's ~31 MiB of text, and the kernel maps
a 64 KiB window (fault-around) around every page first executed, so most of the text ends up
resident. With every function in its own section (`-function-sections`) and this file passed to
lld (`--symbol-ordering-file`, Package.swift `releaseLinking`), the functions start-up runs are
laid out together at the start of the text and touch a few windows instead of hundreds.

How: runs `tsunagu serve --demo --bench-routes` (what `tsunagu-bench pact` runs) on a fresh data
directory under valgrind's callgrind, which lists every function executed (a sampling profiler
would miss the short ones). The first dump is taken when the gateway prints that it is ready;
then one token request, GetFootprint v3 and v2 and ListFootprints are made and a second dump
lists the functions the first requests add. The order file lists the start-up functions in the
order callgrind first met them, then the request functions, as mangled symbol names.

Needs valgrind (callgrind, callgrind_control), llvm-objcopy and llvm-nm (or objcopy and nm).
valgrind 3.19 cannot read the DWARF 5 debug information Swift writes, so a copy of the binary
without debug information is profiled; its symbol table is the same. Under valgrind start-up
takes a minute or two. A stale order file is harmless: lld ignores names it does not find
(`--no-warn-symbol-ordering`), the layout just gets less compact; regenerate it after large
changes to what start-up runs.
"""

import argparse
import base64
import json
import glob
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

FOOTPRINT_ID = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"
CLIENT_ID = "bench"
CLIENT_SECRET = "bench-secret"


def tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    sys.exit(f"startup_order: none of {', '.join(names)} found on PATH")


def wait_for(path, text, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(path, errors="replace") as log:
            content = log.read()
        if text in content:
            return
        if process.poll() is not None:
            sys.exit(f"startup_order: the gateway exited before it was ready:\n{content}")
        time.sleep(1)
    sys.exit(f"startup_order: no '{text}' within {timeout} s")


def dump(pid, timeout=600):
    """Asks callgrind for a dump and waits until the dump file is complete."""
    subprocess.run([tool("callgrind_control"), "--dump", str(pid)], check=True, timeout=timeout,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def request(base, path, token=None, body=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        pair = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        headers["Authorization"] = "Basic " + pair
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = body.encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers),
                                context=context, timeout=600) as response:
        return response.read()


def executed_functions(dump_path, binary):
    """Function names of `binary` in one callgrind dump, in the order the dump lists them."""
    names, seen, current_object = [], set(), None
    with open(dump_path, errors="replace") as lines:
        for line in lines:
            if line.startswith("ob="):
                current_object = line[3:].strip()
            elif line.startswith("fn=") and current_object == binary:
                name = line[3:].strip()
                # callgrind marks recursion depth as name'2, name'3...
                head, quote, depth = name.rpartition("'")
                if quote and depth.isdigit():
                    name = head
                if name not in seen:
                    seen.add(name)
                    names.append(name)
    return names


class SymbolTable:
    """The binary's function symbols: lld places only sections it can find by symbol name."""

    def __init__(self, binary):
        output = subprocess.run([tool("llvm-nm", "nm"), "--defined-only", binary],
                                check=True, capture_output=True, text=True).stdout
        symbols = []
        for line in output.splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[1] in "tTwW":
                symbols.append((int(fields[0], 16), fields[2]))
        self.known = {name for _, name in symbols}

    def name(self, function):
        # Callgrind prints an address for code without a symbol: Swift's unnamed functions
        # (sections `.text..L__unnamed_N`, e.g. some protocol witness thunks). lld can only
        # place what has a name, so those stay where they are.
        return function if function in self.known else None


def unsplit_functions(binary):
    """Functions that share one `.text` section with the rest of their object file.

    lld moves whole sections, so listing such a function moves its whole file's code: those are
    listed after the functions that have a section of their own, which then lie densely together.
    They come from the toolchain's static libraries (libswiftCore's Swift.o alone has 1.5 MiB of
    code in one section) and from objects built without `-function-sections` (assembly).
    """
    info = json.loads(subprocess.run([tool("swiftc"), "-print-target-info"], check=True,
                                     capture_output=True, text=True).stdout)
    static = info["paths"]["runtimeResourcePath"] + "_static/linux"
    files = glob.glob(os.path.join(static, "*.a"))
    files += glob.glob(os.path.join(os.path.dirname(os.path.realpath(binary)), "*.build", "**", "*.o"), recursive=True)
    names = set()
    objdump = tool("llvm-objdump", "objdump")
    for start in range(0, len(files), 200):
        output = subprocess.run([objdump, "-t", *files[start:start + 200]], capture_output=True, text=True).stdout
        for line in output.splitlines():
            # address, 7 flag characters, section TAB size, visibility (.hidden) when not default, name
            match = re.match(r"[0-9a-f]+ .{7} (\S+)\t[0-9a-f]+ (?:\.\w+ )?(\S+)$", line)
            if match and match.group(1) == ".text":
                names.add(match.group(2))
    return names


def record(binary, port, work):
    """Runs the gateway under callgrind; leaves dumps 1 (start-up) and 2 (first requests) in `work`."""
    profiled = os.path.join(work, "tsunagu")
    subprocess.run([tool("llvm-objcopy", "objcopy"), "--strip-debug", binary, profiled], check=True)
    data = os.path.join(work, "data")
    log_path = os.path.join(work, "gateway.log")
    environment = dict(os.environ, TSUNAGU_DEMO_CLIENT_ID=CLIENT_ID, TSUNAGU_DEMO_CLIENT_SECRET=CLIENT_SECRET)
    command = [tool("valgrind"), "--tool=callgrind", "--demangle=no", "--dump-instr=no",
               "--compress-strings=no", "--compress-pos=no",
               f"--callgrind-out-file={work}/callgrind.out",
               profiled, "serve", "--demo", "--bench-routes", "--port", str(port), "--data", data]
    with open(log_path, "w") as log:
        gateway = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        wait_for(log_path, "is ready at", gateway, timeout=1200)
        dump(gateway.pid)
        base = f"https://127.0.0.1:{port}"
        token = json.loads(request(base, "/auth/token", body="grant_type=client_credentials"))["access_token"]
        for path in ["/bench/static", f"/3/footprints/{FOOTPRINT_ID}", "/3/footprints?limit=10",
                     f"/2/footprints/{FOOTPRINT_ID}"]:
            request(base, path, token=token)
        dump(gateway.pid)
    finally:
        gateway.send_signal(signal.SIGKILL)
        gateway.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/tsunagu")
    parser.add_argument("--out", default="Linker/tsunagu-startup.order")
    parser.add_argument("--port", type=int, default=18643)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (callgrind dumps)")
    parser.add_argument("--dumps", help="a directory kept by --keep: write the order file from its dumps")
    arguments = parser.parse_args()
    if not os.path.isdir("Mappings") or not os.path.isdir("Policies"):
        sys.exit("startup_order: run from the repository root (the gateway loads Mappings/ and Policies/)")

    work = arguments.dumps or tempfile.mkdtemp(prefix="tsunagu-startup-order-")
    profiled = os.path.join(work, "tsunagu")
    if not arguments.dumps:
        record(arguments.binary, arguments.port, work)

    symbols = SymbolTable(profiled)
    groups, unnamed, listed = [], set(), set()
    for part in (1, 2):
        group = []
        for function in executed_functions(f"{work}/callgrind.out.{part}", profiled):
            name = symbols.name(function)
            if name is None:
                unnamed.add(function)
            elif name not in listed:
                listed.add(name)
                group.append(name)
        groups.append(group)

    unsplit = unsplit_functions(arguments.binary)
    titles = ["Start-up, process start to ready", "First requests (token, GetFootprint v3 and v2, ListFootprints)"]
    with open(arguments.out, "w") as out:
        out.write("# lld --symbol-ordering-file for the tsunagu executable (Package.swift releaseLinking).\n")
        out.write("# Written by tools/startup_order.py; regenerate it with that script, do not edit.\n")
        out.write(f"# {len(unnamed)} functions run have no symbol (Swift's unnamed functions) and cannot be listed.\n")
        for title, group in zip(titles, groups):
            own = [name for name in group if name not in unsplit]
            shared = [name for name in group if name in unsplit]
            out.write(f"# {title}: {len(own)} functions with a section of their own, in the order callgrind lists them,\n")
            out.writelines(name + "\n" for name in own)
            out.write(f"# then {len(shared)} that share their file's section (whole sections move).\n")
            out.writelines(name + "\n" for name in shared)
    print(f"{arguments.out}: {len(groups[0])} start-up and {len(groups[1])} request functions, {len(unnamed)} without a name")
    if arguments.keep or arguments.dumps:
        print(f"callgrind dumps in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
