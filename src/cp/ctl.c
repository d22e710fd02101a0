/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The control socket: a UNIX stream socket served by the control thread
 * (the main lcore) between its other duties, with poll(2). Protocol:
 * docs/control-protocol.md (one JSON object per line each way).
 *
 * Limits, so a client can never hurt the datapath or the control thread:
 * requests over 64 KiB are refused and the connection closed; a connection
 * idle for 10 s (or whose reply cannot be written for 10 s) is closed; at
 * most 64 clients at once (more are told so and closed); replies are written
 * without blocking; SIGPIPE is ignored (a client leaving mid-reply is just
 * closed). Access: the socket is created 0660, and SO_PEERCRED admits root,
 * our own user and members of the socket's group. One srv6gw per path: a
 * lock file next to the socket refuses a second instance; a stale socket
 * left by a dead one is removed.
 *
 * Thread-safety: everything here runs on the control thread only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "cp.h"
#include "log.h"

#define CTL_MAX_CLIENTS 64
#define CTL_MAX_REQUEST (64 * 1024)
#define CTL_IDLE_MS 10000

struct ctl_conn {
	int fd;
	char *in;               /**< request bytes received so far */
	size_t in_len;
	char *out;              /**< reply bytes not yet written */
	size_t out_len, out_off;
	uint64_t last_ms;       /**< last progress */
	bool waiting_reload;    /**< reply deferred until the reload is done */
	bool close_after;       /**< close once the reply is written */
};

struct srv6gw_ctl {
	int lfd;
	int lock_fd;
	char path[108];
	char lock_path[120];
	gid_t gid;
	struct ctl_conn conn[CTL_MAX_CLIENTS];
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
ctl_fail(char *err, size_t len, const char *what, const char *path)
{
	snprintf(err, len, "control socket %s: %s: %s", path, what, strerror(errno));
	return -1;
}

/** Take the instance lock and clear a stale socket. */
static int
ctl_lock(struct srv6gw_ctl *c, char *err, size_t len)
{
	snprintf(c->lock_path, sizeof(c->lock_path), "%s.lock", c->path);
	c->lock_fd = open(c->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (c->lock_fd < 0)
		return ctl_fail(err, len, "cannot create the lock file", c->path);
	if (flock(c->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, len, "control socket %s: another srv6gw is running there", c->path);
		return -1;
	}
	/* we hold the lock: whatever socket file is there belongs to no live srv6gw */
	if (unlink(c->path) != 0 && errno != ENOENT)
		return ctl_fail(err, len, "cannot remove the stale socket", c->path);
	return 0;
}

struct srv6gw_ctl *
srv6gw_ctl_open(const char *path, char *err, size_t len)
{
	struct srv6gw_ctl *c = calloc(1, sizeof(*c));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	unsigned int i;

	if (c == NULL || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, len, "control socket path too long: %s", path);
		free(c);
		return NULL;
	}
	c->lfd = c->lock_fd = -1;
	for (i = 0; i < CTL_MAX_CLIENTS; i++)
		c->conn[i].fd = -1;
	snprintf(c->path, sizeof(c->path), "%s", path);
	strcpy(sa.sun_path, path);
	if (strncmp(path, "/run/srv6gw/", 12) == 0)
		mkdir("/run/srv6gw", 0755);
	if (ctl_lock(c, err, len) < 0)
		goto fail;
	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	old = umask(0117);      /* socket file 0660 */
	if (c->lfd < 0 || bind(c->lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		umask(old);
		ctl_fail(err, len, "cannot bind", path);
		goto fail;
	}
	umask(old);
	if (listen(c->lfd, 128) != 0) {
		ctl_fail(err, len, "cannot listen", path);
		goto fail;
	}
	c->gid = getegid();
	return c;
fail:
	srv6gw_ctl_close(c);
	return NULL;
}

static void
conn_close(struct ctl_conn *k)
{
	if (k->fd >= 0)
		close(k->fd);
	free(k->in);
	free(k->out);
	memset(k, 0, sizeof(*k));
	k->fd = -1;
}

void
srv6gw_ctl_close(struct srv6gw_ctl *c)
{
	unsigned int i;

	if (c == NULL)
		return;
	for (i = 0; i < CTL_MAX_CLIENTS; i++)
		conn_close(&c->conn[i]);
	if (c->lfd >= 0) {     /* only a bound socket is ours to remove */
		close(c->lfd);
		unlink(c->path);
	}
	/* the lock file stays: unlinking it would let a third instance in */
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	free(c);
}

/** Queue @p reply (consumed) on the connection, one line. */
static void
conn_reply(struct ctl_conn *k, json_t *reply)
{
	char *s = json_dumps(reply, JSON_COMPACT);
	size_t n;

	json_decref(reply);
	if (s == NULL) {
		k->close_after = true;
		return;
	}
	n = strlen(s);
	free(k->out);
	k->out = realloc(s, n + 1);
	if (k->out == NULL) {
		free(s);
		k->close_after = true;
		return;
	}
	k->out[n] = '\n';
	k->out_len = n + 1;
	k->out_off = 0;
}

/** Is @p gid among the supplementary groups of process @p pid? */
static bool
in_groups(pid_t pid, gid_t gid)
{
	char path[64], line[1024];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *p = line + 7, *end;

		if (strncmp(line, "Groups:", 7) != 0)
			continue;
		for (;;) {
			unsigned long g = strtoul(p, &end, 10);

			if (end == p)
				break;
			if (g == gid) {
				found = true;
				break;
			}
			p = end;
		}
	}
	fclose(f);
	return found;
}

/** Root, our own user, or a member (primary or supplementary) of the socket's group. */
static bool
peer_allowed(const struct srv6gw_ctl *c, int fd)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);
	struct stat st;
	gid_t gid = c->gid;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) != 0)
		return false;
	if (cr.uid == 0 || cr.uid == geteuid())
		return true;
	if (stat(c->path, &st) == 0)
		gid = st.st_gid;        /* e.g. inherited from a setgid directory */
	return cr.gid == gid || in_groups(cr.pid, gid);
}

