"""The socket under abuse: bad input (one connection each), idle clients,
several requests on one connection, clients that leave, 1000 connections.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import resource
import selectors
import socket
import time

import harness
from harness import assert_alive, check, check_envelope, note, result, transact


def bad_input(payload, codes, timeout=5.0):
    """payload gets an error reply with a code in codes, or the connection is closed."""
    kind, r = transact(harness.SOCK, payload, timeout)
    if kind == "reply":
        check_envelope(r)
        check(r["ok"] is False, "accepted: %r" % (r,))
        check(r["error"]["code"] in codes, "error code %r, want one of %s" % (r["error"]["code"],
                                                                             codes))
    else:
        check(kind == "closed", "neither a reply nor closed within %.0f s" % timeout)
        check(r == b"", "closed after a partial reply %r" % r[:100])
    assert_alive("afterwards")


# Expected codes: docs/control-protocol.md, "Access and limits".
BAD_INPUTS = [
    ("request > 64 KiB without newline", b'{"command":"' + b"a" * 70000, ["too_large"]),
    ("request > 64 KiB with newline", b'{"command":"' + b"a" * 70000 + b'"}\n', ["too_large"]),
    ("truncated JSON", b'{"command": "show st\n', ["bad_json"]),
    ("truncated JSON object", b'{"command": "show stats", "args": {\n', ["bad_json"]),
    ("JSON nested 10000 deep (arrays)", b"[" * 10000 + b"]" * 10000 + b"\n", ["bad_request"]),
    ("JSON nested 10000 deep (objects in args)", b'{"command":"version","args":' +
     b'{"a":' * 10000 + b"1" + b"}" * 10000 + b"}\n", ["bad_request"]),
    ("JSON nested 17 deep", b"[" * 17 + b"]" * 17 + b"\n", ["bad_request"]),
    ("NUL byte", b'{"command":"version"\x00}\n', ["bad_request"]),
    ("NUL byte in string", b'{"command":"vers\x00ion"}\n', ["bad_request"]),
    ("escaped NUL in string", b'{"command":"version\\u0000"}\n', ["bad_json", "bad_request"]),
    ("invalid UTF-8", b'{"command":"vers\xff\xfeion"}\n', ["bad_json"]),
    ("overlong UTF-8", b'{"command":"\xc0\xafversion"}\n', ["bad_json"]),
    ("empty line", b"\n", ["bad_json"]),
    ("trailing garbage", b'{"command":"version"} x\n', ["bad_json"]),
    ("not an object (array)", b'["show stats"]\n', ["bad_request"]),
    # valid JSON but not an object: jansson refuses scalars at the top as a parse error
    ("not an object (string)", b'"show stats"\n', ["bad_request", "bad_json"]),
    ("not an object (number)", b"42\n", ["bad_request", "bad_json"]),
    ("missing command", b'{"args":{}}\n', ["bad_request"]),
    ("command not a string", b'{"command":["show","stats"]}\n', ["bad_request"]),
    ("unknown command", b'{"command":"format disk"}\n', ["unknown_command"]),
    ("args not an object", b'{"command":"show stats","args":[1,2]}\n', ["bad_request"]),
    ("args a string", b'{"command":"version","args":"raw"}\n', ["bad_request"]),
    ("duplicate keys", b'{"command":"version","command":"reload"}\n', ["bad_json", "bad_request"]),
]


def t_silent_clients():
    """Idle clients are closed after ~10 s; others are served meanwhile."""
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    partial = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(harness.SOCK)
    partial.connect(harness.SOCK)
    partial.sendall(b'{"command": "vers')
    t0 = time.monotonic()
    closed = {}
    sel = selectors.DefaultSelector()
    sel.register(silent, selectors.EVENT_READ, "silent")
    sel.register(partial, selectors.EVENT_READ, "partial")
    served = 0
    worst = 0.0
    try:
        while len(closed) < 2 and time.monotonic() - t0 < 14:
            t = time.monotonic()
            result("version")
            worst = max(worst, time.monotonic() - t)
            served += 1
            for key, _ in sel.select(timeout=0.25):
                try:
                    d = key.fileobj.recv(4096)
                except ConnectionResetError:
                    d = b""
                if not d:   # (a reply before the close would be fine too)
                    closed[key.data] = time.monotonic() - t0
                    sel.unregister(key.fileobj)
    finally:
        silent.close()
        partial.close()
        sel.close()
    note("idle clients closed after %s; %d requests served meanwhile (slowest %.3f s)" % (
        ", ".join("%s %.1f s" % kv for kv in sorted(closed.items())), served, worst))
    for k in ("silent", "partial"):
        check(k in closed, "%s client still open after 14 s" % k)
        check(8.5 <= closed[k] <= 13.5, "%s client closed after %.1f s, want ~10" % (k, closed[k]))
    check(served >= 20, "only %d requests served while idle clients waited" % served)
    check(worst < 2.0, "a request took %.2f s while idle clients waited" % worst)
    assert_alive()


def t_sequential_requests():
    """docs/control-protocol.md: the next request may follow on the same connection."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(harness.SOCK)
    f = s.makefile("rb")
    try:
        for i, c in enumerate(["version", "show config", "show stats", "help", "nope", "version"]
                              * 3):
            s.sendall((json.dumps({"command": c}) + "\n").encode())
            line = f.readline()
            check(line.endswith(b"\n"), "request %d (%s): no reply line" % (i + 1, c))
            r = json.loads(line)
            check_envelope(r)
            check(r["ok"] == (c != "nope"), "request %d (%s): %r" % (i + 1, c, r))
        # an error reply does not close the connection either
        s.sendall(b'{"command":\n')
        r = json.loads(f.readline())
        check(r["error"]["code"] == "bad_json", "bad JSON: %r" % r)
        s.sendall(b'{"command":"version"}\n')
        r = json.loads(f.readline())
        check(r.get("ok") is True, "request after an error reply: %r" % r)
    finally:
        f.close()
        s.close()
    assert_alive()


