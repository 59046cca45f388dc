/* The host side of the guest console. */
#ifndef STRATO_BACKENDS_CONSOLE_H
#define STRATO_BACKENDS_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

void console_write(const uint8_t *buf, size_t len);

#endif