static void
accept_all(struct srv6gw_ctl *c)
{
	struct ctl_conn *k;
	unsigned int i;
	int fd;

	while ((fd = accept4(c->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		for (i = 0; i < CTL_MAX_CLIENTS && c->conn[i].fd >= 0; i++)
			;
		if (i == CTL_MAX_CLIENTS) {
			static const char busy[] = "{\"api_version\":1,\"ok\":false,\"error\":"
				"{\"code\":\"busy\",\"message\":\"too many clients\"}}\n";

			(void)!write(fd, busy, sizeof(busy) - 1);
			close(fd);
			continue;
		}
		k = &c->conn[i];
		k->fd = fd;
		k->last_ms = now_ms();
		if (!peer_allowed(c, fd)) {
			conn_reply(k, srv6gw_ctl_error("forbidden", "user not allowed"));
			k->close_after = true;
		}
	}
}

static bool conn_process(struct ctl_conn *k, struct srv6gw_ctl_env *env);

/** Handle what a client sent; a complete line is one request. */
static bool
conn_read(struct ctl_conn *k, struct srv6gw_ctl_env *env)
{
	char buf[4096];
	ssize_t n;

	n = read(k->fd, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_close(k);
		return false;
	}
	if (n < 0)
		return false;
	/* requests are served one at a time; later lines wait in k->in */
	if (k->in_len + n > CTL_MAX_REQUEST) {
		conn_reply(k, srv6gw_ctl_error("too_large", "request larger than 65536 bytes"));
		k->close_after = true;
		return false;
	}
	char *in = realloc(k->in, k->in_len + n + 1);

	if (in == NULL) {
		conn_close(k);
		return false;
	}
	k->in = in;
	memcpy(k->in + k->in_len, buf, n);
	k->in_len += n;
	k->last_ms = now_ms();
	return conn_process(k, env);
}

/** Serve the first complete request line buffered on @p k, if any. */
static bool
conn_process(struct ctl_conn *k, struct srv6gw_ctl_env *env)
{
	bool want_reload = false;
	char *nl;

	if (k->in_len == 0 || k->out_len != 0 || k->waiting_reload)
		return false;
	nl = memchr(k->in, '\n', k->in_len);
	if (nl == NULL)
		return false;
	json_t *reply = srv6gw_ctl_request(env, k->in, nl - k->in, &want_reload);
	size_t rest = k->in_len - (nl + 1 - k->in);

	memmove(k->in, nl + 1, rest);
	k->in_len = rest;
	if (want_reload) {
		k->waiting_reload = true;
		return true;
	}
	conn_reply(k, reply);
	return false;
}

static bool
conn_write(struct ctl_conn *k, struct srv6gw_ctl_env *env)
{
	ssize_t n = write(k->fd, k->out + k->out_off, k->out_len - k->out_off);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_close(k);  /* EPIPE: the client left mid-reply */
		return false;
	}
	k->out_off += n;
	k->last_ms = now_ms();
	if (k->out_off < k->out_len)
		return false;
	free(k->out);
	k->out = NULL;
	k->out_len = k->out_off = 0;
	if (k->close_after) {
		conn_close(k);
		return false;
	}
	return conn_process(k, env);    /* a pipelined request, if any */
}

bool
srv6gw_ctl_poll(struct srv6gw_ctl *c, struct srv6gw_ctl_env *env, int timeout_ms)
{
	struct pollfd pfd[CTL_MAX_CLIENTS + 1];
	int map[CTL_MAX_CLIENTS + 1];
	unsigned int i, n = 0;
	bool reload = false;
	uint64_t t = now_ms();

	pfd[n].fd = c->lfd;
	pfd[n].events = POLLIN;
	map[n++] = -1;
	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_conn *k = &c->conn[i];

		if (k->fd < 0)
			continue;
		if (!k->waiting_reload && t - k->last_ms > CTL_IDLE_MS) {
			conn_close(k);  /* silent or stuck client */
			continue;
		}
		pfd[n].fd = k->fd;
		pfd[n].events = k->out_len ? POLLOUT : POLLIN;
		map[n++] = (int)i;
	}
	if (poll(pfd, n, timeout_ms) <= 0)
		return false;
	for (i = 1; i < n; i++) {
		struct ctl_conn *k = &c->conn[map[i]];

		if (pfd[i].revents & (POLLERR | POLLNVAL))
			conn_close(k);
		else if (pfd[i].revents & POLLOUT)
			reload |= conn_write(k, env);
		else if (pfd[i].revents & (POLLIN | POLLHUP))
			reload |= conn_read(k, env);
	}
	if (pfd[0].revents & POLLIN)
		accept_all(c);
	return reload;
}

void
srv6gw_ctl_reload_done(struct srv6gw_ctl *c, json_t *reply)
{
	unsigned int i;

	/* every client that asked during the same poll shares the one reload */
	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_conn *k = &c->conn[i];

		if (k->fd < 0 || !k->waiting_reload)
			continue;
		k->waiting_reload = false;
		k->last_ms = now_ms();
		json_incref(reply);
		conn_reply(k, reply);
	}
	json_decref(reply);
}