def t_disconnect_after_send():
    for i in range(30):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(harness.SOCK)
        s.sendall(b'{"command":"show stats"}\n')
        if i % 2:   # abortive close (unread data, RST-like for UNIX sockets)
            s.shutdown(socket.SHUT_RDWR)
        s.close()
    for i in range(10):  # leave while the reply is being written
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.connect(harness.SOCK)
        s.sendall(b'{"command":"show stats"}\n')
        s.recv(10)
        s.close()
    time.sleep(0.2)
    assert_alive()


def t_thousand_connections():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, max(hard, 4096)), max(hard, 4096)))
    socks = []
    conn_refused = 0
    try:
        end = time.monotonic() + 20
        while len(socks) < 1000 and time.monotonic() < end:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect(harness.SOCK)
            except BlockingIOError:     # backlog full: srv6gw has not accepted yet
                s.close()
                time.sleep(0.001)
                continue
            except ConnectionRefusedError:
                s.close()
                conn_refused += 1
                time.sleep(0.001)
                continue
            socks.append(s)
        check(len(socks) == 1000, "only %d connections in 20 s" % len(socks))
        line = b'{"command":"version"}\n'
        state = {}
        for s in socks:
            try:
                s.send(line)
            except (BrokenPipeError, ConnectionResetError):
                pass
            except BlockingIOError:
                pass
            state[s] = b""
        sel = selectors.DefaultSelector()
        for s in socks:
            sel.register(s, selectors.EVENT_READ)
        answered = busy = closed = 0
        other = []
        pending = set(socks)
        end = time.monotonic() + 20
        while pending and time.monotonic() < end:
            for key, _ in sel.select(timeout=0.5):
                s = key.fileobj
                try:
                    d = s.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    d = b""
                if d:
                    state[s] += d
                    if b"\n" not in state[s]:
                        continue
                    r = json.loads(state[s].split(b"\n", 1)[0])
                    if r.get("ok") and r.get("command") == "version":
                        answered += 1
                    elif not r.get("ok") and r.get("error", {}).get("code") == "busy":
                        busy += 1
                    else:
                        other.append(r)
                elif state[s]:
                    other.append(state[s][:100])
                else:
                    closed += 1
                pending.discard(s)
                sel.unregister(s)
        sel.close()
        note("1000 connections: %d answered, %d busy, %d closed, %d other, %d still waiting "
             "(connect refused %d times)" % (answered, busy, closed, len(other), len(pending),
                                             conn_refused))
        check(not pending, "%d connections neither answered nor closed after 20 s" % len(pending))
        check(not other, "unexpected replies: %r" % other[:3])
        check(answered >= 1, "no connection was served")
        check(answered + busy + closed == 1000, "counts do not add up")
    finally:
        for s in socks:
            s.close()
    time.sleep(0.3)
    result("version")
    assert_alive()
