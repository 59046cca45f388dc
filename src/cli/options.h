/* Command-line parsing helpers. */
#ifndef STRATO_CLI_OPTIONS_H
#define STRATO_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

/* "512M", "2G", "1024" (MiB, as QEMU's -m), "64K", "1T"; false if malformed */
bool parse_size(const char *s, uint64_t *bytes);
bool parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

#endif
