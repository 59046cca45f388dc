/* virtio-net: placeholder until the network device lands. */
#include "devices/virtio/net.h"

#include <stdio.h>
#include <string.h>

int net_parse(const char *arg, struct net_options *o, char *err, unsigned errlen)
{
    memset(o, 0, sizeof(*o));
    if (!strcmp(arg, "none")) {
        o->kind = NET_NONE;
        return 0;
    }
    snprintf(err, errlen, "invalid --net '%s': networking is not implemented yet", arg);
    return -1;
}

int net_create(struct vm *vm, const struct net_options *o, char *err, unsigned errlen)
{
    (void)vm;
    (void)o;
    (void)err;
    (void)errlen;
    return 0;
}

void net_destroy(struct vm *vm)
{
    (void)vm;
}
