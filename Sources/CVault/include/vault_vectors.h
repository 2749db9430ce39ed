/*
 * vault_vectors.h — exact int8 vector scoring over the rows a caller may read.
 *
 * Vectors are stored unit-length and quantised to int8 with one scale per vector (the
 * quantiser is in Swift). A search scores only rows whose chunk id has its bit set in the
 * permitted-rows bitmap — the same bitmap BM25 ranks under — so a row the caller may not read
 * is never scored, and no score depends on it.
 */
#ifndef VAULT_VECTORS_H
#define VAULT_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/*
 * For each chunk id whose bit is set in `bits` (bit id & 7 of byte id >> 3) and that has a
 * vector (row_of_id[id] >= 0, for id < ids_len), in ascending id order: writes its matrix row
 * to rows_out and the exact integer dot product of that row's dims-long vector (matrix + row *
 * dims) with `query` to dots_out. Returns how many were written; both outputs must hold as many
 * entries as there are rows. Walks the bitmap a word at a time, so a narrow scope costs its
 * rows, not the tenant's. Vector values must lie in [-127, 127] (the quantiser's range).
 * Searches use `vault_vector_top`; this exposes the same walk's raw integers, which the tests
 * compare with a reference on both paths.
 */
size_t vault_vector_dots(const int8_t *matrix, size_t dims, const int32_t *row_of_id, size_t ids_len,
                         const uint8_t *bits, size_t bits_len, const int8_t *query,
                         uint32_t *rows_out, int32_t *dots_out);

/*
 * The best k permitted rows by score = (float)dot * scales[row] * query_scale (float32, in that
 * order, as VectorMatrix.score computes it), higher first, ties to the lower chunk id: their
 * chunk ids to ids_out and scores to scores_out (k entries each). Returns how many (≤ k).
 */
size_t vault_vector_top(const int8_t *matrix, size_t dims, const int32_t *row_of_id, size_t ids_len,
                        const float *scales, const uint8_t *bits, size_t bits_len, const int8_t *query,
                        float query_scale, size_t k, int64_t *ids_out, float *scores_out);

/* The dot product of two int8 vectors, by the portable loop: the reference the SIMD path is
 * checked against. */
int32_t vault_vector_dot_scalar(const int8_t *a, const int8_t *b, size_t dims);

/* 0: the portable loop; 1: AVX2. Which dot product both kernels use on this CPU. */
int vault_vector_path(void);

/* Tests and benchmarks: 1 makes both kernels take the portable loop, 0 restores the
 * CPU's best path. */
void vault_vector_force_scalar(int on);

/* The float32 baseline for `ragvault bench vectors`: dot products of n dims-long float rows
 * with `query` (vectorised like the int8 path), into out. */
void vault_vector_dots_f32(const float *matrix, size_t n, size_t dims, const float *query, float *out);

#endif
