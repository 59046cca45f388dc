/* 16550A UART: the registers, FIFOs and interrupt identification as the
 * Linux 8250 driver and OpenSBI use them (National Semiconductor PC16550D
 * data sheet).  Transmission is instantaneous: THR is always empty again by
 * the time the guest looks, and every write raises THRE (when enabled) just
 * as a real UART does once its FIFO drains. */
#include "devices/uart16550.h"

#include <pthread.h>
#include <stdlib.h>

enum { FIFO = 16 };

/* IER */
#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08
/* IIR identification values */
#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO_ON 0xc0
/* LSR */
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
/* MCR / MSR */
#define MCR_LOOP 0x10
#define MSR_DCTS 0x01
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_DCD 0x80

struct uart16550 {
    pthread_mutex_t lock;
    struct uart_host host;
    uint8_t rx[FIFO];
    unsigned rx_head, rx_count;
    uint8_t ier, lcr, mcr, lsr_err, msr_delta, scr, fcr, dll, dlm;
    bool thri;      /* THR-empty interrupt pending */
    bool irq_out;
};

struct uart16550 *uart_create(const struct uart_host *host)
{
    struct uart16550 *u = calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    pthread_mutex_init(&u->lock, NULL);
    u->host = *host;
    u->dll = 1;
    return u;
}

void uart_destroy(struct uart16550 *u)
{
    if (!u)
        return;
    pthread_mutex_destroy(&u->lock);
    free(u);
}

static unsigned rx_trigger(const struct uart16550 *u)
{
    static const unsigned t[4] = {1, 4, 8, 14};
    return (u->fcr & 1) ? t[u->fcr >> 6] : 1;
}

/* highest-priority pending interrupt (data sheet Table 4) */
static uint8_t iir_id(const struct uart16550 *u)
{
    if ((u->ier & IER_RLSI) && u->lsr_err)
        return IIR_RLSI;
    if ((u->ier & IER_RDI) && u->rx_count)
        return u->rx_count >= rx_trigger(u) ? IIR_RDI : IIR_TIMEOUT;
    if ((u->ier & IER_THRI) && u->thri)
        return IIR_THRI;
    if ((u->ier & IER_MSI) && u->msr_delta)
        return IIR_MSI;
    return IIR_NONE;
}

/* called with the lock held; the IRQ callback runs unlocked-safe (PLIC has its own lock) */
static void update_irq(struct uart16550 *u)
{
    bool level = iir_id(u) != IIR_NONE;
    if (level != u->irq_out) {
        u->irq_out = level;
        if (u->host.set_irq)
            u->host.set_irq(u->host.opaque, level);
    }
}

static void rx_push(struct uart16550 *u, uint8_t ch)
{
    if (u->rx_count == FIFO) {
        u->lsr_err |= LSR_OE;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % FIFO] = ch;
    u->rx_count++;
}

size_t uart_receive(struct uart16550 *u, const uint8_t *buf, size_t len)
{
    size_t n = 0;
    pthread_mutex_lock(&u->lock);
    if (!(u->mcr & MCR_LOOP)) {
        while (n < len && u->rx_count < FIFO)
            rx_push(u, buf[n++]);
        update_irq(u);
    }
    pthread_mutex_unlock(&u->lock);
    return n;
}

/* end of a register access: interrupt line, unlock, then (unlocked, since the
 * console may call back into uart_receive) tell the host about freed FIFO space */
static void access_done(struct uart16550 *u, bool space)
{
    update_irq(u);
    pthread_mutex_unlock(&u->lock);
    if (space && u->host.rx_space)
        u->host.rx_space(u->host.opaque);
}

static bool uart_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct uart16550 *u = dev;
    bool space = false;
    uint8_t v = 0;
    if (size != 1 && size != 4)
        return false;
    pthread_mutex_lock(&u->lock);
    bool dlab = u->lcr & 0x80;
    switch (off) {
    case 0:
        if (dlab) {
            v = u->dll;
        } else if (u->rx_count) {
            v = u->rx[u->rx_head];
            u->rx_head = (u->rx_head + 1) % FIFO;
            u->rx_count--;
            space = true;
        }
        break;
    case 1:
        v = dlab ? u->dlm : u->ier;
        break;
    case 2: {
        uint8_t id = iir_id(u);
        v = id | ((u->fcr & 1) ? IIR_FIFO_ON : 0);
        if (id == IIR_THRI)
            u->thri = false; /* reading IIR clears a THRE interrupt it reports */
        break;
    }
    case 3:
        v = u->lcr;
        break;
    case 4:
        v = u->mcr;
        break;
    case 5:
        v = LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0) | u->lsr_err;
        u->lsr_err = 0;
        break;
    case 6:
        if (u->mcr & MCR_LOOP) /* loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
            v = (uint8_t)(((u->mcr & 1) << 5) | ((u->mcr & 2) << 3) | ((u->mcr & 4) << 4) |
                          ((u->mcr & 8) << 4));
        else
            v = MSR_CTS | MSR_DSR | MSR_DCD;
        v |= u->msr_delta;
        u->msr_delta = 0;
        break;
    case 7:
        v = u->scr;
        break;
    default:
        break;
    }
    access_done(u, space);
    *val = v;
    return true;
}

static bool uart_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct uart16550 *u = dev;
    uint8_t v = (uint8_t)val;
    bool space = false;
    if (size != 1 && size != 4)
        return false;
    pthread_mutex_lock(&u->lock);
    bool dlab = u->lcr & 0x80;
    switch (off) {
    case 0:
        if (dlab) {
            u->dll = v;
        } else if (u->mcr & MCR_LOOP) {
            rx_push(u, v);
            u->thri = true;
        } else {
            /* output leaves under the lock so that bytes from several harts stay in order */
            u->host.tx(u->host.opaque, &v, 1);
            u->thri = true;
        }
        break;
    case 1:
        if (dlab) {
            u->dlm = v;
        } else {
            /* enabling THRE while THR is empty raises it at once */
            if ((v & IER_THRI) && !(u->ier & IER_THRI))
                u->thri = true;
            u->ier = v & 0x0f;
        }
        break;
    case 2:
        if (v & 0x02) {
            u->rx_count = 0;
            u->rx_head = 0;
            space = true;
        }
        u->fcr = v & 0xc9;
        break;
    case 3:
        u->lcr = v;
        break;
    case 4:
        if ((v ^ u->mcr) & 0x02 && (v & MCR_LOOP))
            u->msr_delta |= MSR_DCTS;
        u->mcr = v & 0x1f;
        break;
    case 7:
        u->scr = v;
        break;
    default:
        break;
    }
    access_done(u, space);
    return true;
}

const struct device_ops uart_ops = {
    .name = "uart16550",
    .read = uart_read,
    .write = uart_write,
};
