/* The event loop: one thread that owns the host file descriptors of a VM
 * (console input, and later sockets, tap devices, slirp) and runs their
 * callbacks; vCPU threads wake it through an eventfd (DESIGN.md §4). */
#ifndef STRATO_BACKENDS_EVLOOP_H
#define STRATO_BACKENDS_EVLOOP_H

#include <stdbool.h>
#include <stdint.h>

struct evloop;
typedef void (*evloop_fd_cb)(void *opaque, uint32_t events);
typedef void (*evloop_tick_cb)(void *opaque); /* runs on every wakeup */
typedef int64_t (*evloop_timeout_cb)(void *opaque); /* ms until needed, -1 = none */

struct evloop *evloop_create(void);
void evloop_destroy(struct evloop *l);
/* events: EPOLLIN/EPOLLOUT; returns -errno (EPERM: fd cannot be polled) */
int evloop_add_fd(struct evloop *l, int fd, uint32_t events, evloop_fd_cb cb, void *opaque);
int evloop_mod_fd(struct evloop *l, int fd, uint32_t events);
void evloop_del_fd(struct evloop *l, int fd);
/* Work that other threads request or that is due at some time: tick runs on
 * every wakeup; timeout (may be NULL) says when the next one is needed. */
int evloop_add_tick(struct evloop *l, evloop_tick_cb tick, evloop_timeout_cb timeout, void *opaque);
void evloop_wake(struct evloop *l);
int evloop_start(struct evloop *l);
void evloop_stop(struct evloop *l);

#endif
