/* The event loop thread: poll() over the registered fds, the fds of poll
 * providers (libslirp hands over a new set on every iteration), and an
 * eventfd through which other threads wake it. */
#include "backends/evloop.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum { MAX_FDS = 32, MAX_TICKS = 8, MAX_POLLFDS = 512 };

struct evfd {
    int fd;
    uint32_t events;
    evloop_fd_cb cb;
    void *opaque;
};

struct evloop {
    int wake_fd;
    pthread_t thread;
    bool started;
    _Atomic bool stop;
    pthread_mutex_t lock;
    struct evfd fds[MAX_FDS];
    struct {
        evloop_tick_cb tick;
        evloop_timeout_cb timeout;
        void *opaque;
    } ticks[MAX_TICKS];
    unsigned nticks;
    struct {
        evloop_fill_cb fill;
        evloop_poll_cb poll;
        void *opaque;
    } providers[4];
    unsigned nproviders;
    struct pollfd pfd[MAX_POLLFDS];
    unsigned npfd;
};

struct evloop *evloop_create(void)
{
    struct evloop *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    pthread_mutex_init(&l->lock, NULL);
    for (int i = 0; i < MAX_FDS; i++)
        l->fds[i].fd = -1;
    l->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (l->wake_fd < 0) {
        evloop_destroy(l);
        return NULL;
    }
    return l;
}

void evloop_destroy(struct evloop *l)
{
    if (!l)
        return;
    evloop_stop(l);
    if (l->wake_fd >= 0)
        close(l->wake_fd);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

int evloop_add_fd(struct evloop *l, int fd, uint32_t events, evloop_fd_cb cb, void *opaque)
{
    /* poll() takes any fd; one it cannot wait on (a regular file) is always ready */
    int r = 0;
    pthread_mutex_lock(&l->lock);
    int slot = -1;
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd < 0) {
            slot = i;
            break;
        }
    if (slot < 0)
        r = -ENOSPC;
    else
        l->fds[slot] = (struct evfd){fd, events, cb, opaque};
    pthread_mutex_unlock(&l->lock);
    evloop_wake(l);
    return r;
}

int evloop_mod_fd(struct evloop *l, int fd, uint32_t events)
{
    int r = -ENOENT;
    pthread_mutex_lock(&l->lock);
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd == fd) {
            l->fds[i].events = events;
            r = 0;
        }
    pthread_mutex_unlock(&l->lock);
    evloop_wake(l);
    return r;
}

void evloop_del_fd(struct evloop *l, int fd)
{
    pthread_mutex_lock(&l->lock);
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd == fd)
            l->fds[i].fd = -1;
    pthread_mutex_unlock(&l->lock);
    evloop_wake(l);
}

int evloop_add_tick(struct evloop *l, evloop_tick_cb tick, evloop_timeout_cb timeout, void *opaque)
{
    if (l->started || l->nticks == MAX_TICKS)
        return -ENOSPC;
    l->ticks[l->nticks].tick = tick;
    l->ticks[l->nticks].timeout = timeout;
    l->ticks[l->nticks].opaque = opaque;
    l->nticks++;
    return 0;
}

int evloop_add_provider(struct evloop *l, evloop_fill_cb fill, evloop_poll_cb poll_cb, void *opaque)
{
    if (l->started || l->nproviders == sizeof(l->providers) / sizeof(l->providers[0]))
        return -ENOSPC;
    l->providers[l->nproviders].fill = fill;
    l->providers[l->nproviders].poll = poll_cb;
    l->providers[l->nproviders].opaque = opaque;
    l->nproviders++;
    return 0;
}

int evloop_pollfd_add(struct evloop *l, int fd, short events)
{
    if (l->npfd == MAX_POLLFDS)
        return -1;
    l->pfd[l->npfd] = (struct pollfd){.fd = fd, .events = events};
    return (int)l->npfd++;
}

short evloop_pollfd_revents(struct evloop *l, int idx)
{
    return idx >= 0 && (unsigned)idx < l->npfd ? l->pfd[idx].revents : 0;
}

void evloop_wake(struct evloop *l)
{
    uint64_t one = 1;
    ssize_t r = write(l->wake_fd, &one, sizeof(one));
    (void)r; /* EAGAIN: a wakeup is already pending */
}

static void *evloop_main(void *arg)
{
    struct evloop *l = arg;
    struct evfd snap[MAX_FDS];
    int snap_idx[MAX_FDS];
    while (!atomic_load(&l->stop)) {
        int timeout = -1;
        for (unsigned k = 0; k < l->nticks; k++) {
            if (!l->ticks[k].timeout)
                continue;
            int64_t t = l->ticks[k].timeout(l->ticks[k].opaque);
            if (t >= 0 && (timeout < 0 || t < timeout))
                timeout = t > 60000 ? 60000 : (int)t;
        }
        l->npfd = 0;
        evloop_pollfd_add(l, l->wake_fd, POLLIN);
        pthread_mutex_lock(&l->lock);
        memcpy(snap, l->fds, sizeof(snap));
        pthread_mutex_unlock(&l->lock);
        for (int i = 0; i < MAX_FDS; i++) {
            snap_idx[i] = -1;
            if (snap[i].fd >= 0 && snap[i].events)
                snap_idx[i] = evloop_pollfd_add(l, snap[i].fd, (short)snap[i].events);
        }
        for (unsigned k = 0; k < l->nproviders; k++) {
            uint32_t t = timeout < 0 ? UINT32_MAX : (uint32_t)timeout;
            l->providers[k].fill(l->providers[k].opaque, l, &t);
            if (t != UINT32_MAX && (timeout < 0 || t < (uint32_t)timeout))
                timeout = t > 60000 ? 60000 : (int)t;
        }
        int n = poll(l->pfd, l->npfd, timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0 && (l->pfd[0].revents & POLLIN)) {
            uint64_t v;
            ssize_t r = read(l->wake_fd, &v, sizeof(v));
            (void)r;
        }
        for (int i = 0; i < MAX_FDS; i++)
            if (snap_idx[i] >= 0 && l->pfd[snap_idx[i]].revents)
                snap[i].cb(snap[i].opaque, (uint32_t)l->pfd[snap_idx[i]].revents);
        for (unsigned k = 0; k < l->nproviders; k++)
            l->providers[k].poll(l->providers[k].opaque, l, n < 0);
        for (unsigned k = 0; k < l->nticks; k++)
            l->ticks[k].tick(l->ticks[k].opaque);
    }
    return NULL;
}

int evloop_start(struct evloop *l)
{
    int r = pthread_create(&l->thread, NULL, evloop_main, l);
    if (r)
        return -r;
    l->started = true;
    return 0;
}

void evloop_stop(struct evloop *l)
{
    if (!l->started)
        return;
    atomic_store(&l->stop, true);
    evloop_wake(l);
    pthread_join(l->thread, NULL);
    l->started = false;
}
