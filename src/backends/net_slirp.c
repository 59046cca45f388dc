/* User-mode networking: libslirp as a network backend.
 *
 * libslirp is not thread-safe, so every call into it happens on the event
 * loop thread: its sockets are a poll provider of the loop (fill / poll on
 * every iteration), its timers are checked in the same two callbacks, and
 * guest frames reach slirp_input from the device's event-loop tick.  Frames
 * slirp sends to the guest (send_packet) go straight to the device, which
 * copies them into the guest's receive buffers or keeps a bounded backlog.
 */
#include "backends/net_slirp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <slirp/libslirp.h>

#include "backends/evloop.h"

struct slirp_timer {
    struct slirp_timer *next;
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms; /* -1: not armed */
};

struct net_slirp {
    struct net_backend b;
    struct evloop *loop;
    Slirp *slirp;
    struct net_peer peer;
    struct slirp_timer *timers;
    unsigned guest_errors;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- callbacks from libslirp (event-loop thread) --- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    struct net_slirp *s = opaque;
    s->peer.receive(s->peer.opaque, buf, len); /* no backpressure: the device drops */
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    struct net_slirp *s = opaque;
    if (s->guest_errors++ < 8)
        fprintf(stderr, "strato: virtio-net (user): guest error: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct net_slirp *s = opaque;
    struct slirp_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    struct net_slirp *s = opaque;
    for (struct slirp_timer **p = &s->timers; *p; p = &(*p)->next)
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer)
        ((struct slirp_timer *)timer)->expire_ms = expire_ms;
}

/* slirp's sockets are handed over afresh on every iteration (pollfds_fill) */
static void cb_register_poll_fd(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void cb_notify(void *opaque)
{
    struct net_slirp *s = opaque;
    evloop_wake(s->loop);
}

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* --- the event loop's poll provider --- */

static int add_poll(int fd, int events, void *opaque)
{
    struct net_slirp *s = opaque;
    short ev = 0;
    if (events & SLIRP_POLL_IN)
        ev |= POLLIN;
    if (events & SLIRP_POLL_OUT)
        ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI)
        ev |= POLLPRI;
    return evloop_pollfd_add(s->loop, fd, ev); /* -1 when the loop is full: never ready */
}

static int get_revents(int idx, void *opaque)
{
    struct net_slirp *s = opaque;
    short r = evloop_pollfd_revents(s->loop, idx);
    int ev = 0;
    if (r & POLLIN)
        ev |= SLIRP_POLL_IN;
    if (r & POLLOUT)
        ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI)
        ev |= SLIRP_POLL_PRI;
    if (r & (POLLERR | POLLNVAL))
        ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP)
        ev |= SLIRP_POLL_HUP;
    return ev;
}

static void provider_fill(void *opaque, struct evloop *l, uint32_t *timeout_ms)
{
    struct net_slirp *s = opaque;
    (void)l;
    slirp_pollfds_fill(s->slirp, timeout_ms, add_poll, s);
    int64_t now = now_ns() / 1000000;
    for (struct slirp_timer *t = s->timers; t; t = t->next) {
        if (t->expire_ms < 0)
            continue;
        int64_t left = t->expire_ms > now ? t->expire_ms - now : 0;
        if ((uint64_t)left < *timeout_ms)
            *timeout_ms = (uint32_t)left;
    }
}

static void provider_poll(void *opaque, struct evloop *l, bool error)
{
    struct net_slirp *s = opaque;
    (void)l;
    slirp_pollfds_poll(s->slirp, error, get_revents, s);
    /* a callback may arm, disarm or free timers: rescan after each one (a
     * bounded number of times, should one re-arm itself in the past) */
    int64_t now = now_ns() / 1000000;
    for (int round = 0, fired = 1; fired && round < 16; round++) {
        fired = 0;
        for (struct slirp_timer *t = s->timers; t; t = t->next)
            if (t->expire_ms >= 0 && t->expire_ms <= now) {
                t->expire_ms = -1;
                t->cb(t->cb_opaque);
                fired = 1;
                break;
            }
    }
}

