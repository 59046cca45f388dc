/* The event loop thread: epoll over registered fds plus an eventfd for
 * wakeups from other threads. */
#include "backends/evloop.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum { MAX_FDS = 32 };

struct evfd {
    int fd;
    evloop_fd_cb cb;
    void *opaque;
};

struct evloop {
    int ep, wake_fd;
    pthread_t thread;
    bool started;
    _Atomic bool stop;
    pthread_mutex_t lock;
    struct evfd fds[MAX_FDS];
    struct {
        evloop_tick_cb tick;
        evloop_timeout_cb timeout;
        void *opaque;
    } ticks[8];
    unsigned nticks;
};

struct evloop *evloop_create(void)
{
    struct evloop *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    pthread_mutex_init(&l->lock, NULL);
    for (int i = 0; i < MAX_FDS; i++)
        l->fds[i].fd = -1;
    l->ep = epoll_create1(EPOLL_CLOEXEC);
    l->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (l->ep < 0 || l->wake_fd < 0) {
        evloop_destroy(l);
        return NULL;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(l->ep, EPOLL_CTL_ADD, l->wake_fd, &ev)) {
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
    if (l->ep >= 0)
        close(l->ep);
    if (l->wake_fd >= 0)
        close(l->wake_fd);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

int evloop_add_fd(struct evloop *l, int fd, uint32_t events, evloop_fd_cb cb, void *opaque)
{
    pthread_mutex_lock(&l->lock);
    int slot = -1;
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd < 0) {
            slot = i;
            break;
        }
    if (slot < 0) {
        pthread_mutex_unlock(&l->lock);
        return -ENOSPC;
    }
    l->fds[slot] = (struct evfd){fd, cb, opaque};
    struct epoll_event ev = {.events = events, .data.ptr = &l->fds[slot]};
    int r = epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
    if (r)
        l->fds[slot].fd = -1;
    pthread_mutex_unlock(&l->lock);
    return r;
}

int evloop_mod_fd(struct evloop *l, int fd, uint32_t events)
{
    pthread_mutex_lock(&l->lock);
    int r = -ENOENT;
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd == fd) {
            struct epoll_event ev = {.events = events, .data.ptr = &l->fds[i]};
            r = epoll_ctl(l->ep, EPOLL_CTL_MOD, fd, &ev) ? -errno : 0;
        }
    pthread_mutex_unlock(&l->lock);
    return r;
}

void evloop_del_fd(struct evloop *l, int fd)
{
    pthread_mutex_lock(&l->lock);
    for (int i = 0; i < MAX_FDS; i++)
        if (l->fds[i].fd == fd) {
            epoll_ctl(l->ep, EPOLL_CTL_DEL, fd, NULL);
            l->fds[i].fd = -1;
        }
    pthread_mutex_unlock(&l->lock);
}

int evloop_add_tick(struct evloop *l, evloop_tick_cb tick, evloop_timeout_cb timeout, void *opaque)
{
    if (l->started || l->nticks == sizeof(l->ticks) / sizeof(l->ticks[0]))
        return -ENOSPC;
    l->ticks[l->nticks].tick = tick;
    l->ticks[l->nticks].timeout = timeout;
    l->ticks[l->nticks].opaque = opaque;
    l->nticks++;
    return 0;
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
    struct epoll_event evs[16];
    while (!atomic_load(&l->stop)) {
        int timeout = -1;
        for (unsigned k = 0; k < l->nticks; k++) {
            if (!l->ticks[k].timeout)
                continue;
            int64_t t = l->ticks[k].timeout(l->ticks[k].opaque);
            if (t >= 0 && (timeout < 0 || t < timeout))
                timeout = t > 60000 ? 60000 : (int)t;
        }
        int n = epoll_wait(l->ep, evs, 16, timeout);
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < n; i++) {
            struct evfd *f = evs[i].data.ptr;
            if (!f) {
                uint64_t v;
                ssize_t r = read(l->wake_fd, &v, sizeof(v));
                (void)r;
                continue;
            }
            if (f->fd >= 0)
                f->cb(f->opaque, evs[i].events);
        }
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
