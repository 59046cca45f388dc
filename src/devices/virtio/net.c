/* virtio-net (virtio spec 1.2 §5.1): one receive and one transmit queue, a
 * MAC address and link status in the config space, mergeable receive
 * buffers; frames go to and come from a host backend (backends/net_*.c).
 *
 * Offloads, none of which a backend has to know about:
 *  - CSUM: the guest may leave TCP/UDP checksums to the device, which
 *    completes them before the frame leaves, so slirp and tap get whole
 *    frames;
 *  - GUEST_CSUM, when the backend makes every frame itself (slirp): frames
 *    to the guest are marked DATA_VALID, and the guest does not verify them;
 *  - MTU, when the backend takes packets beyond 1500 bytes (slirp, 65520 by
 *    default): a guest TCP stream then moves in 64 KiB packets, a tenth of
 *    the packets (and exits, interrupts, per-packet work) it would need at
 *    1500.  No segmentation offload (TSO) is offered: with such an MTU the
 *    guest has nothing to segment, and tap's frames go out as they are.
 *
 * Threads.  The backend lives on the event-loop thread (libslirp is not
 * thread-safe), and so does all of this device's work:
 *  - a transmit kick arrives on a vCPU thread (notify, device lock held); it
 *    only sets tx_kick and wakes the loop.  The loop's tick takes the frames
 *    off the queue one at a time under the device lock, copies each out of
 *    guest memory, gives the buffer back, drops the lock and hands the copy
 *    to the backend (slirp_input may answer at once, which re-enters the
 *    receive path below: hence no lock across the backend call);
 *  - a frame for the guest (slirp's send_packet, a tap read) is copied into
 *    the guest's receive buffers under the device lock.  When the guest has
 *    posted none, the frame waits in a bounded backlog and the backend is
 *    told to stop (tap: the fd leaves the poll set); a receive kick
 *    (rx_kick) makes the tick drain the backlog and resume the backend;
 *  - the receive interrupt is raised once per loop iteration, from the
 *    tick, however many frames arrived in it.
 *
 * Nothing the guest wrote is trusted: a transmit chain shorter than the
 * header, a frame larger than NET_MAX_FRAME, a receive buffer too small for
 * the header, all end in a dropped frame and a counter (--stats), never in a
 * copy beyond a buffer.
 */
#include "devices/virtio/net.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/evloop.h"
#include "backends/net_slirp.h"
#include "backends/net_tap.h"
#include "devices/virtio/virtio.h"

/* feature bits (§5.1.3) */
#define VIRTIO_NET_F_CSUM (1ULL << 0)
#define VIRTIO_NET_F_GUEST_CSUM (1ULL << 1)
#define VIRTIO_NET_F_MTU (1ULL << 3)
#define VIRTIO_NET_F_MAC (1ULL << 5)
#define VIRTIO_NET_F_MRG_RXBUF (1ULL << 15)
#define VIRTIO_NET_F_STATUS (1ULL << 16)
#define VIRTIO_NET_S_LINK_UP 1
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2

enum {
    RXQ = 0,
    TXQ = 1,
    QUEUE_SIZE = 256,
    HDR_LEN = 12,          /* struct virtio_net_hdr with num_buffers (VERSION_1) */
    ETH_HDR = 14,
    MAX_MERGE = 64,        /* receive buffers one frame may span */
    TX_BUDGET = 256,       /* frames per loop iteration, so other work gets its turn */
    BACKLOG_FRAMES = 1024, /* frames waiting for the guest's receive buffers */
    BACKLOG_BYTES = 4 << 20,
};

struct frame {
    struct frame *next;
    size_t len;
    uint8_t data[];
};

struct virtio_net {
    struct evloop *loop;
    struct virtio_dev *dev;
    struct net_backend *backend;
    uint8_t mac[6];
    _Atomic bool tx_kick, rx_kick;
    /* under dev->lock */
    struct frame *bl_head, **bl_tail;
    unsigned bl_count;
    size_t bl_bytes;
    bool rx_notify;                   /* receive buffers used since the last interrupt */
    struct virtq_elem *rx_e[MAX_MERGE];
    struct net_stats st;
    /* event-loop thread only */
    bool rx_waiting;                  /* the backend was told to stop */
    struct virtq_elem tx_e;
    uint8_t tx_buf[NET_MAX_FRAME];
};

/* --- command line --- */

