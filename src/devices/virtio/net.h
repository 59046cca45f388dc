/* virtio-net (virtio spec §5.1) and its host backends: user-mode networking
 * through libslirp (the default) or a host tap device. */
#ifndef STRATO_DEVICES_VIRTIO_NET_H
#define STRATO_DEVICES_VIRTIO_NET_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "backends/net_backend.h"

#define NET_MAX_FWD 16

struct net_options {
    enum { NET_USER = 0, NET_TAP, NET_NONE } kind;
    char ifname[16];          /* tap */
    uint8_t mac[6];
    bool mac_set;
    struct net_hostfwd fwd[NET_MAX_FWD]; /* user */
    unsigned nfwd;
    unsigned mtu;             /* user; 0 = NET_SLIRP_MTU */
};

/* "user[,hostfwd=tcp::HOSTPORT-:GUESTPORT]...[,mac=52:54:00:..][,mtu=N]",
 * "tap,ifname=NAME[,mac=..]" or "none"; -1 with a one-line message in err. */
int net_parse(const char *arg, struct net_options *o, char *err, unsigned errlen);
/* The device on its own (src/vmm/vm.c puts it in a VM; the unit tests drive
 * it directly).  Every function but the virtio_ops runs on the event-loop
 * thread. */
struct evloop;
struct virtio_dev;
struct virtio_net;
struct net_stats {
    uint64_t rx_frames, rx_bytes, rx_dropped, rx_bad_buffers;
    uint64_t tx_frames, tx_bytes, tx_dropped, tx_bad;
};
extern const struct virtio_ops virtio_net_ops;
struct virtio_net *virtio_net_create(struct evloop *loop, const uint8_t mac[6]);
/* what a backend delivers frames to */
struct net_peer virtio_net_peer(struct virtio_net *n);
/* per-instance feature bits to add to virtio_net_ops.features for backend b */
uint64_t virtio_net_features(const struct net_backend *b);
/* the transport (virtio_init'ed with n as priv) and the backend, owned from now on */
void virtio_net_attach(struct virtio_net *n, struct virtio_dev *d, struct net_backend *b);
/* the event loop's work for the device, after every wakeup: drain the
 * receive backlog, transmit, raise the receive interrupt */
void virtio_net_tick(void *n);
const struct net_stats *virtio_net_stats(const struct virtio_net *n);
void virtio_net_destroy(struct virtio_net *n);
/* the frame and drop counters, one line (--stats) */
void virtio_net_print_stats(const struct virtio_net *n, FILE *o);

#endif
