"""srv6gwctl exit codes: 3 without a srv6gw, 2 for bad usage, 1 for an error reply.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import os
import socket

import harness
from harness import check, ctl


def t_ctl_missing_socket():
    rc, out, err = ctl("show", "stats", sock=os.path.join(harness.W, "nope.sock"))
    check(rc == 3, "exit %d, want 3 (%s)" % (rc, err.strip()))
    # a socket file nobody listens on (as a dead srv6gw leaves it)
    dead = os.path.join(harness.W, "dead.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(dead)
    s.close()
    rc, out, err = ctl("version", sock=dead)
    check(rc == 3, "dead socket: exit %d, want 3 (%s)" % (rc, err.strip()))
    env = dict(os.environ, SRV6GW_CTL_SOCKET=os.path.join(harness.W, "nope2.sock"))
    rc, out, err = ctl("version", sock=False, env=env)
    check(rc == 3, "SRV6GW_CTL_SOCKET missing: exit %d, want 3" % rc)


def t_ctl_usage():
    for args in ([], ["--bogus", "version"], ["show", "stats", "extra"],
                 ["--timeout", "0", "version"], ["-s"]):
        rc, out, err = ctl(*args)
        check(rc == 2, "srv6gwctl %s: exit %d, want 2" % (" ".join(args), rc))
        check("usage" in err, "srv6gwctl %s: no usage message" % " ".join(args))


def t_ctl_error_reply():
    rc, out, err = ctl("show", "nothing")
    check(rc == 1, "unknown command: exit %d, want 1" % rc)
    check("unknown_command" in err, "no error code on stderr: %r" % err)
    rc, out, err = ctl("--json", "raw", '{"command":"nope"}')
    check(rc == 1 and json.loads(out)["error"]["code"] == "unknown_command",
          "raw unknown command: exit %d %r" % (rc, out[:200]))
