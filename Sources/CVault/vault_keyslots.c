/*
 * vault_keyslots.c — a small in-process table of keys, addressed by slot number.
 *
 * Keys reach the VFS through a slot number in the open URI so that key bytes never appear in
 * a path, URI or error message. Each key lives in libsodium guarded memory and is wiped on
 * removal.
 */
#include "vault_internal.h"

#include <pthread.h>
#include <string.h>

typedef struct KeySlot {
    int64_t id;
    unsigned char *key; /* VAULT_KEY_BYTES of sodium_malloc memory */
    struct KeySlot *next;
} KeySlot;

/* Protects `slots` and `next_slot`; held only for list operations and one 32-byte copy. */
static pthread_mutex_t slots_mutex = PTHREAD_MUTEX_INITIALIZER;
static KeySlot *slots = NULL;
static int64_t next_slot = 1;

int64_t vault_keyslot_put(const unsigned char *key) {
    if (key == NULL || sodium_init() < 0) return -1;
    KeySlot *slot = malloc(sizeof(KeySlot));
    if (slot == NULL) return -1;
    slot->key = sodium_malloc(VAULT_KEY_BYTES);
    if (slot->key == NULL) {
        free(slot);
        return -1;
    }
    memcpy(slot->key, key, VAULT_KEY_BYTES);
    pthread_mutex_lock(&slots_mutex);
    slot->id = next_slot++;
    slot->next = slots;
    slots = slot;
    int64_t id = slot->id;
    pthread_mutex_unlock(&slots_mutex);
    return id;
}

void vault_keyslot_remove(int64_t id) {
    pthread_mutex_lock(&slots_mutex);
    KeySlot **link = &slots;
    while (*link != NULL && (*link)->id != id) link = &(*link)->next;
    KeySlot *found = *link;
    if (found != NULL) *link = found->next;
    pthread_mutex_unlock(&slots_mutex);
    if (found != NULL) {
        sodium_free(found->key); /* sodium_free zeroes before releasing */
        free(found);
    }
}

int vault_keyslot_copy(int64_t id, unsigned char *out) {
    int ok = 0;
    pthread_mutex_lock(&slots_mutex);
    for (KeySlot *slot = slots; slot != NULL; slot = slot->next) {
        if (slot->id == id) {
            memcpy(out, slot->key, VAULT_KEY_BYTES);
            ok = 1;
            break;
        }
    }
    pthread_mutex_unlock(&slots_mutex);
    return ok;
}
