/* The system BLAS (Debian: libopenblas-dev): matrix products for the embedded sentence model. */
#include <cblas.h>
void openblas_set_num_threads(int num_threads);
