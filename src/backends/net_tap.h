/* A host tap device (Linux /dev/net/tun, IFF_TAP | IFF_NO_PI): frames go
 * to and come from the host's network stack as they are. */
#ifndef STRATO_BACKENDS_NET_TAP_H
#define STRATO_BACKENDS_NET_TAP_H

#include "backends/net_backend.h"

/* Attaches to the existing tap interface ifname; NULL with a one-line
 * message in err. */
struct net_backend *net_tap_create(struct evloop *l, const char *ifname,
                                   const struct net_peer *peer, char *err, unsigned errlen);

#endif
