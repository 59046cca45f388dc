/* User-mode networking through libslirp: the guest sees a 10.0.2.0/24
 * network with a gateway at 10.0.2.2 (the host, NAT), a DNS forwarder at
 * 10.0.2.3 and a DHCP server that hands out 10.0.2.15; host ports can be
 * forwarded to the guest. */
#ifndef STRATO_BACKENDS_NET_SLIRP_H
#define STRATO_BACKENDS_NET_SLIRP_H

#include "backends/net_backend.h"

#define NET_SLIRP_NETWORK 0x0a000200u   /* 10.0.2.0/24 */
#define NET_SLIRP_HOST    0x0a000202u   /* 10.0.2.2: gateway and the host */
#define NET_SLIRP_DNS     0x0a000203u   /* 10.0.2.3 */
#define NET_SLIRP_GUEST   0x0a00020fu   /* 10.0.2.15: the first DHCP address */
/* slirp ends every TCP connection itself, so the virtual link can carry
 * 64 KiB packets: a guest with this MTU (virtio-net F_MTU) sends and
 * receives a tenth of the packets it would at 1500 */
#define NET_SLIRP_MTU     65520
#define NET_SLIRP_MTU_MIN 1280            /* IPv6's minimum */

/* mtu: the link's, NET_SLIRP_MTU_MIN to NET_SLIRP_MTU (0: NET_SLIRP_MTU).
 * Registers its sockets and timers with the event loop (before it starts);
 * NULL with a one-line message in err (e.g. a forwarded port in use). */
struct net_backend *net_slirp_create(struct evloop *l, const struct net_hostfwd *fwd,
                                     unsigned nfwd, unsigned mtu, const struct net_peer *peer,
                                     char *err, unsigned errlen);

#endif
