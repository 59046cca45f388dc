/* Console backend.
 *
 * Output goes to stdout through a bounded ring that a writer thread of its own
 * drains: a vCPU never blocks on stdout, so a stalled reader (a pipe nobody
 * reads, a suspended terminal) cannot stop the VM or keep a signal from
 * ending it.  What does not fit in the ring is dropped and counted, as bytes
 * on a serial line nobody listens to are lost.  Input comes from stdin through the
 * event loop: on a terminal, stdin is put in raw mode (keys go to the guest,
 * Ctrl-C included) and Ctrl-A starts an escape as in QEMU: Ctrl-A x quits,
 * Ctrl-A h prints help, Ctrl-A Ctrl-A sends Ctrl-A.  Otherwise stdin is read
 * as plain bytes, so scripts can drive the guest.  Input is flow-controlled:
 * bytes the device cannot take yet wait here, and stdin is not read until the
 * device has room again. */
#include "backends/console.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "backends/evloop.h"

enum { BUF = 4096 };

struct console {
    struct evloop *loop;
    struct console_sink sink;
    bool tty, eof, polling, escape;
    _Atomic bool space;
    pthread_mutex_t lock;
    uint8_t buf[BUF];
    size_t head, len;
};

static struct termios saved_termios;
static _Atomic bool termios_saved;

/* ---- output: a ring drained to stdout by its own thread ---- */

enum { OUT_BUF = 256 * 1024 };

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    pthread_cond_t more, drained;
    uint8_t buf[OUT_BUF];
    size_t head, len;
    bool gone;          /* stdout failed for good: output is discarded */
    uint64_t dropped;
} out = {
    .once = PTHREAD_ONCE_INIT,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .more = PTHREAD_COND_INITIALIZER,
};

static void *out_thread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&out.lock);
    for (;;) {
        while (out.len == 0)
            pthread_cond_wait(&out.more, &out.lock);
        size_t n = out.len < OUT_BUF - out.head ? out.len : OUT_BUF - out.head;
        const uint8_t *p = out.buf + out.head;
        pthread_mutex_unlock(&out.lock);
        ssize_t w = write(STDOUT_FILENO, p, n); /* may block: only this thread waits */
        pthread_mutex_lock(&out.lock);
        if (w < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (w <= 0) { /* stdout is gone: the guest's output is dropped, the VM goes on */
            out.gone = true;
            w = (ssize_t)out.len;
        }
        out.head = (out.head + (size_t)w) % OUT_BUF;
        out.len -= (size_t)w;
        if (out.len == 0)
            pthread_cond_broadcast(&out.drained);
    }
    return NULL;
}

static void out_start(void)
{
    /* the drained condvar waits on the monotonic clock (console_flush) */
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&out.drained, &a);
    pthread_condattr_destroy(&a);
    /* termination signals stay blocked here (they are the event loop's) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pthread_t t;
    if (pthread_create(&t, NULL, out_thread, NULL) == 0)
        pthread_detach(t);
    else
        out.gone = true;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void console_write(const uint8_t *buf, size_t len)
{
    pthread_once(&out.once, out_start);
    pthread_mutex_lock(&out.lock);
    if (out.gone) {
        pthread_mutex_unlock(&out.lock);
        return;
    }
    size_t room = OUT_BUF - out.len;
    size_t n = len < room ? len : room;
    out.dropped += len - n;
    for (size_t i = 0; i < n; i++)
        out.buf[(out.head + out.len + i) % OUT_BUF] = buf[i];
    bool was_empty = out.len == 0;
    out.len += n;
    if (was_empty && n)
        pthread_cond_signal(&out.more);
    pthread_mutex_unlock(&out.lock);
}

uint64_t console_flush(unsigned max_ms)
{
    pthread_mutex_lock(&out.lock);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += max_ms / 1000;
    until.tv_nsec += (long)(max_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (out.len && !out.gone)
        if (pthread_cond_timedwait(&out.drained, &out.lock, &until) != 0)
            break;
    uint64_t lost = out.dropped + (out.gone ? 0 : out.len);
    pthread_mutex_unlock(&out.lock);
    return lost;
}

void console_restore_terminal(void)
{
    if (atomic_exchange(&termios_saved, false))
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void say(const char *msg)
{
    /* the terminal is raw: end lines with CR LF */
    ssize_t r = write(STDERR_FILENO, msg, strlen(msg));
    (void)r;
}