static bool parse_port(const char *s, size_t len, uint16_t *port)
{
    unsigned v = 0;
    if (len == 0 || len > 5)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v == 0 || v > 65535)
        return false;
    *port = (uint16_t)v;
    return true;
}

/* an IPv4 address, or empty for "any"; host byte order */
static bool parse_addr(const char *s, size_t len, uint32_t *addr)
{
    char buf[INET_ADDRSTRLEN];
    struct in_addr a;
    if (len == 0) {
        *addr = 0;
        return true;
    }
    if (len >= sizeof(buf))
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    if (inet_pton(AF_INET, buf, &a) != 1)
        return false;
    *addr = ntohl(a.s_addr);
    return true;
}

static int hex(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
    if (strlen(s) != 17)
        return false;
    for (int i = 0; i < 6; i++) {
        int h = hex((unsigned char)s[3 * i]), l = hex((unsigned char)s[3 * i + 1]);
        if (h < 0 || l < 0 || (i < 5 && s[3 * i + 2] != ':'))
            return false;
        mac[i] = (uint8_t)(h << 4 | l);
    }
    return true;
}

/* [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport (QEMU's syntax) */
static const char *parse_hostfwd(const char *s, struct net_hostfwd *f)
{
    memset(f, 0, sizeof(*f));
    const char *c1 = strchr(s, ':');
    if (!c1)
        return "expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT";
    size_t plen = (size_t)(c1 - s);
    if (plen == 3 && !strncmp(s, "udp", 3))
        f->udp = true;
    else if (plen != 0 && !(plen == 3 && !strncmp(s, "tcp", 3)))
        return "the protocol must be tcp or udp";
    const char *c2 = strchr(c1 + 1, ':');
    const char *dash = c2 ? strchr(c2 + 1, '-') : NULL;
    const char *c3 = dash ? strchr(dash + 1, ':') : NULL;
    if (!c2 || !dash || !c3 || strchr(c3 + 1, ':'))
        return "expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT";
    if (!parse_addr(c1 + 1, (size_t)(c2 - c1 - 1), &f->host_addr))
        return "bad host address";
    if (!parse_port(c2 + 1, (size_t)(dash - c2 - 1), &f->host_port))
        return "bad host port (1 to 65535)";
    if (!parse_addr(dash + 1, (size_t)(c3 - dash - 1), &f->guest_addr))
        return "bad guest address";
    if (!parse_port(c3 + 1, strlen(c3 + 1), &f->guest_port))
        return "bad guest port (1 to 65535)";
    if (f->guest_addr) {
        uint32_t h = f->guest_addr & 0xff;
        if ((f->guest_addr & 0xffffff00u) != NET_SLIRP_NETWORK || h == 0 || h == 255 ||
            f->guest_addr == NET_SLIRP_HOST || f->guest_addr == NET_SLIRP_DNS)
            return "the guest address must be a guest's in 10.0.2.0/24";
    }
    return NULL;
}

static bool valid_ifname(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 16 || !strcmp(s, ".") || !strcmp(s, ".."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]) || !isprint((unsigned char)s[i]))
            return false;
    return true;
}

