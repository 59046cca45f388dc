/* The host side of the guest console: stdout for output; stdin for input,
 * in raw mode with a Ctrl-A escape when it is a terminal. */
#ifndef STRATO_BACKENDS_CONSOLE_H
#define STRATO_BACKENDS_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evloop;

/* Guest output (any thread; never blocks: bytes beyond the output ring's
 * room are dropped and counted). */
void console_write(const uint8_t *buf, size_t len);
/* Wait up to max_ms for the output to reach stdout; returns the bytes of
 * guest output that never will (dropped, or still queued at the deadline). */
uint64_t console_flush(unsigned max_ms);

struct console_sink {
    /* hand input to the guest's console device; returns bytes taken */
    size_t (*deliver)(void *opaque, const uint8_t *buf, size_t len);
    /* the user typed Ctrl-A x */
    void (*quit)(void *opaque);
    void *opaque;
};

struct console;
struct console *console_create(struct evloop *l, const struct console_sink *sink);
void console_destroy(struct console *c);
/* The device has room again (any thread). */
void console_rx_space(struct console *c);
/* Take pending input directly (SBI debug console read); returns bytes. */
size_t console_read(struct console *c, uint8_t *buf, size_t len);
/* Put the terminal back as it was (also from a fatal-signal handler). */
void console_restore_terminal(void);

#endif
