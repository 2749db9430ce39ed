/*
 * vault_recorder.h — test-only VFS that records every byte written through it.
 *
 * Registered beneath the encrypting VFS in tests, it sees exactly what would reach the disk,
 * including files SQLite later deletes, so canary scans cover bytes no directory listing shows.
 */
#ifndef VAULT_RECORDER_H
#define VAULT_RECORDER_H

#include <stdint.h>

/* Registers the recording VFS `name` over the default VFS. Idempotent. */
int vault_recorder_register(const char *name);
/* Forgets everything recorded so far. */
void vault_recorder_reset(void);
/* Total bytes recorded since the last reset. */
int64_t vault_recorder_bytes(void);
/* 1 when `needle` occurs anywhere in the recorded bytes (searched per write). */
int vault_recorder_contains(const void *needle, int64_t length);
/* Number of files opened with any flag in `flags_mask` since the last reset. */
int64_t vault_recorder_opens(int flags_mask);

#endif