int net_parse(const char *arg, struct net_options *o, char *err, unsigned errlen)
{
    memset(o, 0, sizeof(*o));
    char buf[1024];
    if (strlen(arg) >= sizeof(buf)) {
        snprintf(err, errlen, "invalid --net: the value is too long");
        return -1;
    }
    strcpy(buf, arg);
    char *save = NULL;
    char *kind = buf[0] == ',' ? NULL : strtok_r(buf, ",", &save);
    if (!kind) {
        snprintf(err, errlen, "invalid --net '%s': expected user, tap or none", arg);
        return -1;
    }
    if (!strcmp(kind, "user"))
        o->kind = NET_USER;
    else if (!strcmp(kind, "tap"))
        o->kind = NET_TAP;
    else if (!strcmp(kind, "none"))
        o->kind = NET_NONE;
    else {
        snprintf(err, errlen, "invalid --net '%s': unknown kind '%s' (user, tap or none)", arg, kind);
        return -1;
    }
    /* empty items (",,", a trailing ",") are mistakes, not defaults */
    size_t alen = strlen(arg);
    if (strstr(arg, ",,") || arg[alen - 1] == ',') {
        snprintf(err, errlen, "invalid --net '%s': empty option", arg);
        return -1;
    }
    bool have_ifname = false;
    for (char *it; (it = strtok_r(NULL, ",", &save));) {
        char *eq = strchr(it, '=');
        const char *val = eq ? eq + 1 : "";
        if (eq)
            *eq = 0;
        if (o->kind == NET_NONE) {
            snprintf(err, errlen, "invalid --net '%s': none takes no options", arg);
            return -1;
        }
        if (!eq || !*val) {
            snprintf(err, errlen, "invalid --net '%s': option '%s' needs a value (%s=...)", arg, it, it);
            return -1;
        }
        if (!strcmp(it, "mac")) {
            if (o->mac_set) {
                snprintf(err, errlen, "invalid --net '%s': mac is given twice", arg);
                return -1;
            }
            if (!parse_mac(val, o->mac)) {
                snprintf(err, errlen, "invalid --net '%s': bad MAC address '%s' (e.g. 52:54:00:12:34:56)",
                         arg, val);
                return -1;
            }
            static const uint8_t zero[6];
            if ((o->mac[0] & 1) || !memcmp(o->mac, zero, 6)) {
                snprintf(err, errlen, "invalid --net '%s': MAC address '%s' is not a unicast address",
                         arg, val);
                return -1;
            }
            o->mac_set = true;
        } else if (!strcmp(it, "hostfwd") && o->kind == NET_USER) {
            if (o->nfwd == NET_MAX_FWD) {
                snprintf(err, errlen, "invalid --net '%s': more than %d hostfwd options", arg, NET_MAX_FWD);
                return -1;
            }
            struct net_hostfwd *f = &o->fwd[o->nfwd];
            const char *why = parse_hostfwd(val, f);
            if (why) {
                snprintf(err, errlen, "invalid --net '%s': hostfwd '%s': %s", arg, val, why);
                return -1;
            }
            for (unsigned i = 0; i < o->nfwd; i++)
                if (o->fwd[i].udp == f->udp && o->fwd[i].host_port == f->host_port &&
                    (o->fwd[i].host_addr == f->host_addr || !o->fwd[i].host_addr || !f->host_addr)) {
                    snprintf(err, errlen, "invalid --net '%s': host %s port %u is forwarded twice", arg,
                             f->udp ? "UDP" : "TCP", f->host_port);
                    return -1;
                }
            o->nfwd++;
        } else if (!strcmp(it, "mtu") && o->kind == NET_USER) {
            char *end;
            unsigned long v = strtoul(val, &end, 10);
            if (o->mtu) {
                snprintf(err, errlen, "invalid --net '%s': mtu is given twice", arg);
                return -1;
            }
            if (*end || !isdigit((unsigned char)*val) || v < NET_SLIRP_MTU_MIN || v > NET_SLIRP_MTU) {
                snprintf(err, errlen, "invalid --net '%s': bad mtu '%s' (%d to %d)", arg, val,
                         NET_SLIRP_MTU_MIN, NET_SLIRP_MTU);
                return -1;
            }
            o->mtu = (unsigned)v;
        } else if (!strcmp(it, "ifname") && o->kind == NET_TAP) {
            if (have_ifname) {
                snprintf(err, errlen, "invalid --net '%s': ifname is given twice", arg);
                return -1;
            }
            if (!valid_ifname(val)) {
                snprintf(err, errlen, "invalid --net '%s': bad interface name '%s' (1 to 15 characters)",
                         arg, val);
                return -1;
            }
            strcpy(o->ifname, val);
            have_ifname = true;
        } else {
            snprintf(err, errlen, "invalid --net '%s': unknown option '%s' for %s (%s)", arg, it, kind,
                     o->kind == NET_USER ? "hostfwd=, mac=, mtu=" : "ifname=, mac=");
            return -1;
        }
    }
    if (o->kind == NET_TAP && !have_ifname) {
        snprintf(err, errlen, "invalid --net '%s': tap needs ifname=NAME", arg);
        return -1;
    }
    return 0;
}

/* --- the device --- */

static void net_config_read(struct virtio_dev *d, uint32_t off, uint8_t *buf, unsigned len)
{
    struct virtio_net *n = d->priv;
    uint8_t cfg[12] = {0};
    memcpy(cfg, n->mac, 6);
    uint16_t status = VIRTIO_NET_S_LINK_UP, pairs = 1;
    uint16_t mtu = n->backend && n->backend->mtu ? (uint16_t)n->backend->mtu : 1500;
    memcpy(cfg + 6, &status, 2);
    memcpy(cfg + 8, &pairs, 2);  /* max_virtqueue_pairs (only read with MQ) */
    memcpy(cfg + 10, &mtu, 2);   /* mtu (offered with F_MTU when the backend goes beyond 1500) */
    if (off < sizeof(cfg))
        memcpy(buf, cfg + off, len <= sizeof(cfg) - off ? len : sizeof(cfg) - off);
}

