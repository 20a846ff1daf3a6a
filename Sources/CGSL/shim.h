// The GSL headers kscsim uses, plus accessors for GSL's generator-type globals:
// Swift 6 refuses to read a mutable C global from Swift code, so these inline
// functions read it on the C side.
#ifndef KSCSIM_CGSL_SHIM_H
#define KSCSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_qrng.h>

/// The Mersenne Twister MT19937 generator type (kscsim's default).
static inline const gsl_rng_type *kscsim_rng_mt19937(void) { return gsl_rng_mt19937; }

/// GSL's default generator type as set by GSL_RNG_TYPE (read after gsl_rng_env_setup).
static inline const gsl_rng_type *kscsim_rng_default(void) { return gsl_rng_default; }

/// The Sobol quasi-random sequence type (Morris screening's starting points).
static inline const gsl_qrng_type *kscsim_qrng_sobol(void) { return gsl_qrng_sobol; }

#endif
