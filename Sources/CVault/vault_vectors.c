/*
 * vault_vectors.c — exact int8 dot products over permitted rows, with runtime SIMD dispatch.
 *
 * The AVX2 path widens int8 to int16 and multiplies pairs into int32 lanes (vpmaddwd): exact,
 * so it returns the same integers as the portable loop (tests compare both on random data).
 * int8 products are at most 127*127; 2 per int32 lane per step stays far below overflow for
 * any dims a tenant can configure (≤ 4096).
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
    size_t i = 0;
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

size_t vault_vector_dots(const int8_t *matrix, const int64_t *ids, size_t n, size_t dims,
                         const uint8_t *bits, size_t bits_len, const int8_t *query,
                         uint32_t *rows_out, int32_t *dots_out) {
    int32_t (*dot)(const int8_t *, const int8_t *, size_t) = vault_vector_dot_scalar;
#ifdef VAULT_X86
    if (vault_vector_path() == 1) dot = dot_avx2;
#endif
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = ids[i];
        if (id < 0 || (uint64_t)(id >> 3) >= bits_len || !(bits[id >> 3] & (1u << (id & 7)))) continue;
        rows_out[found] = (uint32_t)i;
        dots_out[found] = dot(matrix + i * dims, query, dims);
        found++;
    }
    return found;
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
