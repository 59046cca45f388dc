/* The event loop: one thread that owns the host file descriptors of a VM
 * (console input, tap devices, slirp's sockets) and runs their callbacks;
 * vCPU threads wake it through an eventfd (DESIGN.md §4). */
#ifndef STRATO_BACKENDS_EVLOOP_H
#define STRATO_BACKENDS_EVLOOP_H

#include <stdbool.h>
#include <stdint.h>

struct evloop;
typedef void (*evloop_fd_cb)(void *opaque, uint32_t events);
typedef void (*evloop_tick_cb)(void *opaque); /* runs on every wakeup */
typedef int64_t (*evloop_timeout_cb)(void *opaque); /* ms until needed, -1 = none */
/* A poll provider adds its own fds on every iteration (libslirp's model):
 * fill adds them with evloop_pollfd_add and may lower *timeout_ms; poll then
 * reads their revents. */
typedef void (*evloop_fill_cb)(void *opaque, struct evloop *l, uint32_t *timeout_ms);
typedef void (*evloop_poll_cb)(void *opaque, struct evloop *l, bool error);

struct evloop *evloop_create(void);
void evloop_destroy(struct evloop *l);
/* events: POLLIN/POLLOUT (0 = not now); returns -errno */
int evloop_add_fd(struct evloop *l, int fd, uint32_t events, evloop_fd_cb cb, void *opaque);
int evloop_mod_fd(struct evloop *l, int fd, uint32_t events);
void evloop_del_fd(struct evloop *l, int fd);
/* Work that other threads request or that is due at some time: tick runs on
 * every wakeup; timeout (may be NULL) says when the next one is needed. */
int evloop_add_tick(struct evloop *l, evloop_tick_cb tick, evloop_timeout_cb timeout, void *opaque);
int evloop_add_provider(struct evloop *l, evloop_fill_cb fill, evloop_poll_cb poll, void *opaque);
/* for providers, inside fill / poll: returns the index of the added fd */
int evloop_pollfd_add(struct evloop *l, int fd, short events);
short evloop_pollfd_revents(struct evloop *l, int idx);
void evloop_wake(struct evloop *l);
int evloop_start(struct evloop *l);
void evloop_stop(struct evloop *l);

#endif
