/*
 * vault_vectors.c — exact int8 dot products over permitted rows, with runtime SIMD dispatch.
 *
 * The AVX2 path multiplies |a| (unsigned) by b carrying a's sign (vpsignb) into int16 pair
 * sums (vpmaddubsw), then into int32 lanes (vpmaddwd by ones): exact, because with values in
 * [-127, 127] a pair sum is at most 2·127·127 = 32258 and never saturates int16; so it returns
 * the same integers as the portable loop (tests compare both on random data and extremes).
 * An int32 lane sums at most dims/8 such pairs: far from overflow for dims ≤ 4096.
 */
#include "vault_vectors.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VAULT_X86 1
#endif

int32_t vault_vector_dot_scalar(const int8_t *a, const int8_t *b, size_t dims) {
    int32_t sum = 0;
    for (size_t i = 0; i < dims; i++) sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

#ifdef VAULT_X86
__attribute__((target("avx2"))) static int32_t dot_avx2(const int8_t *a, const int8_t *b, size_t dims) {
    __m256i acc = _mm256_setzero_si256();
    const __m256i ones = _mm256_set1_epi16(1);
    size_t i = 0;
    for (; i + 32 <= dims; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(a + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(b + i));
        __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(x), _mm256_sign_epi8(y, x));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, ones));
    }
    for (; i + 16 <= dims; i += 16) {
        __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(a + i)));
        __m256i y = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + i)));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, y));
    }
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    int32_t sum = _mm_cvtsi128_si32(s);
    for (; i < dims; i++) sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

__attribute__((target("avx2,fma"))) static void dots_f32_avx2(const float *m, size_t n, size_t dims, const float *q, float *out) {
    for (size_t r = 0; r < n; r++) {
        const float *row = m + r * dims;
        __m256 acc = _mm256_setzero_ps();
        size_t i = 0;
        for (; i + 8 <= dims; i += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(row + i), _mm256_loadu_ps(q + i), acc);
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
        s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        float sum = _mm_cvtss_f32(s);
        for (; i < dims; i++) sum += row[i] * q[i];
        out[r] = sum;
    }
}
#endif

static int forced_scalar = 0;

