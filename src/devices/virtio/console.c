/* virtio-console, single port (no MULTIPORT): queue 0 carries input to the
 * guest, queue 1 its output. */
#include "devices/virtio/console.h"

#include <stdlib.h>

enum { RXQ = 0, TXQ = 1 };

struct virtio_console {
    struct virtio_console_host host;
    struct virtq_elem e;
};

struct virtio_console *virtio_console_create(const struct virtio_console_host *host)
{
    struct virtio_console *c = calloc(1, sizeof(*c));
    if (c)
        c->host = *host;
    return c;
}

void virtio_console_destroy(struct virtio_console *c)
{
    free(c);
}

static void console_notify(struct virtio_dev *d, unsigned q)
{
    struct virtio_console *c = d->priv;
    if (q == RXQ) { /* new receive buffers: the host may send what it holds */
        c->host.rx_space(c->host.opaque);
        return;
    }
    bool any = false;
    while (virtq_pop(d, q, &c->e) == 1) {
        for (unsigned k = 0; k < c->e.n_out; k++)
            c->host.tx(c->host.opaque, c->e.out[k].iov_base, c->e.out[k].iov_len);
        virtq_push(d, q, &c->e, 0);
        any = true;
    }
    if (any)
        virtq_notify(d, q);
}

size_t virtio_console_receive(struct virtio_dev *d, const uint8_t *buf, size_t len)
{
    struct virtio_console *c = d->priv;
    size_t done = 0;
    pthread_mutex_lock(&d->lock);
    while (done < len && virtio_running(d) && virtq_has_work(d, RXQ)) {
        if (virtq_pop(d, RXQ, &c->e) != 1)
            break;
        size_t n = virtq_copy_to_in(d, &c->e, 0, buf + done, len - done);
        virtq_push(d, RXQ, &c->e, (uint32_t)n);
        done += n;
    }
    if (done)
        virtq_notify(d, RXQ);
    pthread_mutex_unlock(&d->lock);
    return done;
}

const struct virtio_ops virtio_console_ops = {
    .name = "virtio-console",
    .device_id = 3,
    .num_queues = 2,
    .queue_max = 64,
    .config_size = 12, /* cols, rows, max_nr_ports, emerg_wr: unused without features */
    .notify = console_notify,
};