static void backlog_clear(struct virtio_net *n)
{
    while (n->bl_head) {
        struct frame *f = n->bl_head;
        n->bl_head = f->next;
        free(f);
    }
    n->bl_tail = &n->bl_head;
    n->bl_count = 0;
    n->bl_bytes = 0;
}

/* the driver reset the device (vCPU thread, lock held) */
static void net_reset(struct virtio_dev *d)
{
    struct virtio_net *n = d->priv;
    n->st.rx_dropped += n->bl_count;
    backlog_clear(n);
    n->rx_notify = false;
    /* let the loop resume a backend that waits for buffers: until the driver
     * is back, frames are dropped rather than queued */
    atomic_store(&n->rx_kick, true);
    evloop_wake(n->loop);
}

static void net_start(struct virtio_dev *d)
{
    struct virtio_net *n = d->priv;
    atomic_store(&n->rx_kick, true);
    evloop_wake(n->loop);
}

/* the driver kicked a queue (vCPU thread, lock held): the loop does the work */
static void net_notify(struct virtio_dev *d, unsigned q)
{
    struct virtio_net *n = d->priv;
    atomic_store(q == TXQ ? &n->tx_kick : &n->rx_kick, true);
    evloop_wake(n->loop);
}

/* One frame into the guest's receive buffers (lock held): 1 delivered,
 * 0 no buffers (nothing taken), -1 dropped. */
static int rx_deliver(struct virtio_net *n, const uint8_t *frame, size_t len)
{
    struct virtio_dev *d = n->dev;
    bool mrg = virtio_has(d, VIRTIO_NET_F_MRG_RXBUF);
    size_t need = HDR_LEN + len, have = 0;
    unsigned cnt = 0;
    bool bad = false;
    while (have < need) {
        /* the buffers are too small for this frame: one without MRG_RXBUF, and
         * never more than the ring holds (waiting for more would be forever) */
        if (cnt == MAX_MERGE || cnt == d->vq[RXQ].num || (cnt == 1 && !mrg)) {
            bad = true;
            break;
        }
        if (!n->rx_e[cnt] && !(n->rx_e[cnt] = malloc(sizeof(struct virtq_elem)))) {
            bad = true;
            break;
        }
        int r = virtq_pop(d, RXQ, n->rx_e[cnt]);
        if (r < 0) {
            n->st.rx_dropped++; /* malformed queue: the device waits for a reset */
            return -1;
        }
        if (r == 0) {
            virtq_unpop(d, RXQ, cnt); /* wait until there is room for all of it */
            return 0;
        }
        have += n->rx_e[cnt]->in_len;
        if (cnt++ == 0 && n->rx_e[0]->in_len < HDR_LEN) {
            bad = true; /* the header must fit in the first buffer (§5.1.6.3.1) */
            break;
        }
    }
    uint32_t written[MAX_MERGE];
    if (bad) {
        /* give the buffers back unused; the driver reposts them */
        memset(written, 0, sizeof(written));
        virtq_push_many(d, RXQ, n->rx_e, written, cnt);
        n->rx_notify = true;
        n->st.rx_bad_buffers++;
        n->st.rx_dropped++;
        return -1;
    }
    uint8_t hdr[HDR_LEN] = {0}; /* GSO_NONE */
    if (n->backend->checksums_valid && virtio_has(d, VIRTIO_NET_F_GUEST_CSUM))
        hdr[0] = VIRTIO_NET_HDR_F_DATA_VALID; /* the guest need not verify them again */
    uint16_t nb = (uint16_t)cnt;
    memcpy(hdr + 10, &nb, 2);
    virtq_copy_to_in(d, n->rx_e[0], 0, hdr, HDR_LEN);
    size_t off = 0;
    for (unsigned i = 0; i < cnt; i++) {
        size_t start = i == 0 ? HDR_LEN : 0;
        size_t room = n->rx_e[i]->in_len - start;
        size_t take = room < len - off ? room : len - off;
        virtq_copy_to_in(d, n->rx_e[i], start, frame + off, take);
        off += take;
        written[i] = (uint32_t)(start + take);
    }
    virtq_push_many(d, RXQ, n->rx_e, written, cnt);
    n->rx_notify = true;
    n->st.rx_frames++;
    n->st.rx_bytes += len;
    return 1;
}

