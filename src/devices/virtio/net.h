/* virtio-net (virtio spec §5.1) and its host backends: user-mode networking
 * through libslirp (the default) or a host tap device. */
#ifndef STRATO_DEVICES_VIRTIO_NET_H
#define STRATO_DEVICES_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>

#define NET_MAX_FWD 16

struct net_options {
    enum { NET_USER = 0, NET_TAP, NET_NONE } kind;
    char ifname[16];          /* tap */
    uint8_t mac[6];
    bool mac_set;
    struct {
        bool udp;
        uint32_t host_addr;   /* host byte order; 0 = any */
        uint16_t host_port;
        uint32_t guest_addr;  /* 0 = the guest's DHCP address */
        uint16_t guest_port;
    } fwd[NET_MAX_FWD];
    unsigned nfwd;
};

struct vm;

/* "user[,hostfwd=tcp::HOSTPORT-:GUESTPORT]...[,mac=52:54:00:..]",
 * "tap,ifname=NAME[,mac=..]" or "none"; -1 with a one-line message in err. */
int net_parse(const char *arg, struct net_options *o, char *err, unsigned errlen);
/* Creates the virtio-net device and its backend in the VM (nothing for
 * NET_NONE); -1 with a one-line message in err. */
int net_create(struct vm *vm, const struct net_options *o, char *err, unsigned errlen);
void net_destroy(struct vm *vm);

#endif
