/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * The configuration file as text, before libconfig sees it (step 1 of
 * config_parse.c): reading it whole, refusing NUL bytes, and the lexical
 * pre-scan for what libconfig 1.5 would accept silently (@include,
 * integers that do not fit in 32 bits, comments and strings left open).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp/config_priv.h"

/* ---- lexical pre-scan ------------------------------------------------ */

static const char *
skip_line(const char *p, const char *end)
{
	while (p < end && *p != '\n')
		p++;
	return p;
}

/* @return the end of the comment, NULL if it is not closed. */
static const char *
skip_block_comment(const char *p, const char *end, int *line)
{
	for (p += 2; p < end; p++) {
		if (*p == '\n')
			(*line)++;
		else if (*p == '*' && p + 1 < end && p[1] == '/')
			return p + 2;
	}
	return NULL;
}

/* @return the end of the string, NULL if it is not closed. */
static const char *
skip_string(const char *p, const char *end, int *line)
{
	for (p++; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			return p + 1;
		if (*p == '\n')
			(*line)++;
	}
	return NULL;
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_' || c == '*' || c == '-';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
number_starts(const char *p, const char *end)
{
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	if (p < end && *p == '.')
		p++;
	return p < end && is_digit(*p);
}

/* A number token: [-+] then [0-9A-Za-z._], with a sign after a decimal exponent. */
static const char *
number_end(const char *p, const char *end, bool *hex)
{
	const char *start = p;

	if (*p == '-' || *p == '+')
		p++;
	*hex = end - p > 1 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	for (; p < end; p++) {
		if (is_name_char(*p) && *p != '-' && *p != '*')
			continue;
		if (*p == '.')
			continue;
		if ((*p == '-' || *p == '+') && !*hex && p > start &&
		    (p[-1] == 'e' || p[-1] == 'E'))
			continue;
		break;
	}
	return p;
}

/*
 * libconfig 1.5 converts integers without checking the range: too large
 * values wrap. Refuse what would not read back as written.
 */
static void
check_integer(struct srv6gw_cfg_ctx *ctx, const char *tok, size_t len, bool hex, int line)
{
	char text[32], num[32], *endp;
	bool wide = false;
	unsigned long long u;
	long long v;

	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, tok, len);
	text[len] = '\0';
	if (!hex && strpbrk(text, ".eE") != NULL)
		return; /* a float */
	memcpy(num, text, len + 1);
	while (len > 0 && num[len - 1] == 'L') {
		num[--len] = '\0';
		wide = true;
	}
	errno = 0;
	if (hex) {
		u = strtoull(num, &endp, 16);
		if (*endp != '\0' || num[0] == '-' || num[0] == '+')
			return; /* not a number libconfig takes: its own error */
		if (errno == 0 && u <= (wide ? (unsigned long long)INT64_MAX : INT32_MAX))
			return;
	} else {
		v = strtoll(num, &endp, 10);
		if (*endp != '\0')
			return;
		if (errno == 0 && (wide || (v >= INT32_MIN && v <= INT32_MAX)))
			return;
	}
	srv6gw_cfg_error(ctx, line, "integer %s is out of range (at most %s)", text,
		wide ? "9223372036854775807" : "2147483647");
}

/*
 * Scan text for what libconfig would take silently: it ignores a string or
 * a comment left open at the end of the file (and leaks the string).
 * @return errors found.
 */
unsigned int
srv6gw_cfg_prescan(struct srv6gw_cfg_ctx *ctx, const char *p, size_t size)
{
	const char *end = p + size, *tok;
	unsigned int before = ctx->errs->total;
	int line = 1, start;
	bool hex;

	while (p < end) {
		start = line;
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/')) {
			p = skip_line(p, end);
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			p = skip_block_comment(p, end, &line);
			if (p == NULL) {
				srv6gw_cfg_error(ctx, start, "comment not closed (missing */)");
				break;
			}
		} else if (*p == '"') {
			p = skip_string(p, end, &line);
			if (p == NULL) {
				srv6gw_cfg_error(ctx, start, "string not closed (missing \")");
				break;
			}
		} else if (*p == '@') {
			srv6gw_cfg_error(ctx, line, "@include and other directives are not "
				"supported: keep the whole configuration in one file");
			p = skip_line(p, end);
		} else if (is_name_char(*p) && !is_digit(*p) && *p != '-') {
			while (p < end && is_name_char(*p))
				p++;
		} else if (number_starts(p, end)) {
			tok = p;
			p = number_end(p, end, &hex);
			check_integer(ctx, tok, (size_t)(p - tok), hex, line);
		} else {
			p++;
		}
	}
	return ctx->errs->total - before;
}

/* A file that cannot be read: one error, line 0, "<what><detail>". */
static void
file_error(struct srv6gw_cfg_errors *errs, const char *what, const char *detail)
{
	errs->total = 1;
	errs->n = 1;
	errs->e[0].line = 0;
	snprintf(errs->e[0].text, sizeof(errs->e[0].text), "%s%s", what, detail);
}

/* Read @fd up to EOF or SRV6GW_CFG_MAX_FILE_SIZE + 1 bytes, NUL-terminated. */
static char *
read_all(int fd, size_t hint, size_t *size)
{
	size_t cap = (hint < SRV6GW_CFG_MAX_FILE_SIZE ? hint : SRV6GW_CFG_MAX_FILE_SIZE) + 2, len = 0;
	char *buf = malloc(cap), *nbuf;
	ssize_t r;

	while (buf != NULL) {
		r = read(fd, buf + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL; /* errno from read() */
		}
		len += (size_t)r;
		if (r == 0 || len > SRV6GW_CFG_MAX_FILE_SIZE) {
			buf[len] = '\0';
			*size = len;
			return buf;
		}
		if (len + 1 < cap)
			continue;
		/* the file grew since fstat() */
		cap = cap * 2 < SRV6GW_CFG_MAX_FILE_SIZE + 2 ? cap * 2 : SRV6GW_CFG_MAX_FILE_SIZE + 2;
		nbuf = realloc(buf, cap);
		if (nbuf == NULL)
			free(buf);
		buf = nbuf;
	}
	errno = ENOMEM;
	return NULL;
}

char *
srv6gw_cfg_read_file(const char *path, size_t *size, struct srv6gw_cfg_errors *errs)
{
	struct stat st;
	char *text;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		file_error(errs, "cannot open: ", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		file_error(errs, "cannot read: ", strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		file_error(errs, "cannot read: ", S_ISDIR(st.st_mode) ? "is a directory" :
			"not a regular file");
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > SRV6GW_CFG_MAX_FILE_SIZE) {
		file_error(errs, "file is larger than 256 MiB", "");
		close(fd);
		return NULL;
	}
	text = read_all(fd, (size_t)st.st_size, size);
	if (text == NULL)
		file_error(errs, "cannot read: ", strerror(errno));
	close(fd);
	return text;
}

/* The rest of the file would be ignored by libconfig: refuse it. */
bool
srv6gw_cfg_has_nul(const char *text, size_t size, struct srv6gw_cfg_errors *errs)
{
	const char *nul = memchr(text, '\0', size), *p;
	int line = 1;

	if (nul == NULL)
		return false;
	for (p = text; p < nul; p++)
		line += *p == '\n';
	errs->total = 1;
	errs->n = 1;
	errs->e[0].line = line;
	snprintf(errs->e[0].text, sizeof(errs->e[0].text), "NUL byte in the file: "
		"not a text file?");
	return true;
}