/* lock held */
static void backlog_add(struct virtio_net *n, const uint8_t *frame, size_t len)
{
    if (n->bl_count >= BACKLOG_FRAMES || n->bl_bytes + len > BACKLOG_BYTES) {
        n->st.rx_dropped++;
        return;
    }
    struct frame *f = malloc(sizeof(*f) + len);
    if (!f) {
        n->st.rx_dropped++;
        return;
    }
    f->next = NULL;
    f->len = len;
    memcpy(f->data, frame, len);
    *n->bl_tail = f;
    n->bl_tail = &f->next;
    n->bl_count++;
    n->bl_bytes += len;
}

/* A frame from the backend (event-loop thread). */
static bool net_receive(void *opaque, const uint8_t *frame, size_t len)
{
    struct virtio_net *n = opaque;
    struct virtio_dev *d = n->dev;
    bool go_on = true;
    pthread_mutex_lock(&d->lock);
    if (!virtio_running(d) || len < ETH_HDR || len > NET_MAX_FRAME) {
        n->st.rx_dropped++; /* no driver (yet): the link drops it */
    } else if (n->bl_count || rx_deliver(n, frame, len) == 0) {
        backlog_add(n, frame, len);
        n->rx_waiting = true;
        go_on = false;
    }
    pthread_mutex_unlock(&d->lock);
    return go_on;
}

/* The guest posted receive buffers (or the device was reset): drain the
 * backlog, then let the backend go on. */
static void rx_flush(struct virtio_net *n)
{
    struct virtio_dev *d = n->dev;
    pthread_mutex_lock(&d->lock);
    while (n->bl_head) {
        struct frame *f = n->bl_head;
        if (!virtio_running(d))
            n->st.rx_dropped++;
        else if (rx_deliver(n, f->data, f->len) == 0)
            break;
        n->bl_head = f->next;
        if (!n->bl_head)
            n->bl_tail = &n->bl_head;
        n->bl_count--;
        n->bl_bytes -= f->len;
        free(f);
    }
    bool drained = !n->bl_head;
    pthread_mutex_unlock(&d->lock);
    if (drained && n->rx_waiting) {
        n->rx_waiting = false;
        n->backend->ops->rx_resume(n->backend);
    }
}

/* The Internet checksum (RFC 1071) of p[0..n), as it is stored in a packet.
 * Summing native-endian words gives the byte-swapped sum in native order,
 * which memcpy then stores in network order (§2 of the RFC). */
static uint16_t inet_checksum(const uint8_t *p, size_t n)
{
    uint64_t sum = 0;
    for (; n >= 4; p += 4, n -= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        sum += w;
    }
    if (n >= 2) {
        uint16_t w;
        memcpy(&w, p, 2);
        sum += w;
        p += 2;
        n -= 2;
    }
    if (n) {
        uint8_t last[2] = {p[0], 0};
        uint16_t w;
        memcpy(&w, last, 2);
        sum += w;
    }
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = (uint16_t)~sum;
    return c ? c : 0xffff; /* 0 means "no checksum" to UDP: send its other form */
}

/* Copy the frame of a transmit request into tx_buf (lock held) and complete
 * a partial checksum (VIRTIO_NET_F_CSUM: the field holds the pseudo-header
 * sum, the device sums from csum_start to the end, §5.1.6.2); 0 = drop. */
