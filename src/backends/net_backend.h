/* The host side of a network device: something that takes Ethernet frames
 * from the guest and hands frames for the guest back to the device.
 *
 * Every call in either direction happens on the VM's event-loop thread
 * (DESIGN.md §4), so a backend needs no locking of its own; libslirp, which
 * is not thread-safe, relies on this.
 *
 * Flow control: the device's receive() returns false when the guest has no
 * receive buffers left (the frame itself was kept or dropped by the device).
 * A backend that can wait (tap: the kernel queues frames) stops delivering
 * until rx_resume(); one that cannot (slirp) goes on, and the device keeps a
 * bounded backlog and drops beyond it (TCP in slirp retransmits).
 */
#ifndef STRATO_BACKENDS_NET_BACKEND_H
#define STRATO_BACKENDS_NET_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evloop;

/* The largest Ethernet frame (without the virtio header) that crosses the
 * device in either direction; anything larger is dropped and counted. */
#define NET_MAX_FRAME 65535

/* The device, as a backend sees it. */
struct net_peer {
    /* A frame from the host network (event-loop thread).  false: stop
     * sending until rx_resume (the frame was still taken care of). */
    bool (*receive)(void *opaque, const uint8_t *frame, size_t len);
    void *opaque;
};

struct net_backend;

struct net_backend_ops {
    const char *name;
    /* A frame from the guest (event-loop thread); false = dropped. */
    bool (*send)(struct net_backend *b, const uint8_t *frame, size_t len);
    /* The guest has receive buffers again after receive() said false. */
    void (*rx_resume)(struct net_backend *b);
    /* Close everything (the event loop is no longer running). */
    void (*destroy)(struct net_backend *b);
};

struct net_backend {
    const struct net_backend_ops *ops;
    /* the largest IP packet the backend takes and gives (the guest's MTU);
     * 0: Ethernet's 1500, which the guest assumes anyway */
    unsigned mtu;
    /* every frame it delivers has correct checksums (it made them itself),
     * so the guest may be told not to verify them (DATA_VALID) */
    bool checksums_valid;
};

/* A host port forwarded to the guest (user-mode networking). */
struct net_hostfwd {
    bool udp;
    uint32_t host_addr;   /* host byte order; 0 = any */
    uint16_t host_port;
    uint32_t guest_addr;  /* host byte order; 0 = the guest's DHCP address */
    uint16_t guest_port;
};

#endif