/* --- the backend --- */

static bool slirp_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    struct net_slirp *s = (struct net_slirp *)b;
    if (len > NET_MAX_FRAME)
        return false;
    slirp_input(s->slirp, frame, (int)len);
    return true;
}

static void slirp_rx_resume(struct net_backend *b)
{
    (void)b; /* slirp never waits: the device keeps a backlog */
}

static void slirp_destroy(struct net_backend *b)
{
    struct net_slirp *s = (struct net_slirp *)b;
    if (s->slirp)
        slirp_cleanup(s->slirp);
    while (s->timers) {
        struct slirp_timer *t = s->timers;
        s->timers = t->next;
        free(t);
    }
    free(s);
}

static const struct net_backend_ops slirp_ops = {
    .name = "user",
    .send = slirp_send,
    .rx_resume = slirp_rx_resume,
    .destroy = slirp_destroy,
};

static struct in_addr v4(uint32_t host_order)
{
    return (struct in_addr){.s_addr = htonl(host_order)};
}

struct net_backend *net_slirp_create(struct evloop *l, const struct net_hostfwd *fwd,
                                     unsigned nfwd, unsigned mtu, const struct net_peer *peer,
                                     char *err, unsigned errlen)
{
    if (!mtu)
        mtu = NET_SLIRP_MTU;
    if (mtu < NET_SLIRP_MTU_MIN || mtu > NET_SLIRP_MTU) {
        snprintf(err, errlen, "user networking: MTU %u is not in %u..%u", mtu, NET_SLIRP_MTU_MIN,
                 NET_SLIRP_MTU);
        return NULL;
    }
    struct net_slirp *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "user networking: out of memory");
        return NULL;
    }
    s->b.ops = &slirp_ops;
    s->b.mtu = mtu;
    s->b.checksums_valid = true; /* slirp builds every packet it sends */
    s->loop = l;
    s->peer = *peer;

    /* QEMU's addresses, so that guests and people already know them */
    SlirpConfig cfg = {
        .version = 4,
        .restricted = 0,
        .in_enabled = true,
        .vnetwork = v4(NET_SLIRP_NETWORK),
        .vnetmask = v4(0xffffff00u),
        .vhost = v4(NET_SLIRP_HOST),
        .in6_enabled = true,
        .vprefix_len = 64,
        .vhostname = "strato",
        .vdhcp_start = v4(NET_SLIRP_GUEST),
        .vnameserver = v4(NET_SLIRP_DNS),
        .if_mtu = mtu,
        .if_mru = mtu,
    };
    inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
    inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
    inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
    s->slirp = slirp_new(&cfg, &slirp_callbacks, s);
    if (!s->slirp) {
        snprintf(err, errlen, "user networking: cannot start libslirp");
        slirp_destroy(&s->b);
        return NULL;
    }
    for (unsigned i = 0; i < nfwd; i++) {
        const struct net_hostfwd *f = &fwd[i];
        errno = 0;
        if (slirp_add_hostfwd(s->slirp, f->udp, v4(f->host_addr), f->host_port,
                              v4(f->guest_addr ? f->guest_addr : NET_SLIRP_GUEST),
                              f->guest_port) < 0) {
            int e = errno;
            snprintf(err, errlen, "hostfwd: cannot listen on host %s port %u%s%s",
                     f->udp ? "UDP" : "TCP", f->host_port, e ? ": " : "", e ? strerror(e) : "");
            slirp_destroy(&s->b);
            return NULL;
        }
    }
    if (evloop_add_provider(l, provider_fill, provider_poll, s)) {
        snprintf(err, errlen, "user networking: the event loop has no room for it");
        slirp_destroy(&s->b);
        return NULL;
    }
    return &s->b;
}
