/* virtio-rng: every buffer the driver offers is filled from getrandom(). */
#include "devices/virtio/rng.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

struct virtio_rng {
    struct virtq_elem e;
};

struct virtio_rng *virtio_rng_create(void)
{
    return calloc(1, sizeof(struct virtio_rng));
}

void virtio_rng_destroy(struct virtio_rng *r)
{
    free(r);
}

static void rng_notify(struct virtio_dev *d, unsigned q)
{
    struct virtio_rng *r = d->priv;
    bool any = false;
    while (virtq_pop(d, q, &r->e) == 1) {
        size_t total = 0;
        for (unsigned k = 0; k < r->e.n_in; k++) {
            size_t want = r->e.in[k].iov_len;
            if (want > 65536)
                want = 65536; /* a request is answered in part; the driver asks again */
            ssize_t n;
            do
                n = getrandom(r->e.in[k].iov_base, want, 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0)
                break;
            total += (size_t)n;
            if ((size_t)n < r->e.in[k].iov_len)
                break;
        }
        virtq_push(d, q, &r->e, (uint32_t)total);
        any = true;
    }
    if (any)
        virtq_notify(d, q);
}

const struct virtio_ops virtio_rng_ops = {
    .name = "virtio-rng",
    .device_id = 4,
    .num_queues = 1,
    .queue_max = 64,
    .notify = rng_notify,
};