static void escape_key(struct console *c, uint8_t ch, uint8_t *out, size_t *n)
{
    switch (ch) {
    case 'x':
    case 'X':
        say("\r\nstrato: terminated (Ctrl-A x)\r\n");
        c->sink.quit(c->sink.opaque);
        break;
    case 'h':
    case 'H':
    case '?':
        say("\r\nstrato console escapes:\r\n"
            "  Ctrl-A x       quit strato (the guest is stopped, not shut down)\r\n"
            "  Ctrl-A h       this help\r\n"
            "  Ctrl-A Ctrl-A  send Ctrl-A to the guest\r\n");
        break;
    case 0x01:
        out[(*n)++] = 0x01;
        break;
    default:
        break; /* unknown escapes are dropped, as QEMU does */
    }
}

/* Read what stdin has into the buffer (with escapes handled). */
static void fill(struct console *c)
{
    if (c->len || c->eof)
        return;
    uint8_t in[BUF];
    ssize_t n = read(STDIN_FILENO, in, sizeof(in));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        c->eof = true; /* EOF or error: no more input, the VM goes on */
        return;
    }
    size_t m = 0;
    pthread_mutex_lock(&c->lock);
    for (ssize_t i = 0; i < n; i++) {
        uint8_t ch = in[i];
        if (c->tty && c->escape) {
            c->escape = false;
            escape_key(c, ch, c->buf, &m);
        } else if (c->tty && ch == 0x01) {
            c->escape = true;
        } else {
            c->buf[m++] = ch;
        }
    }
    c->head = 0;
    c->len = m;
    pthread_mutex_unlock(&c->lock);
}

static void deliver(struct console *c)
{
    pthread_mutex_lock(&c->lock);
    if (c->len) {
        size_t n = c->sink.deliver(c->sink.opaque, c->buf + c->head, c->len);
        c->head += n;
        c->len -= n;
    }
    pthread_mutex_unlock(&c->lock);
}

/* stdin is polled only while there is room for what it brings */
static void update_polling(struct console *c)
{
    bool want = !c->eof && c->len == 0;
    if (want != c->polling) {
        if (c->eof)
            evloop_del_fd(c->loop, STDIN_FILENO);
        else
            evloop_mod_fd(c->loop, STDIN_FILENO, want ? POLLIN : 0);
        c->polling = want;
    }
}

static void on_stdin(void *opaque, uint32_t events)
{
    struct console *c = opaque;
    (void)events;
    fill(c);
    deliver(c);
    update_polling(c);
}

static void on_tick(void *opaque)
{
    struct console *c = opaque;
    if (atomic_exchange(&c->space, false))
        deliver(c);
    update_polling(c);
}

struct console *console_create(struct evloop *l, const struct console_sink *sink)
{
    struct console *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->loop = l;
    c->sink = *sink;
    c->tty = isatty(STDIN_FILENO);
    if (c->tty && tcgetattr(STDIN_FILENO, &saved_termios) == 0) {
        struct termios raw = saved_termios;
        cfmakeraw(&raw);
        raw.c_oflag = saved_termios.c_oflag; /* keep output processing as it was */
        atomic_store(&termios_saved, true);
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    c->polling = evloop_add_fd(l, STDIN_FILENO, POLLIN, on_stdin, c) == 0;
    c->eof = !c->polling;
    evloop_add_tick(l, on_tick, NULL, c);
    return c;
}

void console_destroy(struct console *c)
{
    if (!c)
        return;
    console_restore_terminal();
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void console_rx_space(struct console *c)
{
    if (!atomic_exchange(&c->space, true))
        evloop_wake(c->loop);
}

size_t console_read(struct console *c, uint8_t *buf, size_t len)
{
    pthread_mutex_lock(&c->lock);
    size_t n = len < c->len ? len : c->len;
    memcpy(buf, c->buf + c->head, n);
    c->head += n;
    c->len -= n;
    pthread_mutex_unlock(&c->lock);
    if (n)
        console_rx_space(c);
    return n;
}