int vault_vector_path(void) {
#ifdef VAULT_X86
    if (!forced_scalar && __builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

void vault_vector_force_scalar(int on) { forced_scalar = on; }

size_t vault_vector_dots(const int8_t *matrix, size_t dims, const int32_t *row_of_id, size_t ids_len,
                         const uint8_t *bits, size_t bits_len, const int8_t *query,
                         uint32_t *rows_out, int32_t *dots_out) {
    int32_t (*dot)(const int8_t *, const int8_t *, size_t) = vault_vector_dot_scalar;
#ifdef VAULT_X86
    if (vault_vector_path() == 1) dot = dot_avx2;
#endif
    size_t limit = bits_len * 8 < ids_len ? bits_len * 8 : ids_len;
    size_t found = 0;
    for (size_t base = 0; base < limit; base += 64) {
        /* Up to 64 bits at once (little-endian bit order: id = base + bit index). */
        uint64_t word = 0;
        size_t bytes = (limit - base + 7) / 8 < 8 ? (limit - base + 7) / 8 : 8;
        for (size_t k = 0; k < bytes; k++) word |= (uint64_t)bits[base / 8 + k] << (8 * k);
        while (word) {
            size_t id = base + (size_t)__builtin_ctzll(word);
            word &= word - 1;
            if (id >= limit) break;
            int32_t row = row_of_id[id];
            if (row < 0) continue;
            rows_out[found] = (uint32_t)row;
            dots_out[found] = dot(matrix + (size_t)row * dims, query, dims);
            found++;
        }
    }
    return found;
}

/* Whether (score a, id a) ranks above (score b, id b). */
static int above(float sa, int64_t ia, float sb, int64_t ib) { return sa != sb ? sa > sb : ia < ib; }

size_t vault_vector_top(const int8_t *matrix, size_t dims, const int32_t *row_of_id, size_t ids_len,
                        const float *scales, const uint8_t *bits, size_t bits_len, const int8_t *query,
                        float query_scale, size_t k, int64_t *ids_out, float *scores_out) {
    int32_t (*dot)(const int8_t *, const int8_t *, size_t) = vault_vector_dot_scalar;
#ifdef VAULT_X86
    if (vault_vector_path() == 1) dot = dot_avx2;
#endif
    if (k == 0) return 0;
    size_t limit = bits_len * 8 < ids_len ? bits_len * 8 : ids_len;
    size_t held = 0; /* a min-heap in ids_out/scores_out: the lowest-ranked kept entry at 0 */
    /* Permitted rows are gathered a batch at a time and their vectors prefetched before they are
     * scored: in a narrow scope they lie far apart, and each would otherwise wait on memory. */
    enum { BATCH = 16 };
    size_t batch_ids[BATCH];
    int32_t batch_rows[BATCH];
    size_t pending = 0;
    size_t base = 0;
    uint64_t word = 0;
    for (;;) {
        while (pending < BATCH && (word || base < limit)) {
            if (!word) {
                size_t bytes = (limit - base + 7) / 8 < 8 ? (limit - base + 7) / 8 : 8;
                for (size_t b = 0; b < bytes; b++) word |= (uint64_t)bits[base / 8 + b] << (8 * b);
                base += 64;
                continue;
            }
            size_t id = base - 64 + (size_t)__builtin_ctzll(word);
            word &= word - 1;
            if (id >= limit) { word = 0; continue; }
            int32_t r = row_of_id[id];
            if (r < 0) continue;
            const char *v = (const char *)(matrix + (size_t)r * dims);
            for (size_t line = 0; line < dims; line += 64) __builtin_prefetch(v + line);
            batch_ids[pending] = id;
            batch_rows[pending++] = r;
        }
        if (pending == 0) break;
        for (size_t p = 0; p < pending; p++) {
            size_t id = batch_ids[p];
            int32_t row = batch_rows[p];
            float score = (float)dot(matrix + (size_t)row * dims, query, dims) * scales[row] * query_scale;
            size_t at;
            if (held < k) {
                at = held++;
                while (at > 0) { /* sift up */
                    size_t parent = (at - 1) / 2;
                    if (!above(scores_out[parent], ids_out[parent], score, (int64_t)id)) break;
                    ids_out[at] = ids_out[parent];
                    scores_out[at] = scores_out[parent];
                    at = parent;
                }
            } else {
                if (!above(score, (int64_t)id, scores_out[0], ids_out[0])) continue;
                at = 0;
                for (;;) { /* sift down */
                    size_t left = 2 * at + 1, right = left + 1, low = at;
                    float ls = score;
                    int64_t li = (int64_t)id;
                    if (left < held && above(ls, li, scores_out[left], ids_out[left])) { low = left; ls = scores_out[left]; li = ids_out[left]; }
                    if (right < held && above(ls, li, scores_out[right], ids_out[right])) low = right;
                    if (low == at) break;
                    ids_out[at] = ids_out[low];
                    scores_out[at] = scores_out[low];
                    at = low;
                }
            }
            ids_out[at] = (int64_t)id;
            scores_out[at] = score;
        }
        pending = 0;
    }
    /* Heap order → best first (a small insertion sort: k is at most a few hundred). */
    for (size_t i = 1; i < held; i++) {
        int64_t ci = ids_out[i];
        float cs = scores_out[i];
        size_t j = i;
        while (j > 0 && above(cs, ci, scores_out[j - 1], ids_out[j - 1])) {
            ids_out[j] = ids_out[j - 1];
            scores_out[j] = scores_out[j - 1];
            j--;
        }
        ids_out[j] = ci;
        scores_out[j] = cs;
    }
    return held;
}

void vault_vector_dots_f32(const float *matrix, size_t n, size_t dims, const float *query, float *out) {
#ifdef VAULT_X86
    if (vault_vector_path() == 1) {
        dots_f32_avx2(matrix, n, dims, query, out);
        return;
    }
#endif
    for (size_t r = 0; r < n; r++) {
        float sum = 0;
        for (size_t i = 0; i < dims; i++) sum += matrix[r * dims + i] * query[i];
        out[r] = sum;
    }
}
