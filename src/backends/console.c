/* Console backend: guest output goes to stdout, unbuffered. */
#include "backends/console.h"

#include <errno.h>
#include <unistd.h>

void console_write(const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return; /* stdout gone: the guest's output is dropped, the VM goes on */
        buf += n;
        len -= (size_t)n;
    }
}
