/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The HMAC key file (RFC 8754 §2.1.2): a text file apart from the main
 * configuration so the configuration can be world-readable and the secrets
 * not. Format (docs/security.md):
 *
 *     # comment
 *     <key-id> <algorithm> <secret>
 *
 * key-id 1..4294967295; algorithm sha256 or sha1; secret "hex:" followed by
 * 2..128 hex digits, or "text:" followed by 1..64 printable characters
 * other than space and '#' (what `ip sr hmac set` takes as a password).
 *
 * The file is refused when it is readable or writable by others, or
 * writable by its group: a leaked key lets anyone forge segment lists.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp/hmac_keys.h"

#define HK_FILE_MAX (1u << 20)

static int
hk_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool
hk_secret(const char *tok, struct srv6gw_hmac_key *k, const char **why)
{
	size_t n, i;

	if (strncmp(tok, "hex:", 4) == 0) {
		tok += 4;
		n = strlen(tok);
		if (n == 0 || n % 2 != 0 || n / 2 > SRV6GW_HMAC_SECRET_MAX) {
			*why = "hex secret needs an even number of 2..128 hex digits";
			return false;
		}
		for (i = 0; i < n / 2; i++) {
			int hi = hk_hexval(tok[2 * i]), lo = hk_hexval(tok[2 * i + 1]);

			if (hi < 0 || lo < 0) {
				*why = "hex secret has a character that is not a hex digit";
				return false;
			}
			k->secret[i] = (uint8_t)(hi << 4 | lo);
		}
		k->len = (uint8_t)(n / 2);
		return true;
	}
	if (strncmp(tok, "text:", 5) == 0) {
		tok += 5;
		n = strlen(tok);
		if (n == 0 || n > SRV6GW_HMAC_SECRET_MAX) {
			*why = "text secret must have 1..64 characters";
			return false;
		}
		for (i = 0; i < n; i++) {
			if (!isgraph((unsigned char)tok[i])) {
				*why = "text secret must be printable characters";
				return false;
			}
		}
		memcpy(k->secret, tok, n);
		k->len = (uint8_t)n;
		return true;
	}
	*why = "secret must start with hex: or text:";
	return false;
}

static int
hk_cmp(const void *a, const void *b)
{
	const struct srv6gw_hmac_key *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* One line (NUL-terminated, without its newline). */
static void
hk_line(char *line, int ln, struct srv6gw_hmac_key *keys, unsigned int *n,
	   srv6gw_hmac_keys_err_fn err, void *arg)
{
	char *tok[4], *save = NULL, *p, *end;
	const char *why = NULL;
	struct srv6gw_hmac_key k;
	unsigned long long id;
	unsigned int nt = 0, i;

	p = strchr(line, '#');
	if (p != NULL)
		*p = '\0';
	for (p = strtok_r(line, " \t\r", &save); p != NULL && nt < 4;
	     p = strtok_r(NULL, " \t\r", &save))
		tok[nt++] = p;
	if (nt == 0)
		return;
	if (nt != 3) {
		err(arg, ln, "expected <key-id> <sha256|sha1> <hex:...|text:...>");
		return;
	}
	memset(&k, 0, sizeof(k));
	k.line = ln;
	errno = 0;
	id = strtoull(tok[0], &end, 10);
	if (*end != '\0' || errno != 0 || tok[0][0] == '-' || id < 1 || id > UINT32_MAX) {
		err(arg, ln, "key id must be an integer 1..4294967295");
		return;
	}
	k.id = (uint32_t)id;
	if (strcmp(tok[1], "sha256") == 0) {
		k.alg = SRV6GW_HMAC_SHA256;
	} else if (strcmp(tok[1], "sha1") == 0) {
		k.alg = SRV6GW_HMAC_SHA1;
	} else {
		err(arg, ln, "algorithm must be sha256 or sha1");
		return;
	}
	if (!hk_secret(tok[2], &k, &why)) {
		err(arg, ln, why);
		return;
	}
	for (i = 0; i < *n; i++) {
		if (keys[i].id == k.id) {
			char msg[80];

			snprintf(msg, sizeof(msg), "key id %u already defined at line %d", k.id,
				 keys[i].line);
			err(arg, ln, msg);
			return;
		}
	}
	if (*n == SRV6GW_MAX_HMAC_KEYS) {
		err(arg, ln, "too many keys (at most 256)");
		return;
	}
	keys[(*n)++] = k;
	memset(&k, 0, sizeof(k));
}

int
srv6gw_hmac_keys_parse(const char *text, size_t len, struct srv6gw_hmac_key **out,
		       unsigned int *n_out, srv6gw_hmac_keys_err_fn err, void *arg)
{
	struct srv6gw_hmac_key *keys;
	unsigned int n = 0, errors = 0;
	size_t i = 0, j;
	char *line;
	int ln = 0;

	keys = calloc(SRV6GW_MAX_HMAC_KEYS, sizeof(*keys));
	line = malloc(len + 1);
	if (keys == NULL || line == NULL) {
		free(keys);
		free(line);
		return -ENOMEM;
	}
	while (i < len) {
		ln++;
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		memcpy(line, text + i, j - i);
		line[j - i] = '\0';
		if (memchr(text + i, '\0', j - i) != NULL) {
			err(arg, ln, "NUL byte in the key file");
			errors++;
		} else {
			hk_line(line, ln, keys, &n, err, arg);
		}
		i = j + 1;
	}
	memset(line, 0, len + 1);       /* the secrets do not linger in freed memory */
	free(line);
	qsort(keys, n, sizeof(*keys), hk_cmp);
	*out = keys;
	*n_out = n;
	return (int)errors;
}

int
srv6gw_hmac_keys_read(const char *path, char **text, size_t *len, char *why, size_t why_len)
{
	struct stat st;
	ssize_t r;
	size_t got = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(why, why_len, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "not a regular file");
		close(fd);
		return -1;
	}
	/* the secrets must stay secret: no access for others, no group writes */
	if (st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) {
		snprintf(why, why_len, "mode %04o: the key file must not be readable or "
			 "writable by others nor writable by its group (chmod 600)",
			 (unsigned int)(st.st_mode & 07777));
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > HK_FILE_MAX) {
		snprintf(why, why_len, "larger than 1 MiB");
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		snprintf(why, why_len, "out of memory");
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}
