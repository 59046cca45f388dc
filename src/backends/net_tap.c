/* A host tap device as a network backend.
 *
 * The tap fd is non-blocking and belongs to the event loop.  Frames from the
 * host are read while the device takes them; when the guest has no receive
 * buffers left, the fd is taken out of the poll set (the kernel's tap queue
 * holds or drops what arrives meanwhile) until the device calls rx_resume.
 * Guest frames are written as they come; a full or downed tap drops them.
 */
#include "backends/net_tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "backends/evloop.h"

enum { RX_BUDGET = 64 }; /* frames per wakeup, so that other fds get their turn */

struct net_tap {
    struct net_backend b;
    struct evloop *loop;
    int fd;
    bool registered, stopped, dead;
    char ifname[IFNAMSIZ];
    struct net_peer peer;
    uint8_t buf[NET_MAX_FRAME + 1];
};

static void tap_readable(void *opaque, uint32_t events)
{
    struct net_tap *t = opaque;
    (void)events;
    for (int i = 0; i < RX_BUDGET; i++) {
        ssize_t n = read(t->fd, t->buf, sizeof(t->buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        if (n <= 0) {
            /* the interface is gone or broken: stop polling for good */
            if (!t->dead)
                fprintf(stderr, "strato: virtio-net (tap %s): read: %s; no more input\n",
                        t->ifname, n < 0 ? strerror(errno) : "end of file");
            t->dead = true;
            evloop_mod_fd(t->loop, t->fd, 0);
            return;
        }
        if ((size_t)n > NET_MAX_FRAME)
            continue; /* cannot happen with a 64 KiB MTU; never trusted either */
        if (!t->peer.receive(t->peer.opaque, t->buf, (size_t)n)) {
            t->stopped = true;
            evloop_mod_fd(t->loop, t->fd, 0);
            return;
        }
    }
}

static bool tap_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    struct net_tap *t = (struct net_tap *)b;
    for (;;) {
        ssize_t n = write(t->fd, frame, len);
        if (n < 0 && errno == EINTR)
            continue;
        return n == (ssize_t)len; /* EAGAIN (queue full), EIO (interface down): dropped */
    }
}

static void tap_rx_resume(struct net_backend *b)
{
    struct net_tap *t = (struct net_tap *)b;
    if (t->stopped && !t->dead) {
        t->stopped = false;
        evloop_mod_fd(t->loop, t->fd, POLLIN);
    }
}

static void tap_destroy(struct net_backend *b)
{
    struct net_tap *t = (struct net_tap *)b;
    if (t->registered)
        evloop_del_fd(t->loop, t->fd);
    if (t->fd >= 0)
        close(t->fd);
    free(t);
}

static const struct net_backend_ops tap_ops = {
    .name = "tap",
    .send = tap_send,
    .rx_resume = tap_rx_resume,
    .destroy = tap_destroy,
};

struct net_backend *net_tap_create(struct evloop *l, const char *ifname,
                                   const struct net_peer *peer, char *err, unsigned errlen)
{
    if (!if_nametoindex(ifname)) {
        snprintf(err, errlen,
                 "tap: no network interface '%s' (create it first, e.g. ip tuntap add dev %s mode tap)",
                 ifname, ifname);
        return NULL;
    }
    struct net_tap *t = calloc(1, sizeof(*t));
    if (!t) {
        snprintf(err, errlen, "tap: out of memory");
        return NULL;
    }
    t->b.ops = &tap_ops;
    t->loop = l;
    t->peer = *peer;
    snprintf(t->ifname, sizeof(t->ifname), "%s", ifname);
    t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (t->fd < 0) {
        snprintf(err, errlen, "tap '%s': cannot open /dev/net/tun: %s", ifname, strerror(errno));
        tap_destroy(&t->b);
        return NULL;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    memcpy(ifr.ifr_name, t->ifname, sizeof(ifr.ifr_name));
    if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
        int e = errno;
        snprintf(err, errlen, "tap '%s': cannot attach: %s%s", ifname, strerror(e),
                 e == EINVAL ? " (is it a tap device?)"
                 : e == EBUSY ? " (already in use?)"
                 : e == EPERM ? " (needs CAP_NET_ADMIN or the device's owner)"
                              : "");
        tap_destroy(&t->b);
        return NULL;
    }
    int r = evloop_add_fd(l, t->fd, POLLIN, tap_readable, t);
    if (r) {
        snprintf(err, errlen, "tap '%s': the event loop has no room for it", ifname);
        tap_destroy(&t->b);
        return NULL;
    }
    t->registered = true;
    return &t->b;
}