static size_t tx_take(struct virtio_net *n)
{
    const struct virtq_elem *e = &n->tx_e;
    uint8_t hdr[HDR_LEN];
    if (e->out_len < HDR_LEN + ETH_HDR || e->out_len - HDR_LEN > NET_MAX_FRAME) {
        n->st.tx_bad++;
        return 0;
    }
    virtq_copy_from_out(e, 0, hdr, HDR_LEN);
    if (hdr[1] != 0) { /* gso_type: no segmentation offload was offered */
        n->st.tx_bad++;
        return 0;
    }
    size_t len = virtq_copy_from_out(e, HDR_LEN, n->tx_buf, e->out_len - HDR_LEN);
    if (hdr[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        uint16_t start, off;
        memcpy(&start, hdr + 6, 2);
        memcpy(&off, hdr + 8, 2);
        if ((size_t)start + off + 2 > len) {
            n->st.tx_bad++;
            return 0;
        }
        uint16_t c = inet_checksum(n->tx_buf + start, len - start);
        memcpy(n->tx_buf + start + off, &c, 2);
    }
    return len;
}

static void tx_run(struct virtio_net *n)
{
    struct virtio_dev *d = n->dev;
    bool any = false;
    int i;
    for (i = 0; i < TX_BUDGET; i++) {
        pthread_mutex_lock(&d->lock);
        if (virtq_pop(d, TXQ, &n->tx_e) != 1) {
            pthread_mutex_unlock(&d->lock);
            break;
        }
        size_t len = tx_take(n);
        virtq_push(d, TXQ, &n->tx_e, 0);
        any = true;
        pthread_mutex_unlock(&d->lock);
        if (!len)
            continue;
        /* no lock here: slirp may answer at once through net_receive */
        if (n->backend->ops->send(n->backend, n->tx_buf, len)) {
            n->st.tx_frames++;
            n->st.tx_bytes += len;
        } else {
            n->st.tx_dropped++;
        }
    }
    if (i == TX_BUDGET) { /* more to do: come back after the other fds */
        atomic_store(&n->tx_kick, true);
        evloop_wake(n->loop);
    }
    if (any) {
        pthread_mutex_lock(&d->lock);
        virtq_notify(d, TXQ);
        pthread_mutex_unlock(&d->lock);
    }
}

/* Every event-loop iteration, after the fds and slirp have been served. */
void virtio_net_tick(void *opaque)
{
    struct virtio_net *n = opaque;
    if (atomic_exchange(&n->rx_kick, false))
        rx_flush(n);
    if (atomic_exchange(&n->tx_kick, false))
        tx_run(n);
    struct virtio_dev *d = n->dev;
    pthread_mutex_lock(&d->lock);
    if (n->rx_notify) {
        n->rx_notify = false;
        virtq_notify(d, RXQ);
    }
    pthread_mutex_unlock(&d->lock);
}

const struct virtio_ops virtio_net_ops = {
    .name = "virtio-net",
    .device_id = 1,
    .num_queues = 2,
    .queue_max = QUEUE_SIZE,
    /* checksums the guest leaves to the device are completed here, so that
     * every backend gets whole frames */
    .features = VIRTIO_NET_F_CSUM | VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
                VIRTIO_NET_F_MRG_RXBUF,
    .config_size = 12,
    .config_read = net_config_read,
    .notify = net_notify,
    .start = net_start,
    .reset = net_reset,
};

struct virtio_net *virtio_net_create(struct evloop *loop, const uint8_t mac[6])
{
    struct virtio_net *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->loop = loop;
    n->bl_tail = &n->bl_head;
    memcpy(n->mac, mac, 6);
    return n;
}

struct net_peer virtio_net_peer(struct virtio_net *n)
{
    return (struct net_peer){net_receive, n};
}

void virtio_net_attach(struct virtio_net *n, struct virtio_dev *d, struct net_backend *b)
{
    n->dev = d;
    n->backend = b;
}

uint64_t virtio_net_features(const struct net_backend *b)
{
    return (b->mtu ? VIRTIO_NET_F_MTU : 0) | (b->checksums_valid ? VIRTIO_NET_F_GUEST_CSUM : 0);
}

const struct net_stats *virtio_net_stats(const struct virtio_net *n)
{
    return &n->st;
}

void virtio_net_destroy(struct virtio_net *n)
{
    if (!n)
        return;
    if (n->backend)
        n->backend->ops->destroy(n->backend);
    backlog_clear(n);
    for (unsigned i = 0; i < MAX_MERGE; i++)
        free(n->rx_e[i]);
    free(n);
}

void virtio_net_print_stats(const struct virtio_net *n, FILE *o)
{
    const struct net_stats *s = &n->st;
    fprintf(o,
            "  virtio-net (%s): rx %llu frames %llu bytes, %llu dropped (%llu bad buffers); "
            "tx %llu frames %llu bytes, %llu dropped, %llu malformed\n",
            n->backend ? n->backend->ops->name : "no backend", (unsigned long long)s->rx_frames,
            (unsigned long long)s->rx_bytes, (unsigned long long)s->rx_dropped,
            (unsigned long long)s->rx_bad_buffers, (unsigned long long)s->tx_frames,
            (unsigned long long)s->tx_bytes, (unsigned long long)s->tx_dropped,
            (unsigned long long)s->tx_bad);
}
