#ifndef CMPFR_SHIM_H
#define CMPFR_SHIM_H
#include <stdio.h>
#include <gmp.h>
#include <mpfr.h>

/* MPFR implements these as function-like macros, which Swift cannot import. */
static inline int cmpfr_sgn(mpfr_srcptr x) { return mpfr_sgn(x); }
static inline mpfr_prec_t cmpfr_get_prec(mpfr_srcptr x) { return mpfr_get_prec(x); }
static inline int cmpfr_set_si(mpfr_ptr x, long v, mpfr_rnd_t r) { return mpfr_set_si(x, v, r); }
static inline int cmpfr_cmp_si(mpfr_srcptr x, long v) { return mpfr_cmp_si(x, v); }
static inline int cmpfr_signbit(mpfr_srcptr x) { return mpfr_signbit(x); }
static inline int cmpfr_nan_p(mpfr_srcptr x) { return mpfr_nan_p(x); }
static inline int cmpfr_inf_p(mpfr_srcptr x) { return mpfr_inf_p(x); }
static inline int cmpfr_zero_p(mpfr_srcptr x) { return mpfr_zero_p(x); }
static inline mpfr_exp_t cmpfr_get_exp(mpfr_srcptr x) { return mpfr_get_exp(x); }

#endif
