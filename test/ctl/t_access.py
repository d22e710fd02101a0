"""Access: user nobody refused by the socket's permissions and by SO_PEERCRED;
a member of the socket's group admitted.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import errno
import json
import os
import socket
import time

import harness
from harness import assert_alive, check, Fail, gw_start, gw_stop, note, wait_up


def as_nobody(fn):
    """Run fn() in a child with uid/gid 65534 and no groups; returns what fn returned."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            res = fn()
        except BaseException as e:
            res = {"exception": "%s: %s" % (type(e).__name__, e)}
        os.write(wfd, json.dumps(res).encode())
        os._exit(0)
    os.close(wfd)
    data = b""
    end = time.monotonic() + 15
    while time.monotonic() < end:
        d = os.read(rfd, 65536)
        if not d:
            break
        data += d
    os.close(rfd)
    os.waitpid(pid, 0)
    return json.loads(data or b"null")


def nobody_connect():
    uid = os.getuid()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(harness.SOCK)
    except OSError as e:
        return {"uid": uid, "connect_errno": e.errno}
    try:
        s.sendall(b'{"command":"show stats"}\n')
    except OSError:
        pass
    buf = b""
    try:
        while b"\n" not in buf:
            d = s.recv(65536)
            if not d:
                break
            buf += d
    except OSError as e:
        return {"uid": uid, "recv_errno": e.errno, "data": buf.decode(errors="replace")}
    return {"uid": uid, "data": buf.decode(errors="replace")}


def judge_nobody(res):
    check(res and "exception" not in res, "child failed: %r" % res)
    check(res["uid"] == 65534, "child did not become nobody")
    if "connect_errno" in res:
        check(res["connect_errno"] in (errno.EACCES, errno.EPERM),
              "connect failed with %s, want EACCES" % errno.errorcode.get(res["connect_errno"]))
        return "connect: %s" % errno.errorcode[res["connect_errno"]]
    line = res.get("data", "").split("\n")[0]
    if not line:
        raise Fail("connected and got no reply (want {\"code\":\"forbidden\"}): %r" % res)
    r = json.loads(line)
    check(r.get("ok") is False and r.get("error", {}).get("code") == "forbidden",
          "a non-allowed user got %s" % line[:200])
    return "reply: forbidden"


def t_forbidden_perms():
    how = judge_nobody(as_nobody(nobody_connect))
    note("nobody, socket 0660 in a 0700 directory: " + how)
    assert_alive()


def t_forbidden_peercred():
    """Even when the file permissions let nobody in, SO_PEERCRED must refuse."""
    dmode = os.stat(harness.W).st_mode & 0o777
    smode = os.stat(harness.SOCK).st_mode & 0o777
    os.chmod(harness.W, 0o711)
    os.chmod(harness.SOCK, 0o666)
    try:
        res = as_nobody(nobody_connect)
    finally:
        os.chmod(harness.SOCK, smode)
        os.chmod(harness.W, dmode)
    how = judge_nobody(res)
    check(how == "reply: forbidden", "expected the forbidden reply, got %s" % how)
    assert_alive()


def t_socket_group():
    """docs/control-protocol.md: root, srv6gw's user "or the socket's group" are admitted.

    The usual way a socket gets a group other than srv6gw's own: a setgid
    directory (install -d -g GROUP -m 2770 /run/srv6gw). A user whose
    (primary) group is that group can open the socket (mode 0660) and must be
    served, not told "forbidden".
    """
    gdir = os.path.join(harness.W, "grp")
    os.mkdir(gdir)
    os.chown(gdir, 0, 65534)
    os.chmod(gdir, 0o2770)
    gsock = os.path.join(gdir, "ctl.sock")
    p = gw_start("ctl%dgrp" % os.getpid(), harness.CONF, gsock)
    dmode = os.stat(harness.W).st_mode & 0o777
    try:
        wait_up(p, gsock)
        st = os.stat(gsock)
        check(st.st_gid == 65534, "socket group %d, want 65534 (setgid directory)" % st.st_gid)
        os.chmod(harness.W, 0o711)
        saved, harness.SOCK = harness.SOCK, gsock
        try:
            res = as_nobody(nobody_connect)
        finally:
            harness.SOCK = saved
            os.chmod(harness.W, dmode)
        check(res and "exception" not in res and res.get("uid") == 65534, "child: %r" % res)
        check("connect_errno" not in res, "connect failed: %s" % errno.errorcode.get(
            res.get("connect_errno"), res.get("connect_errno")))
        line = res.get("data", "").split("\n")[0]
        check(line, "no reply")
        r = json.loads(line)
        check(r.get("ok") is True, "a member of the socket's group (gid 65534, socket %s "
              "root:65534 0660) got %s" % (gsock, line[:160]))
    finally:
        gw_stop(p)
